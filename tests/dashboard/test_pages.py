"""Dashboard pages through aiohttp_client: content, filters, languages, headers, escaping."""

from __future__ import annotations

import re

from tests.conftest import FROZEN_NOW
from tests.dashboard.sample_orders import few_orders, make_order, many_orders

XSS_TITLE = "<script>alert(1)</script><img src=x onerror=alert(1)>"
# Urgent in few_orders: ...345 (2.5 days left on the page) and ...347 (no page date; the 60-day estimate from its
# shipment ended 3.5 days ago, yet the order was seen open since: end date unknown, urgent). Read off sample_orders.
URGENT_IDS = ["8123456789012345", "8123456789012347"]


async def test_empty_dashboard_explains_how_to_start_and_keeps_pairing_meta(companion):
    from companion.config import pairing_code

    resp = await companion.request("GET", "/", auth=False)  # with the session the fixture opened
    assert resp.status == 200
    html = await resp.text()
    code = pairing_code(companion.token)
    assert (f'<meta name="order-guard-pairing" content="{companion.token}" data-port="{companion.port}" '
            f'data-code="{code}">') in html
    assert f'<code class="pairing-code">{code}</code>' in html
    assert "Load the Order Guard extension" in html
    assert "https://www.aliexpress.com/p/order/index.html" in html
    assert "Restore backup" in html


async def test_orders_listed_most_urgent_first_with_cards(companion):
    await companion.store.put_documents(few_orders(FROZEN_NOW))
    html = await (await companion.request("GET", "/", auth=False)).text()
    ids = re.findall(r'<tr class="sev-row-\w+" data-order-id="(\d+)"', html)
    assert len(ids) == 6
    severities = re.findall(r'<tr class="sev-row-(\w+)"', html)
    order = ("expired", "urgent", "soon", "watch", "ok", "done")
    assert [order.index(s) for s in severities] == sorted(order.index(s) for s in severities)
    assert ids.index("8123456789012345") < ids.index("8123456789012346")  # 2 days before 6 days
    assert f'data-stat="urgent">{len(URGENT_IDS)}<' in html
    # money at risk: only open orders ending within 7 days, per currency, Babel-formatted
    risk = html.split('data-stat="risk"')[1].split("</span>\n    <span")[0]
    assert "R$132.74" in risk and "$24.99" in risk and "31.50" not in risk
    assert "<svg class=\"timeline\"" in html and 'class="today"' in html


async def test_filters_search_and_bad_filter(companion):
    await companion.store.put_documents(few_orders(FROZEN_NOW))
    html = await (await companion.request("GET", "/?q=ugreen", auth=False)).text()
    assert re.findall(r'data-order-id="(\d+)"', html) == ["8123456789012345"]
    html = await (await companion.request("GET", "/?q=012348", auth=False)).text()
    assert re.findall(r'data-order-id="(\d+)"', html) == ["8123456789012348"]
    html = await (await companion.request("GET", "/?status=completed", auth=False)).text()
    assert re.findall(r'data-order-id="(\d+)"', html) == ["8123456789012350"]
    html = await (await companion.request("GET", "/?severity=urgent", auth=False)).text()
    assert sorted(re.findall(r'data-order-id="(\d+)"', html)) == URGENT_IDS
    html = await (await companion.request("GET", "/?q=nothing-like-this", auth=False)).text()
    assert "No orders match" in html
    for bad in ("/?severity=panic", "/?status=lost", "/?page=-1", "/?page=x"):
        resp = await companion.request("GET", bad, auth=False)
        assert resp.status == 400, bad


async def test_pagination_of_many_orders(companion):
    await companion.store.put_documents(many_orders(230, FROZEN_NOW))
    html = await (await companion.request("GET", "/", auth=False)).text()
    assert len(re.findall(r'<tr class="sev-row', html)) == 50
    assert "Page 1 of 5" in html
    last = await (await companion.request("GET", "/?page=99", auth=False)).text()
    assert len(re.findall(r'<tr class="sev-row', last)) == 30 and "Page 5 of 5" in last
    assert "windows that close first" in html  # the timeline says it shows only the first 30


async def test_languages_hebrew_rtl_russian_and_cookie(companion):
    await companion.store.put_documents(few_orders(FROZEN_NOW))
    resp = await companion.request("GET", "/?lang=he", auth=False)
    html = await resp.text()
    assert '<html lang="he" dir="rtl">' in html and "ההזמנות שלך" in html
    assert resp.cookies["og_lang"].value == "he"
    html = await (await companion.request("GET", "/", auth=False, headers={"Cookie": "og_lang=he"})).text()
    assert 'dir="rtl"' in html
    companion.client.session.cookie_jar.clear()
    await companion.login()  # a new session, without the language cookie
    html = await (await companion.request("GET", "/", auth=False, headers={"Accept-Language": "ru-RU,ru;q=0.9"})).text()
    assert '<html lang="ru" dir="ltr">' in html and "Ваши заказы" in html
    assert "осталось 2 дня" in html  # Russian plural via Babel's rules
    assert "132,74" in html  # Russian number format


async def test_order_page_has_fields_history_actions_and_edit_form(companion):
    await companion.store.put_documents(few_orders(FROZEN_NOW))
    resp = await companion.request("GET", "/orders/8123456789012345", auth=False)
    assert resp.status == 200
    html = await resp.text()
    assert "Order 8123456789012345" in html and "UGREEN Nexode 65W GaN Charger" in html
    assert 'id="edit-form"' in html and 'name="deadline_override"' in html
    assert "Status history" in html
    assert 'data-copy-target="copy-1"' in html  # the hint's first action has a Copy button
    assert f'content="{companion.token}"' in html
    missing = await companion.request("GET", "/orders/999999999", auth=False)
    assert missing.status == 404 and "Order not found" in await missing.text()


async def test_security_headers_on_pages(companion):
    for path in ("/", "/orders/8123456789012345", "/static/dashboard.css"):
        resp = await companion.request("GET", path, auth=False)
        csp = resp.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        assert resp.headers["X-Content-Type-Options"] == "nosniff"
        assert resp.headers["Referrer-Policy"] == "no-referrer"
        assert resp.headers["X-Frame-Options"] == "DENY"
    page = await companion.request("GET", "/", auth=False)
    assert page.headers["Cache-Control"] == "no-store"


async def test_page_derived_strings_are_escaped(companion):
    evil = make_order("8123456789099999", FROZEN_NOW, days_to_deadline=3, title=XSS_TITLE,
                      store="<b onmouseover=alert(2)>Shop</b>", note="</textarea><script>alert(3)</script>")
    evil["status_text"] = '"><script>alert(4)</script>'
    await companion.store.put_documents([evil])
    for path in ("/", "/orders/8123456789099999", "/?q=%3Cscript%3E"):
        html = await (await companion.request("GET", path, auth=False)).text()
        assert "<script>alert" not in html and "<img src=x" not in html and "<b onmouseover" not in html, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, path  # the search for "<script>" finds the order too
        # the only scripts are our own static file
        ours = re.search(r'<script src="/static/dashboard\.js\?v=[^"]+" defer>', html)
        assert ours and re.findall(r"<script[^>]*>", html) == [ours.group(0)], path
        assert "onerror=" not in html.replace("onerror=alert(1)&gt;", ""), path


async def test_no_inline_scripts_or_handlers_in_templates(companion):
    await companion.store.put_documents(few_orders(FROZEN_NOW))
    for path in ("/", "/orders/8123456789012345", "/?lang=he"):
        html = await (await companion.request("GET", path, auth=False)).text()
        scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
        assert scripts and all('src="/static/' in attrs and not body.strip() for attrs, body in scripts)
        assert not re.search(r"\son[a-z]+\s*=", html), path
        assert "style=" not in html  # CSP style-src 'self' would block inline styles


async def test_language_links_keep_filters_and_search(companion):
    resp = await companion.request("GET", "/?severity=urgent&q=cable&page=1", auth=False)
    html = await resp.text()
    assert 'href="/?severity=urgent&amp;q=cable&amp;page=1&amp;lang=he"' in html
