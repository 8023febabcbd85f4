"""Benchmark rows for "Read all my orders" (issue 15, point 7), registered by scripts/bench.py (--only scan).

- The companion's side of a scan while the site answers at once: the posts a 1,000-order scan makes (after each
  batch of ten the content script sends the list read so far), through the real app on a fresh store, against
  the same 1,000 orders posted once as one page, measured in the same run; with the orders per second it comes to.
- The browser's memory at the end of a 1,000-order scan in the headless-Chromium harness (real extension, real
  companion, tests/e2e/test_e2e_scan_size.py), against the same browser with the history's first batch loaded,
  before the scan; and the companion's processor time over that scan.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ORDERS, PER_BATCH = 1000, 10


def _areas(prefix: int, n: int = ORDERS) -> list[str]:
    """The order areas a scan of ``n`` orders sends: the first batch, then the list so far after each further batch."""
    from tests.e2e.fake_history import History
    from tests.fixtures.pagegen import render_order_list

    history = History(prefix=prefix, n=n, batches=n // PER_BATCH, open_orders=0, fail_batch=None, repeats=(), captcha=False)
    orders = history.orders()
    return [render_order_list(orders[: PER_BATCH * (k + 1)], noise=False) for k in range(n // PER_BATCH)]


async def companion_rows(b, runs: int, n: int = ORDERS) -> None:
    """``b``: scripts/bench.py (its app client, post, record and rows); ``n``: the history's orders."""
    scans, singles = [], []
    for run in range(runs):
        areas = _areas(30 + run, n)
        whole = _areas(60 + run, n)[-1]  # as many orders, other ids: first sight too
        for samples, htmls in ((singles, [whole]), (scans, areas)):
            bodies = [b.page_body(html) for html in htmls]  # the browser's work, done before the clock starts
            b.forget_parsed_cards()
            with tempfile.TemporaryDirectory() as tmp:
                client = await b.start_client(Path(tmp))
                try:
                    started = time.perf_counter()
                    for html, body in zip(htmls, bodies):
                        await b.post(client, html, body)
                    samples.append(time.perf_counter() - started)
                finally:
                    await client.close()
    base = b.record(f"one page of {n:,} orders posted once, first sight [baseline]", singles, None)
    scan = b.record(f"  a {n:,}-order scan's {n // PER_BATCH} posts (the list so far after each batch)", scans, base)
    b.ROWS.append((f"  = {n / scan:,.0f} orders per second on the companion side (the site answering at once)",
                   n / scan, None, None, "", None, None))


def browser_rows(rows: list, orders: int = ORDERS) -> None:
    artifact = ROOT / "test-artifacts" / "scan-figures.json"
    artifact.unlink(missing_ok=True)
    test = "tests/e2e/test_e2e_scan_size.py"
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", test], cwd=ROOT,
                          env={**os.environ, "ORDER_GUARD_SCAN_ORDERS": str(orders)},
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if done.returncode != 0 or not artifact.exists():
        print(done.stdout[-2000:])
        rows.append((f"browser: {orders:,}-order scan (the browser test failed, see above)", 0, None, None, "", False, None))
        return
    figures = json.loads(artifact.read_text())
    before, after = figures["browser_rss_before_mb"], figures["browser_rss_after_mb"]
    rows.append(("browser memory, the history's first batch loaded, before the scan [baseline]", before, None, None, "", None, None))
    rows.append((f"  browser memory at the end of the {figures['orders']:,}-order scan", after, None, after / before, "", None, None))
    cpu = figures["companion_cpu_s"]
    rows.append((f"  companion processor time over that scan ({figures['orders'] / cpu:,.0f} orders per CPU second)" if cpu else
                 "  companion processor time over that scan", cpu * 1000, None, None, "", None, None))
    rows.append((f"  that scan end to end at the test pace ({figures['batches']} batches)", figures["wall_s"] * 1000, None, None, "", None, None))


QUICK_ORDERS = 300


def run(b, runs: int, quick: bool = False) -> None:
    """The rows, appended to ``b.ROWS`` (``b``: scripts/bench.py). The quick run scans a shorter history, on the
    companion's side and in the browser (the browser test paces it like the site): at full length the two scans
    were a fifth of the quick run, and a slower machine took it past its two minutes."""
    orders = QUICK_ORDERS if quick else ORDERS
    b.asyncio.run(companion_rows(b, max(1, runs // 5), orders))
    browser_rows(b.ROWS, orders)
