"""Current order detail page (www.aliexpress.com/p/order/detail.html?orderId=…).

Id from the URL's orderId first; dates from the ``.info-row`` lines by label; deadlines from
the service-commitment and estimated-delivery sentences. The address block is never read.
"""

from __future__ import annotations


from companion.model import empty_order, is_order_id
from companion.parsing import base, phrases, signals
from companion.parsing.context import Context, order_id_from_url
from companion.parsing.html import buttons_of, find, order_id_of, read_labels, soup, strings, text
from companion.parsing.money import read_money



def _items(tree, order: dict, currency: str | None) -> None:
    for block in tree.find_all(class_="order-detail-item-content")[:200]:
        title_el = find(block, "item-title")
        qty_el = find(block, "item-price-quantity")
        qty_text = text(qty_el)
        price_el = find(block, "item-price")
        price_text = text(price_el).replace(qty_text, " ") if qty_text else text(price_el)
        order["items"].append(base.item(text(title_el), base.quantity(qty_text),
                                        read_money(price_text, currency) if price_text else None, text(find(block, "item-sku-attr"))))


def _total(tree) -> dict | None:
    rows = tree.find_all(class_="order-price-item")
    from companion.parsing import vocab

    for row in rows:
        label = text(find(row, "left-col"))
        if vocab.label_field(label, None) == "total":
            return read_money(text(find(row, "right-col")))
    return read_money(text(find(rows[-1], "right-col"))) if rows else None


def parse(html: str, ctx: Context) -> list[dict]:
    ctx.detect_lang(html)
    tree = soup(html)
    base.drop_private(tree)
    order = empty_order("")
    pieces = []
    for row in tree.find_all(class_="info-row"):
        pieces.extend(strings(row, 20))
    labelled_id = read_labels(pieces, order, ctx)
    order_id = order_id_from_url(ctx.url) or labelled_id or order_id_of(tree)
    if not is_order_id(order_id):
        ctx.warn("order detail page without an order id (no orderId in the URL, no Ref. Number line)")
        return []
    order["order_id"] = order_id
    status_el = find(tree, "order-status-title") or find(tree, "order-block-title")
    order["status_text"] = text(status_el) or None
    store_el = find(tree, "store-name")
    order["store"] = text(store_el) or None
    order["total"] = _total(tree)
    _items(tree, order, (order["total"] or {}).get("currency"))
    buttons_of(tree, ctx, order["buttons"])
    order["status"] = signals.decide_status(order["status_text"], ctx.lang, [], order["buttons"])
    for el in tree.find_all(class_=["service-content", "item-eta", "order-status-reminder", "order-reminder"]):
        phrases.scan(order, text(el), ctx)
    if order["protection"] is None:
        phrases.scan(order, " · ".join(strings(tree)), ctx)
    return [order]




FAMILY = base.Family("order_detail", (r"/p/order/detail\.html",), (("info-row", "order-status"), ("info-row", "order-detail")), parse,
                     many=False, anchors=("orderId=",),
                     examples=("https://www.aliexpress.com/p/order/detail.html?orderId=8212313961591322", "https://he.aliexpress.com/p/order/detail.html?orderId=8212313961591322"))
