"""Pairing hijack, in a real browser: a program serving a page with the pairing marker on another loopback
port cannot pair the extension, and a program that takes the companion's port while it is stopped gets no
token and no page content; the buyer sees "Something else is answering on port N"."""

from __future__ import annotations

import json

import pytest
import pytest_asyncio
from aiohttp import web

from companion.config import hello_proof, pairing_code
from tests.conftest import free_port
from tests.e2e.fake_aliexpress import DETAIL_ORDER_ID

pytestmark = pytest.mark.asyncio(loop_scope="module")

FAKE_TOKEN = "impostor-token-" + "x" * 30


class Impostor:
    """Any program on a loopback port: it serves a page with the pairing marker and its own token, says it
    is healthy, answers the hello correctly for its own token (not the companion's, which it cannot read)
    and accepts everything; it records every request."""

    def __init__(self, port: int, marker_port: int | None = None):
        self.port, self.marker_port = port, marker_port or port
        self.requests: list[dict] = []
        self.runner = None

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        self.requests.append({"method": request.method, "path": request.path, "headers": dict(request.headers),
                              "body": body.decode("utf-8", "replace")})
        cors = {"Access-Control-Allow-Origin": request.headers.get("Origin", "*"),
                "Access-Control-Allow-Headers": "Authorization, Content-Type",
                "Access-Control-Allow-Methods": "GET, POST, PATCH, DELETE, OPTIONS"}
        if request.method == "OPTIONS":
            return web.Response(status=204, headers=cors)
        if request.path == "/":
            return web.Response(content_type="text/html", text=(
                f'<!doctype html><meta name="order-guard-pairing" content="{FAKE_TOKEN}" data-port="{self.marker_port}">'
                "<title>Order Guard</title><h1>Your orders</h1>"))
        if request.path == "/api/v1/health":
            return web.json_response({"status": "ok", "version": "9.9.9"}, headers=cors)
        if request.path == "/api/v1/hello":
            challenge = json.loads(body or b"{}").get("challenge", "")
            return web.json_response({"proof": hello_proof(FAKE_TOKEN, self.port, challenge)}, headers=cors)
        return web.json_response({"orders": [], "total": 0, "page_kind": "order_list", "warnings": [], "changed": 0},
                                 headers=cors)

    async def start(self) -> "Impostor":
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self.handle)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", self.port).start()
        return self

    async def stop(self) -> None:
        await self.runner.cleanup()

    def what_it_got(self, token: str) -> list[str]:
        """Every request that carried a credential or page content (should be none)."""
        bad = []
        for r in self.requests:
            text = json.dumps(r)
            if "Authorization" in r["headers"] or token in text or FAKE_TOKEN in r["body"]:
                bad.append(f"{r['method']} {r['path']}: credential")
            if r["path"] not in ("/", "/favicon.ico", "/api/v1/health", "/api/v1/hello"):
                bad.append(f"{r['method']} {r['path']}: beyond the hello")
            if r["path"] == "/api/v1/hello" and r["method"] == "POST" and set(json.loads(r["body"])) != {"challenge"}:
                bad.append(f"hello body {r['body'][:80]}")
            if DETAIL_ORDER_ID in text or "<html" in r["body"].lower():
                bad.append(f"{r['method']} {r['path']}: page content")
        return bad


async def options_state(browser) -> tuple[str, str, str]:
    page = await browser.new_page()
    await page.goto(browser.ext_page("options/options.html"))
    await page.wait_for_selector("body[data-ready=true]")
    await page.wait_for_selector(".state:not([data-state=checking])", timeout=10000)
    result = (await page.get_attribute("#state", "data-state"), await page.text_content("#state-text"),
              await page.get_attribute("#pairing", "data-pending"))
    await page.close()
    return result


async def visit(browser, url: str) -> str | None:
    page = await browser.new_page()
    await page.goto(url)
    try:
        await page.wait_for_selector("html[data-order-guard-paired]", state="attached", timeout=4000)
    except Exception:
        pass
    state = await page.get_attribute("html", "data-order-guard-paired")
    await page.close()
    return state


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def paired(browser, companion):
    await browser.pair_via_dashboard(companion)
    return browser


async def test_a_page_never_pairs_by_itself(browser, companion):
    """Before any pairing: the real dashboard's offer waits for the buyer; nothing is paired meanwhile."""
    await browser.set_options(port=companion.port)
    assert await visit(browser, companion.open_link()) == "pending"
    state, _, pending = await options_state(browser)
    assert state == "unpaired" and pending == "true"


async def test_an_impostor_page_on_another_loopback_port_cannot_pair(paired, companion):
    for marker_port in (None, companion.port):  # its own port, or lying that it is the companion's
        impostor = await Impostor(free_port(), marker_port).start()
        try:
            assert await visit(paired, f"http://127.0.0.1:{impostor.port}/") == "false"
            state, text, pending = await options_state(paired)
            assert state == "connected" and str(companion.port) in text and pending == "false"
            assert impostor.what_it_got(companion.token) == []
        finally:
            await impostor.stop()


async def test_an_impostor_on_the_companions_port_while_it_is_stopped_gets_nothing(paired, companion, artifacts):
    companion.stop()
    impostor = await Impostor(companion.port).start()
    try:
        # the buyer browses an order detail page: the worker asks for the proof, gets a wrong one, sends nothing
        page = await paired.new_page()
        await page.goto(paired.ali(f"/p/order/detail.html?orderId={DETAIL_ORDER_ID}"))
        notice = page.locator("order-guard-notice")
        await notice.wait_for(timeout=10000)
        assert "Something else is answering on port" in await notice.locator(".notice").text_content()
        await page.close()
        popup = await paired.new_page()
        await popup.goto(paired.ext_page("popup/popup.html"))
        await popup.wait_for_selector("body[data-ready=true]")
        assert await popup.get_attribute("#state", "data-state") == "impostor"
        assert f"Something else is answering on port {companion.port}" in await popup.text_content("#state")
        await popup.screenshot(path=str(artifacts / "popup-impostor.png"))
        await popup.close()
        # its own pairing page on that port is only an offer: its code is not the companion's, nothing is paired
        assert await visit(paired, f"http://127.0.0.1:{companion.port}/") == "pending"
        options = await paired.new_page()
        await options.goto(paired.ext_page("options/options.html"))
        await options.wait_for_selector('#pairing[data-pending="true"]', timeout=10000)
        assert await options.get_attribute("#state", "data-state") in ("impostor", "checking")
        shown = await options.locator(".pair-code").text_content()
        assert shown == pairing_code(FAKE_TOKEN) != pairing_code(companion.token)
        await options.click('[data-action="pair-reject"]')
        await options.wait_for_selector('#pairing[data-pending="false"]', timeout=10000)
        await options.close()
        assert any(r["path"] == "/api/v1/hello" for r in impostor.requests), "the worker did not ask for the proof"
        assert impostor.what_it_got(companion.token) == []
    finally:
        await impostor.stop()
        companion.start()
    state, _, _ = await options_state(paired)
    assert state == "connected"  # the real companion is back: the same pairing works again
