"""A buyer's bad dashboard address gets a page; the API keeps its JSON errors; both carry the
security headers, which are set in one place."""

from __future__ import annotations


async def test_an_unknown_dashboard_address_is_a_page(companion):
    resp = await companion.request("GET", "/no-such-page", auth=False, headers={"Accept-Language": "he"})
    assert resp.status == 404 and resp.content_type == "text/html"
    body = await resp.text()
    assert 'dir="rtl"' in body and 'href="/"' in body
    assert "order-guard-pairing" not in body, "an error page never carries the pairing token"
    assert resp.headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert resp.headers["X-Frame-Options"] == "DENY"


async def test_a_wrong_host_on_the_dashboard_is_a_page_too(companion):
    resp = await companion.request("GET", "/", auth=False, headers={"Host": "evil.example:8778"})
    assert resp.status == 421 and resp.content_type == "text/html"
    assert "loopback" in await resp.text()


async def test_the_api_answers_json_errors(companion):
    resp = await companion.request("GET", "/api/v1/no-such-route")
    assert resp.status == 404 and resp.content_type == "application/json"
    assert (await resp.json())["error"]["code"] == "not_found"
    resp = await companion.request("GET", "/api/v1/orders/%C2%B2%C2%B2%C2%B2%C2%B2%C2%B2%C2%B2")
    assert resp.status == 404 and (await resp.json())["error"]["code"] == "not_found"
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" not in resp.headers
