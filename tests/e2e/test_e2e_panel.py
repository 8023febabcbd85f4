"""The panel a badge opens, against the real companion: the first three actions and "More" (keyboard too), menu
paths that read in order in Hebrew, "Open dashboard" asking for the order's own page, and the one question an
open dispute without a known day gets (answered through the worker, the badge redrawn from the answer).

The list page here (fake site ``?set=dispute``) starts with an order in dispute; the last test gives it a day."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import pytest_asyncio

from tests.e2e.fake_aliexpress import DISPUTE_PAGE, dispute_orders
from tests.e2e.panel_texts import texts_in

pytestmark = pytest.mark.asyncio(loop_scope="module")

BADGE = "order-guard-badge"
PANEL = "order-guard-panel .panel"
DISPUTE_ID = dispute_orders()[0]["orderId"]
RULES = Path(__file__).resolve().parents[2] / "companion" / "i18n" / "locales"
MENU_STEPS = ["Payment failed", "Other order issues", "Extra Money", "Chat with an agent now"]


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def browser(browser, companion):
    await browser.pair_via_dashboard(companion)
    return browser


async def dispute_page(browser):
    page = await browser.new_page()
    await page.goto(browser.ali("/p/order/index.html?set=dispute"))
    await page.wait_for_function(f"document.querySelectorAll('{BADGE}').length === {DISPUTE_PAGE['n']}", timeout=20000)
    return page


async def open_panel(page, order_id):
    host = page.locator(f'{BADGE}[data-order-guard-order-id="{order_id}"]')
    await host.scroll_into_view_if_needed()
    await host.locator(".badge").click()
    panel = page.locator(PANEL)
    await panel.wait_for()
    await texts_in(page)
    return panel


async def shown_keys(panel, selector):
    return [f"{key}.{variant}" if variant else key for key, variant in await panel.locator(selector).evaluate_all(
        "cards => cards.filter((c) => c.offsetParent !== null).map((c) => [c.dataset.action, c.dataset.variant || ''])")]


def key_of(action):
    return f"{action['key']}.{action['variant']}" if action.get("variant") else action["key"]


async def test_the_first_three_actions_then_more_reached_by_keyboard(browser, companion):
    page = await dispute_page(browser)
    hint = companion.api(f"/orders/{DISPUTE_ID}")["hint"]
    first = [key_of(a) for a in hint["actions"] if not a["more"]]
    rest = [key_of(a) for a in hint["actions"] if a["more"]]
    assert len(first) == 3 and rest, hint["actions"]  # the dispute state has seven actions
    panel = await open_panel(page, DISPUTE_ID)
    assert await shown_keys(panel, ".action") == first
    more = panel.locator("button.more")
    assert await more.get_attribute("aria-expanded") == "false"
    assert await more.text_content() == f"More ({len(rest)})"
    # Keyboard only: Tab reaches "More", Enter opens the rest, in the hint's order.
    for _ in range(30):
        if await page.evaluate("document.querySelector('order-guard-panel').shadowRoot.activeElement?.classList.contains('more')"):
            break
        await page.keyboard.press("Tab")
    else:
        raise AssertionError("Tab never reached the More button")
    await page.keyboard.press("Enter")
    assert await more.get_attribute("aria-expanded") == "true"
    assert await shown_keys(panel, ".action") == first + rest
    await page.keyboard.press("Enter")
    assert await shown_keys(panel, ".action") == first
    await page.keyboard.press("Escape")
    await page.close()


# Where each step of the menu path is on screen, as {top, left, right} of its first box, found in the text itself
# (whatever elements the panel puts around it).
STEP_BOXES = """(root, steps) => {
    const boxes = {};
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const step of steps) {
            const at = node.data.indexOf(step);
            if (at < 0 || boxes[step]) continue;
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + step.length);
            const box = range.getClientRects()[0];
            boxes[step] = { top: box.top, left: box.left, right: box.right };
        }
    }
    return steps.map((step) => boxes[step] || null);
}"""


def reads_in_order(boxes, rtl):
    """Whether the boxes come one after another in reading order: line by line, then along the line."""
    same_line = 0
    for before, after in zip(boxes, boxes[1:]):
        if abs(before["top"] - after["top"]) > 4:
            if after["top"] < before["top"]:
                return False, same_line
            continue
        same_line += 1
        if (before["left"] < after["left"]) == rtl:
            return False, same_line
    return True, same_line


@pytest.mark.parametrize("lang", ["he", "en"])
async def test_the_live_agent_menu_path_reads_in_order(browser, companion, artifacts, lang):
    """In Hebrew the English steps of the Help Center menu read right to left, in the order they are taken;
    written as one run they were laid out left to right with arrows pointing left: backwards."""
    await browser.set_options(lang=lang)
    try:
        page = await dispute_page(browser)
        hint = companion.api(f"/orders/{DISPUTE_ID}", lang)["hint"]
        menu = next(a for a in hint["actions"] if a["key"] == "live_agent" and a.get("variant") == "menu")
        assert menu["explanation"] == json.loads((RULES / lang / "rules.json").read_text(encoding="utf-8"))["action.live_agent.menu.explanation"]
        await page.wait_for_function(f"document.querySelector('{BADGE}').getAttribute('lang') === '{lang}'")
        panel = await open_panel(page, DISPUTE_ID)
        await panel.locator("button.more").click()
        card = panel.locator('.action[data-action="live_agent"][data-variant="menu"]')
        await card.wait_for()
        boxes = await card.locator(".action-expl").evaluate(STEP_BOXES, MENU_STEPS)
        assert all(boxes), boxes
        await card.scroll_into_view_if_needed()
        await card.screenshot(path=str(artifacts / f"panel-menu-path-{lang}.png"))
        in_order, same_line = reads_in_order(boxes, rtl=lang == "he")
        assert in_order, boxes
        assert same_line >= 1, f"no two steps on one line: the check proves nothing ({boxes})"
        # What is copied stays the English text, left to right.
        assert await card.locator(".text").get_attribute("dir") == "ltr"
        await card.locator(".copy").click()
        await page.wait_for_function("document.querySelector('order-guard-panel').shadowRoot.querySelector('.copy.done') !== null")
        assert await page.evaluate("navigator.clipboard.readText()") == menu["text"]
        assert menu["text"].isascii()
        await page.close()
    finally:
        await browser.set_options(lang="auto")


async def test_open_dashboard_asks_for_the_orders_page_signed_in(browser, companion):
    page = await dispute_page(browser)
    order_id = dispute_orders()[1]["orderId"]
    panel = await open_panel(page, order_id)
    worker = browser.ctx.service_workers[0]
    # The tab the worker opens, as it asks for it (the login link redirects at once).
    await worker.evaluate("""() => {
        globalThis.__opened = [];
        const create = chrome.tabs.create.bind(chrome.tabs);
        chrome.tabs.create = (options) => { globalThis.__opened.push(options.url); return create(options); };
    }""")
    async with browser.ctx.expect_page() as opened:
        await panel.locator(".foot .link").click()
    dashboard = await opened.value
    await dashboard.wait_for_load_state()
    links = await worker.evaluate("globalThis.__opened")
    assert len(links) == 1, links
    link = urlparse(links[0])
    assert f"{link.scheme}://{link.netloc}" == companion.url
    assert link.path == "/login" and parse_qs(link.query)["once"], links
    assert parse_qs(link.query)["next"] == [f"/orders/{order_id}"]
    # Signed in by the one-time link (not the locked door page). The companion sends the session to `next`
    # once /login honours it; until then it lands on the list.
    assert await dashboard.locator("[data-locked]").count() == 0
    assert urlparse(dashboard.url).path == f"/orders/{order_id}"
    await dashboard.close()
    await page.close()


async def test_a_dispute_without_a_day_asks_when_it_was_opened(browser, companion, artifacts):
    page = await dispute_page(browser)
    assert companion.api(f"/orders/{DISPUTE_ID}")["dispute_opened_at"] is None
    host = page.locator(f'{BADGE}[data-order-guard-order-id="{DISPUTE_ID}"]')
    assert await host.get_attribute("data-state") == "dispute"
    assert await host.get_attribute("data-dispute-opened") == ""
    panel = await open_panel(page, DISPUTE_ID)
    question = panel.locator('.question[data-question="dispute-opened"]')
    assert await question.locator(".question-text").text_content() == "When did you open the dispute?"
    assert [await b.text_content() for b in await question.locator(".answers .answer").all()] == ["Today", "Yesterday", "Pick a date"]
    # The question has the focus, and keeps it when the texts to copy come in after the panel opened.
    assert await panel.locator(".copy").count() > 0
    focused = "() => document.querySelector('order-guard-panel').shadowRoot.activeElement?.textContent"
    assert await page.evaluate(focused) == "Today"
    await page.screenshot(path=str(artifacts / "panel-dispute-question.png"))
    # No other order asks.
    for order in dispute_orders()[1:]:
        await page.keyboard.press("Escape")
        other = await open_panel(page, order["orderId"])
        assert await other.locator(".question").count() == 0
    await page.keyboard.press("Escape")
    panel = await open_panel(page, DISPUTE_ID)
    question = panel.locator('.question[data-question="dispute-opened"]')

    # A day the companion refuses: its message is shown, nothing is stored.
    status, body = companion.call("PATCH", f"/api/v1/orders/{DISPUTE_ID}", {"dispute_opened_at": "2009-06-01"})
    assert status == 400
    await question.locator('[data-answer="pick"]').click()
    await question.locator("input.pick-day").fill("2009-06-01")
    await question.locator('[data-answer="save"]').click()
    error = question.locator(".question-status.error")
    await error.wait_for()
    assert body["error"]["message"] in await error.text_content()
    assert companion.api(f"/orders/{DISPUTE_ID}")["dispute_opened_at"] is None

    # Yesterday: stored through the worker, the badge and the panel drawn again from the answer.
    patches = []
    browser.ctx.on("request", lambda r: patches.append((r.url, r.post_data)) if r.method == "PATCH" else None)
    yesterday = await page.evaluate("(() => { const d = new Date(); d.setDate(d.getDate() - 1); "
                                    "return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + "
                                    "String(d.getDate()).padStart(2, '0'); })()")
    await question.locator('[data-answer="yesterday"]').click()
    await page.wait_for_function(
        f"document.querySelector('{BADGE}[data-order-guard-order-id=\"{DISPUTE_ID}\"]').dataset.disputeOpened === '{yesterday}'",
        timeout=10000)
    assert [json.loads(data) for _, data in patches] == [{"dispute_opened_at": yesterday}]
    assert urlparse(patches[0][0]).path == f"/api/v1/orders/{DISPUTE_ID}"
    stored = companion.api(f"/orders/{DISPUTE_ID}")
    assert stored["dispute_opened_at"][:10] == yesterday
    assert await host.get_attribute("data-severity") == stored["hint"]["severity"]
    panel = page.locator(PANEL)
    await panel.wait_for()
    assert await page.locator("order-guard-panel").get_attribute("data-order-guard-order-id") == DISPUTE_ID
    assert await panel.locator(".question").count() == 0
    await page.close()
