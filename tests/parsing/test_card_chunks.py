"""The list page is read card by card: only the order area, and each card only once."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from companion.parsing import card_chunks, parse_page
from companion.parsing.families import current_list
from companion.parsing.context import Context
from tests.fixtures.pagegen import render_full_page, render_order_list, synthetic_orders

URL = "https://www.aliexpress.com/p/order/index.html"
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)


def test_split_keeps_only_the_cards():
    html = render_full_page(synthetic_orders(12, seed=3))
    chunks = card_chunks.split(html)
    assert len(chunks) == 12
    assert all(chunk.startswith('<div class="order-item"') for chunk in chunks)
    joined = "".join(chunks)
    assert "More to love" not in joined and "<script" not in joined and "<svg" not in joined
    assert "order_more" not in joined


def test_view_more_parses_only_the_new_cards(monkeypatch):
    card_chunks._cache.clear()
    calls = []
    real = current_list.read_card

    def counting(card, ctx):
        calls.append(1)
        return real(card, ctx)

    monkeypatch.setattr(current_list, "read_card", counting)
    orders = synthetic_orders(15, seed=8)
    first = parse_page(URL, render_order_list(orders[:10], noise=False), NOW)
    assert len(first.orders) == 10 and len(calls) == 10
    more = parse_page(URL, render_order_list(orders, noise=False), NOW)
    assert [o["order_id"] for o in more.orders] == [o["orderId"] for o in orders]
    assert len(calls) == 15  # the 10 known cards came from the cache
    assert more.orders[:10] == first.orders


def test_cached_cards_are_copies():
    card_chunks._cache.clear()
    html = render_order_list(synthetic_orders(2, seed=9), noise=False)
    first = parse_page(URL, html, NOW)
    first.orders[0]["items"].clear()
    first.orders[0]["status"] = "tampered"
    again = parse_page(URL, html, NOW)
    assert again.orders[0]["items"] and again.orders[0]["status"] != "tampered"


def test_a_card_left_open_does_not_swallow_the_next_one():
    card_chunks._cache.clear()
    orders = synthetic_orders(3, seed=4)
    html = render_order_list(orders, noise=False)
    second = html.index('<div class="order-item"', html.index('<div class="order-item"') + 1)
    left_open = html[:second - len("</div>")] + html[second:]  # the first card's last </div> is missing
    assert html[second - len("</div>"):second] == "</div>"
    result = parse_page(URL, left_open, NOW)
    assert [o["order_id"] for o in result.orders] == [o["orderId"] for o in orders]
    assert [o["store"] for o in result.orders] == [o["storeName"] for o in orders]  # each card keeps its own store


LIST_PAGES = sorted((Path(__file__).parents[1] / "fixtures" / "pages" / "order_list").glob("*.html"))


@pytest.mark.parametrize("path", LIST_PAGES, ids=lambda p: p.stem)
def test_cards_cut_apart_read_what_the_whole_tree_reads(path):
    """Cards cut out of the page by string search and parsed side by side give the same orders as
    reading every card from bs4's full tree."""
    html = path.read_text(encoding="utf-8")
    card_chunks._cache.clear()
    ctx = Context(URL, NOW)
    ctx.detect_lang(html)
    lean = current_list.parse(html, ctx)
    full = [current_list.read_card(card, ctx) for card in current_list._cards(html)]
    assert lean == [order for order in full if order is not None]
    assert lean


@pytest.mark.parametrize("cache_size", [5, 0])
def test_a_page_of_more_cards_than_the_cache_keeps_reads_every_card(monkeypatch, cache_size):
    # A list page of more than 4,000 cards returned 0 orders: the cache evicted the cards it was about
    # to read. The cache is made small here; the path is the same as with 4,001 cards.
    card_chunks._cache.clear()
    monkeypatch.setattr(card_chunks, "_CACHE_SIZE", cache_size)
    orders = synthetic_orders(8, seed=11)
    page = parse_page(URL, render_order_list(orders, noise=False), NOW)
    assert [o["order_id"] for o in page.orders] == [o["orderId"] for o in orders]
    again = parse_page(URL, render_order_list(orders, noise=False), NOW)
    assert again.orders == page.orders
    assert len(card_chunks._cache) <= cache_size


def test_what_a_browser_never_shows_as_text_is_cut_in_any_case_and_lookalikes_stay():
    from companion.parsing.html import JUNK

    html = ('<p>a<SVG viewBox="0 0 1 1"><path/></svg>b<Script>var x = "<p>";</SCRIPT>c<!-- <p>d</p> -->e'
            '<style>p{}</style>f<noscript>g</noscript>h<template><p>i</p></template>j'
            '<svgx>k</svgx><sv>l</sv><span>m</span><td>n</td><!DOCTYPE x></p>')
    assert JUNK.sub("", html) == "<p>abcefhj<svgx>k</svgx><sv>l</sv><span>m</span><td>n</td><!DOCTYPE x></p>"
