"""The dashboard in headless Chromium against a real companion: renders, no console errors, RTL,
copy, an edit that persists, no script runs from page-derived text. Screenshots go to test-artifacts/."""

from __future__ import annotations

from tests.dashboard.conftest import NOW
from tests.dashboard.sample_orders import few_orders, make_order, many_orders

XSS_TITLE = "<script>alert(1)</script><img src=x onerror=alert(1)>"


async def open_page(browser, server, path: str, **context_kw):
    """A new browser context signed in as the buyer is: through a one-time link, then ``path``."""
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, **context_kw)
    page = await context.new_page()
    url = server.url + path
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    await page.goto(server.login_url())
    await page.goto(url)
    return context, page, problems


async def test_renders_orders_without_console_errors(live_server, browser, artifacts):
    server = await live_server(few_orders(NOW))
    context, page, problems = await open_page(browser, server, "/")
    rows = page.locator("table.orders tbody tr")
    assert await rows.count() == 6
    assert await page.locator("svg.timeline .tl-row").count() >= 2
    # urgent: ...345 (2.5 days left) and ...347 (estimate ended, still seen open); see URGENT_IDS in test_pages.py
    assert await page.locator('[data-stat="urgent"]').inner_text() == "2"
    await page.screenshot(path=str(artifacts / "dashboard-few.png"), full_page=True)
    await page.locator("input[name=q]").fill("ugreen")
    await page.locator("form.filters button[type=submit]").click()
    await page.wait_for_url("**q=ugreen**")
    assert await rows.count() == 1
    assert problems == []
    await context.close()


async def test_empty_state_screenshot(live_server, browser, artifacts):
    server = await live_server()
    context, page, problems = await open_page(browser, server, "/")
    assert await page.locator(".steps li").count() == 4
    await page.screenshot(path=str(artifacts / "dashboard-empty.png"), full_page=True)
    assert problems == []
    await context.close()


async def test_hebrew_page_is_right_to_left(live_server, browser, artifacts):
    server = await live_server(few_orders(NOW))
    context, page, problems = await open_page(browser, server, "/", locale="he-IL",
                                              extra_http_headers={"Accept-Language": "he-IL,he;q=0.9"})
    assert await page.evaluate("document.documentElement.dir") == "rtl"
    assert await page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    # the brand sits on the right in rtl
    box = await page.locator(".brand").bounding_box()
    assert box["x"] > 640
    await page.screenshot(path=str(artifacts / "dashboard-hebrew.png"), full_page=True)
    # the switch goes back to English and is remembered
    await page.locator('a.lang[hreflang="en"]').click()
    await page.wait_for_load_state()
    assert await page.evaluate("document.documentElement.dir") == "ltr"
    await page.goto(server.url + "/")
    assert await page.evaluate("document.documentElement.lang") == "en"
    assert problems == []
    await context.close()


async def test_copy_button_puts_the_english_text_on_the_clipboard(live_server, browser, artifacts):
    server = await live_server(few_orders(NOW))
    context, page, problems = await open_page(browser, server, "/orders/8123456789012345")
    await context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)
    assert await page.evaluate("window.isSecureContext && !!navigator.clipboard")
    button = page.locator("button[data-copy-target]").first
    expected = await page.locator("#" + await button.get_attribute("data-copy-target")).text_content()
    assert "8123456789012345" in expected
    await button.click()
    await page.wait_for_function("document.querySelector('button[data-copy-target]').classList.contains('done')")
    assert await page.evaluate("navigator.clipboard.readText()") == expected
    await page.screenshot(path=str(artifacts / "dashboard-order.png"), full_page=True)
    assert problems == []
    await context.close()


async def test_edit_persists_after_reload(live_server, browser):
    server = await live_server(few_orders(NOW))
    context, page, problems = await open_page(browser, server, "/orders/8123456789012346")
    await page.locator("textarea[name=note]").fill("Seller promised a refund on Friday")
    await page.locator("input[name=deadline_override]").fill("2026-12-20")
    await page.locator("input[name=received][value=true]").check()
    async with page.expect_navigation():
        await page.locator("#edit-form button[type=submit]").click()
    await page.wait_for_selector("#toast:not([hidden])")
    stored = server.store.get("8123456789012346")
    assert stored["note"] == "Seller promised a refund on Friday"
    assert stored["received"] is True and stored["deadline_override"] == "2026-12-20"
    await page.reload()
    assert await page.locator("textarea[name=note]").input_value() == "Seller promised a refund on Friday"
    assert await page.locator("input[name=deadline_override]").input_value() == "2026-12-20"
    assert await page.locator("input[name=received][value=true]").is_checked()
    assert problems == []
    await context.close()


async def test_page_derived_markup_never_runs(live_server, browser):
    evil = make_order("8123456789099999", NOW, days_to_deadline=3, title=XSS_TITLE,
                      store="<img src=x onerror=alert(2)>", note="</textarea><script>alert(3)</script>")
    server = await live_server([evil])
    for path in ("/", "/orders/8123456789099999"):
        # page.goto waited for the load event: an injected <img onerror> or inline <script> has run by then,
        # and its dialog is in problems (an alert holds the load until it is dismissed)
        context, page, problems = await open_page(browser, server, path)
        assert await page.locator("img[src=x]").count() == 0
        assert XSS_TITLE in await page.locator("body").inner_text()
        assert problems == [], problems  # no dialog, no CSP violation
        await context.close()


async def test_five_thousand_orders(live_server, browser, artifacts):
    server = await live_server(many_orders(5000, NOW))
    context, page, problems = await open_page(browser, server, "/")
    assert await page.locator("table.orders tbody tr").count() == 50
    assert await page.locator("svg.timeline .tl-row").count() == 30
    await page.screenshot(path=str(artifacts / "dashboard-5000.png"), full_page=False)
    assert problems == []
    await context.close()


async def test_received_not_received_and_not_said(live_server, browser):
    """The three answers go through the PATCH as true, false and null, and come back checked."""
    order_id = "8123456789012346"
    server = await live_server(few_orders(NOW))
    context, page, problems = await open_page(browser, server, f"/orders/{order_id}")
    assert await page.locator("input[name=received][value='']").is_checked()
    for value, stored in (("false", False), ("", None), ("true", True), ("", None)):
        await page.locator(f"input[name=received][value='{value}']").check()
        async with page.expect_navigation():
            await page.locator("#edit-form button[type=submit]").click()
        await page.wait_for_selector("#toast:not([hidden])")
        assert server.store.get(order_id)["received"] is stored, value
        assert await page.locator(f"input[name=received][value='{value}']").is_checked(), value
    # saving something else leaves the answer alone
    await page.locator("input[name=received][value=false]").check()
    async with page.expect_navigation():
        await page.locator("#edit-form button[type=submit]").click()
    await server.store.update_user_fields(order_id, {"received": True})  # e.g. from the extension, meanwhile
    await page.locator("textarea[name=note]").fill("asked the seller")
    async with page.expect_navigation():
        await page.locator("#edit-form button[type=submit]").click()
    assert server.store.get(order_id)["received"] is True and server.store.get(order_id)["note"] == "asked the seller"
    assert problems == []
    await context.close()


async def test_more_actions_open_and_copy(live_server, browser):
    server = await live_server(few_orders(NOW))
    context, page, problems = await open_page(browser, server, "/orders/8123456789012345")
    await context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)
    first = page.locator(".hint-card > ol.actions > li.action")
    hidden = page.locator("details.more-actions li.action")
    assert await first.count() == 3 and await hidden.count() >= 1
    assert await first.nth(0).is_visible() and not await hidden.first.is_visible()
    await page.locator("details.more-actions > summary").click()
    assert await hidden.first.is_visible()
    button = hidden.first.locator("button[data-copy-target]")
    expected = await page.locator("#" + await button.get_attribute("data-copy-target")).text_content()
    await button.click()
    await page.wait_for_function("document.querySelector('details.more-actions button.copy.done')")
    assert await page.evaluate("navigator.clipboard.readText()") == expected
    assert problems == []
    await context.close()
