"""Parse time of a generated N-order list page against lxml.html.fromstring on the same bytes.

Run: .venv/bin/python -m tests.parsing.bench_list [N ...]
"""

from __future__ import annotations

import sys
import time
from datetime import datetime, timezone

import lxml.html

from companion.parsing import parse_page
from tests.fixtures.pagegen import render_order_list, synthetic_orders

URL = "https://www.aliexpress.com/p/order/index.html"


def best_of(fn, repeat: int = 7) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def measure(n: int, noise: bool = True) -> dict:
    html = render_order_list(synthetic_orders(n, seed=7), noise=noise, pii=True)
    when = datetime(2026, 9, 7, tzinfo=timezone.utc)
    parse_page(URL, html, when)  # warm the caches a real companion would have warm
    ours = best_of(lambda: parse_page(URL, html, when))
    base = best_of(lambda: lxml.html.fromstring(html.encode()))
    return {"orders": n, "bytes": len(html.encode()), "parse_ms": ours * 1000, "lxml_ms": base * 1000, "ratio": ours / base}


if __name__ == "__main__":
    for n in [int(a) for a in sys.argv[1:]] or [10, 60, 200]:
        r = measure(n)
        print(f"{r['orders']:4d} orders {r['bytes']:8d} B  parse {r['parse_ms']:7.2f} ms  lxml {r['lxml_ms']:6.2f} ms  ratio {r['ratio']:5.1f}x")
