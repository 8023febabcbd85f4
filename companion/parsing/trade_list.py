"""Old My Orders list (trade.aliexpress.com/orderList.htm): ``tbody.order-item-wraper`` blocks.

The protection clock is a countdown attribute, ``p.left-sendgoods-day[lefttime]`` in
milliseconds, turned into an absolute deadline from the capture time.
"""

from __future__ import annotations

import re

from bs4 import SoupStrainer

from companion.model import empty_order, is_order_id
from companion.parsing import phrases, signals
from companion.parsing.context import Context
from companion.parsing.html import buttons_of, find, order_id_of, soup, text
from companion.parsing.money import read_money
from companion.parsing.text import digits_only

_BLOCK = SoupStrainer("tbody", class_="order-item-wraper")
_QTY = re.compile(r"[x×]\s*(\d{1,5})", re.IGNORECASE)


def sniff(html: str) -> bool:
    return "order-item-wraper" in html or "buyer-ordertable" in html


def _items(block, order: dict, currency: str | None) -> None:
    for product in block.find_all(class_="product-sets")[:200]:
        title_el = find(product, "product-title")
        link = title_el.find("a") if title_el is not None else None
        title = (link.get("title") if link is not None else None) or text(title_el)
        amount = find(product, "product-amount")
        spans = [text(s) for s in amount.find_all("span")] if amount is not None else []
        qty = next((int(m.group(1)) for s in spans for m in [_QTY.search(s)] if m), None)
        price = next((read_money(s, currency) for s in spans if not _QTY.fullmatch(s.strip()) and read_money(s, currency)), None)
        item = {"title": title or None, "quantity": qty, "price": price}
        sku = text(find(product, "product-property"))
        if sku:
            item["sku"] = sku
        order["items"].append(item)


def parse(html: str, ctx: Context) -> list[dict]:
    ctx.detect_lang(html)
    orders = []
    blocks = soup(html, _BLOCK).find_all("tbody", class_="order-item-wraper")
    for block in blocks:
        order = empty_order("")
        info = find(block, "order-info")
        bodies = [text(el) for el in info.find_all(class_="info-body")] if info is not None else []
        button = block.find(attrs={"orderid": re.compile(r"^\d{6,32}$")})
        order_id = order_id_of(block) or (button.get("orderid") if button is not None else None) \
            or (digits_only(bodies[0]) if bodies else None)
        if not is_order_id(order_id):
            ctx.warn("an old-style order block has no order id; skipped")
            continue
        order["order_id"] = order_id
        if len(bodies) > 1:
            order["order_date"] = ctx.shown(bodies[1], "order date")
        store = find(block, "store-info")
        if store is not None:
            order["store"] = text(find(store, "info-body") or store) or None
        order["total"] = read_money(text(find(block, "amount-num")))
        _items(block, order, (order["total"] or {}).get("currency"))
        status_box = find(block, "order-status")
        order["status_text"] = text(find(status_box, "f-left") or status_box) or None
        buttons_of(block, ctx, order["buttons"])
        order["status"] = signals.decide_status(order["status_text"], ctx.lang, [block.get("data-status") or ""], order["buttons"])
        clock = block.find(attrs={"lefttime": True})
        if clock is not None:
            phrases.countdown(order, clock.get("lefttime"), ctx)
        phrases.scan(order, text(status_box), ctx)
        orders.append(order)
    if not blocks:
        ctx.warn("no order blocks (tbody.order-item-wraper) found on the old list page")
    return orders
