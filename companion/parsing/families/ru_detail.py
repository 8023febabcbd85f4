"""aliexpress.ru order detail (aliexpress.ru/order-list/<id>): same generated prefixes as the list,
plus labelled lines ("Заказ оформлен", "Оплачен", "Отправлен") read through the ru vocabulary."""

from __future__ import annotations

import re

from companion.model import empty_order, is_order_id
from companion.parsing import base, phrases
from companion.parsing.families import ru_list
from companion.parsing.context import Context
from companion.parsing.html import read_labels, soup, strings

_ID_IN_URL = re.compile(r"/order-list/(\d{6,32})")
def parse(html: str, ctx: Context) -> list[dict]:
    ctx.lang = ctx.lang or "ru"
    tree = soup(html)
    base.drop_private(tree)
    m = _ID_IN_URL.search(ctx.url or "")
    order = empty_order("")
    labelled_id = read_labels(strings(tree), order, ctx)
    number = tree.find(attrs={"data-testid": "orderNumber"})
    order_id = m.group(1) if m else ru_list.order_id_in(tree, number) or labelled_id
    if not is_order_id(order_id):
        ctx.warn("aliexpress.ru order page without an order id")
        return []
    order["order_id"] = order_id
    dates = {k: order[k] for k in ("order_date", "paid_at", "shipped_at", "completed_at", "delivered_at")}
    ru_list.fill(tree, order, ctx)
    for key, value in dates.items():
        order[key] = order[key] or value
    phrases.scan(order, " · ".join(strings(tree)), ctx)
    return [order]




FAMILY = base.Family("ru_detail", (r"aliexpress\.ru.*/order-list/\d{6,32}",), ("RedOrderDetails", "OrderDetails_"), parse,
                     many=False,
                     examples=("https://aliexpress.ru/order-list/5000000000000004",))
