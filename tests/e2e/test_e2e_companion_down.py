"""When the companion is missing the page gets one quiet notice in buyer words (the command, never a path in the
project), badges already drawn stay, greyed, with the time they were last updated, and everything comes back to
life by itself once the companion is back on its port."""

from __future__ import annotations

import asyncio
import re
from datetime import datetime, timedelta

import pytest

from tests.e2e.fake_aliexpress import FIRST_PAGE

pytestmark = pytest.mark.asyncio(loop_scope="module")

BADGE = "order-guard-badge"
NOTICE = "order-guard-notice"
COMMAND = "order-guard serve"
DOWN_TITLE = "Order Guard's companion is not running"
POPUP_DOWN = "Order Guard's companion is not running. Start it with: order-guard serve"
POPUP_DOWN_AUTOSTART = ("Order Guard's companion is not running. It normally starts with your computer; "
                        "start it now with: order-guard serve")
ALL_STALE = f"[...document.querySelectorAll('{BADGE}')].filter((b) => b.dataset.stale === 'true').length === {FIRST_PAGE['n']}"
NAMES = "(nodes) => nodes.map((n) => n.shadowRoot.querySelector('.badge').textContent)"
NONE_STALE = f"document.querySelectorAll('{BADGE}').length === {FIRST_PAGE['n']} && !document.querySelector('{BADGE}[data-stale]')"

# Resolves once the worker has asked the companion's health `n` more times: proof that the page kept checking.
HEALTH_CHECKS = """(n) => new Promise((resolve) => {
  const real = self.__ogRealFetch || (self.__ogRealFetch = self.fetch);
  let seen = 0;
  self.fetch = (...args) => {
    if (String(args[0]).endsWith('/api/v1/health') && ++seen >= n) {
      self.fetch = real;
      resolve(seen);
    }
    return real(...args);
  };
})"""


async def health_checks(browser, n: int = 2) -> None:
    await asyncio.wait_for(browser.ctx.service_workers[0].evaluate(HEALTH_CHECKS, n), 20)


async def remember_autostart(browser, value) -> None:
    """What the worker keeps from the companion's last health answer (its `autostart` flag)."""
    script = "chrome.storage.local.remove('autostart')" if value is None else f"chrome.storage.local.set({{autostart: {str(value).lower()}}})"
    await browser.ctx.service_workers[0].evaluate(script)


def clock_times(start: datetime, end: datetime) -> set[str]:
    """Every minute from start to end as an English clock shows it ("1:05 AM")."""
    out, minute = set(), start.replace(second=0, microsecond=0)
    while minute <= end:
        out.add(f"{minute:%I}".lstrip("0") + f":{minute:%M} {minute:%p}")
        minute += timedelta(minutes=1)
    return out


async def popup_state(browser) -> str:
    popup = await browser.new_page()
    await popup.goto(browser.ext_page("popup/popup.html"))
    await popup.wait_for_selector("body[data-ready=true]")
    text = await popup.locator("#state").text_content()
    await popup.close()
    return text


async def test_unpaired_notice_then_pairing_draws_the_badges(browser, companion):
    await browser.set_options(port=companion.port)
    page = await browser.new_page()
    await page.goto(browser.ali())
    notice = page.locator(NOTICE)
    await notice.wait_for(timeout=10000)
    assert await notice.get_attribute("data-reason") == "unpaired"
    assert await notice.locator("code").text_content() == "order-guard open"  # the CLI prints the one-time link
    await browser.pair_via_dashboard(companion)
    await page.wait_for_function(f"document.querySelectorAll('{BADGE}').length === {FIRST_PAGE['n']}", timeout=15000)
    assert await notice.count() == 0
    await page.close()


async def test_companion_down_shows_one_notice_and_recovers_by_itself(browser, companion, artifacts):
    companion.stop()
    await remember_autostart(browser, None)
    browser.console_errors.clear()
    page = await browser.new_page()
    await page.goto(browser.ali())
    notice = page.locator(NOTICE)
    await notice.wait_for(timeout=10000)
    assert await notice.get_attribute("data-reason") == "down"
    assert await notice.get_attribute("data-autostart") == "false"
    assert await notice.locator(".title").text_content() == DOWN_TITLE
    assert await notice.locator(".body").text_content() == "Start it with:"
    assert await notice.locator("code").text_content() == COMMAND
    assert "scripts" not in await notice.locator(".notice").text_content()
    await health_checks(browser, 2)  # it kept checking while down, and still shows one notice
    assert await notice.count() == 1
    # the badges the extension kept from the last visit are drawn, greyed: not updated since that answer
    await page.wait_for_function(ALL_STALE, timeout=10000)
    box = await notice.locator(".notice").bounding_box()
    assert box["width"] <= 360 and box["height"] <= 140, box
    await page.screenshot(path=str(artifacts / "companion-down.png"))
    assert await popup_state(browser) == POPUP_DOWN

    companion.start()
    await page.wait_for_function(NONE_STALE, timeout=20000)  # the kept badges come back to life with the answer
    await notice.wait_for(state="detached", timeout=5000)
    assert browser.console_errors == []
    await page.close()


async def test_badges_grey_while_the_companion_is_away_and_come_back_on_its_return(browser, companion, artifacts):
    browser.console_errors.clear()
    page = await browser.new_page()
    before = datetime.now()
    await page.goto(browser.ali())
    await page.wait_for_function(NONE_STALE, timeout=15000)
    after = datetime.now()
    names = await page.eval_on_selector_all(BADGE, NAMES)

    companion.stop()
    await page.wait_for_function(ALL_STALE, timeout=25000)  # noticed by the page's own check, no reload
    stale = await page.eval_on_selector_all(BADGE, """(nodes) => nodes.map((n) => ({
        note: n.shadowRoot.querySelector('.stale').textContent,
        name: n.shadowRoot.querySelector('.badge').textContent,
        filter: getComputedStyle(n.shadowRoot.querySelector('.badge')).filter }))""")
    times = clock_times(before, after)
    for badge, name in zip(stale, names):
        note = re.sub(r"[\u202f\u00a0]", " ", badge["note"])
        assert note.startswith("not updated since "), note
        assert note.removeprefix("not updated since ") in times, (note, times)
        assert badge["name"] == name + badge["note"]  # what a screen reader says ends with it too
        assert badge["filter"].startswith("grayscale"), badge
    notice = page.locator(NOTICE)
    await notice.wait_for()
    assert await notice.locator("code").text_content() == COMMAND
    await page.screenshot(path=str(artifacts / "companion-down-greyed-badges.png"))

    companion.start()  # the same port: returns once it answers its health
    await page.wait_for_function(NONE_STALE, timeout=5000)  # live again within 5 s of its return
    assert await notice.count() == 0
    assert await page.eval_on_selector_all(BADGE, NAMES) == names
    assert browser.console_errors == []
    await page.close()


async def test_autostart_remembered_from_the_companion_says_it_normally_starts_with_the_computer(browser, companion):
    companion.stop()
    try:
        await remember_autostart(browser, True)  # what its last health answer said
        page = await browser.new_page()
        await page.goto(browser.ali())
        notice = page.locator(NOTICE)
        await notice.wait_for(timeout=10000)
        assert await notice.get_attribute("data-autostart") == "true"
        assert await notice.locator(".body").text_content() == "It normally starts with your computer. Start it now with:"
        assert await notice.locator("code").text_content() == COMMAND
        assert await popup_state(browser) == POPUP_DOWN_AUTOSTART
        await page.close()
    finally:
        await remember_autostart(browser, None)
        companion.start()


async def test_dismissed_notice_stays_away(browser, companion):
    companion.stop()
    try:
        page = await browser.new_page()
        await page.goto(browser.ali())
        notice = page.locator(NOTICE)
        await notice.wait_for(timeout=10000)
        await notice.locator(".x").click()
        await health_checks(browser, 2)  # checked again twice, still down: the notice stays dismissed
        assert await notice.count() == 0
        assert browser.console_errors == []
        await page.close()
    finally:
        companion.start()


async def test_the_panel_asks_for_its_texts_and_says_why_it_could_not_get_them(browser, companion, artifacts):
    """A page's answer leaves each hint's actions out; the panel asks for them as it opens. With the companion away
    it says so, with "Try again", which gets them once the companion is back."""
    page = await browser.new_page()
    await page.goto(browser.ali())
    await page.wait_for_function(NONE_STALE, timeout=15000)
    ids = await page.eval_on_selector_all(BADGE, "(nodes) => nodes.map((n) => n.dataset.orderGuardOrderId)")
    # an order with a text to copy among its first actions (not behind "More")
    order_id = next(i for i in ids if any(a.get("text") and not a.get("more") for a in companion.api(f"/orders/{i}")["hint"]["actions"]))
    whole = companion.api(f"/orders/{order_id}")["hint"]["actions"]
    companion.stop()
    try:
        await page.locator(f'{BADGE}[data-order-guard-order-id="{order_id}"] .badge').click()
        problem = page.locator("order-guard-panel .actions-problem")
        await problem.wait_for(timeout=10000)
        assert await problem.get_attribute("role") == "alert"
        assert await problem.locator("p").text_content() == f"The texts to copy could not be fetched: {DOWN_TITLE}"
        assert await page.locator("order-guard-panel .copy").count() == 0
        await page.screenshot(path=str(artifacts / "panel-texts-companion-down.png"))
    finally:
        companion.start()
    await page.locator("order-guard-panel button.retry").click()
    await page.locator("order-guard-panel .action").first.wait_for(timeout=10000)
    assert await page.locator("order-guard-panel .actions-problem").count() == 0
    first = [a for a in whole if not a.get("more")]
    shown = await page.locator("order-guard-panel .action").evaluate_all(
        "(cards) => cards.filter((c) => c.offsetParent !== null).map((c) => c.dataset.action)")
    assert shown == [a["key"] for a in first]
    texts = await page.locator("order-guard-panel .action .text").evaluate_all(
        "(nodes) => nodes.filter((n) => n.offsetParent !== null).map((n) => n.textContent)")
    assert texts == [a["text"] for a in first if a.get("text")]
    # "Try again" had the focus, and the part it was in was replaced: the focus is on the first Copy now
    focused = "() => { const a = document.querySelector('order-guard-panel').shadowRoot.activeElement; return !!a && a.matches('.copy'); }"
    assert await page.evaluate(focused)
    # The texts came once: opened again, even with the companion away, the panel has them at once
    await page.keyboard.press("Escape")
    companion.stop()
    try:
        await page.locator(f'{BADGE}[data-order-guard-order-id="{order_id}"] .badge').click()
        await page.locator("order-guard-panel .action").first.wait_for(timeout=2000)
        await page.wait_for_timeout(300)
        assert await page.locator("order-guard-panel .actions-problem, order-guard-panel .loading").count() == 0
        assert await page.evaluate(focused)
    finally:
        companion.start()
    await page.close()
