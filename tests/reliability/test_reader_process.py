"""The reader process (``service/reader_process.py``): a real second process that reads some of a page's new
cards. A page reads the same with it as without it; a helper that dies, hangs or is busy costs only its help."""

from __future__ import annotations

import os
import signal
from datetime import datetime, timezone

import pytest

from companion.parsing import card_chunks, parse_page
from companion.service import reader_process
from companion.service.reader_process import ReaderProcess
from tests.fixtures.pagegen import render_full_page, synthetic_orders

LIST_URL = "https://www.aliexpress.com/p/order/index.html"
CAPTURED = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def reader():
    helper = ReaderProcess()
    helper.start()
    assert helper.wait_ready(60)
    yield helper
    helper.stop()


def read(html: str, elsewhere=None) -> tuple:
    card_chunks._cache.clear()
    page = parse_page(LIST_URL, html, CAPTURED, elsewhere=elsewhere)
    return page.page_kind, page.orders, page.warnings, page.seen


def page(seed: int) -> str:
    return render_full_page(synthetic_orders(60, seed=seed), seed=seed)


def test_a_page_reads_the_same_with_the_reader_process(reader):
    for seed in (11, 12):
        html = page(seed)
        assert read(html, reader) == read(html)
    assert reader.batches == 2


def test_a_reader_that_died_is_started_again_and_the_page_still_reads(reader):
    os.kill(reader._process.pid, signal.SIGKILL)
    reader._process.join(5)
    html = page(13)
    assert read(html, reader) == read(html)  # its cards were read here
    assert reader.starts == 2  # and another one was started for the pages after it
    assert reader.wait_ready(60)
    assert read(html, reader) == read(html)
    assert reader.batches == 1


def test_a_reader_that_does_not_answer_in_time_costs_only_its_help(reader, monkeypatch):
    monkeypatch.setattr(reader_process, "ANSWER_TIMEOUT_S", 0.5)
    os.kill(reader._process.pid, signal.SIGSTOP)  # alive, but reads nothing
    try:
        html = page(14)
        assert read(html, reader) == read(html)
        assert reader.batches == 0
    finally:
        os.kill(reader._process.pid, signal.SIGCONT)


def test_a_busy_reader_is_not_waited_for(reader):
    assert reader._lock.acquire()  # another page is being read with it
    try:
        html = page(15)
        assert read(html, reader) == read(html)
        assert reader.batches == 0
    finally:
        reader._lock.release()


def test_a_reader_not_ready_yet_is_not_waited_for():
    helper = ReaderProcess()
    helper.start()
    try:
        html = page(16)
        assert read(html, helper) == read(html)  # asked at once: still starting
        assert helper.batches == 0
    finally:
        helper.stop()
    assert helper._process is None


async def test_the_server_reads_with_it_once_started_and_stops_it_with_itself(tmp_path):
    import asyncio

    from aiohttp.test_utils import TestClient, TestServer

    from companion.config import Settings
    from companion.server.app import init_app
    from companion.server.keys import SERVICE, TOKEN
    from tests.conftest import free_port

    port = free_port()
    app = init_app(Settings(data_dir=tmp_path / "data", port=port))
    helper = reader_process.attach(app, SERVICE)  # as `order-guard serve` does
    client = TestClient(TestServer(app, host="127.0.0.1", port=port))
    await client.start_server()
    try:
        assert app[SERVICE].elsewhere is helper
        assert await asyncio.get_running_loop().run_in_executor(None, helper.wait_ready, 60)
        card_chunks._cache.clear()
        resp = await client.post("/api/v1/pages", json={"url": LIST_URL, "html": page(17), "captured_at": CAPTURED.isoformat()},
                                 headers={"Authorization": f"Bearer {app[TOKEN]}"})
        assert resp.status == 200
        assert len((await resp.json())["orders"]) == 60
        assert helper.batches == 1
        process = helper._process
    finally:
        await client.close()
    assert app[SERVICE].elsewhere is None and not process.is_alive()
