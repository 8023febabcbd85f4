"""When the companion is missing the page gets one quiet notice with the command, no console errors,
and the extension recovers by itself once the companion is back."""

from __future__ import annotations

import pytest

from tests.e2e.fake_aliexpress import FIRST_PAGE

pytestmark = pytest.mark.asyncio(loop_scope="module")

BADGE = "order-guard-badge"
NOTICE = "order-guard-notice"


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
    browser.console_errors.clear()
    page = await browser.new_page()
    await page.goto(browser.ali())
    notice = page.locator(NOTICE)
    await notice.wait_for(timeout=10000)
    assert await notice.get_attribute("data-reason") == "down"
    assert await notice.locator("code").text_content() == "./scripts/run"
    assert "isn't running" in await notice.locator(".title").text_content()
    await page.wait_for_timeout(3500)  # at least one automatic retry while still down
    assert await notice.count() == 1
    assert await page.locator(BADGE).count() == 0
    box = await notice.locator(".notice").bounding_box()
    assert box["width"] <= 360 and box["height"] <= 140, box
    await page.screenshot(path=str(artifacts / "companion-down.png"))

    companion.start()
    await page.wait_for_function(f"document.querySelectorAll('{BADGE}').length === {FIRST_PAGE['n']}", timeout=20000)
    assert await notice.count() == 0
    assert browser.console_errors == []
    await page.close()


async def test_dismissed_notice_stays_away(browser, companion):
    companion.stop()
    try:
        page = await browser.new_page()
        await page.goto(browser.ali())
        notice = page.locator(NOTICE)
        await notice.wait_for(timeout=10000)
        await notice.locator(".x").click()
        await page.wait_for_timeout(3500)
        assert await notice.count() == 0
        assert browser.console_errors == []
        await page.close()
    finally:
        companion.start()
