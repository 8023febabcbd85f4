"""The extension on a My Orders page, against the real companion: pairing, badges, "View orders",
the panel, copy, Hebrew, the popup, and a non-AliExpress page left alone."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest
import pytest_asyncio

from tests.e2e.card_insertion import INSERT_60, INSERT_KNOWN_60, KEPT, READY
from tests.e2e.fake_aliexpress import DETAIL_ORDER_ID, FIRST_PAGE, MORE_PAGE
from tests.e2e.panel_texts import texts_in

pytestmark = pytest.mark.asyncio(loop_scope="module")

@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def browser(browser, companion):
    """Every test here runs paired, the way a user pairs: by opening the dashboard once."""
    await browser.pair_via_dashboard(companion)
    return browser


SEVERITIES = {"ok", "watch", "soon", "urgent", "expired", "done"}
BADGE = "order-guard-badge"


async def badge_count(page) -> int:
    return await page.locator(BADGE).count()


async def test_pairing_via_the_dashboard(browser, companion, artifacts):
    page = await browser.new_page()
    await page.goto(browser.ext_page("options/options.html"))
    await page.wait_for_selector('.state[data-state="connected"]', timeout=10000)
    await page.screenshot(path=str(artifacts / "options.png"))
    assert str(companion.port) in await page.text_content("#state-text")
    await page.close()


async def test_every_card_gets_a_badge(browser, companion):
    page = await browser.new_page()
    await page.goto(browser.ali())
    cards = page.locator("div.order-item")
    assert await cards.count() == FIRST_PAGE["n"]
    await page.wait_for_function(f"document.querySelectorAll('{BADGE}').length === {FIRST_PAGE['n']}", timeout=10000)
    for i in range(FIRST_PAGE["n"]):
        card = cards.nth(i)
        href = await card.locator('a[href*="orderId="]').get_attribute("href")
        host = card.locator(BADGE)
        assert await host.count() == 1
        assert await host.get_attribute("data-order-guard-order-id") == href.split("orderId=")[1]
        assert await host.get_attribute("data-severity") in SEVERITIES
        days = await host.get_attribute("data-days-left")
        assert days == "" or days.lstrip("-").isdigit()
        assert await host.evaluate("h => h.shadowRoot !== null && h.shadowRoot.mode === 'open'")
        assert (await host.locator(".badge .text").text_content()).strip()
    hints = {o["order_id"]: o["hint"] for o in companion.api("/orders")["orders"]}
    ids = {await cards.nth(i).locator(BADGE).get_attribute("data-order-guard-order-id") for i in range(FIRST_PAGE["n"])}
    assert ids <= set(hints)
    # What each badge says follows the hint's fields (docs/rules.md).
    for order_id in ids:
        await assert_badge_follows_hint(page.locator(f'{BADGE}[data-order-guard-order-id="{order_id}"]'), hints[order_id])
    await page.close()


NOT_ACTIVE = {"unpaid", "cancelled", "closed", "not_shipped", "awaiting_return"}
QUALIFIERS_EN = {"estimated": "estimated", "own": "your date", "exact": ""}
MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def last_day_en(iso: str) -> str:
    """The last day as the badge prints it in English: "Sep 3", with the year when it is not this year."""
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{MONTHS_EN[month - 1]} {day}" + (f", {year}" if year != date.today().year else "")


async def assert_badge_follows_hint(host, hint):
    text = await host.locator(".badge .text").text_content()
    day = await host.locator(".badge .day").text_content()
    qualifier = await host.locator(".badge .est").text_content()
    days = hint["days_left"]
    assert await host.get_attribute("data-state") == hint["state"]
    assert await host.get_attribute("data-may-have-closed") == ("true" if hint["may_have_closed"] and not hint["exact"] else "false")
    if hint["state"] in NOT_ACTIVE and days is None:
        assert text == hint["state_label"], (text, hint)
    elif hint["may_have_closed"] and not hint["exact"] and days is None and hint["severity"] != "done" and hint["state"] != "unknown":
        assert text == hint["summary"], (text, hint)
    if days is not None and hint["severity"] != "done":
        assert await host.get_attribute("data-last-day") == hint["last_day"]
        assert day == f"· {last_day_en(hint['last_day'])}", (day, hint)
        live = days >= 0 and hint["severity"] != "expired"
        assert qualifier == (QUALIFIERS_EN[hint["deadline_kind"]] if live else ""), (qualifier, hint)
    else:
        assert day == "" and qualifier == "", (day, qualifier, hint)


async def test_view_orders_adds_badges_and_unchanged_content_is_not_resent(browser, companion):
    posts = []
    browser.ctx.on("request", lambda r: posts.append(r.url) if r.method == "POST" and "/api/v1/pages" in r.url else None)
    page = await browser.new_page()
    await page.goto(browser.ali())
    total = FIRST_PAGE["n"]
    await page.wait_for_function(f"document.querySelectorAll('{BADGE}').length === {total}", timeout=20000)
    for clicks in (1, 2):
        await page.click('[data-pl="order_more"] button')
        total += MORE_PAGE["n"]
        await page.wait_for_function(f"document.querySelectorAll('div.order-item').length === {total}")
        await page.wait_for_function(f"document.querySelectorAll('{BADGE}').length === {total}", timeout=10000)
    assert len(posts) == 3, posts
    # A page change outside the orders (a pop-up opening) must not send the same orders again.
    await page.evaluate("document.querySelector('#J_xiaomi_dialog').style.display = 'block'")
    await page.evaluate("document.body.append(Object.assign(document.createElement('div'), {textContent: 'ad'}))")
    # What proves that change sent nothing: a card added after it is sent, and anything that change had
    # sent would come first (the worker sends a page's posts in turn), so one post more, and no other.
    await page.evaluate("""async () => {
        const html = await (await fetch('/__cards?set=bulk&n=1&seed=977')).text();
        document.querySelector('.order-wrap').insertAdjacentHTML('beforeend', html);
    }""")
    total += 1
    await page.wait_for_function(f"document.querySelectorAll('{BADGE}').length === {total}", timeout=10000)
    assert len(posts) == 4, posts
    cards = page.locator("div.order-item")
    for i in range(total):
        assert await cards.nth(i).locator(BADGE).count() == 1
    await page.close()


@pytest.mark.parametrize("toolbar, changed, asks_again", [(True, 2, False), (False, 0, False), (False, 2, True), (False, None, True)])
async def test_the_toolbar_count_comes_with_the_page_answer(browser, companion, toolbar, changed, asks_again):
    """The page answer carries the toolbar's count (``toolbar``): the badge takes it and no GET /orders follows.
    From a companion whose answer has no ``toolbar`` (emulated), ``changed`` decides: 0 means the count cannot have
    moved, so no GET /orders follows; more than 0, or an answer without the field, and it is asked again."""
    counts, posts = [], []

    def on_request(request):
        if request.method == "GET" and "/api/v1/orders?severity=" in request.url:
            counts.append(request.url)

    async def answer_with_changed(route):
        response = await route.fetch()
        body = await response.json()
        body.pop("changed", None)
        if changed is not None:
            body["changed"] = changed
        if not toolbar:
            body.pop("toolbar")
        posts.append(body)
        await route.fulfill(response=response, json=body)

    page = await browser.new_page()
    ext_page = await browser.new_page()
    await ext_page.goto(browser.ext_page("options/options.html"))

    async def counted_at(after: str | None = None) -> str:
        # the worker writes `attentionAt` once it has dealt with a page answer's count (taken, asked again, or kept)
        return await ext_page.evaluate("""async (after) => {
            for (;;) {
                const { attentionAt } = await chrome.storage.local.get("attentionAt");
                if (attentionAt && attentionAt !== after) return attentionAt;
                await new Promise((r) => setTimeout(r, 20));
            }
        }""", after)

    earlier = await ext_page.evaluate('chrome.storage.local.get("attentionAt").then((v) => v.attentionAt || null)')
    await page.goto(browser.ali())
    await page.wait_for_function(f"document.querySelectorAll('{BADGE}').length === {FIRST_PAGE['n']}", timeout=20000)
    first = await counted_at(earlier)  # the first post's own answer has been taken (badges may come from the kept one)
    browser.ctx.on("request", on_request)
    await browser.ctx.route("**/api/v1/pages*", answer_with_changed)
    try:
        await page.click('[data-pl="order_more"] button')
        total = FIRST_PAGE["n"] + MORE_PAGE["n"]
        await page.wait_for_function(f"document.querySelectorAll('{BADGE}').length === {total}", timeout=10000)
        await asyncio.wait_for(counted_at(first), 10)  # the worker has dealt with this answer's count
        assert len(posts) == 1, f"{len(posts)} page posts went through the route"
        assert len(counts) == (1 if asks_again else 0), counts
        if toolbar:
            shown = await ext_page.evaluate("chrome.action.getBadgeText({})")
            count = posts[0]["toolbar"]["total"]
            assert shown == (str(count) if count else ""), (shown, posts[0]["toolbar"])
    finally:
        await browser.ctx.unroute("**/api/v1/pages*", answer_with_changed)
        browser.ctx.remove_listener("request", on_request)
        await ext_page.close()
        await page.close()


async def ids_on(page) -> set[str]:
    return set(await page.eval_on_selector_all(BADGE, "hosts => hosts.map(h => h.dataset.orderGuardOrderId)"))


def order_with_copy_text(companion, ids, lang="en"):
    for order in companion.api("/orders", lang)["orders"]:
        if order["order_id"] not in ids:
            continue
        shown = [a for a in order["hint"]["actions"] if a.get("title") or a.get("text")]
        for index, action in enumerate(shown):
            if action.get("text"):
                return order, action, index
    raise AssertionError("the companion gave no order an action with a text to copy")


async def open_panel(page, order_id):
    await page.locator(f'{BADGE}[data-order-guard-order-id="{order_id}"] .badge').click()
    panel = page.locator("order-guard-panel .panel")
    await panel.wait_for()
    await texts_in(page)
    return panel


async def test_panel_explains_and_copies_english_text(browser, companion, artifacts):
    page = await browser.new_page()
    await page.goto(browser.ali())
    await page.wait_for_function(f"document.querySelectorAll('{BADGE}').length >= {FIRST_PAGE['n']}", timeout=20000)
    order, action, index = order_with_copy_text(companion, await ids_on(page))
    host = page.locator(f'{BADGE}[data-order-guard-order-id="{order["order_id"]}"]')
    await host.scroll_into_view_if_needed()
    panel = await open_panel(page, order["order_id"])
    assert await panel.get_attribute("dir") == "ltr"
    if order["hint"]["summary"]:
        # The summary is shown once: as its own line, or as the title when it is what the badge says.
        if await panel.locator(".summary").count():
            assert await panel.locator(".summary").text_content() == order["hint"]["summary"]
        else:
            assert await panel.locator(".title").text_content() == order["hint"]["summary"]
    if order["hint"]["why"]:
        assert await panel.locator(".why").text_content() == order["hint"]["why"]
    card = panel.locator(".action").nth(index)
    assert await card.locator(".action-title").text_content() == action["title"]
    await page.screenshot(path=str(artifacts / "panel-en.png"))
    await host.screenshot(path=str(artifacts / "badge-en.png"))
    button = card.locator(".copy")
    await button.click()
    await page.wait_for_function("document.querySelector('order-guard-panel').shadowRoot.querySelector('.copy.done') !== null")
    assert "Copied" in await button.text_content()
    assert await page.evaluate("navigator.clipboard.readText()") == action["text"]
    await page.keyboard.press("Escape")
    assert await page.locator("order-guard-panel").count() == 0
    await page.close()


async def test_page_text_never_becomes_markup(browser, companion):
    """Store names and titles come from the page, hints from the companion: all of it is text in our UI."""
    page = await browser.new_page()
    await page.goto(browser.ali())
    await page.wait_for_function(f"document.querySelectorAll('{BADGE}').length >= {FIRST_PAGE['n']}", timeout=20000)
    evil = '<img src=x onerror="window.__pwned=1">Evil Store'
    await page.evaluate("""(evil) => {
        const card = document.querySelector('div.order-item');
        card.querySelector('.order-item-store-name a span').textContent = evil;
    }""", evil)
    # the changed card is sent again; once its answer is in, the badges are drawn from it
    async with page.context.expect_event("requestfinished", lambda r: r.method == "POST" and "/api/v1/pages" in r.url
                                         and "Evil Store" in (r.post_data or ""), timeout=10000):
        pass
    order_id = await page.locator(BADGE).first.get_attribute("data-order-guard-order-id")
    await open_panel(page, order_id)
    assert await page.evaluate("window.__pwned") is None
    assert await page.evaluate("document.querySelector('order-guard-panel').shadowRoot.querySelector('img')") is None
    await page.keyboard.press("Escape")
    await page.close()


async def extension_worlds(browser, page) -> list[str]:
    """The JavaScript worlds of the extension in ``page`` (by the DevTools protocol, which lists every one)."""
    session = await browser.ctx.new_cdp_session(page)
    worlds = []
    session.on("Runtime.executionContextCreated", lambda event: worlds.append(event["context"]))
    await session.send("Runtime.enable")  # reports the worlds that exist before it answers
    await session.detach()
    return [w["name"] for w in worlds if w.get("origin", "").startswith("chrome-extension://")]


async def test_a_non_aliexpress_page_is_untouched(browser):
    posts = []
    browser.ctx.on("request", lambda r: posts.append(r.url) if "/api/v1/" in r.url else None)
    page = await browser.new_page()
    await page.goto(browser.other())
    assert await page.locator("div.order-item").count() == FIRST_PAGE["n"]
    before = await page.evaluate("document.documentElement.outerHTML")
    # The extension's content scripts run at document_start in a world of their own: none was made here,
    # while the same page on AliExpress has one (so the check can see it).
    assert await extension_worlds(browser, page) == []
    assert await page.locator("order-guard-badge, order-guard-notice, order-guard-panel").count() == 0
    assert await page.evaluate("document.documentElement.outerHTML") == before
    assert posts == []
    await page.close()
    control = await browser.new_page()
    await control.goto(browser.ali())
    assert await extension_worlds(browser, control) != []
    await control.close()


async def test_popup_lists_urgent_and_soon_with_the_toolbar_count(browser, companion, artifacts):
    page = await browser.new_page()
    await page.set_viewport_size({"width": 360, "height": 520})
    await page.goto(browser.ext_page("popup/popup.html"))
    await page.wait_for_selector("body[data-ready=true]", timeout=10000)
    await page.screenshot(path=str(artifacts / "popup.png"))
    orders = companion.api("/orders")["orders"]
    attention = [o["order_id"] for o in orders if o["hint"]["severity"] in ("urgent", "soon")]
    rows = page.locator("#list li")
    assert await rows.count() == len(attention)
    assert sorted([await rows.nth(i).get_attribute("data-order-id") for i in range(await rows.count())]) == sorted(attention)
    badge_text = await page.evaluate("chrome.action.getBadgeText({})")
    assert badge_text == (str(len(attention)) if attention else "")
    assert await page.locator("#empty").is_visible() == (not attention)
    await page.close()


async def test_daily_reminder_notifies_each_soon_or_urgent_order_once(browser, companion):
    page = await browser.new_page()
    await page.goto(browser.ali())
    await page.wait_for_function(f"document.querySelectorAll('{BADGE}').length >= {FIRST_PAGE['n']}", timeout=20000)
    for clicks in (1, 2):  # the older orders "View orders" brings are the ones near their deadline
        await page.click('[data-pl="order_more"] button')
        total = FIRST_PAGE["n"] + clicks * MORE_PAGE["n"]
        await page.wait_for_function(f"document.querySelectorAll('{BADGE}').length === {total}", timeout=10000)
    await page.close()
    worker = browser.ctx.service_workers[0]
    alarm = await worker.evaluate("chrome.alarms.get('order-guard-daily')")
    assert alarm and alarm["periodInMinutes"] == 24 * 60
    await worker.evaluate("""() => {
        globalThis.__shown = [];
        const create = chrome.notifications.create.bind(chrome.notifications);
        chrome.notifications.create = (id, options) => { globalThis.__shown.push(id); return create(id, options); };
        // the reminders' last step writes what was notified of the case steps: the pass is over then
        globalThis.__passes = 0;
        const set = chrome.storage.local.set.bind(chrome.storage.local);
        chrome.storage.local.set = (items) => {
            if (items && "notifiedFollowUps" in items) globalThis.__passes += 1;
            return set(items);
        };
    }""")
    orders = companion.api("/orders")["orders"]
    expected = {f"og:{o['order_id']}:{o['hint']['severity']}" for o in orders if o["hint"]["severity"] in ("urgent", "soon")}
    assert expected, "the fixture orders should include soon/urgent ones"
    # The daily alarm itself, fired now (an unpacked extension may set one this soon), twice: the second pass
    # must not repeat anything. The worker's modules keep nothing on globalThis, so the alarm is the way in.
    fire_now = f"chrome.alarms.create('order-guard-daily', {{ when: Date.now() + 50, periodInMinutes: {24 * 60} }})"
    await worker.evaluate(fire_now)
    await worker.evaluate(f"""async () => {{
        const deadline = Date.now() + 15000;
        while (globalThis.__shown.length < {len(expected)} && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    }}""")
    first = await worker.evaluate("globalThis.__shown.slice()")
    assert sorted(first) == sorted(expected)
    passes = await worker.evaluate("globalThis.__passes")
    await worker.evaluate(fire_now)
    await worker.evaluate(f"""async () => {{
        const deadline = Date.now() + 15000;
        while (globalThis.__passes === {passes} && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    }}""")
    assert await worker.evaluate("globalThis.__passes") > passes, "the alarm did not run"
    assert sorted(await worker.evaluate("globalThis.__shown")) == sorted(expected)
    alarm = await worker.evaluate("chrome.alarms.get('order-guard-daily')")
    assert alarm and alarm["periodInMinutes"] == 24 * 60


async def test_hebrew_panel_is_right_to_left(browser, companion, artifacts):
    await browser.set_options(lang="he")
    try:
        page = await browser.new_page()
        await page.goto(browser.ali())
        await page.wait_for_function(f"document.querySelectorAll('{BADGE}').length >= {FIRST_PAGE['n']}", timeout=20000)
        host = page.locator(BADGE).first
        await page.wait_for_function(f"document.querySelector('{BADGE}').getAttribute('lang') === 'he'")
        assert await host.locator(".badge").get_attribute("dir") == "rtl"
        order, action, index = order_with_copy_text(companion, await ids_on(page), "he")
        target = page.locator(f'{BADGE}[data-order-guard-order-id="{order["order_id"]}"]')
        await target.scroll_into_view_if_needed()
        panel = await open_panel(page, order["order_id"])
        assert await panel.get_attribute("dir") == "rtl"
        assert await panel.locator(".copy").first.text_content() == "העתקה"
        title = await panel.locator(".action").nth(index).locator(".action-title").text_content()
        assert title == action["title"]
        # The text to copy stays English and left-to-right inside the RTL panel.
        assert await panel.locator(".action").nth(index).locator(".text").get_attribute("dir") == "ltr"
        await page.screenshot(path=str(artifacts / "panel-he.png"))
        await target.screenshot(path=str(artifacts / "badge-he.png"))
        await page.close()
    finally:
        await browser.set_options(lang="auto")


async def test_sixty_cards_appearing_at_once_get_sixty_badges(browser, companion):
    """A burst of cards (a "View orders" of 60) is read and badged as a whole; how fast is scripts/bench's
    (tests/e2e/bench_badge_timing.py)."""
    page = await browser.new_page()
    await page.goto(browser.ali("/p/order/index.html?set=empty"))
    await page.wait_for_selector("div.order-wrap", state="attached")
    await page.evaluate("""async () => {
        const html = await (await fetch('/__cards?set=bulk&n=60&seed=101')).text();
        document.querySelector('.order-wrap').insertAdjacentHTML('beforeend', html);
    }""")
    await page.wait_for_function(f"document.querySelectorAll('{BADGE}').length === 60", timeout=20000)
    ids = await page.eval_on_selector_all(BADGE, "els => els.map((e) => e.getAttribute('data-order-guard-order-id'))")
    cards = await page.eval_on_selector_all("div.order-item", "els => els.length")
    assert cards == 60 and len(set(ids)) == 60
    await page.close()


async def test_a_revisit_draws_known_badges_in_the_frame_of_their_cards(browser, companion):
    """Cards of orders the extension has an answer for get their badges before the frame that shows the
    cards is painted, and the fresh answer redraws them after."""
    page = await browser.new_page()
    await page.goto(browser.ali("/p/order/index.html?set=empty"))
    await page.wait_for_function(READY)
    first = await page.evaluate(INSERT_60, [7, True])
    assert first["steps"].get("drawn") is not None
    await page.wait_for_function(KEPT)  # the answer is kept once the badges are drawn
    await page.goto(browser.ali("/p/order/index.html?set=empty"))
    await page.wait_for_function(READY)  # the content script listens, with the kept answer loaded
    again = await page.evaluate(INSERT_KNOWN_60, 7)
    assert again["inFrame"] == 60
    assert again["refreshed"] > 0  # the post's answer redrew them
    await page.close()


DATA_THEN_CARDS = """async (seed) => {
    const html = await (await fetch('/__cards?set=bulk&n=60&seed=' + seed)).text();
    const api = 'mtop.aliexpress.trade.buyer.order.list';
    await (await fetch('/h5/' + api + '/1.0/?api=' + api + '&v=1.0&set=bulk&n=60&seed=' + seed)).json();
    const answered = () => performance.getEntriesByType('mark').some((m) => m.name === 'order-guard:ahead:answered');
    // a page that takes its time to draw what it fetched: the data's answer is back before the cards appear
    for (let i = 0; i < 400 && !answered(); i += 1) await new Promise((resolve) => setTimeout(resolve, 25));
    return await new Promise((resolve) => {
        requestAnimationFrame(() => resolve({answered: answered(), inFrame: document.querySelectorAll('order-guard-badge').length}));
        document.querySelector('.order-wrap').insertAdjacentHTML('beforeend', html);
    });
}"""


async def test_list_data_the_page_fetched_draws_the_badges_in_the_frame_of_their_cards(browser, companion):
    """My Orders draws its cards from the list it fetched: the extension sends that data ahead of them, so new
    cards get their badges before the frame that shows them is painted; the post of the cards follows."""
    page = await browser.new_page()
    await page.goto(browser.ali("/p/order/index.html?set=empty"))
    await page.wait_for_function(READY)
    seen = await page.evaluate(DATA_THEN_CARDS, 8)
    assert seen == {"answered": True, "inFrame": 60}
    # and the cards' own post still goes: it is what refreshes them and tells what could not be read
    await page.wait_for_function("performance.getEntriesByType('mark').some((m) => m.name === 'order-guard:drawn')", timeout=20000)
    await page.close()


async def test_detail_page_gets_an_exact_badge(browser, companion, artifacts):
    page = await browser.new_page()
    await page.goto(browser.ali(f"/p/order/detail.html?orderId={DETAIL_ORDER_ID}"))
    host = page.locator(f'{BADGE}[data-order-guard-order-id="{DETAIL_ORDER_ID}"]')
    await host.wait_for(timeout=15000)
    assert await page.locator(BADGE).count() == 1
    stored = companion.api(f"/orders/{DETAIL_ORDER_ID}")
    assert await host.get_attribute("data-severity") == stored["hint"]["severity"]
    assert await host.get_attribute("data-exact") == ("true" if stored["hint"]["exact"] else "false")
    assert stored["protection"]["source"] == "page"
    await page.screenshot(path=str(artifacts / "detail-en.png"))
    await page.close()
