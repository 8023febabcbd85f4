"""The helper process reads half of a big page's new cards; the result is the same as without it,
and a helper that dies costs nothing but time."""

from __future__ import annotations

import os
import signal
import time
from datetime import datetime, timezone

import pytest

from companion.parse_helper import ParseHelper
from companion.parsing import card_chunks, parse_page
from tests.fixtures.pagegen import render_order_list, synthetic_orders

URL = "https://www.aliexpress.com/p/order/index.html"
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def helper():
    h = ParseHelper()
    h.start()
    deadline = time.monotonic() + 30
    while card_chunks.helper is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert card_chunks.helper is not None, "the helper never said it was ready"
    yield h
    h.stop()
    assert card_chunks.helper is None


def fresh_parse(html: str):
    card_chunks._cache.clear()
    return parse_page(URL, html, NOW)


def test_same_orders_with_and_without_the_helper(helper):
    html = render_order_list(synthetic_orders(40, seed=21), noise=False)
    with_helper = fresh_parse(html)
    card_chunks.helper, saved = None, card_chunks.helper
    alone = fresh_parse(html)
    card_chunks.helper = saved
    assert len(with_helper.orders) == 40
    assert with_helper.orders == alone.orders and with_helper.warnings == alone.warnings


def test_a_dead_helper_costs_nothing_but_time(helper):
    html = render_order_list(synthetic_orders(30, seed=22), noise=False)
    os.kill(helper.pid(), signal.SIGKILL)
    helper.proc.wait()
    result = fresh_parse(html)
    assert len(result.orders) == 30  # read in this process instead
    deadline = time.monotonic() + 30
    while (card_chunks.helper is None or helper.proc is None or helper.proc.poll() is not None) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert helper.proc.poll() is None  # a new helper was started for the next page
    assert len(fresh_parse(html).orders) == 30


def test_small_pages_stay_in_the_server(helper, monkeypatch):
    calls = []
    real = card_chunks.helper
    monkeypatch.setattr(card_chunks, "helper", lambda chunks, ctx: calls.append(len(chunks)) or real(chunks, ctx))
    assert len(fresh_parse(render_order_list(synthetic_orders(5, seed=23), noise=False)).orders) == 5
    assert calls == []
    assert len(fresh_parse(render_order_list(synthetic_orders(20, seed=24), noise=False)).orders) == 20
    assert calls == [10]
