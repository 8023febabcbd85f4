"""assess runs for every stored order on every dashboard view: it must stay cheap.

Measured on the development machine: ~11 µs per order (budget 30 µs); hint_for ~100 µs.
The bound here is loose so a slow CI machine does not fail it, but a regression to dateparser-
or regex-level cost (hundreds of µs) does.
"""

from __future__ import annotations

import time
from datetime import timedelta

from companion.rules import assess
from tests.rules.builders import NOW, make_order, page_protection


def test_assess_is_cheap():
    orders = []
    for i in range(2000):
        day = (NOW - timedelta(days=i % 200)).date().isoformat()
        orders.append(make_order(order_id=str(8100000000000000 + i), shipped_at=day, delivered_at=day if i % 3 else None,
                                 protection=page_protection(day if i % 2 else None, days=75)))
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for order in orders:
            assess(order, NOW)
        best = min(best, time.perf_counter() - start)
    assert best / len(orders) < 150e-6
