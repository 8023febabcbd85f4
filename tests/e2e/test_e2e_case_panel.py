"""The case in the badge's panel, against the real companion and the unpacked extension (issue 16, point 1):
after a Copy the panel asks "Did you send it?" and one click records the matching step; Undo removes it;
"Record a step" records another kind with a day. Each answer redraws the panel from the companion's order."""

from __future__ import annotations

import pytest
import pytest_asyncio

from tests.e2e.test_e2e_panel import DISPUTE_ID, PANEL, dispute_page, open_panel

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
