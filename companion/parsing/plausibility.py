"""The check around every family: does what was read fit what the page shows?

Counted without any family's help, from language-independent anchors: order ids in links
(``orderId=…``), in data attributes (``data-orderid``), in aliexpress.ru order links, and
id-shaped numbers right after an order-number label of any known language. Then:

- an order whose id the page does not show is dropped (one order per card, none invented);
- a single-order family (detail, tracking) that is given a page showing several order ids
  returns nothing: its one order would hold the items of them all;
- a status no rule recognises is ``unknown``, with a warning naming the text;
- when fewer orders were read than the page shows, a warning says how many were not read.
The result's ``seen``/``read`` counts reach the extension, which tells the buyer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from companion.parsing import vocab

_ID = r"(\d{6,32})(?!\d)"
_HREF = re.compile(r"\bhref\s*=\s*[\"']([^\"']{0,2000})", re.IGNORECASE)
_LINKED = re.compile(r"(?:[?&]|&amp;)(?:orderId|tradeOrderId|order_id)=" + _ID, re.IGNORECASE)
# Links that carry an id but are not the order's own: an item's snapshot names its sub-order.
_NOT_ORDER_LINK = ("snapshot", "/item/")
_ATTR = re.compile(r"(?<=\s)(?:data-orderid|data-order-id|orderid|data-trade-order-id)\s*=\s*[\"']?" + _ID, re.IGNORECASE)
_RU_LINK = re.compile(r"/order-list/" + _ID)
_TAGS = r"(?:\s|&nbsp;|<[^>]{0,300}>)*"
_READ_FIELDS = ("order_date", "paid_at", "shipped_at", "delivered_at", "completed_at", "total", "items", "tracking_number",
                "protection", "estimated_delivery_at")


@lru_cache(maxsize=1)
def _labelled() -> re.Pattern:
    labels = sorted({label for lang in vocab.LANGS for label in (vocab.VOCAB.get(lang, {}).get("labels") or {}).get("order_id", [])},
                    key=len, reverse=True)
    names = "|".join(re.escape(label).replace(r"\ ", r"\s+") for label in labels)
    # "Order ID: 8100…", "Заказ №:<span><a …>6459…</a>": the label, separators and tags, then digits.
    return re.compile(r"(?<![\w])(?:" + names + r")" + _TAGS + r"[:：№#]?" + _TAGS + _ID, re.IGNORECASE)


def ids_in_html(html: str) -> set[str]:
    """Every distinct order id the page shows through a language-independent anchor or a label."""
    found: set[str] = set()
    for href in _HREF.findall(html):
        if not any(part in href for part in _NOT_ORDER_LINK):
            found.update(_LINKED.findall(href))
    for pattern in (_ATTR, _RU_LINK, _labelled()):
        found.update(pattern.findall(html))
    return found


def ids_in_data(data, depth: int = 0, into: set[str] | None = None) -> set[str]:
    """Order ids a captured response carries (``orderId`` / ``tradeOrderId`` fields anywhere)."""
    into = set() if into is None else into
    if depth > 12 or len(into) > 5000:
        return into
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("orderId", "tradeOrderId") and isinstance(value, (str, int)) and not isinstance(value, bool):
                value = str(value)
                if value.isascii() and value.isdigit() and 6 <= len(value) <= 32:
                    into.add(value)
            elif isinstance(value, (dict, list)):
                ids_in_data(value, depth + 1, into)
    elif isinstance(data, list):
        for value in data[:2000]:
            ids_in_data(value, depth + 1, into)
    return into


def is_read(order: dict) -> bool:
    """An order counts as read when more than its id came through."""
    return order.get("status") != "unknown" or any(order.get(key) for key in _READ_FIELDS)


def check(orders: list[dict], shown: set[str] | None, single_order: bool, ctx) -> list[dict]:
    """The orders that fit the page; warnings on ``ctx`` for everything that did not."""
    if shown:
        if single_order and len(shown) > 1 and orders:
            ctx.warn(f"this page shows {len(shown)} different orders, but its layout is that of a single order's page; "
                     "nothing was read, to avoid mixing the orders up")
            return []
        invented = [o["order_id"] for o in orders if o["order_id"] not in shown]
        if invented and not single_order:
            ctx.warn(f"{len(invented)} order(s) read that this page does not show ({', '.join(invented[:3])}); left out")
            orders = [o for o in orders if o["order_id"] in shown]
    return orders


def shortfall(orders: Iterable[dict], shown: set[str] | None, ctx) -> tuple[int | None, int]:
    """(orders the page shows, orders read), with a warning for each status no rule recognises
    and one when some orders were not read."""
    orders = list(orders)
    for order in orders:
        text = order.get("status_text")
        if order.get("status") == "unknown" and text:
            ctx.warn(f"order {order['order_id']}: status {text[:80]!r} is not one Order Guard knows; its deadline is not worked out")
    read = sum(1 for order in orders if is_read(order))
    seen = len(shown | {o["order_id"] for o in orders}) if shown is not None else None
    if seen is not None and read < seen:
        ctx.warn(f"Order Guard saw {seen} order{'s' if seen != 1 else ''} on this page and could not read {seen - read} of them")
    return seen, read
