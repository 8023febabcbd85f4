"""Dashboard fixtures: a companion seeded with orders, and a real server + headless Chromium for
the browser tests (which fail, never skip, when Chromium is missing)."""

from __future__ import annotations

import socket
from datetime import datetime, timezone
from pathlib import Path

import pytest
from aiohttp import web

from companion.server.app import init_app
from companion.server.keys import SERVICE
from companion.config import Settings
from tests.chromium import chromium_path

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    def __init__(self, app: web.Application, port: int):
        self.app, self.port = app, port
        self.url = f"http://127.0.0.1:{port}"

    @property
    def store(self):
        return self.app[SERVICE].store

    def login_url(self, then: str = "") -> str:
        """A fresh one-time link (the browser lands on / after it)."""
        from companion.config import mint_login_nonce
        from companion.server.keys import SETTINGS

        return f"{self.url}/login?once={mint_login_nonce(self.app[SETTINGS].data_dir)}"


@pytest.fixture
async def companion(make_companion):
    """The dashboard tests look at pages as the buyer does: with the session a one-time link opened."""
    started = await make_companion()
    await started.login()
    return started


@pytest.fixture
async def live_server(tmp_path):
    """A real companion on a free loopback port, in this test's event loop."""
    runners = []

    async def start(orders: list[dict] = (), clock=lambda: NOW) -> LiveServer:
        port = _free_port()
        app = init_app(Settings(data_dir=tmp_path / f"data{len(runners)}", port=port), clock=clock)
        runner = web.AppRunner(app)
        await runner.setup()
        runners.append(runner)
        await web.TCPSite(runner, "127.0.0.1", port).start()
        if orders:
            await app[SERVICE].store.put_documents(list(orders))
        return LiveServer(app, port)

    yield start
    for runner in runners:
        await runner.cleanup()


@pytest.fixture
async def browser():
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        chromium = await pw.chromium.launch(executable_path=str(chromium_path()), args=CHROMIUM_ARGS)
        yield chromium
        await chromium.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
