"""Tracking page (www.aliexpress.com/p/tracking/index.html?tradeOrderId=…).

Gives the delivery date ("Delivered：Jul. 28", event code AE_GTMS_SIGNED; no year on the page,
so it comes from the capture time), the tracking number and the same deadline sentences as
the detail page. No items: the list and detail pages describe them better.
"""

from __future__ import annotations

from companion.model import empty_order, is_order_id
from companion.parsing import base, dates, phrases
from companion.parsing.context import Context, order_id_from_url
from companion.parsing.html import find, order_id_of, read_labels, soup, strings, text

def parse(html: str, ctx: Context) -> list[dict]:
    ctx.detect_lang(html)
    tree = soup(html)
    base.drop_private(tree)
    order_id = order_id_from_url(ctx.url) or order_id_of(tree)
    if not is_order_id(order_id):
        ctx.warn("tracking page without an order id (no tradeOrderId in the URL or links)")
        return []
    order = empty_order(order_id)
    for el in tree.find_all("li"):
        phrases.scan(order, text(el), ctx)
    fast = find(tree, "fast-delivery")
    if fast is not None:
        phrases.scan(order, text(fast), ctx)
    mail = find(tree, "logistic-info--mail-no-text")
    if mail is not None and base.tracking_number(text(mail)):
        order["tracking_number"] = base.tracking_number(text(mail))
    else:
        read_labels(strings(tree), order, ctx)
    delivered = None
    eta = find(tree, "logistic-info--eta")
    if eta is not None:
        delivered = phrases.delivered_date(text(eta), ctx)
        phrases.scan(order, text(eta), ctx)
    if delivered is None:
        signed = tree.find(attrs={"data-code": "AE_GTMS_SIGNED"})
        if signed is not None:
            found = ctx.date(text(find(signed, "track-item-time")) or text(signed), "delivery time")
            delivered = dates.infer_year(found, ctx.captured_at) if found is not None else None
    order["delivered_at"] = dates.iso_date(delivered)
    carrier = find(tree, "logistic-info--carrier")
    order["carrier"] = text(carrier)[:120] or None if carrier is not None else None
    # the newest event is listed first; its day tells how long the parcel has not moved
    for when in tree.find_all(class_="track-item-time"):
        if text(when):
            found = ctx.date(text(when), "tracking event time")
            order["last_event_at"] = dates.iso_date(dates.infer_year(found, ctx.captured_at)) if found is not None else None
            break
    return [order]


FAMILY = base.Family("tracking", (r"/p/tracking/", r"/logistics/", r"tradeOrderId="), ("logistic-info", "AE_GTMS_", "fast-delivery"), parse,
                     many=False,
                     examples=("https://www.aliexpress.com/p/tracking/index.html?tradeOrderId=8212313961591322",))
