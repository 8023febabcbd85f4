"""The order pages besides the current www.aliexpress.com list and detail: the old
trade.aliexpress.com list (2016+ and, from a real saved page, 2014-2015), the aliexpress.ru list and the tracking page. Each is loaded in the
browser with the real extension, paired with a real companion; every order the page shows gets
exactly one badge, for the right order, with the severity the companion stored."""

from __future__ import annotations

import re

import pytest
import pytest_asyncio

from tests.e2e.fake_aliexpress import TRACKING_ORDER_ID, ru_orders, trade_2015_ids, trade_orders
from tests.e2e.panel_texts import texts_in

pytestmark = pytest.mark.asyncio(loop_scope="module")

BADGE = "order-guard-badge"
# Generous ceilings for a 2-core CI machine; on a quiet machine the badges are there in well under a second.
BADGES_TIMEOUT_MS = 5000
# Below the content script's 4 s fallback for detail-like pages whose content it does not recognise:
# the tracking page must be recognised as drawn, not merely waited out.
TRACKING_TIMEOUT_MS = 3000


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def browser(browser, companion):
    """Paired the way a user pairs: by opening the dashboard once."""
    await browser.pair_via_dashboard(companion)
    return browser


async def open_and_wait(browser, url: str, badges: int, timeout: int = BADGES_TIMEOUT_MS):
    """Opens ``url``, waits for ``badges`` badges and returns (page, the companion's answer to the page)."""
    browser.console_errors.clear()
    page = await browser.new_page()
    is_post = lambda r: r.request.method == "POST" and "/api/v1/pages" in r.url  # noqa: E731
    async with browser.ctx.expect_event("response", is_post, timeout=timeout) as answer:
        await page.goto(url)
    answer = await (await answer.value).json()
    await page.wait_for_function(f"document.querySelectorAll('{BADGE}').length === {badges}", timeout=timeout)
    return page, answer


async def finish(browser, page) -> None:
    """Nothing on the page (our content script included) logged an error."""
    await page.close()
    assert browser.console_errors == []


async def check_badge(host, order_id: str, page_kind: str, companion) -> str:
    """The badge names ``order_id``, shows what the companion stored for it, and is on screen."""
    assert await host.get_attribute("data-order-guard-order-id") == order_id
    stored = companion.api(f"/orders/{order_id}")
    assert page_kind in stored["seen_on"], stored["seen_on"]
    assert await host.get_attribute("data-severity") == stored["hint"]["severity"]
    assert await host.is_visible()
    assert (await host.locator(".badge .text").text_content()).strip()
    return stored["hint"]["severity"]


async def check_cards(page, cards, shown_ids: list[str], page_kind: str, answer: dict, companion, artifacts, shot: str):
    assert answer["page_kind"] == page_kind
    assert {o["order_id"] for o in answer["orders"]} == set(shown_ids)
    assert await page.locator(BADGE).count() == len(shown_ids)
    severities = []
    for i, order_id in enumerate(shown_ids):
        card = cards.nth(i)
        host = card.locator(BADGE)
        assert await host.count() == 1, f"card {i} ({order_id}) has {await host.count()} badges"
        severities.append(await check_badge(host, order_id, page_kind, companion))
        # Drawn inside its card, not somewhere else on the page, and inside a table cell when the card is table rows
        # (an element dropped straight into a <tr> becomes an extra column and pushes the page's own cells aside).
        assert await host.evaluate("h => !h.closest('table') || h.parentElement.closest('td, th') !== null")
        card_box, badge_box = await card.bounding_box(), await host.bounding_box()
        assert card_box["y"] <= badge_box["y"] and badge_box["y"] + badge_box["height"] <= card_box["y"] + card_box["height"] + 1
    # The fake orders are spread over several severities, so a badge on the wrong card would show.
    assert len(set(severities)) >= 3, severities
    await page.screenshot(path=str(artifacts / shot), full_page=True)


async def test_old_trade_list_gets_one_badge_per_order(browser, companion, artifacts):
    expected = [o["id"] for o in trade_orders()]
    page, answer = await open_and_wait(browser, browser.trade("/orderList.htm"), len(expected))
    cards = page.locator("#buyer-ordertable tbody.order-item-wraper")
    assert await cards.count() == len(expected)
    shown = [(await cards.nth(i).locator(".order-info .first-row .info-body").text_content()).strip() for i in range(len(expected))]
    assert shown == expected
    await check_cards(page, cards, shown, "trade_list", answer, companion, artifacts, "trade-list.png")
    # The page's columns are where the page put them: each order's buttons stay under its store column.
    for i in range(len(expected)):
        store, buttons = cards.nth(i).locator("td.store-info"), cards.nth(i).locator("td.order-action")
        assert abs((await store.bounding_box())["x"] - (await buttons.bounding_box())["x"]) < 1
    await finish(browser, page)


async def test_real_2015_trade_list_gets_a_badge_on_each_order(browser, companion, artifacts):
    """The 2014-2015 layout: table#TP_BoughtTable, one tbody.ae-order[data-orderid] per order (a real saved page)."""
    expected = trade_2015_ids()
    assert len(expected) == 10
    page, answer = await open_and_wait(browser, browser.trade("/orderList.htm?layout=2015"), len(expected))
    assert answer["page_kind"] == "trade_list"
    assert {o["order_id"] for o in answer["orders"]} == set(expected)
    cards = page.locator("table#TP_BoughtTable tbody.ae-order")
    assert await cards.count() == len(expected)
    for i, order_id in enumerate(expected):
        card = cards.nth(i)
        assert await card.get_attribute("data-orderid") == order_id
        host = card.locator(BADGE)
        assert await host.count() == 1, f"order {order_id} has {await host.count()} badges"
        await check_badge(host, order_id, "trade_list", companion)
        # In the order's head row, right after its number, inside the row's cell (not an extra column).
        assert await host.evaluate("""h => h.closest('tr') !== null && h.closest('tr').matches('tr.order-hd')
            && h.previousElementSibling !== null && h.previousElementSibling.matches('span.order-num')
            && h.parentElement.closest('td') !== null""")
        assert order_id in await host.evaluate("h => h.previousElementSibling.textContent")
    # The page's own columns stay where they were: each head row is still one cell wide across the table.
    assert await page.eval_on_selector_all("tbody.ae-order tr.order-hd", "rows => rows.every(r => r.cells.length === 1)")
    await page.screenshot(path=str(artifacts / "trade-list-2015.png"), full_page=True)
    # A panel opened from a badge low in the window, where it fits neither below nor above at full height,
    # stays beside its badge: the buyer still sees which order it is about.
    badge = cards.nth(1).locator(BADGE)
    await badge.evaluate("h => window.scrollTo(0, h.getBoundingClientRect().top + window.scrollY - 420)")
    await badge.locator(".badge").click()
    panel = page.locator("order-guard-panel .panel")
    await panel.wait_for()
    await texts_in(page)  # its height, with the texts in
    assert await page.get_attribute("order-guard-panel", "data-order-guard-order-id") == expected[1]
    b, p = await badge.bounding_box(), await panel.bounding_box()
    assert b["y"] + b["height"] <= p["y"] or p["y"] + p["height"] <= b["y"], (b, p)
    assert p["y"] >= 0 and p["y"] + p["height"] <= 900, p
    await page.screenshot(path=str(artifacts / "trade-list-2015-panel.png"))
    await page.close()
    # The saved page's own images and icon (http://, other hosts) don't load here; nothing else may complain.
    page_resources = ("Failed to load resource", "Mixed Content")
    assert [e for e in browser.console_errors if not any(p in e for p in page_resources)] == []


async def test_aliexpress_ru_list_gets_one_badge_per_order(browser, companion, artifacts):
    expected = [o["id"] for o in ru_orders()]
    page, answer = await open_and_wait(browser, browser.ru("/order-list"), len(expected))
    cards = page.locator('[class*="RedOrderList_OrderItem__wrapper"]')
    assert await cards.count() == len(expected)
    numbers = [await cards.nth(i).locator('[data-testid="orderNumber"]').text_content() for i in range(len(expected))]
    shown = [re.sub(r"\D", "", number) for number in numbers]
    assert shown == expected
    await check_cards(page, cards, shown, "ru_list", answer, companion, artifacts, "ru-list.png")
    await finish(browser, page)


async def test_tracking_page_gets_its_badge(browser, companion, artifacts):
    url = browser.ali(f"/p/tracking/index.html?tradeOrderId={TRACKING_ORDER_ID}")
    page, answer = await open_and_wait(browser, url, 1, timeout=TRACKING_TIMEOUT_MS)
    assert answer["page_kind"] == "tracking"
    assert [o["order_id"] for o in answer["orders"]] == [TRACKING_ORDER_ID]
    await check_badge(page.locator(BADGE), TRACKING_ORDER_ID, "tracking", companion)
    stored = companion.api(f"/orders/{TRACKING_ORDER_ID}")
    assert stored["protection"]["source"] == "page" and stored["hint"]["exact"] is True
    await page.screenshot(path=str(artifacts / "tracking-en.png"))
    await finish(browser, page)

