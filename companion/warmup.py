"""Load what the first page needs (month names, vocabularies, catalogs) right after start-up,
in a worker thread, so the buyer's first page does not pay for it (about 0.2 s otherwise)."""

from __future__ import annotations

import logging
from datetime import datetime, timezone

from companion import parsing, rules

log = logging.getLogger(__name__)

_SAMPLE = (
    '<div class="order-item"><span class="order-item-header-status-text">Awaiting delivery</span>'
    '<div class="order-item-header-right-info"><div>Order date: Nov 3, 2026</div><div>Order ID: 8100000000000001</div></div>'
    '<a href="https://www.aliexpress.com/p/order/detail.html?orderId=8100000000000001">Order details</a>'
    '<span class="order-item-content-opt-price-total">Total: US $4.59</span></div>'
)


def warm_up() -> None:
    try:
        now = datetime.now(timezone.utc)
        page = parsing.parse_page("https://www.aliexpress.com/p/order/index.html", _SAMPLE, now)
        for order in page.orders:
            for lang in ("en", "he", "ru"):
                rules.hint_for(order, now, lang)
    except Exception:  # warming is a courtesy; a failure here must not stop the server
        log.exception("warm-up failed")
