"""One order followed to the end in a real browser (issue 16, point 6): not arrived, an extension
asked, no answer, a dispute, escalation, a refund decided, late, received. The dashboard's order
page records each step; the companion's clock and the browser's move together, day by day.
Screenshots go to test-artifacts/."""

from __future__ import annotations

from datetime import datetime, timezone

from companion.store.merge import merge_order, sanitize_page_order
from tests.dashboard import conftest as dashboard

# the dashboard tests' real companion on a free port, and their headless Chromium (no extension: this walk
# is the dashboard's; the extension's own browser of tests/e2e is not needed here)
live_server, browser = dashboard.live_server, dashboard.browser

OID = "8100000000000777"
SEEN = "2026-11-20T10:00:00+00:00"


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def not_arrived() -> dict:
    """Shipped Oct 1; the detail page (read Nov 20) says protection ends before Nov 30."""
    page = {"order_id": OID, "status": "awaiting_delivery", "status_text": "Awaiting delivery", "shipped_at": "2026-10-01",
            "store": "Tango Store", "items": [{"title": "USB-C cable 2 m", "quantity": 1, "price": None}],
            "total": {"amount": "24.99", "currency": "USD"},
            "protection": {"ends_at": "2026-11-30", "source": "page", "days": None}}
    return merge_order(None, sanitize_page_order(page, utc("2026-11-20T10:00:00")), "order_detail", SEEN)


async def test_one_order_from_not_arrived_to_refund_received(live_server, browser, artifacts):
    clock = [utc("2026-11-24T12:00:00")]
    server = await live_server([not_arrived()], clock=lambda: clock[0])
    context = await browser.new_context(viewport={"width": 1280, "height": 1000}, timezone_id="UTC", locale="en-US")
    page = await context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None)
    await page.clock.set_fixed_time(clock[0])
    await page.goto(server.login_url())
    order_url = f"{server.url}/orders/{OID}"

    async def day(when: str) -> None:
        clock[0] = utc(when)
        await page.clock.set_fixed_time(clock[0])
        await page.goto(order_url)

    async def record(kind: str, **fields) -> None:
        form = page.locator("#case-form")
        await form.locator("select[name=kind]").select_option(kind)
        for name, value in fields.items():
            target = form.locator(f"[name={name}]")
            if await target.evaluate("el => el.tagName") == "SELECT":
                await target.select_option(value)
            else:
                await target.fill(value)
        async with page.expect_navigation():
            await form.locator("button[type=submit]").click()

    async def follow_ups() -> list[str]:
        return await page.locator("[data-follow-up]").evaluate_all("els => els.map(e => e.dataset.followUp)")

    # Nov 24: not arrived, 6 days of protection left: ask the seller to extend it, and say so
    await day("2026-11-24T12:00:00")
    assert "request_extension" in await page.locator("li.action[data-action]").evaluate_all("els => els.map(e => e.dataset.action)")
    assert await follow_ups() == []
    assert await page.locator("#case-form input[name=at]").input_value() == "2026-11-24"  # today, the buyer's day
    await record("extension_requested")
    # asked "Nov 24" (a day): the seller's 48 hours end Nov 26 00:00
    assert await follow_ups() == ["extension_answer"]
    assert "Nov 26, 2026" in await page.locator('[data-follow-up="extension_answer"]').inner_text()

    # Nov 26 noon: 48 hours passed, no page read since: say so, and advise the dispute before Nov 30
    await day("2026-11-26T12:00:00")
    assert await follow_ups() == ["extension_not_seen"]
    advice = page.locator('[data-follow-up="extension_not_seen"]')
    assert "has not arrived" in await advice.locator("pre").inner_text()
    await advice.locator("input[name=evidence][value=tracking_page]").check()
    await page.screenshot(path=str(artifacts / "case-extension-not-seen.png"), full_page=True)
    await record("dispute_opened", reason="not_received")
    # dispute opened "Nov 26": escalate from Nov 29, the seller's 5 days end Dec 1
    assert await follow_ups() == ["escalate", "seller_answer"]
    entry = page.locator('[data-kind="dispute_opened"]')
    assert "Tracking page screenshot" in await entry.inner_text()

    # Nov 29 noon: 3 days without agreement: the list shows it under "to escalate"
    clock[0] = utc("2026-11-29T12:00:00")
    await page.clock.set_fixed_time(clock[0])
    await page.goto(f"{server.url}/?case=escalate")
    assert await page.locator(f'a[href="/orders/{OID}"]').count() >= 1
    await day("2026-11-29T12:00:00")
    assert "Please decide the dispute" in await page.locator('[data-follow-up="escalate"] pre').inner_text()
    await record("escalated")
    assert "escalate" not in await follow_ups()

    # Dec 1: decided for a refund to PayPal: 5 business days from Tue Dec 1 = Wed 2, Thu 3, Fri 4, Mon 7, Tue 8
    await day("2026-12-01T12:00:00")
    await record("decision_refund", method="paypal", amount="24.99")
    assert await follow_ups() == ["refund_expected"]
    assert "Dec 8, 2026" in await page.locator('[data-follow-up="refund_expected"]').inner_text()
    await page.goto(f"{server.url}/?case=refund")
    assert await page.locator(f'a[href="/orders/{OID}"]').count() >= 1

    # Dec 9: late: a text for a live agent with the dispute's facts
    await day("2026-12-09T12:00:00")
    assert await follow_ups() == ["refund_late"]
    text = await page.locator('[data-follow-up="refund_late"] pre').inner_text()
    assert text == ("Order 8100000000000777. My dispute was decided for a refund on Dec 1, 2026, but the refund of "
                    "24.99 USD has not arrived. I opened the dispute on Nov 26, 2026. Please connect me to a live agent to check it.")
    await record("refund_received", amount="24.99")
    assert await follow_ups() == []
    kinds = await page.locator("[data-kind]").evaluate_all("els => els.map(e => e.dataset.kind)")
    assert kinds == ["extension_requested", "dispute_opened", "escalated", "decision_refund", "refund_received"]
    await page.screenshot(path=str(artifacts / "case-refund-received.png"), full_page=True)

    # undo the last step: the late refund is back
    async with page.expect_navigation():
        await page.locator('[data-kind="refund_received"] button[data-undo]').click()
    assert await follow_ups() == ["refund_late"]
    assert [e["kind"] for e in server.store.get(OID)["case"]][-1] == "decision_refund"
    assert problems == []
    await context.close()


async def test_the_stopped_parcel_setting_is_changed_on_the_order_page(live_server, browser, artifacts):
    """Issue 16, point 3: "no movement for 10 days (a setting)". Last tracking event Nov 12 (00:00 Pacific,
    08:00 UTC); the clock says Nov 24 12:00: 12 days quiet. With 10 days the parcel has stopped; with 14 not yet."""
    from companion.server.keys import SERVICE

    quiet = {**not_arrived(), "last_event_at": "2026-11-12"}
    server = await live_server([quiet], clock=lambda: utc("2026-11-24T12:00:00"))
    context = await browser.new_context(viewport={"width": 1280, "height": 1000}, timezone_id="UTC", locale="en-US")
    page = await context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    await page.goto(server.login_url())
    await page.goto(f"{server.url}/orders/{OID}")
    assert await page.locator('[data-follow-up="parcel_stalled"]').count() == 1
    form = page.locator("#stall-form")
    assert await form.locator("input[name=stall_days]").input_value() == "10"
    await form.locator("input[name=stall_days]").fill("14")
    async with page.expect_navigation():
        await form.locator("button[type=submit]").click()
    assert server.app[SERVICE].settings.stall_days == 14
    assert await page.locator("#stall-form input[name=stall_days]").input_value() == "14"
    assert await page.locator('[data-follow-up="parcel_stalled"]').count() == 0
    await page.locator("#stall-form").screenshot(path=str(artifacts / "stall-setting-en.png"))
    # out of range: the browser's own check stops it; sent anyway, the companion's answer is shown, nothing changes
    await page.locator("#stall-form input[name=stall_days]").evaluate("el => { el.removeAttribute('max'); el.value = '31'; }")
    await page.locator("#stall-form button[type=submit]").click()
    await page.locator("#stall-form .form-status.error").wait_for()
    assert "from 5 to 30" in await page.locator("#stall-form .form-status").inner_text()
    assert server.app[SERVICE].settings.stall_days == 14
    await page.goto(f"{server.url}/orders/{OID}?lang=he")
    assert await page.locator("#stall-form h3").inner_text() == "מתי משלוח נחשב תקוע"
    await page.locator("#stall-form").screenshot(path=str(artifacts / "stall-setting-he.png"))
    assert problems == []
    await context.close()
