"""aliexpress.ru order list (a separate platform since 2022): generated class names with stable
prefixes (``RedOrderList_OrderItem__number__…``, ``Product__title__…``) and ``data-testid``s."""

from __future__ import annotations

import re

from companion.model import empty_order, is_order_id
from companion.parsing import base, phrases, signals
from companion.parsing.context import Context
from companion.parsing.html import buttons_of, class_prefix, order_id_of, soup, text
from companion.parsing.money import read_money
from companion.parsing.text import digits_only, split_label

NUMBER = [{"data-testid": "orderNumber"}, {"class": class_prefix("RedOrderList_OrderItem__number__")}]
_ORDER_HREF = re.compile(r"/order-list/(\d{6,32})")


def by_prefix(root, prefix: str):
    return root.find(class_=class_prefix(prefix))


def _numbers(tree):
    seen, out = set(), []
    for attrs in NUMBER:
        for el in tree.find_all(attrs=attrs):
            if id(el) not in seen:
                seen.add(id(el))
                out.append(el)
    return out


def _card_of(number, numbers_in) -> object:
    """Climbs from the order number to the largest ancestor holding only this one order."""
    node = number
    while node.parent is not None and node.parent.name != "[document]" and numbers_in(node.parent) <= 1:
        node = node.parent
    return node


def product_items(card, currency: str | None) -> list[dict]:
    items = []
    products = card.find_all(attrs={"data-testid": "productBlock"}) or card.find_all(class_=class_prefix("Product__root__"))
    for product in products[:200]:
        title = text(by_prefix(product, "Product__title__"))
        items.append(base.item(title, base.quantity(text(by_prefix(product, "Product__count__"))),
                               read_money(text(by_prefix(product, "Product__price__")), currency), text(by_prefix(product, "Product__sku__"))))
    return items


def fill(card, order: dict, ctx: Context) -> None:
    """Fields both aliexpress.ru pages show the same way."""
    status_el = by_prefix(card, "RedOrderList_OrderItem__status__") or card.find(attrs={"data-testid": "orderStatus"})
    order["status_text"] = text(status_el) or None
    date_el = by_prefix(card, "RedOrderList_OrderItem__date__") or card.find(attrs={"data-testid": "orderDate"})
    if date_el is not None:
        order["order_date"] = ctx.shown(split_label(text(date_el))[1] or text(date_el), "order date")
    seller = card.find(attrs={"data-testid": "sellerInfoV2Block"})
    if seller is not None:
        order["store"] = text(seller.find("a") or seller) or None
    total_el = by_prefix(card, "RedOrderList_OrderItem__total__") or card.find(attrs={"data-testid": "orderTotal"})
    order["total"] = read_money(text(total_el)) if total_el is not None else None
    order["items"] = product_items(card, (order["total"] or {}).get("currency"))
    track = by_prefix(card, "InfoDeliveryButton__trackNumber__")
    if track is not None:
        token = split_label(text(track))[1].split(" ")[0] if text(track) else ""
        order["tracking_number"] = token if 6 <= len(token) <= 40 and token.isalnum() else None
    buttons_of(card, ctx, order["buttons"])
    order["status"] = signals.decide_status(order["status_text"], ctx.lang, [card.get("data-status") or ""], order["buttons"])
    danger = by_prefix(card, "RedOrderList_OrderItem__descriptionDangerous__")
    for el in card.find_all(class_=class_prefix("RedOrderList_OrderItem__description")) + ([danger] if danger is not None else []):
        phrases.scan(order, text(el), ctx)


def order_id_in(card, number) -> str | None:
    for a in card.find_all("a", href=True):
        m = _ORDER_HREF.search(a["href"])
        if m:
            return m.group(1)
    return order_id_of(card) or (digits_only(text(number)) if number is not None else None)


def parse(html: str, ctx: Context) -> list[dict]:
    ctx.lang = ctx.lang or "ru"
    tree = soup(html)

    def numbers_in(node) -> int:
        return sum(len(node.find_all(attrs=attrs, limit=2)) for attrs in NUMBER[:1]) or len(node.find_all(attrs=NUMBER[1], limit=2))

    orders = []
    for number in _numbers(tree):
        card = _card_of(number, numbers_in)
        order_id = order_id_in(card, number)
        if not is_order_id(order_id) or any(o["order_id"] == order_id for o in orders):
            continue
        order = empty_order(order_id)
        fill(card, order, ctx)
        orders.append(order)
    if not orders:
        ctx.warn("no orders found on the aliexpress.ru list page")
    return orders


FAMILY = base.Family("ru_list", (r"aliexpress\.ru.*/order-list",), ("RedOrderList_",), parse, many=True,
                     anchors=('data-testid="orderNumber"', "RedOrderList_OrderItem__number__"), refuse_urls=(r"/order-list/\d{6,32}",),
                     examples=("https://aliexpress.ru/order-list", "https://aliexpress.ru/order-list?filter=all"))
