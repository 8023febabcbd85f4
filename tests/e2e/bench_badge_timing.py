"""A figure, not a test (pytest collects only test_*.py): from 60 cards appearing to the last badge drawn,
in the browser tests' harness (real extension, real companion, headless Chromium). ``./scripts/bench --only
browser`` runs it by path and prints it beside its baseline, measured in turn with each run: the same page
on a host the extension leaves alone drawing the same 60 cards."""

from __future__ import annotations

import json
import os

import pytest
import pytest_asyncio

from tests.e2e.card_insertion import INSERT_60, INSERT_KNOWN_60, KEPT

pytestmark = pytest.mark.asyncio(loop_scope="module")

BADGE = "order-guard-badge"


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def browser(browser, companion):
    await browser.pair_via_dashboard(companion)
    return browser


BADGE_RUNS = int(os.environ.get("ORDER_GUARD_BADGE_RUNS", "5"))


DATA_SEED = 1000  # the cards drawn from the list data: other orders, so first sight too


async def first_sight(page, browser, seed: int, from_data: bool) -> dict:
    """60 new cards on the extension's page: how long to their last badge, and the steps on the way."""
    await page.goto(browser.ali("/p/order/index.html?set=empty"))
    await page.wait_for_timeout(1000)  # the content script is in place and idle, as when a user clicks "View orders"
    timing = await page.evaluate(INSERT_60, [seed, True, from_data])
    assert await page.locator(BADGE).count() == 60
    return {"total": round(timing["total"], 1), "steps": {step: round(ms, 1) for step, ms in timing["steps"].items()},
            "worker": worker_steps(timing["worker"]), "ahead_worker": worker_steps(timing["aheadWorker"])}


def worker_steps(timing: dict | None) -> dict:
    return {step: round(ms, 1) for step, ms in (timing or {}).items() if isinstance(ms, (int, float))}


async def test_sixty_cards_badge_timing(browser, companion, artifacts):
    page = await browser.new_page()
    draws, revisits = [], []
    # the cards alone (their HTML), and the cards drawn from the list data the page fetched just before
    seen: dict[str, list] = {"cards": [], "data": []}
    for seed in range(101, 101 + BADGE_RUNS):
        await page.goto(browser.other("/p/order/index.html?set=empty"))
        await page.wait_for_timeout(1000)  # the same settled page as below
        draws.append(round((await page.evaluate(INSERT_60, [seed, False, False]))["total"], 1))
        seen["data"].append(await first_sight(page, browser, seed + DATA_SEED, True))
        seen["cards"].append(await first_sight(page, browser, seed, False))
        # a revisit: the same cards again, known from the answer the extension kept
        await page.wait_for_function(KEPT)
        await page.goto(browser.ali("/p/order/index.html?set=empty"))
        await page.wait_for_timeout(1000)
        again = await page.evaluate(INSERT_KNOWN_60, seed)
        revisits.append({"in_first_frame": again["inFrame"], "frame_ms": round(again["frame"], 1),
                         "refreshed_ms": round(again["refreshed"], 1)})
    figures = {"cards": 60, "page_draw_runs_ms": draws, "revisits": revisits}
    for name, runs in seen.items():
        figures[name] = {"runs_ms": [r["total"] for r in runs], "steps_ms": [r["steps"] for r in runs],
                         "worker_ms": [r["worker"] for r in runs], "ahead_worker_ms": [r["ahead_worker"] for r in runs]}
    (artifacts / "badge-timing-60.json").write_text(json.dumps(figures) + "\n")
    print(f"\n60 cards -> last badge: {json.dumps(figures)}")
