"""Current My Orders list (www.aliexpress.com/p/order/index.html): ``div.order-item`` cards.

The extension sends the order area's outerHTML (or the whole page); only the cards are
built into a tree (SoupStrainer), the rest of the page is skipped by the lxml builder.
"""

from __future__ import annotations

import re

from bs4 import SoupStrainer

from companion.model import empty_order, is_order_id
from companion.parsing import phrases, signals, vocab
from companion.parsing.context import Context
from companion.parsing.html import buttons_of, find, order_id_of, soup, text
from companion.parsing.money import read_money
from companion.parsing.text import digits_only, split_label

KIND = "order_list"
_CARD = SoupStrainer("div", class_="order-item")
_QTY = re.compile(r"[x×]\s*(\d{1,5})", re.IGNORECASE)


def sniff(html: str) -> bool:
    return "order-item-header" in html


def _cards(html: str):
    # The cards are the top-level kept nodes; a card nested in a card (never seen) is ignored.
    tree = soup(html, _CARD)
    return [card for card in tree.find_all("div", class_="order-item", recursive=True)
            if card.find_parent("div", class_="order-item") is None]


def _header(card, order: dict, ctx: Context) -> str | None:
    """Reads 'Order date: …' and 'Order ID: …' lines; returns an id found by label."""
    labelled_id = None
    info = find(card, "order-item-header-right-info")
    lines = info.find_all("div", recursive=False) if info is not None else []
    for line in lines or ([info] if info is not None else []):
        for copy in line.find_all(class_="order-item-header-right-copy"):
            copy.extract()
        label, value = split_label(text(line))
        field = vocab.label_field(label, ctx.lang) if label else None
        if field == "order_id" or (not field and is_order_id(digits_only(value)) and len(digits_only(value)) >= 10
                                   and digits_only(value) == value.replace(" ", "")):
            labelled_id = digits_only(value)
        elif field in ("order_date", "paid_at", "shipped_at", "completed_at"):
            order[field] = ctx.shown(value, field)
        elif not field and order["order_date"] is None:
            order["order_date"] = ctx.shown(value, "order date")
    return labelled_id


def _items(card, order: dict, ctx: Context, currency: str | None) -> None:
    for body in card.find_all(class_="order-item-content-body"):
        name = find(body, "order-item-content-info-name")
        if name is None:
            continue
        span = name.find(attrs={"title": True})
        title = (span.get("title") if span is not None else "") or text(name)
        qty_el = find(body, "order-item-content-info-number-quantity")
        qty_text = text(qty_el)
        m = _QTY.search(qty_text) or (re.search(r"(\d{1,5})", qty_text) if qty_text else None)
        price = None
        number = find(body, "order-item-content-info-number")
        if number is not None:
            price_text = text(number)
            if qty_text:
                price_text = price_text.replace(qty_text, " ")
            price = read_money(price_text, currency)
        item = {"title": text_or_none(title), "quantity": int(m.group(1)) if m else None, "price": price}
        sku = text(find(body, "order-item-content-info-sku"))
        if sku:
            item["sku"] = sku
        order["items"].append(item)
    if not order["items"]:
        # Several items: the card shows only their pictures.
        images = find(card, "order-item-content-img-list")
        for img in (images.find_all("img") if images is not None else [])[:50]:
            order["items"].append({"title": text_or_none(img.get("alt") or img.get("title") or ""), "quantity": None, "price": None})


def text_or_none(value: str) -> str | None:
    from companion.parsing.text import clean

    return clean(value) or None


def parse(html: str, ctx: Context) -> list[dict]:
    ctx.detect_lang(html)
    orders = []
    cards = _cards(html)
    for card in cards:
        order = empty_order("")
        labelled_id = _header(card, order, ctx)
        order_id = order_id_of(card) or labelled_id
        if not is_order_id(order_id):
            ctx.warn("an order card has no order id (no orderId link, data attribute or ID label); skipped")
            continue
        order["order_id"] = order_id
        order["status_text"] = text(find(card, "order-item-header-status-text")) or None
        store = find(card, "order-item-store-name")
        if store is not None:
            order["store"] = text(store.find("span") or store) or None
        total_el = find(card, "order-item-content-opt-price-total")
        order["total"] = read_money(text(total_el)) if total_el is not None else None
        currency = (order["total"] or {}).get("currency")
        _items(card, order, ctx, currency)
        buttons_of(card, ctx, order["buttons"])
        order["status"] = signals.decide_status(order["status_text"], ctx.lang,
                                                [card.get("data-status") or ""], order["buttons"])
        phrases.scan(order, text(card), ctx)
        for tagged in card.find_all(attrs={"title": True}):
            phrases.scan(order, tagged.get("title") or "", ctx)
        orders.append(order)
    if not cards:
        ctx.warn("no order cards (div.order-item) found on the list page")
    return orders
