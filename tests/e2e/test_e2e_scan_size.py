"""A long history read by "Read all my orders" in the browser: every order stored once, and the figures
scripts/bench reports (browser memory before and at the end of the scan, the companion's processor time), written
to test-artifacts/scan-figures.json. The size is ORDER_GUARD_SCAN_ORDERS (scripts/bench asks for 1,000; the
suite reads 200 so it stays short); the fake site answers at once and the pace is the test's own."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
import pytest_asyncio

from tests.e2e import fake_history
from tests.e2e.conftest import EXTENSION

pytestmark = pytest.mark.asyncio(loop_scope="module")

ORDERS = int(os.environ.get("ORDER_GUARD_SCAN_ORDERS", "200"))
BAR = "order-guard-scan"
FAST = {"actionMs": 20, "pageMs": 60, "waitMs": 30000}


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def browser(browser, companion):
    await browser.pair_via_dashboard(companion)
    page = await browser.new_page()
    await page.goto(browser.ext_page("options/options.html"))
    await page.evaluate("(pace) => chrome.storage.local.set({ scanPace: pace })", FAST)
    await page.close()
    return browser


def browser_rss_mb() -> float:
    """Resident memory of this test's browser: the Chromium that loaded this worktree's extension, and every
    process under it (renderers, the extension's worker, GPU and network services)."""
    parents, rss, roots = {}, {}, []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            pid = int(proc.name)
            parents[pid] = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
            status = (proc / "status").read_text()
            rss[pid] = next((int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmRSS:")), 0.0)
            cmdline = (proc / "cmdline").read_bytes().decode(errors="replace").split("\0")
        except (OSError, ValueError, IndexError):
            continue
        if f"--load-extension={EXTENSION}" in cmdline and not any(arg.startswith("--type=") for arg in cmdline):
            roots.append(pid)
    assert len(roots) == 1, f"expected one browser with this extension, found {roots}"

    def under(pid: int) -> bool:
        while pid > 1:
            if pid == roots[0]:
                return True
            pid = parents.get(pid, 0)
        return False

    return sum(mb for pid, mb in rss.items() if under(pid))


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def test_a_long_history_is_read_once_and_its_figures_written(browser, companion, artifacts):
    name = f"bench{ORDERS}"
    history = fake_history.history(name)
    page = await browser.new_page()
    await page.goto(browser.ali(f"/p/order/index.html?set=history&h={name}"))
    await page.wait_for_selector(f"{BAR}[data-state=idle]", state="attached", timeout=60000)
    rss_before = browser_rss_mb()
    cpu_before, started = cpu_seconds(companion.proc.pid), time.perf_counter()
    await page.locator(f'{BAR} [data-action="scan-orders"]').click()
    await page.wait_for_function(f"() => document.querySelector('{BAR}').dataset.state === 'ended'", timeout=600000)
    wall, cpu = time.perf_counter() - started, cpu_seconds(companion.proc.pid) - cpu_before
    rss_after = browser_rss_mb()
    state = await page.eval_on_selector(BAR, "h => [h.dataset.reason, h.dataset.orders, h.dataset.batches]")
    assert state == ["end", str(ORDERS), str(history.batches)], state
    ids = [o["order_id"] for o in companion.api("/orders")["orders"] if o["order_id"].startswith(f"83{history.prefix:02d}")]
    assert sorted(ids) == history.ids()
    (artifacts / "scan-figures.json").write_text(json.dumps({
        "orders": ORDERS, "batches": history.batches, "wall_s": wall, "companion_cpu_s": cpu,
        "browser_rss_before_mb": rss_before, "browser_rss_after_mb": rss_after}))
    await page.close()
