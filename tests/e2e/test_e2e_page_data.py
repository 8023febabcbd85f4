"""The page's own data and the orders the companion could not read, in the browser with the real extension
and a real companion.

- A My Orders page draws its cards from the order-list JSON it fetches itself (fetch, XHR as text, XHR as
  json, lib-mtop's JSONP script), labelled in Italian, which the companion has no words for. The extension's
  page-world script sees that JSON without changing it, drops the private blocks, and the content script sends
  it along with the page: every card's badge then says what the data says. A completed order seen only on the
  list has no completion date, so its dispute window "may have closed" (docs/rules.md, "What the truth is"): the
  badge says so and its panel links the order's page to check.
- A page that shows more orders than can be read gets one notice with the numbers, and its "Save a report"
  button saves the companion's report as order-guard-report-<date>.json; a companion error says so."""

from __future__ import annotations

import asyncio
import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
import pytest_asyncio

from tests.e2e.fake_aliexpress import (
    BUYER, CAPTURE_VARIANTS, LATE_VARIANT, LIST_API, PARTIAL_READABLE, PARTIAL_UNREADABLE, PARTIAL_UNREADABLE_IDS, capture_for,
    capture_orders, orders_for)
from tests.e2e.panel_texts import texts_in

pytestmark = pytest.mark.asyncio(loop_scope="module")

BADGE = "order-guard-badge"
NOTICE = "order-guard-notice"
PRIVATE_KEY = re.compile(r"address|receiver|buyername|phone|mobile|contact", re.I)
# Generous for a busy 2-core machine; on a quiet one all of this settles in well under a second.
SETTLE_MS = 10000


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def browser(browser, companion):
    """Paired the way a user pairs: by opening the dashboard once."""
    await browser.pair_via_dashboard(companion)
    return browser


def without_private(value):
    if isinstance(value, dict):
        return {k: without_private(v) for k, v in value.items() if not PRIVATE_KEY.search(k)}
    if isinstance(value, list):
        return [without_private(v) for v in value]
    return value


def private_keys(value, found=None) -> list[str]:
    found = [] if found is None else found
    if isinstance(value, dict):
        for key, item in value.items():
            if PRIVATE_KEY.search(key):
                found.append(key)
            private_keys(item, found)
    elif isinstance(value, list):
        for item in value:
            private_keys(item, found)
    return found


class Posts:
    """Every POST the service worker makes to the companion's /api/v1/pages, with the companion's answer."""

    def __init__(self, ctx):
        self.ctx, self.requests = ctx, []
        ctx.on("request", self._on_request)

    def _on_request(self, request):
        if request.method == "POST" and "/api/v1/pages" in request.url:
            self.requests.append(request)

    def bodies(self) -> list[dict]:
        return [json.loads(r.post_data) for r in self.requests]

    async def until(self, done, timeout: float = SETTLE_MS / 1000) -> list[dict]:
        """The bodies once ``done(bodies)`` holds, or as they are after ``timeout`` seconds (the asserts after it
        say what is wrong)."""
        deadline = asyncio.get_running_loop().time() + timeout
        while not done(self.bodies()) and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.05)
        return self.bodies()

    async def last_answer(self) -> dict:
        response = await self.requests[-1].response()
        return await response.json()

    def close(self):
        self.ctx.remove_listener("request", self._on_request)


async def settle(page, condition: str, arg=None, timeout: int = SETTLE_MS) -> bool:
    """Waits for ``condition``; a timeout is not an error here: the assertions after it say what is wrong."""
    try:
        await page.wait_for_function(condition, arg=arg, timeout=timeout)
        return True
    except Exception:  # noqa: BLE001 - playwright's TimeoutError; the asserts that follow explain
        return False


HANDED_OVER = """window.__handedOver = [];
document.addEventListener('order-guard:capture:v1', (event) => {
    window.__handedOver.push({type: event.type, capture: JSON.parse(event.detail), drawnBefore: Boolean(window.__drawnAt)});
});"""

# Settled when every badge has the state the page's own data gives its order ("completed" or "active").
BADGES_MATCH = """(expected) => {
    const hosts = [...document.querySelectorAll('order-guard-badge')];
    return hosts.length === Object.keys(expected).length &&
        hosts.every((h) => h.dataset.state === expected[h.dataset.orderGuardOrderId]);
}"""
MAY_HAVE_CLOSED_EN = "The window may have closed: open the order's page to check"
CHECK_URL = "https://www.aliexpress.com/p/order/detail.html?orderId={}"


def states_of(orders) -> dict[str, str]:
    return {o["orderId"]: "completed" if o["statusText"] == "Completed" else "active" for o in orders}


async def assert_check_link(page, order_id: str, artifacts=None, shot: str | None = None) -> None:
    """The badge's panel says the window may have closed and links the order's own page, in a new tab."""
    await page.locator(f'{BADGE}[data-order-guard-order-id="{order_id}"] .badge').click()
    panel = page.locator("order-guard-panel .panel")
    await panel.wait_for()
    await texts_in(page)
    assert await panel.locator(".title").text_content() == MAY_HAVE_CLOSED_EN
    link = panel.locator("a.check")
    assert await link.count() == 1
    assert await link.get_attribute("href") == CHECK_URL.format(order_id)
    assert await link.get_attribute("target") == "_blank"
    assert await link.get_attribute("rel") == "noopener"
    assert await link.text_content() == "Open the order's page ↗"
    if shot:
        await page.screenshot(path=str(artifacts / shot))
    await page.keyboard.press("Escape")
    assert await page.locator("order-guard-panel").count() == 0


@pytest.mark.parametrize("via", list(CAPTURE_VARIANTS))
async def test_the_pages_own_data_tells_the_statuses(browser, companion, artifacts, via):
    served, served_text = capture_for(via)
    orders = capture_orders(via)
    states = states_of(orders)
    assert list(states.values()).count("completed") == 8 and len(states) == 10  # the real capture: 8 completed, 2 awaiting delivery
    posts = Posts(browser.ctx)
    browser.console_errors.clear()
    try:
        page = await browser.new_page()
        # What the page-world script hands over is posted on the page's own window: the page could read it, so
        # it must already be clean there. Collected from document start, before any page script runs.
        await page.add_init_script(HANDED_OVER)
        await page.goto(browser.ali(f"/p/order/index.html?via={via}"))
        await page.wait_for_function("document.querySelectorAll('div.order-item').length === 10", timeout=SETTLE_MS)
        await settle(page, BADGES_MATCH, states)

        # The page's own code got the response exactly as it was sent: the wrapper only reads.
        received = await page.evaluate("window.__received")
        if via in ("fetch", "xhr"):
            assert received == served_text
        else:
            assert json.loads(received) == served
        assert BUYER["mobileNo"] in received  # the private block too: it is only kept from the companion
        # Nothing on the page says the status in a language the companion knows.
        shown = await page.eval_on_selector_all(".order-item-header-status-text", "els => els.map(e => e.textContent)")
        assert set(shown) == {"Completato", "In attesa di consegna"}

        handed = json.loads(await page.evaluate("JSON.stringify(window.__handedOver)"))
        assert [m["capture"]["api"] for m in handed] == [LIST_API], "the page-world script handed over something else"
        assert handed[0]["capture"] == without_private(served)
        assert private_keys(handed) == [] and BUYER["mobileNo"] not in json.dumps(handed, ensure_ascii=False)
        if via == "fetch-json":
            # read with .json(): handed over from the page's own promise, before the page's code drew the cards from it
            assert handed[0]["drawnBefore"] is False

        # What reached the companion: the order area, and the page's data as the API returned it, minus private blocks.
        # Badges drawn from the data's post ahead of the cards can be on the page before the post of the cards
        # has left: that one waits for the frame that shows them.
        bodies = await posts.until(lambda bodies: any(b.get("captures") for b in bodies))
        assert bodies, "the page was never sent to the companion"
        with_captures = [b for b in bodies if b.get("captures")]
        assert with_captures, f"no post carried the captured page data ({len(bodies)} posts)"
        last = with_captures[-1]
        assert [c["api"] for c in last["captures"]] == [LIST_API]
        assert last["captures"][0] == without_private(served)
        for body in bodies:
            text = json.dumps(body, ensure_ascii=False)
            for value in BUYER.values():
                assert value not in text, f"{value!r} reached the companion"
            assert private_keys(body.get("captures", [])) == []
            assert private_keys(body.get("data", {})) == []  # the list data, when it went ahead of its cards
        assert bodies[-1].get("captures"), "the last post left the captured data out"

        # Every card has one badge, for its own order, saying what the captured data says.
        cards = page.locator("div.order-item")
        for i, order in enumerate(orders):
            host = cards.nth(i).locator(BADGE)
            assert await host.count() == 1, f"card {i} ({order['orderId']}) has {await host.count()} badges"
            assert await host.get_attribute("data-order-guard-order-id") == order["orderId"]
            severity = await host.get_attribute("data-severity")
            stored = companion.api(f"/orders/{order['orderId']}")
            hint = stored["hint"]
            assert await host.get_attribute("data-state") == hint["state"] == states[order["orderId"]]
            if order["statusText"] == "Completed":
                # Seen only on the list, no completion date: its 15 days to dispute may have ended, or not.
                assert severity == "watch", f"completed order {order['orderId']} shows {severity!r}"
                assert (hint["severity"], hint["may_have_closed"], hint["days_left"], hint["deadline"]) == ("watch", True, None, None)
                assert hint["check_url"] == CHECK_URL.format(order["orderId"])
                assert hint["summary"] == MAY_HAVE_CLOSED_EN
                assert await host.get_attribute("data-may-have-closed") == "true"
                assert await host.locator(".badge .text").text_content() == MAY_HAVE_CLOSED_EN
                assert await host.locator(".badge .day").text_content() == ""
                assert await host.locator(".badge .est").text_content() == ""
            else:
                assert severity != "done", f"order {order['orderId']} awaiting delivery shows 'done'"
            assert stored["status"] == ("completed" if order["statusText"] == "Completed" else "awaiting_delivery")
            assert severity == hint["severity"]
        # The first completed order's panel links its page on AliExpress.
        first_completed = next(o["orderId"] for o in orders if o["statusText"] == "Completed")
        await assert_check_link(page, first_completed, artifacts, f"page-data-may-have-closed-{via}.png" if via == "jsonp" else None)
        # Every order was read: no partial-reading notice.
        assert (await posts.last_answer()).get("reading") == {"seen": 10, "read": 10}
        assert await page.locator(NOTICE).count() == 0
        if via == "jsonp":
            await page.screenshot(path=str(artifacts / "page-data-it.png"), full_page=True)
        await page.close()
        assert browser.console_errors == []
    finally:
        posts.close()


async def test_page_data_arriving_after_the_badges_sends_the_page_again(browser, companion):
    """The cards are drawn (and sent) first; the page fetches its list later, the order area unchanged:
    that data alone is news, so the page is sent again, and the badges change to what it says."""
    served, served_text = capture_for(LATE_VARIANT)
    states = states_of(capture_orders(LATE_VARIANT))
    posts = Posts(browser.ctx)
    try:
        page = await browser.new_page()
        await page.goto(browser.ali(f"/p/order/index.html?via={LATE_VARIANT}"))
        await page.wait_for_function("document.querySelectorAll('order-guard-badge').length === 10", timeout=SETTLE_MS)
        first = posts.bodies()  # a second DOM-only post would show in the count of two below
        assert len(first) == 1 and "captures" not in first[0], [sorted(b) for b in first]
        # Read from the DOM alone, in a language it has no words for, no order is known to be completed.
        assert await page.eval_on_selector_all(BADGE, "hs => hs.filter(h => h.dataset.state === 'completed').length") == 0
        assert await page.eval_on_selector_all(BADGE, "hs => hs.filter(h => h.dataset.severity === 'done').length") == 0

        await page.click("#refresh")
        await page.wait_for_function("window.__received !== null")
        await settle(page, BADGES_MATCH, states)
        assert await page.evaluate("window.__received") == served_text
        bodies = posts.bodies()
        assert len(bodies) == 2, f"{len(bodies)} posts; the late page data should make exactly one more"
        assert bodies[1]["html"] == bodies[0]["html"]  # the same order area, sent again for its data
        assert [c["api"] for c in bodies[1]["captures"]] == [LIST_API]
        assert bodies[1]["captures"][0] == without_private(served)
        shown = await page.eval_on_selector_all(BADGE, """hs => hs.map(h => [h.dataset.orderGuardOrderId, h.dataset.state,
            h.dataset.severity, h.dataset.mayHaveClosed, h.shadowRoot.querySelector('.text').textContent])""")
        assert {order_id: state for order_id, state, *_ in shown} == states
        for order_id, state, severity, may_have_closed, text in shown:
            if state == "completed":  # now known completed, seen only on the list: its window may have closed
                assert (severity, may_have_closed, text) == ("watch", "true", MAY_HAVE_CLOSED_EN), order_id
            else:
                assert severity != "done", order_id
        await assert_check_link(page, next(i for i, s in states.items() if s == "completed"))
        await page.close()
    finally:
        posts.close()


PARTIAL_SEEN = PARTIAL_READABLE["n"] + PARTIAL_UNREADABLE


async def open_partial(browser):
    posts = Posts(browser.ctx)
    page = await browser.new_page()
    await page.goto(browser.ali("/p/order/index.html?set=partial"))
    await page.wait_for_function(f"document.querySelectorAll('div.order-item').length === {PARTIAL_SEEN}")
    await settle(page, f"document.querySelector('{NOTICE}[data-reason=\"partial\"]') !== null")
    return page, posts


async def assert_above_the_orders(page, notice):
    """The notice sits in the page's flow above the order list: it covers no order (nor its buttons)."""
    assert await notice.get_attribute("data-place") == "inline"
    box = await notice.locator(".notice").bounding_box()
    assert box["height"] <= 160, box
    cards = await page.eval_on_selector_all("div.order-item", """cards => cards.map((c) => {
        const r = c.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; })""")
    assert cards and box["y"] + box["height"] <= cards[0]["y"], (box, cards[0])
    for card in cards:
        apart = (box["y"] + box["height"] <= card["y"] or card["y"] + card["height"] <= box["y"]
                 or box["x"] + box["width"] <= card["x"] or card["x"] + card["width"] <= box["x"])
        assert apart, (box, card)


async def test_unreadable_cards_show_the_numbers_and_save_a_report(browser, companion, artifacts):
    page, posts = await open_partial(browser)
    try:
        assert posts.requests, "the page was never sent to the companion"
        answer = await posts.last_answer()
        assert answer.get("reading") == {"seen": PARTIAL_SEEN, "read": PARTIAL_READABLE["n"]}, answer.get("reading")
        # The orders that were read have their badges (what the others get is the companion's call).
        readable_ids = {o["orderId"] for o in orders_for(**PARTIAL_READABLE)}
        assert readable_ids <= set(await page.eval_on_selector_all(BADGE, "hs => hs.map(h => h.dataset.orderGuardOrderId)"))
        notice = page.locator(NOTICE)
        assert await notice.count() == 1
        assert await notice.get_attribute("data-reason") == "partial"
        assert await notice.get_attribute("data-seen") == str(PARTIAL_SEEN)
        assert await notice.get_attribute("data-read") == str(PARTIAL_READABLE["n"])
        assert await notice.get_attribute("dir") == "ltr"
        assert await notice.evaluate("n => n.shadowRoot !== null && n.shadowRoot.mode === 'open'")
        assert await notice.locator(".title").text_content() == "Order Guard could not read 7 of 10 orders on this page"
        button = notice.locator("button.action")
        assert await button.text_content() == "Save a report"
        await assert_above_the_orders(page, notice)
        await page.screenshot(path=str(artifacts / "partial-notice.png"))
        # A card the companion could not read says so on its badge rather than "No deadline yet".
        for order_id in PARTIAL_UNREADABLE_IDS:
            host = page.locator(f'{BADGE}[data-order-guard-order-id="{order_id}"]')
            if await host.count() and companion.api(f"/orders/{order_id}")["status"] == "unknown":
                assert await host.locator(".text").text_content() == "Couldn't read"

        page_post = posts.bodies()[-1]
        report_is = lambda r: "/api/v1/report" in r.url and r.request.method == "POST"  # noqa: E731
        async with browser.ctx.expect_event("response", report_is, timeout=SETTLE_MS) as report_answer:
            async with page.expect_download(timeout=SETTLE_MS) as saved:
                await button.click()
        response = await report_answer.value
        download = await saved.value
        # The report was asked for with the very order area the page post sent.
        assert json.loads(response.request.post_data) == {"url": page_post["url"], "html": page_post["html"]}
        assert response.status == 200, await response.text()
        report = (await response.json())["report"]
        assert isinstance(report, dict) and report
        today = {d.isoformat() for d in (date.today() - timedelta(days=1), date.today(), date.today() + timedelta(days=1))}
        name = download.suggested_filename
        assert re.fullmatch(r"order-guard-report-(\d{4}-\d{2}-\d{2})\.json", name) and name[19:29] in today, name
        text = Path(await download.path()).read_text(encoding="utf-8")
        assert json.loads(text) == report
        # Structure only: none of the page's item titles is in it.
        for order in orders_for(**PARTIAL_READABLE):
            for line in order["orderLines"]:
                assert line["itemTitle"] not in text
        status = notice.locator(".status")
        assert await status.text_content() == f"Saved as {name}"
        assert await status.get_attribute("role") == "status"
        await page.close()
    finally:
        posts.close()


async def test_a_report_the_companion_cannot_make_says_so(browser, companion):
    page, posts = await open_partial(browser)
    downloads = []
    page.on("download", lambda download: downloads.append(download))
    notice = page.locator(NOTICE)
    stopped = False
    try:
        assert await notice.count() == 1, "no partial-reading notice to start from"
        companion.stop()
        stopped = True
        await notice.locator("button.action").click()
        status = notice.locator(".status.error")
        await status.wait_for(timeout=SETTLE_MS)
        assert await status.get_attribute("role") == "alert"
        assert await status.text_content() == (
            "Order Guard isn't running, so no report could be made. Start the companion on this computer and try again.")
        assert await notice.locator("button.action").is_enabled()  # try again once it runs
        assert downloads == []  # the error is that click's outcome: a download comes only instead of it
        await page.close()
    finally:
        posts.close()
        if stopped:
            companion.start()


async def test_the_notice_follows_the_language_hebrew_right_to_left(browser, companion, artifacts):
    await browser.set_options(lang="he")
    try:
        page, posts = await open_partial(browser)
        posts.close()
        notice = page.locator(NOTICE)
        await settle(page, f"document.querySelector('{NOTICE}')?.getAttribute('dir') === 'rtl'")
        assert await notice.get_attribute("dir") == "rtl"
        assert await notice.locator(".title").text_content() == "Order Guard לא הצליח לקרוא 7 מתוך 10 ההזמנות שבדף הזה"
        assert await notice.locator("button.action").text_content() == "שמירת דוח"
        assert await notice.locator(".notice").get_attribute("lang") == "he"
        await assert_above_the_orders(page, notice)
        await page.screenshot(path=str(artifacts / "partial-notice-he.png"))
        await page.close()
    finally:
        await browser.set_options(lang="auto")
