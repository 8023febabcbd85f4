"""Shared fixtures: a companion app on a real loopback port, so the Host check sees what a browser sends."""

from __future__ import annotations

import socket
from datetime import datetime, timezone

import pytest
from aiohttp.test_utils import TestClient, TestServer

from companion.server.app import init_app
from companion.server.keys import SERVICE, TOKEN
from companion.config import Settings

FROZEN_NOW = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Companion:
    """A running test companion: ``client`` plus helpers that send the right headers."""

    def __init__(self, client: TestClient, app, port: int):
        self.client, self.app, self.port = client, app, port

    @property
    def token(self) -> str:
        return self.app[TOKEN]

    @property
    def store(self):
        return self.app[SERVICE].store

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def auth(self, **extra) -> dict:
        return {"Authorization": f"Bearer {self.token}", **extra}

    def login_path(self) -> str:
        """A fresh one-time link, as `order-guard open --print` mints it (path only)."""
        from companion.config import mint_login_nonce
        from companion.server.keys import SETTINGS

        return f"/login?once={mint_login_nonce(self.app[SETTINGS].data_dir)}"

    async def login(self) -> None:
        """Opens a dashboard session: the client's cookie jar keeps the cookie for later requests."""
        resp = await self.client.get(self.login_path(), allow_redirects=False)
        assert resp.status == 303, await resp.text()

    async def request(self, method: str, path: str, *, auth: bool = True, headers: dict | None = None, **kw):
        hdrs = self.auth() if auth else {}
        hdrs.update(headers or {})
        return await self.client.request(method, path, headers=hdrs, **kw)


@pytest.fixture
async def make_companion(tmp_path):
    started: list[TestClient] = []

    async def start(data_dir=None, *, clock=lambda: FROZEN_NOW, **settings_kw) -> Companion:
        port = free_port()
        settings = Settings(data_dir=data_dir or tmp_path / "data", port=port, **settings_kw)
        app = init_app(settings, clock=clock)
        client = TestClient(TestServer(app, host="127.0.0.1", port=port))
        await client.start_server()
        started.append(client)
        return Companion(client, app, port)

    yield start
    for client in started:
        await client.close()


@pytest.fixture
async def companion(make_companion):
    return await make_companion()
