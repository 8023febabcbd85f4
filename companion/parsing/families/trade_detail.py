"""Old order detail (trade.aliexpress.com/order_detail.htm?orderId=…).

Status from ``td.trade-status`` text or the ``data-status`` seller code; "operate" dates
(``YYYY-MM-DD HH:MM:SS``, US Pacific) by label; carrier and tracking number from
``#TP_ShippingTable``; protection from ``.order-reminder`` and icon titles.
"""

from __future__ import annotations


from companion.model import empty_order, is_order_id
from companion.parsing import base, phrases, signals, vocab
from companion.parsing.context import Context, order_id_from_url
from companion.parsing.html import buttons_of, find, order_id_of, read_labels, soup, strings, text
from companion.parsing.money import read_money

def _shipping(tree, order: dict, ctx: Context) -> None:
    table = tree.find(id="TP_ShippingTable")
    if table is None:
        return
    rows = table.find_all("tr")
    if not rows:
        return
    heads = [text(c) for c in rows[0].find_all(["th", "td"])]
    col = next((i for i, h in enumerate(heads) if vocab.label_field(h, ctx.lang) == "tracking_number"), None)
    for row in rows[1:]:
        cells = [text(c) for c in row.find_all("td")]
        value = cells[col] if col is not None and col < len(cells) else text(find(row, "no"))
        if base.tracking_number(value):
            order["tracking_number"] = base.tracking_number(value)
            return


def _items(tree, order: dict, currency: str | None) -> None:
    for row in tree.find_all(class_="order-bd")[:200]:
        link = row.find("a", class_="baobei-name")
        if link is None:
            continue
        order["items"].append(base.item(link.get("title") or text(link), base.quantity(text(find(row, "quantity"))),
                                        read_money(text(find(row, "price")), currency), text(find(row, "spec"))))


def parse(html: str, ctx: Context) -> list[dict]:
    ctx.detect_lang(html)
    tree = soup(html)
    base.drop_private(tree)
    order = empty_order("")
    labelled_id = read_labels(strings(tree), order, ctx)
    order_id = order_id_from_url(ctx.url) or labelled_id or order_id_of(tree)
    if not is_order_id(order_id):
        ctx.warn("old order detail page without an order id")
        return []
    order["order_id"] = order_id
    status_el = find(tree, "trade-status")
    order["status_text"] = text(status_el) or None
    coded = tree.find(attrs={"data-status": True})
    _shipping(tree, order, ctx)
    store = find(tree, "store-name") or find(tree, "shop-name")
    order["store"] = text(store) or None
    total = find(tree, "total-price") or find(tree, "order-total")
    if total is not None:
        order["total"] = read_money(text(total))
    _items(tree, order, (order["total"] or {}).get("currency"))
    buttons_of(tree, ctx, order["buttons"])
    order["status"] = signals.decide_status(order["status_text"], ctx.lang,
                                            [coded.get("data-status") if coded is not None else ""], order["buttons"])
    for el in tree.find_all(class_="order-reminder"):
        phrases.scan(order, text(el), ctx)
    for el in tree.find_all(attrs={"title": True}):
        phrases.scan(order, el.get("title") or "", ctx)
    clock = tree.find(attrs={"lefttime": True})
    if clock is not None:
        phrases.countdown(order, clock.get("lefttime"), ctx)
    return [order]


FAMILY = base.Family("trade_detail", (r"/order_detail\.htm",), ("TP_ShippingTable", "trade-status", "order-reminder"), parse, many=False,
                     anchors=("orderId=",),
                     examples=("https://trade.aliexpress.com/order_detail.htm?orderId=66224024961401",))
