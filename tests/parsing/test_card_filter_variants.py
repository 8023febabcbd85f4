"""Card markup variants (found in review) read the same through the card filter as through the
whole tree: the filter may leave elements out, never change what a card says."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from companion.parsing import card_chunks
from companion.parsing.families import current_list
from companion.parsing.context import Context

URL = "https://www.aliexpress.com/p/order/index.html"
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)

BASE = '''<div class="order-main"><div class="order-wrap"><div class="order-item"><div class="order-item-header"><div class="order-item-header-status"><span class="order-item-header-status-text">Awaiting delivery</span></div><div class="order-item-header-right"><div class="order-item-header-right-info"><div>Order date: Aug 30, 2026</div><div>Order ID: 8101751066964394<span class="order-item-header-right-copy">Copy</span></div></div><a href="https://www.aliexpress.com/p/order/detail.html?orderId=8101751066964394" target="_blank">Order details</a></div></div><div class="order-item-store"><div class="order-item-store-name"><a href="//www.aliexpress.com/store/1100001"><span>Bravo Store</span></a></div></div><div class="order-item-content"><div class="order-item-content-body"><div class="order-item-content-img" style="background-image:url(https://ae01.alicdn.com/kf/S1.jpg)"></div><div class="order-item-content-info"><div class="order-item-content-info-name"><a href="//www.aliexpress.com/item/1005000000000001.html"><span title="LED Magnetic HDMI Adapter">LED Magnetic HDMI Adapter</span></a></div><div class="order-item-content-info-sku">Color: Black</div><div class="order-item-content-info-tags"><span class="order-item-content-info-tag es--tag--01a" title="Full refund if product is not received in 75 days.">Buyer protection</span></div><div class="order-item-content-info-number"><div class="es--wrap--01b3c">US $10.09</div><span class="order-item-content-info-number-quantity">x1</span></div></div></div><div class="order-item-content-opt"><div class="order-item-content-opt-price"><span class="order-item-content-opt-price-total">Total:<div class="es--wrap--01c4d">US $10.76</div></span></div><div class="order-item-btns"><button type="button" class="comet-btn comet-btn-primary comet-btn-block order-item-btn"><span>Confirm received</span></button><button type="button" class="comet-btn comet-btn-block order-item-btn"><span>Track order</span></button></div></div></div></div></div><div class="order-more" data-pl="order_more"><button class="comet-btn comet-btn-large"><span>View orders</span></button></div></div>'''
DATE = '<div>Order date: Aug 30, 2026</div>'
IDL = '<div>Order ID: 8101751066964394<span class="order-item-header-right-copy">Copy</span></div>'
DETAIL = '<a href="https://www.aliexpress.com/p/order/detail.html?orderId=8101751066964394" target="_blank">Order details</a>'
STORE = '<a href="//www.aliexpress.com/store/1100001"><span>Bravo Store</span></a>'
STATUS = '<span class="order-item-header-status-text">Awaiting delivery</span>'
NAME = '<a href="//www.aliexpress.com/item/1005000000000001.html"><span title="LED Magnetic HDMI Adapter">LED Magnetic HDMI Adapter</span></a>'
IMG = '<div class="order-item-content-img" style="background-image:url(https://ae01.alicdn.com/kf/S1.jpg)"></div>'
TAGS = '<div class="order-item-content-info-tags"><span class="order-item-content-info-tag es--tag--01a" title="Full refund if product is not received in 75 days.">Buyer protection</span></div>'
BTN2 = '<button type="button" class="comet-btn comet-btn-block order-item-btn"><span>Track order</span></button>'
VARIANTS = {
 "base": [],
 "id_in_span": [(IDL, '<div>Order ID: <span>8101751066964394</span><span class="order-item-header-right-copy">Copy</span></div>')],
 "label_value_separate": [(DATE, '<div><span>Order date:</span><span>Aug 30, 2026</span></div>')],
 "label_no_colon_separate": [(DATE, '<div><span>Order date</span><span>Aug 30, 2026</span></div>')],
 "colon_outside_span": [(DATE, '<div><span>Order date</span>: Aug 30, 2026</div>')],
 "info_text_direct": [(DATE, 'Order date: Aug 30, 2026')],
 "empty_value_then_id": [(DATE, '<div>Paid at:</div><div>Order date: Aug 30, 2026</div>')],
 "id_split_bold": [(IDL, '<div>Order ID: <b>81017510</b><b>66964394</b></div>'), (DETAIL, '<a href="/x">Order details</a>')],
 "id_label_only_no_link": [(DETAIL, '<a href="/x">Order details</a>')],
 "id_span_no_link": [(IDL, '<div>Order ID: <span>8101751066964394</span><span class="order-item-header-right-copy">Copy</span></div>'), (DETAIL, '<a href="/x">Order details</a>')],
 "store_two_spans": [(STORE, '<a href="//www.aliexpress.com/store/1100001"><span>Bravo Store</span><span>Visit store</span></a>')],
 "store_text_before_span": [(STORE, '<a href="//www.aliexpress.com/store/1100001">Store: <span>Bravo Store</span></a>')],
 "store_span_title_phrase": [(STORE, '<a href="//www.aliexpress.com/store/1100001"><span title="Free returns within 90 days">Bravo Store</span></a>')],
 "a_title_phrase": [(DETAIL, DETAIL + '<a href="/help" title="Full refund if product is not received in 20 days.">Protection</a>')],
 "a_title_in_tags": [(TAGS, '<div class="order-item-content-info-tags"><a href="/help" title="Full refund if product is not received in 20 days.">Buyer protection</a></div>')],
 "img_box_title": [(IMG, '<div class="order-item-content-img" title="Full refund if product is not received in 20 days."></div>')],
 "name_div_wrap": [(NAME, '<a href="//www.aliexpress.com/item/1.html"><div><span title="Free returns within 90 days">Free returns within 90 days</span></div></a>')],
 "template_in_info": [(DATE, DATE + '<template>Order date: Jan 1, 2020</template>')],
 "template_in_store": [(STORE, '<a href="//s/1"><span>Bravo Store</span><template>Evil</template></a>')],
 "template_in_name": [(NAME, '<a href="//i/1">LED Adapter<template>hidden</template></a>')],
 "ruby_in_store": [(STORE, '<span><ruby>店<rt>みせ</rt></ruby>Bravo</span>')],
 "wrapper_plus_status": [('<div class="order-item-header-status">', '<div class="order-item-header order-item-header-status">')],
 "a_btn_data_type": [(BTN2, '<a class="comet-btn" data-type="TRACK">Track order</a>')],
 "a_data_type_nobtn": [(BTN2, '<a href="/t" data-type="TRACK">Track order</a>')],
 "div_role_button": [(BTN2, '<div class="order-item-btn" data-type="TRACK">Track</div>')],
 "unclosed_status": [(STATUS, '<span class="order-item-header-status-text">Awaiting delivery')],
 "p_autoclose": [(STATUS, '<p><span class="order-item-header-status-text">Awaiting delivery</span><div>x</div>tail</p>')],
 "table_fragment": [(STATUS, '<table><tr><td>' + STATUS + '</td></tr>')],
 "table_unclosed": [(STATUS, '<table><tr><td>' + STATUS)],
 "stray_end": [(STATUS, '</span></div></td></tr></table>' + STATUS)],
 "nested_og_card": [(STATUS, '<og-card>' + STATUS + '</og-card>')],
 "og_card_close": [(STATUS, STATUS + '</og-card>')],
 "br_img": [(DATE, '<div>Order date:<br>Aug 30, 2026<img src=x></div>')],
 "svg_unclosed": [(STATUS, '<svg><title>Cancelled</title>' + STATUS)],
 "template_status": [(STATUS, '<span class="order-item-header-status-text">Awaiting delivery<template>Cancelled</template></span>')],
 "template_status_outer": [('<div class="order-item-header-status">', '<div class="order-item-header-status"><template>Cancelled</template>')],
 "status_in_template": [(STATUS, '<template>' + STATUS + '</template>')],
 "copy_button": [('<span class="order-item-header-right-copy">Copy</span>', '<button class="order-item-header-right-copy">Copy</button>')],
 "textarea": [(DATE, DATE + '<textarea><div>Order ID: 999999999999</div></textarea>')],
}


def build(replacements: list[tuple[str, str]]) -> str:
    html = BASE
    for old, new in replacements:
        assert old in html, old
        html = html.replace(old, new, 1)
    return html


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_filtered_card_reads_like_the_whole_tree(name):
    html = build(VARIANTS[name])
    card_chunks._cache.clear()
    ctx = Context(URL, NOW)
    ctx.detect_lang(html)
    filtered = current_list.parse(html, ctx)
    whole = [order for order in (current_list.read_card(card, ctx) for card in current_list._cards(html)) if order]
    assert filtered and filtered == whole
