"""Browser tests: a real companion process, a fake AliExpress over https, and headless Chromium with the
unpacked extension. One browser (persistent context) per test module keeps the suite fast."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import pytest_asyncio
from aiohttp import web
from playwright.async_api import async_playwright

from tests.chromium import chromium_path
from tests.conftest import free_port
from tests.e2e.fake_aliexpress import make_app, self_signed
from tests.reliability.servers import CompanionProcess as RealCompanion

ROOT = Path(__file__).resolve().parents[2]
EXTENSION = ROOT / "extension"
ARTIFACTS = ROOT / "test-artifacts"
ALI_HOST = "www.aliexpress.com"
TRADE_HOST = "trade.aliexpress.com"  # the old My Orders pages
RU_HOST = "aliexpress.ru"  # the Russian platform, no www
OTHER_HOST = "shop.example.com"
# Every name the browser sends to the fake site and the fake CDN; their certificate covers them all.
CDN_HOSTS = ("ae01.alicdn.com", "assets.alicdn.com")
MAPPED_HOSTS = (ALI_HOST, TRADE_HOST, RU_HOST, OTHER_HOST, *CDN_HOSTS)


class CompanionProcess(RealCompanion):
    """`order-guard serve` as a user starts it; stop/start to test what the extension does meanwhile."""

    @property
    def url(self) -> str:
        return self.base

    def open_link(self) -> str:
        """A fresh one-time dashboard link, through the command's contract: `order-guard open --print`."""
        import subprocess
        import sys

        result = subprocess.run([sys.executable, "-m", "companion", "open", "--print", "--port", str(self.port),
                                 "--data-dir", str(self.data_dir)], capture_output=True, text=True, timeout=30)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    def api(self, path: str, lang: str = "en"):
        status, body = self.call("GET", f"/api/v1{path}{'&' if '?' in path else '?'}lang={lang}", timeout=10)
        assert status == 200, body
        return body


@dataclass
class Browser:
    ctx: object
    extension_id: str
    site_port: int
    console_errors: list = field(default_factory=list)

    def ali(self, path: str = "/p/order/index.html") -> str:
        return f"https://{ALI_HOST}{path}"

    def other(self, path: str = "/p/order/index.html") -> str:
        return f"https://{OTHER_HOST}{path}"

    def trade(self, path: str = "/orderList.htm") -> str:
        return f"https://{TRADE_HOST}{path}"

    def ru(self, path: str = "/order-list") -> str:
        return f"https://{RU_HOST}{path}"

    def ext_page(self, path: str) -> str:
        return f"chrome-extension://{self.extension_id}/{path}"

    async def new_page(self):
        page = await self.ctx.new_page()
        page.on("console", lambda msg: self.console_errors.append(f"{page.url}: {msg.text}") if msg.type == "error" else None)
        page.on("pageerror", lambda exc: self.console_errors.append(f"{page.url}: {exc}"))
        return page

    async def pair_via_dashboard(self, companion: CompanionProcess) -> None:
        """As a buyer pairs: the extension set to the companion's port, the dashboard opened through
        `order-guard open`, then the same code confirmed in the extension's settings."""
        await self.set_options(port=companion.port)
        page = await self.new_page()
        await page.goto(companion.open_link())
        await page.wait_for_selector("html[data-order-guard-paired]", state="attached", timeout=10000)
        state = await page.get_attribute("html", "data-order-guard-paired")
        code = await page.get_attribute("#pairing", "data-code")
        await page.close()
        if state == "true":
            return  # already paired with this companion
        assert state == "pending", f"the dashboard's pairing offer was not taken: {state}"
        options = await self.new_page()
        await options.goto(self.ext_page("options/options.html"))
        await options.wait_for_selector('#pairing[data-pending="true"]', timeout=10000)
        assert await options.locator(".pair-code").text_content() == code, "the extension shows another code"
        await options.click('[data-action="pair-confirm"]')
        await options.wait_for_selector('#pairing[data-result="ok"]', timeout=10000)
        await options.close()

    async def set_options(self, *, port: int | None = None, lang: str | None = None) -> None:
        page = await self.new_page()
        await page.goto(self.ext_page("options/options.html"))
        await page.wait_for_selector("body[data-ready=true]")
        if port is not None:
            await page.fill("#port", str(port))
            await page.click("button[type=submit]")
            await page.wait_for_selector('#result[data-kind="ok"], #result[data-kind="error"]', timeout=10000)
        if lang is not None:
            async with page.expect_navigation():
                await page.select_option("#lang", lang)
        await page.close()


@pytest.fixture(scope="session")
def tls_folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("tls")


@pytest.fixture(scope="session")
def tls(tls_folder):
    return self_signed(tls_folder, MAPPED_HOSTS)


@pytest.fixture(scope="session")
def cdn(tls, tls_folder):
    """The fake CDN's port: a process of its own at the lowest priority (tests/e2e/fake_cdn.py says why), with the
    certificate ``tls`` wrote."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "tests.e2e.fake_cdn", "--port", str(port),
                                "--cert", str(tls_folder / "cert.pem"), "--key", str(tls_folder / "key.pem")],
                               cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        if process.stdout.readline().strip() != "ready":
            raise RuntimeError(f"the fake CDN did not start (exit status {process.poll()})")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def site(tls):
    runner = web.AppRunner(make_app(), access_log=None)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port, ssl_context=tls).start()
    yield port
    await runner.cleanup()


@pytest.fixture(scope="module")
def companion(tmp_path_factory):
    process = CompanionProcess(tmp_path_factory.mktemp("companion-data")).start()
    yield process
    process.stop()


async def launch(playwright, profile: Path, site_port: int, cdn_port: int | None = None) -> Browser:
    """Chromium with the extension; the fake site on ``site_port`` (the CDN's files too, unless ``cdn_port``)."""
    cdn_port = cdn_port or site_port
    ports = {**{host: site_port for host in MAPPED_HOSTS}, **{host: cdn_port for host in CDN_HOSTS}}
    ctx = await playwright.chromium.launch_persistent_context(
        str(profile), executable_path=str(chromium_path()), headless=True, ignore_https_errors=True,
        viewport={"width": 1280, "height": 900}, locale="en-US",
        args=[f"--disable-extensions-except={EXTENSION}", f"--load-extension={EXTENSION}",
              "--host-resolver-rules=" + ",".join(f"MAP {host} 127.0.0.1:{port}" for host, port in ports.items()),
              # The fixture site is on loopback; counting it as public proves the worker relay is what works.
              "--ip-address-space-overrides=" + ",".join(f"127.0.0.1:{port}=public" for port in sorted(set(ports.values()))),
              "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
              "--disable-component-update", "--disable-sync"])
    worker = ctx.service_workers[0] if ctx.service_workers else await ctx.wait_for_event("serviceworker", timeout=15000)
    extension_id = worker.url.split("/")[2]
    for origin in (f"https://{ALI_HOST}", f"https://{OTHER_HOST}", f"https://{TRADE_HOST}", f"https://{RU_HOST}"):
        await ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    return Browser(ctx=ctx, extension_id=extension_id, site_port=site_port)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def browser(site, cdn, tmp_path_factory):
    async with async_playwright() as playwright:
        b = await launch(playwright, tmp_path_factory.mktemp("profile"), site, cdn)
        yield b
        await b.ctx.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
