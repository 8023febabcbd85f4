""""Read all my orders" and "Make deadlines exact" in the browser, with the real extension and a real companion,
on the fake site's whole order history (tests/e2e/fake_history.py): 137 orders in 14 batches behind "View orders",
three of them shown twice across batches, batch 5 failing once; detail pages for the twelve open orders, the
newest of them a captcha page.

The pace is the test's own (storage "scanPace": a few tens of milliseconds a step instead of a second, and a
few seconds' wait for a page): what is checked is what the scan does, not how long it takes."""

from __future__ import annotations

import asyncio
import json

import pytest
import pytest_asyncio
from playwright.async_api import TimeoutError as PlaywrightTimeout

from tests.e2e import fake_history

pytestmark = pytest.mark.asyncio(loop_scope="module")

BAR = "order-guard-scan"
SETTLE_MS = 60000
FAST = {"actionMs": 40, "pageMs": 60, "waitMs": 4000}


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def browser(browser, companion):
    await browser.pair_via_dashboard(companion)
    await set_pace(browser, FAST)
    return browser


async def set_pace(browser, pace: dict) -> None:
    page = await browser.new_page()
    await page.goto(browser.ext_page("options/options.html"))
    await page.evaluate("(pace) => chrome.storage.local.set({ scanPace: pace })", pace)
    await page.close()


async def storage(browser, key: str):
    page = await browser.new_page()
    await page.goto(browser.ext_page("options/options.html"))
    value = await page.evaluate("(key) => chrome.storage.local.get(key).then((bin) => bin[key] ?? null)", key)
    await page.close()
    return value


async def until_stored(browser, key: str, done, timeout: float = SETTLE_MS / 1000):
    """The stored value once ``done(value)`` holds; AssertionError with the last value after ``timeout`` seconds."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        value = await storage(browser, key)
        if done(value):
            return value
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"{key} did not get there: {json.dumps(value)}")
        await asyncio.sleep(0.2)


async def open_history(browser, name: str):
    page = await browser.new_page()
    await page.goto(browser.ali(f"/p/order/index.html?set=history&h={name}"))
    await page.wait_for_selector(f"{BAR}[data-state]", state="attached", timeout=SETTLE_MS)
    return page


async def bar(page) -> dict:
    return await page.eval_on_selector(BAR, "h => Object.fromEntries([...h.attributes].map((a) => [a.name, a.value]))")


async def click_in_bar(page, action: str) -> None:
    await page.locator(f'{BAR} [data-action="{action}"]').click()


async def wait_bar(page, condition: str) -> dict:
    await page.wait_for_function(f"() => {{ const h = document.querySelector('{BAR}'); return h && ({condition}); }}", timeout=SETTLE_MS)
    return await bar(page)


async def slow_scan(browser, name: str, batches: int):
    """A scan of that history started from its bar at a pace a test can act within, once it has read ``batches``."""
    await set_pace(browser, {**FAST, "actionMs": 250})
    page = await open_history(browser, name)
    await click_in_bar(page, "scan-orders")
    await wait_bar(page, f"Number(h.dataset.batches) >= {batches}")
    return page


def stored_ids(companion, prefix: str) -> list[str]:
    orders = companion.api("/orders")["orders"]
    return [o["order_id"] for o in orders if o["order_id"].startswith(prefix)]


async def test_the_popup_button_reads_the_whole_history_once(browser, companion, artifacts):
    history = fake_history.history("main")
    page = await open_history(browser, "main")
    assert (await bar(page))["data-state"] == "idle"  # the notice on My Orders, nothing started by itself
    popup = await browser.new_page()
    await popup.goto(browser.ext_page("popup/popup.html"))
    await popup.click('[data-action="scan-orders"]')
    done = await wait_bar(page, "h.dataset.state === 'ended'")
    await page.screenshot(path=str(artifacts / "scan-ended.png"))
    assert done["data-reason"] == "end", done
    assert (done["data-batches"], done["data-orders"], done["data-total"]) == ("14", "137", "137")
    assert history.served[history.fail_batch] == 2  # failed once, asked for again
    assert all(history.served[b] == 1 for b in range(2, 15) if b != history.fail_batch)
    ids = stored_ids(companion, "8311")
    assert len(ids) == len(set(ids)) and sorted(ids) == history.ids()
    # the popup follows it from storage
    await popup.wait_for_selector('#scan-list[data-state="ended:end"]', timeout=SETTLE_MS)
    assert "137" in await popup.text_content("#scan-list")
    await popup.close()
    await page.close()


async def test_make_deadlines_exact_reads_each_open_order_and_reports_the_captcha(browser, companion, artifacts):
    history = fake_history.history("main")
    before = {o["order_id"]: o for o in companion.api("/orders")["orders"] if o["order_id"] in history.open_ids()}
    assert len(before) == 12 and not any(o["hint"]["exact"] for o in before.values())  # the list gave lengths, not dates
    popup = await browser.new_page()
    await popup.goto(browser.ext_page("popup/popup.html"))
    await popup.click('[data-action="refresh-deadlines"]')
    try:
        await popup.wait_for_selector('#scan-refresh[data-state^="ended:"]', timeout=SETTLE_MS * 2)
    except PlaywrightTimeout as exc:
        raise AssertionError(f"the refresh did not run to its end: {await storage(browser, 'refresh')}") from exc
    await popup.screenshot(path=str(artifacts / "refresh-popup.png"))
    state = await popup.get_attribute("#scan-refresh", "data-state")
    assert state == "ended:captcha", await popup.text_content("#scan-refresh")
    failed = await popup.eval_on_selector_all("#scan-failed li", "lis => lis.map((li) => [li.dataset.orderId, li.dataset.reason])")
    assert failed == [[history.captcha_id(), "captcha"]]
    after = {o["order_id"]: o for o in companion.api("/orders")["orders"] if o["order_id"] in history.open_ids()}
    for order_id, order in after.items():
        if order_id == history.captcha_id():
            assert not order["hint"]["exact"] and order["read_at"]["detail"] is None
        else:
            assert order["hint"]["exact"] and order["hint"]["source"] == "page", order_id
            assert order["protection"]["ends_at"].startswith(history.refund_by(order_id).isoformat()), order_id  # its page's date
            assert order["read_at"]["detail"] is not None
    # the dashboard lists the one still estimated, with the page that would make it exact
    dashboard = await browser.new_page()
    await dashboard.goto(companion.open_link())
    await dashboard.wait_for_selector("#estimated [data-og-scan]:not([hidden])", timeout=SETTLE_MS)
    listed = await dashboard.eval_on_selector_all("#estimated li[data-estimated-id]", "lis => lis.map((li) => li.dataset.estimatedId)")
    assert listed == [history.captcha_id()]
    assert await dashboard.locator(f'#estimated a[href$="orderId={history.captcha_id()}"]').count() == 1
    assert await dashboard.get_attribute("[data-og-progress]", "data-refresh") == "ended:captcha"
    problems = await dashboard.eval_on_selector_all("[data-og-problems] li", "lis => lis.map((li) => li.dataset.orderId)")
    assert problems == [history.captcha_id()]
    await dashboard.screenshot(path=str(artifacts / "refresh-dashboard.png"), full_page=True)
    await dashboard.close()
    await popup.close()


async def test_the_daily_refresh_is_off_until_turned_on(browser, companion):
    history = fake_history.history("main")
    options = await browser.new_page()
    await options.goto(browser.ext_page("options/options.html"))
    await options.wait_for_selector("body[data-ready=true]")
    assert not await options.is_checked("#daily-refresh")
    assert (await storage(browser, "settings") or {}).get("dailyRefresh") is None
    # the alarm the extension set at install goes off at its own time: this test sets its own instead
    await options.evaluate("() => chrome.alarms.clear('order-guard-daily')")
    await options.check("#daily-refresh")
    await until_stored(browser, "settings", lambda settings: bool(settings) and settings.get("dailyRefresh") is True)
    # the daily alarm goes off: open orders whose page was not read that day are read; here only the captcha one is left
    await options.evaluate("() => chrome.alarms.create('order-guard-daily', { when: Date.now() + 50 })")
    run = await until_stored(browser, "refresh", lambda run: bool(run) and run.get("mode") == "daily" and run.get("state") == "ended")
    assert (run["total"], run["reason"], [f["order_id"] for f in run["failed"]]) == (1, "captcha", [history.captcha_id()]), json.dumps(run)
    await options.uncheck("#daily-refresh")
    await options.close()


async def test_a_second_scan_stops_at_the_first_unchanged_batch(browser, companion):
    history = fake_history.history("main")
    served = dict(history.served)
    page = await open_history(browser, "main")
    # this time from the dashboard's button: the scan runs in the My Orders tab
    dashboard = await browser.new_page()
    await dashboard.goto(companion.open_link())
    await dashboard.click('#estimated [data-action="scan-orders"]')
    done = await wait_bar(page, "h.dataset.state === 'ended'")
    await dashboard.wait_for_selector('[data-og-progress][data-scan="ended:known"]', timeout=SETTLE_MS)
    await dashboard.close()
    # the batch on screen is read whatever it holds; the next one holds only what the companion had: stop
    assert (done["data-reason"], done["data-batches"]) == ("known", "2"), done
    assert history.served[2] == served[2] + 1 and history.served[3] == served[3]
    await page.close()


async def test_pause_survives_a_reload_and_continue_finishes_the_history(browser, companion):
    history = fake_history.history("pause")
    page = await slow_scan(browser, "pause", 3)
    await click_in_bar(page, "scan-pause")
    paused = await wait_bar(page, "h.dataset.state === 'paused'")
    await page.reload()
    again = await wait_bar(page, "h.dataset.state === 'paused'")
    assert again["data-batches"] == paused["data-batches"] and again["data-orders"] == paused["data-orders"]
    await set_pace(browser, FAST)
    await click_in_bar(page, "scan-resume")
    done = await wait_bar(page, "h.dataset.state === 'ended'")
    assert (done["data-reason"], done["data-batches"], done["data-orders"]) == ("end", "14", "137"), done
    assert sorted(stored_ids(companion, "8312")) == history.ids()
    await page.close()


async def test_stop_ends_the_scan_where_it_is(browser, companion):
    page = await slow_scan(browser, "stop", 2)
    await click_in_bar(page, "scan-stop")
    done = await wait_bar(page, "h.dataset.state === 'ended'")
    assert done["data-reason"] == "stopped"
    saved = await storage(browser, "scan")
    assert saved["state"] == "ended" and saved["reason"] == "stopped" and saved["orders"] < 137
    await set_pace(browser, FAST)
    await page.close()


async def test_too_many_requests_stops_with_a_plain_message(browser, companion):
    page = await open_history(browser, "rate")
    await click_in_bar(page, "scan-orders")
    done = await wait_bar(page, "h.dataset.state === 'ended'")
    assert (done["data-reason"], done["data-batches"]) == ("rate", "2"), done
    text = await page.eval_on_selector(BAR, "h => h.shadowRoot.textContent")
    assert "too many requests" in text
    await page.close()


async def test_a_sign_in_dialog_stops_with_a_plain_message(browser, companion):
    page = await open_history(browser, "login")
    await click_in_bar(page, "scan-orders")
    done = await wait_bar(page, "h.dataset.state === 'ended'")
    assert (done["data-reason"], done["data-batches"], done["data-orders"]) == ("login", "2", "20"), done
    assert "sign in" in await page.eval_on_selector(BAR, "h => h.shadowRoot.textContent")
    await page.close()


async def test_a_sign_in_form_the_page_does_not_show_stops_nothing(browser, companion):
    history = fake_history.history("hidden")
    page = await open_history(browser, "hidden")
    await click_in_bar(page, "scan-orders")
    done = await wait_bar(page, "h.dataset.state === 'ended'")
    assert (done["data-reason"], done["data-orders"]) == ("end", "20"), done
    assert sorted(stored_ids(companion, "8315")) == history.ids()
    await page.close()


async def test_the_bar_and_the_popup_speak_hebrew_right_to_left(browser, companion, artifacts):
    await browser.set_options(lang="he")
    page = await open_history(browser, "main")
    host = page.locator(BAR)
    assert await host.get_attribute("dir") == "rtl"
    assert "קריאת כל ההזמנות שלי" in await page.eval_on_selector(BAR, "h => h.shadowRoot.textContent")
    await page.screenshot(path=str(artifacts / "scan-bar-he.png"))
    popup = await browser.new_page()
    await popup.goto(browser.ext_page("popup/popup.html"))
    assert await popup.text_content('[data-action="refresh-deadlines"]') == "הפיכת המועדים למדויקים"
    await popup.screenshot(path=str(artifacts / "scan-popup-he.png"))
    await popup.close()
    await page.close()
    await browser.set_options(lang="en")


# The popup's list waits for the companion; its "Read all my orders" must not wait with it.
HOLD_THE_LIST = """(() => {
  const send = chrome.runtime.sendMessage.bind(chrome.runtime);
  chrome.runtime.sendMessage = (message, ...rest) =>
    message && message.type === "og:attention" ? new Promise(() => {}) : send(message, ...rest);
})();"""


async def test_a_click_while_the_popup_waits_for_its_list_starts_the_scan(browser, companion):
    before = (await storage(browser, "scan") or {}).get("startedAt") or ""
    page = await open_history(browser, "main")
    popup = await browser.new_page()
    await popup.add_init_script(HOLD_THE_LIST)
    await popup.goto(browser.ext_page("popup/popup.html"))
    await popup.click('[data-action="scan-orders"]', timeout=10000)
    run = await until_stored(browser, "scan", lambda run: bool(run) and (run.get("startedAt") or "") > before, timeout=15)
    assert await popup.get_attribute("body", "data-ready") is None  # the list is still on its way
    await popup.evaluate("() => chrome.runtime.sendMessage({ type: 'og:scan', op: 'stop', which: 'list' })")
    assert run["state"] in ("running", "ended"), run
    await popup.close()
    await page.close()
