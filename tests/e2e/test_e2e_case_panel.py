"""The case in the badge's panel, against the real companion and the unpacked extension (issue 16, point 1):
after a Copy the panel asks "Did you send it?" and one click records the matching step; Undo removes it;
"Record a step" records another kind with a day. Each answer redraws the panel from the companion's order."""

from __future__ import annotations

import pytest
import pytest_asyncio

from datetime import datetime, timezone

from tests.e2e.test_e2e_panel import BADGE, DISPUTE_ID, PANEL, dispute_page, open_panel

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def browser(browser, companion):
    await browser.pair_via_dashboard(companion)
    return browser


async def test_copy_then_sent_records_the_step_and_undo_removes_it(browser, companion, artifacts):
    page = await dispute_page(browser)
    panel = await open_panel(page, DISPUTE_ID)
    assert await panel.locator(".case .entries").count() == 0
    # the dispute was first seen today: its next step is to escalate in 3 days, with the text to send then
    card = panel.locator('.case .follow-up[data-follow-up="escalate"]')
    await card.locator("button.copy").click()
    question = card.locator(".sent-question")
    await question.wait_for()
    assert await question.locator(".question-text").text_content() == "Did you send it?"
    await question.locator('button[data-answer="sent"]').click()
    entry = page.locator(f'{PANEL} .case .entry[data-kind="escalated"]')
    await entry.wait_for(timeout=10000)
    case = companion.api(f"/orders/{DISPUTE_ID}")["case"]
    assert [e["kind"] for e in case] == ["escalated"] and "T" in case[0]["at"]  # the click's own moment
    await page.locator(PANEL).screenshot(path=str(artifacts / "panel-case-recorded.png"))

    await entry.locator("button.undo").click()
    await page.locator(f"{PANEL} .case p.none").wait_for(timeout=10000)
    assert companion.api(f"/orders/{DISPUTE_ID}")["case"] == []
    await page.close()


async def test_record_a_step_with_a_day(browser, companion):
    page = await dispute_page(browser)
    panel = await open_panel(page, DISPUTE_ID)
    form = panel.locator(".case .record")
    await form.locator("select.record-kind").select_option("offer_received")
    day = await form.locator("input.record-day").input_value()
    await form.locator("button.record").click()
    await page.locator(f'{PANEL} .case .entry[data-kind="offer_received"]').wait_for(timeout=10000)
    case = companion.api(f"/orders/{DISPUTE_ID}")["case"]
    assert [e["kind"] for e in case] == ["offer_received"] and case[0]["at"][:10] == day
    await page.close()


def clear_case(companion, order_id: str) -> None:
    for n in reversed(range(len(companion.api(f"/orders/{order_id}")["case"]))):
        assert companion.call("DELETE", f"/api/v1/orders/{order_id}/case/{n}")[0] == 200


async def test_the_next_step_shows_on_the_badge_once_it_is_due(browser, companion, artifacts):
    """Issue 16, point 2: the most pressing follow-up on the badge itself. The fake page's dispute is weeks
    old: its 3 days without agreement have passed, so the badge says "Escalate now"; once an escalation is
    recorded nothing is pressing and the badge says no more than before."""
    clear_case(companion, DISPUTE_ID)  # what the tests above recorded
    assert companion.api(f"/orders/{DISPUTE_ID}")["hint"]["follow_ups"][0]["overdue"] is True
    fu = f"document.querySelector('{BADGE}[data-order-guard-order-id=\"{DISPUTE_ID}\"]')?.getAttribute('data-follow-up')"
    page = await dispute_page(browser)
    host = page.locator(f'{BADGE}[data-order-guard-order-id="{DISPUTE_ID}"]')
    try:
        await page.wait_for_function(f"{fu} === 'escalate'", timeout=20000)
        assert await host.locator(".fu").text_content() == "Escalate now"
        assert (await host.locator(".badge").bounding_box())["height"] < 40  # still one short line
        # another order of the page, with no case: its badge has no such words
        assert await page.locator(f"{BADGE}:not([data-order-guard-order-id='{DISPUTE_ID}'])").first.get_attribute("data-follow-up") == ""
        await host.scroll_into_view_if_needed()
        await host.screenshot(path=str(artifacts / "badge-follow-up-en.png"))
        await host.locator("xpath=ancestor::div[contains(@class, 'order-item')][1]").screenshot(
            path=str(artifacts / "badge-follow-up-en-card.png"))
        await page.close()

        await browser.set_options(lang="he")
        page = await dispute_page(browser)
        host = page.locator(f'{BADGE}[data-order-guard-order-id="{DISPUTE_ID}"]')
        await page.wait_for_function(f"document.querySelector('{BADGE}[data-order-guard-order-id=\"{DISPUTE_ID}\"]')"
                                     "?.getAttribute('lang') === 'he'", timeout=20000)
        assert await host.locator(".fu").text_content() == "להסלים עכשיו"
        assert await host.locator(".badge").get_attribute("dir") == "rtl"
        await host.scroll_into_view_if_needed()
        await host.screenshot(path=str(artifacts / "badge-follow-up-he.png"))
        await host.locator("xpath=ancestor::div[contains(@class, 'order-item')][1]").screenshot(
            path=str(artifacts / "badge-follow-up-he-card.png"))
        await page.close()

        escalated = datetime.now(timezone.utc).isoformat(timespec="seconds")
        status, body = companion.call("POST", f"/api/v1/orders/{DISPUTE_ID}/case", {"kind": "escalated", "at": escalated})
        assert status == 200 and body["hint"]["follow_ups"] == [], body
        page = await dispute_page(browser)
        await page.wait_for_function(f"{fu} === ''", timeout=20000)
        assert await page.locator(f'{BADGE}[data-order-guard-order-id="{DISPUTE_ID}"] .fu').text_content() == ""
        await page.close()
    finally:
        await browser.set_options(lang="auto")
        clear_case(companion, DISPUTE_ID)
