"""Old My Orders list (trade.aliexpress.com/orderList.htm), in the two layouts buyers still have saved.

2014-2015: ``table#TP_BoughtTable`` with one ``tbody.ae-order[data-orderid]`` per order: a head
row (number, order time, seller, order amount) and one ``tr.order-bd`` row per item (title, price,
quantity, the item's own state, the order status cell, the buttons). Every tbody carries
``data-status="WAIT_BUYER_CONFIRM_GOODS"``, finished orders too, so that attribute is not read;
the countdown beside "extend processing time" is the seller's, not the buyer's protection.

2016 onward: ``table#buyer-ordertable`` with ``tbody.order-item-wraper`` blocks; the protection
clock is a countdown attribute, ``p.left-sendgoods-day[lefttime]`` in milliseconds, turned into an
absolute deadline from the capture time.
"""

from __future__ import annotations

import re

from bs4 import SoupStrainer

from companion.model import empty_order, is_order_id
from companion.parsing import base, phrases, signals, vocab
from companion.parsing.context import Context
from companion.parsing.html import buttons_of, find, order_id_of, soup, text
from companion.parsing.money import read_money
from companion.parsing.text import clean, digits_only, split_label

_BLOCKS = SoupStrainer("tbody", class_=["order-item-wraper", "ae-order"])
_ID = re.compile(r"^\d{6,32}$")
_COUNT = re.compile(r"[x×]\s*\d", re.IGNORECASE)

FAMILY_URLS = (r"trade\.aliexpress\.", r"/orderList\.htm")
MARKERS = ("order-item-wraper", "buyer-ordertable", "TP_BoughtTable", 'class="ae-order"')
# One per order on either layout: the tbody's own order id attribute or the detail link.
ANCHORS = ("tbody[data-orderid]", "order_detail.htm?orderId=")


def parse(html: str, ctx: Context) -> list[dict]:
    ctx.detect_lang(html)
    orders = []
    blocks = soup(html, _BLOCKS).find_all("tbody", class_=["order-item-wraper", "ae-order"])
    for block in blocks:
        classes = block.get("class") or ()
        order = _read_2015(block, ctx) if "ae-order" in classes else _read_2016(block, ctx)
        if order is not None:
            orders.append(order)
    if not blocks:
        ctx.warn("no order blocks (tbody.ae-order or tbody.order-item-wraper) found on the old list page")
    return orders


def _order_id(block, candidates: list[str]) -> str | None:
    for value in [block.get("data-orderid"), order_id_of(block), *candidates]:
        value = digits_only(str(value or "")) if value else ""
        if is_order_id(value):
            return value
    return None


def _read_2015(block, ctx: Context) -> dict | None:
    head = block.find("tr", class_="order-hd")
    number = find(head, "order-num") if head is not None else None
    order_id = _order_id(block, [text(number)])
    if order_id is None:
        ctx.warn("an old-style order block has no order id; skipped")
        return None
    order = empty_order(order_id)
    if head is not None:
        _, when = split_label(text(find(head, "deal-time")))
        order["order_date"] = ctx.shown(when, "order date") if when else None
        order["store"] = _seller(find(head, "seller"))
        amount = find(head, "amount")
        order["total"] = read_money(text(amount.find("strong") or amount)) if amount is not None else None
    currency = (order["total"] or {}).get("currency")
    states = []
    for row in block.find_all("tr", class_="order-bd")[:200]:
        link = row.find("a", class_="baobei-name")
        title = (link.get("title") or text(link)) if link is not None else None
        qty_cell = find(row, "quantity", "td")
        qty = base.quantity(qty_cell.get("title") if qty_cell is not None and qty_cell.get("title") else text(qty_cell))
        price = read_money(text(find(row, "price", "td")), currency)
        _, sku = split_label(text(find(row, "spec")))
        order["items"].append(base.item(title, qty, price, sku))
        after = find(row, "after-service", "td")
        if after is not None:
            state = text(after)
            if state:
                states.append(state)
            for link_el in after.find_all("a"):
                signals.add_button(order["buttons"], signals.button_from_text(text(link_el), ctx.lang))
        for icon in row.find_all(class_="sp-icon"):
            phrases.scan(order, clean(icon.get("title") or ""), ctx)
        status_cell = find(row, "trade-status", "td")
        if status_cell is not None and order["status_text"] is None:
            order["status_text"] = text(find(status_cell, "f-left")) or None
        operate = find(row, "operate", "td")
        if operate is not None:
            for button in operate.find_all("button"):
                signals.add_button(order["buttons"], signals.button_from_classes(button.get("class"))
                                   or signals.button_from_text(text(button), ctx.lang))
            for link_el in operate.find_all("a"):
                signals.add_button(order["buttons"], signals.button_from_text(text(link_el), ctx.lang))
    order["status"] = signals.decide_status(order["status_text"], ctx.lang, [], order["buttons"])
    # "Finished" covers cancelled orders too on these pages: each item then says it was cancelled.
    item_states = [vocab.status_code(state, ctx.lang) for state in states]
    if order["status"] in ("completed", "unknown") and item_states and all(s == "closed" for s in item_states):
        order["status"] = "closed"
    return order


def _seller(el) -> str | None:
    """The seller's name: the head cell's own text before its chat link and message counters."""
    if el is None:
        return None
    for node in el.contents:
        if isinstance(node, str):
            name = clean(node)
            if name:
                return name
        elif getattr(node, "name", None):
            break
    return None


def _read_2016(block, ctx: Context) -> dict | None:
    info = find(block, "order-info")
    bodies = [text(el) for el in info.find_all(class_="info-body")] if info is not None else []
    button = block.find(attrs={"orderid": _ID})
    order_id = _order_id(block, [button.get("orderid") if button is not None else "", bodies[0] if bodies else ""])
    if order_id is None:
        ctx.warn("an old-style order block has no order id; skipped")
        return None
    order = empty_order(order_id)
    if len(bodies) > 1:
        order["order_date"] = ctx.shown(bodies[1], "order date")
    store = find(block, "store-info")
    if store is not None:
        order["store"] = text(find(store, "info-body") or store) or None
    order["total"] = read_money(text(find(block, "amount-num")))
    currency = (order["total"] or {}).get("currency")
    for product in block.find_all(class_="product-sets")[:200]:
        title_el = find(product, "product-title")
        link = title_el.find("a") if title_el is not None else None
        title = (link.get("title") if link is not None else None) or text(title_el)
        amount = find(product, "product-amount")
        spans = [text(s) for s in amount.find_all("span")] if amount is not None else []
        counts = [s for s in spans if _COUNT.search(s)]
        qty = base.quantity(counts[0]) if counts else None
        price = next((p for s in spans if s not in counts for p in [read_money(s, currency)] if p), None)
        order["items"].append(base.item(title, qty, price, text(find(product, "product-property"))))
    status_box = find(block, "order-status")
    order["status_text"] = text(find(status_box, "f-left") or status_box) or None
    buttons_of(block, ctx, order["buttons"])
    order["status"] = signals.decide_status(order["status_text"], ctx.lang, [block.get("data-status") or ""], order["buttons"])
    clock = block.find(attrs={"lefttime": True})
    if clock is not None:
        phrases.countdown(order, clock.get("lefttime"), ctx)
    phrases.scan(order, text(status_box), ctx)
    return order


FAMILY = base.Family("trade_list", FAMILY_URLS, MARKERS, parse, many=True, anchors=ANCHORS,
                     refuse_urls=(r"/order_detail\.htm",),
                     examples=("https://trade.aliexpress.com/orderList.htm", "https://trade.aliexpress.com/orderList.htm?tracelog=me",))
