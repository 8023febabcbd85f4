"""The collector is paused from a page's parse until just after its answer has gone out
(``gc_policy.paused_past_answer``): it must come back on its own, after each page and when the app stops."""

from __future__ import annotations

import asyncio
import gc
import gzip
import json
from pathlib import Path

import pytest

from companion.service import gc_policy

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
LIST_URL = "https://www.aliexpress.com/p/order/index.html"


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    gc_policy.release_pending()
    if not was:
        gc.disable()


def page() -> dict:
    data = json.loads((PAGES / "captured" / "order-list.mtop.json").read_text(encoding="utf-8"))
    return {"url": LIST_URL, "data": data, "captured_at": "2026-09-07T15:00:00Z"}


async def test_the_collector_comes_back_shortly_after_the_answer(companion, collector_on):
    resp = await companion.request("POST", "/api/v1/pages", json=page())
    assert resp.status == 200
    await resp.read()
    assert not gc.isenabled()  # the page's garbage waits until its answer has gone out
    await asyncio.sleep(gc_policy.ANSWER_GRACE_SECONDS * 4)
    assert gc.isenabled()


async def test_pages_back_to_back_hold_one_pause_at_a_time(companion, collector_on):
    for _ in range(3):
        resp = await companion.request("POST", "/api/v1/pages", json=page())
        assert resp.status == 200
        assert len(gc_policy._pending) == 1  # a new page ended the pause of the one before it
    await asyncio.sleep(gc_policy.ANSWER_GRACE_SECONDS * 4)
    assert gc.isenabled() and not gc_policy._pending


async def test_a_page_that_fails_gives_the_collector_back_at_once(companion, collector_on, monkeypatch):
    def broken(*args):
        raise RuntimeError("a bug in a parser")

    monkeypatch.setattr("companion.service.orders.read_page", broken)
    resp = await companion.request("POST", "/api/v1/pages", json=page())
    assert resp.status == 500
    assert gc.isenabled() and not gc_policy._pending


async def test_stopping_the_app_gives_the_collector_back(make_companion, collector_on):
    companion = await make_companion()
    resp = await companion.request("POST", "/api/v1/pages", json=page())
    assert resp.status == 200
    assert not gc.isenabled()
    await companion.client.close()  # before the grace has passed: no timer is left to do it
    assert gc.isenabled() and not gc_policy._pending


async def test_a_small_page_is_read_on_the_loop_and_a_large_one_in_a_worker_thread(companion, monkeypatch):
    import threading

    from companion.service import orders

    threads = []
    real = orders.read_page

    def recording(*args):
        threads.append(threading.current_thread() is threading.main_thread())
        return real(*args)

    monkeypatch.setattr(orders, "read_page", recording)
    small = page()
    large = {**small, "padding": "x" * orders.READ_HERE_MAX_BYTES}  # the same page, in a body too large to read here
    for body in (small, large):
        resp = await companion.request("POST", "/api/v1/pages", json=body)
        assert resp.status == 200
    # compressed, the large body is small on the wire: what counts is its size once unpacked
    packed = gzip.compress(json.dumps(large).encode())
    assert len(packed) < orders.READ_HERE_MAX_BYTES
    resp = await companion.request("POST", "/api/v1/pages", data=packed,
                                   headers={"Content-Type": "application/json", "Content-Encoding": "gzip"})
    assert resp.status == 200
    assert threads == [True, False, False]
