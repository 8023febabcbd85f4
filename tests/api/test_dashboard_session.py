"""The dashboard is the buyer's alone: another account on the computer reaches 127.0.0.1 too, so no
route that shows an order or the token answers without a credential; the one-time link opens one
session; the hello proof shows the companion knows the token without revealing it."""

from __future__ import annotations

import os
import re
import stat
import time

import pytest

from companion import __version__
from companion.config import LINK_TTL_SECONDS, consume_login_nonce, hello_proof, mint_login_nonce, pairing_code
from tests.conftest import FROZEN_NOW
from tests.dashboard.sample_orders import few_orders

ORDER_ID = "8123456789012345"
ITEM = "UGREEN Nexode 65W GaN Charger"


def every_route(app) -> list[tuple[str, str]]:
    """(method, path) of every route the app has, path parameters filled with a stored order."""
    seen = []
    for route in app.router.routes():
        info = route.resource.get_info() if route.resource else {}
        path = info.get("path") or info.get("formatter") or info.get("prefix")
        if not path:
            continue
        path = path.replace("{order_id}", ORDER_ID).rstrip("/") or "/"
        if info.get("prefix"):  # the static folder
            path += "/dashboard.css"
        method = "GET" if route.method in ("*", "HEAD") else route.method
        seen.append((method, path))
    return sorted(set(seen))


async def test_another_user_gets_no_order_and_no_token_from_any_route(companion):
    await companion.store.put_documents(few_orders(FROZEN_NOW))
    secrets_of_the_buyer = (companion.token, ORDER_ID, ITEM, "UGREEN", pairing_code(companion.token))
    routes = every_route(companion.app)
    assert ("GET", "/") in routes and ("GET", f"/orders/{ORDER_ID}") in routes and ("GET", "/api/v1/export") in routes
    for method, path in routes + [("GET", "/?q=ugreen"), ("GET", "/api/v1/export?format=csv"), ("GET", "/no-such-page")]:
        for headers in ({}, {"Origin": companion.origin}, {"Content-Type": "application/json"}):
            resp = await companion.request(method, path, auth=False, headers=headers, data=b"{}" if method != "GET" else None)
            body = await resp.text()
            leaked = [s for s in secrets_of_the_buyer if s in body]
            assert not leaked, (method, path, resp.status, leaked)
            assert "order-guard-pairing" not in body, (method, path)
            if path not in ("/api/v1/health", "/static/dashboard.css", "/api/v1/hello"):
                assert resp.status in (400, 401, 403, 404, 405, 415), (method, path, resp.status)


async def test_the_page_without_a_session_says_how_to_open_the_dashboard(companion):
    resp = await companion.request("GET", "/", auth=False)
    assert resp.status == 401 and resp.content_type == "text/html"
    body = await resp.text()
    assert "order-guard open" in body and 'data-locked="true"' in body
    assert resp.headers["Cache-Control"] == "no-store"


async def test_a_one_time_link_opens_one_session(companion):
    await companion.store.put_documents(few_orders(FROZEN_NOW))
    link = companion.login_path()
    resp = await companion.client.get(link, allow_redirects=False)
    assert resp.status == 303 and resp.headers["Location"] == "/"
    cookie = resp.headers["Set-Cookie"]
    assert cookie.startswith(f"og_session_{companion.port}=")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    page = await companion.client.get("/")
    assert page.status == 200 and ORDER_ID in await page.text()
    # the dashboard's own script calls the API with the cookie (same origin)
    api = await companion.client.get("/api/v1/orders?limit=1", headers={"Origin": companion.origin})
    assert api.status == 200
    # the same link again: nothing, even for a browser without the cookie
    companion.client.session.cookie_jar.clear()
    again = await companion.client.get(link, allow_redirects=False)
    assert again.status == 403 and "Set-Cookie" not in again.headers
    assert "already used" in await again.text()
    assert (await companion.client.get("/")).status == 401


@pytest.mark.parametrize("nonce", ["", "short", "x" * 40, "../token", "A" * 43])
async def test_made_up_links_open_nothing(companion, nonce):
    resp = await companion.client.get(f"/login?once={nonce}", allow_redirects=False)
    assert resp.status == 403 and "Set-Cookie" not in resp.headers


def test_a_link_expires_and_is_kept_only_for_the_owner(tmp_path):
    data = tmp_path / "data"
    nonce = mint_login_nonce(data)
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    files = list((data / "links").iterdir())
    assert len(files) == 1 and nonce not in files[0].name  # the file is named by the nonce's hash
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
    assert not consume_login_nonce(data, nonce, now=time.time() + LINK_TTL_SECONDS + 5)
    assert not consume_login_nonce(data, nonce)  # an expired link is gone too


def test_an_old_wide_data_folder_is_narrowed(tmp_path):
    from companion.config import ensure_data_dir, load_or_create_token

    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    os.chmod(data, 0o755)
    load_or_create_token(ensure_data_dir(data))
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "token").stat().st_mode) == 0o600


async def test_the_session_cookie_counts_only_for_the_dashboards_own_origin(companion):
    await companion.login()
    for origin in ("chrome-extension://abcdefghijklmnopabcdefghijklmnop", "moz-extension://1c6e0a6d-1d0c-4ab8-9a55-3e7b11e1f000"):
        resp = await companion.request("GET", "/api/v1/orders", auth=False, headers={"Origin": origin})
        assert resp.status == 401, origin
    resp = await companion.request("GET", "/api/v1/orders", auth=False, headers={"Origin": "http://127.0.0.1:1"})
    assert resp.status == 403
    resp = await companion.request("DELETE", f"/api/v1/orders/{ORDER_ID}", auth=False)  # no Origin on a write: refused
    assert resp.status == 401


async def test_a_forged_session_cookie_opens_nothing(companion):
    resp = await companion.request("GET", "/", auth=False, headers={"Cookie": f"og_session_{companion.port}=guess"})
    assert resp.status == 401


async def test_hello_proves_the_token_without_revealing_it(companion):
    challenge = "c" * 43
    resp = await companion.request("POST", "/api/v1/hello", auth=False, json={"challenge": challenge})
    assert resp.status == 200
    body = await resp.json()
    # with what the extension needs to tell which of the two is too old: this companion's API level and
    # version, and the lowest extension API level it works with
    assert body == {"proof": hello_proof(companion.token, companion.port, challenge), "api": 1, "version": __version__,
                    "min_extension_api": 1}
    assert companion.token not in await resp.text()
    # bound to the port: the answer of a companion on another port does not pass for this one
    assert body["proof"] != hello_proof(companion.token, companion.port + 1, challenge)
    assert re.fullmatch(r"[0-9a-f]{64}", body["proof"])
    for bad in ({}, {"challenge": "short"}, {"challenge": 5}, []):
        resp = await companion.request("POST", "/api/v1/hello", auth=False, json=bad)
        assert resp.status == 400


async def test_the_paired_extension_can_ask_for_a_link(companion):
    assert (await companion.request("POST", "/api/v1/login-link", auth=False)).status == 401
    resp = await companion.request("POST", "/api/v1/login-link")
    url = (await resp.json())["url"]
    assert url.startswith(f"http://127.0.0.1:{companion.port}/login?once=")
    opened = await companion.client.get(url.split(str(companion.port), 1)[1], allow_redirects=False)
    assert opened.status == 303


def test_pairing_code_is_short_and_stable():
    assert re.fullmatch(r"[A-Z2-7]{3}-[A-Z2-7]{3}", pairing_code("t" * 43))
    assert pairing_code("t" * 43) == pairing_code("t" * 43) != pairing_code("u" * 43)
    # the vectors tests/js/proof.test.mjs checks the extension's side against
    assert pairing_code("t" * 43) == "RDN-D4A"
    assert hello_proof("t" * 43, 8778, "c" * 43) == "0962a85a1aec93961de02e7222db070c8e6c36d274e38975fdfff6e0a2c25a13"


async def test_the_login_link_goes_on_to_an_order_page_and_nowhere_else(companion):
    for wanted, lands in (("/orders/8100000000000001", "/orders/8100000000000001"), ("https://evil.example/", "/"),
                          ("//evil.example/orders/8100000000000001", "/"), ("/orders/0810000000000001", "/")):
        resp = await companion.client.get(companion.login_path() + "&next=" + wanted, allow_redirects=False)
        assert resp.status == 303 and resp.headers["Location"] == lands, wanted
