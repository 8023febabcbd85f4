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
# Case-sensitive on purpose: browsers serialise attribute names in lower case, and the query keys
# are spelled the site's way; IGNORECASE alternations cost several times more on a large page.
_LINKED = re.compile(r"[?&;](?:orderId|tradeOrderId|orderid|order_id)=" + _ID)
_ATTR = re.compile(r"\s(?:data-orderid|data-order-id|orderid|data-trade-order-id)=[\"']?" + _ID)
_RU_LINK = re.compile(r"/order-list/" + _ID)
# What may stand between an order-number label and the number: separators, spaces, tags.
_LABELLED_TAIL = re.compile(r"(?:[\s\u00a0:：№#]|&nbsp;|<[^<>]{0,300}>){0,12}?(\d{6,32})(?!\d)")
_READ_FIELDS = ("order_date", "paid_at", "shipped_at", "delivered_at", "completed_at", "total", "items", "tracking_number",
                "protection", "estimated_delivery_at")
# A buyer's whole history in one capture or import is a few thousand orders; far beyond that the
# count stops (and says nothing either way) rather than walk an endless document.
MAX_IDS = 200_000
# Links that carry an id but are not the order's own: an item's snapshot names its sub-order.
_NOT_ORDER_LINK = ("snapshot", "/item/")


@lru_cache(maxsize=1)
def _labels() -> tuple[str, ...]:
    labels = {label.lower() for lang in vocab.LANGS
              for label in (vocab.VOCAB.get(lang, {}).get("labels") or {}).get("order_id", [])}
    return tuple(sorted(labels, key=len, reverse=True))


@lru_cache(maxsize=1)
def _ascii_labels() -> tuple[str, ...]:
    return tuple(label for label in _labels() if label.isascii())


def _labelled_ids(html: str) -> set[str]:
    """Id-shaped numbers right after an order-number label ("Order ID:", "Заказ №:<span><a>"), with
    separators and tags in between. The labels are found by plain substring search, which is
    many times cheaper on a large page than one case-insensitive pattern; in a text of ASCII only
    (Python knows that without looking) no other label can be, and none is looked for."""
    low = html.lower()
    found = set()
    for label in _ascii_labels() if low.isascii() else _labels():
        at = low.find(label)
        while at >= 0:
            end = at + len(label)
            if at == 0 or not low[at - 1].isalnum():
                m = _LABELLED_TAIL.match(low, end)
                if m:
                    found.add(m.group(1))
            at = low.find(label, end)
    return found


def _order_link(html: str, at: int) -> bool:
    start = max(html.rfind('"', max(0, at - 2000), at), html.rfind("'", max(0, at - 2000), at))
    return not any(part in html[start + 1:at] for part in _NOT_ORDER_LINK)


def ids_in_html(html: str) -> set[str]:
    """Every distinct order id the page shows through a language-independent anchor or a label."""
    found = {m.group(1) for m in _LINKED.finditer(html) if _order_link(html, m.start())}
    if "orderid" in html or "order-id" in html:  # in every name _ATTR knows; two plain searches cost less than it
        found.update(_ATTR.findall(html))
    found.update(_RU_LINK.findall(html))
    found.update(_labelled_ids(html))
    return found


def ids_in_data(data, depth: int = 0, into: set[str] | None = None) -> set[str]:
    """Order ids a captured response carries (``orderId`` / ``tradeOrderId`` fields anywhere)."""
    into = set() if into is None else into
    if depth > 12 or len(into) > MAX_IDS:
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
        for value in data[:MAX_IDS]:
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
