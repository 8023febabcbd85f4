"""A tiny list page parsed once at start-up, so month names and vocabularies are loaded before the
buyer's first page arrives (about 0.2 s otherwise)."""

from __future__ import annotations

from datetime import datetime, timezone

_SAMPLE = (
    '<div class="order-item"><span class="order-item-header-status-text">Awaiting delivery</span>'
    '<div class="order-item-header-right-info"><div>Order date: Nov 3, 2026</div><div>Order ID: 8100000000000001</div></div>'
    '<a href="https://www.aliexpress.com/p/order/detail.html?orderId=8100000000000001">Order details</a>'
    '<span class="order-item-content-opt-price-total">Total: US $4.59</span></div>'
)


def sample_orders() -> list[dict]:
    from companion.parsing import parse_page

    return parse_page("https://www.aliexpress.com/p/order/index.html", _SAMPLE, datetime.now(timezone.utc)).orders
