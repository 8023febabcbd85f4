"""A page read with a second reader (``Context.elsewhere``: some of the new cards read elsewhere) reads
exactly as without one, whatever the second reader does: answers, cannot take the work, answers nothing,
answers something else. The readers here run in this thread; the real one (another process) is
tested in tests/reliability/test_reader_process.py."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from companion.parsing import card_chunks, parse_page
from tests.fixtures.pagegen import render_full_page, synthetic_orders

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
LIST_URL = "https://www.aliexpress.com/p/order/index.html"
CAPTURED = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)
LIST_PAGES = sorted((PAGES / "order_list").glob("*.html"))


class Done:
    def __init__(self, value):
        self.value = value

    def result(self):
        return self.value


class Reader:
    """Runs the handed work at once, in this thread, and answers as ``answer`` says."""

    def __init__(self, answer: str = "ok"):
        self.answer = answer
        self.asked: list[int] = []

    def __call__(self, fn, args):
        self.asked.append(len(args[0]))
        if self.answer == "busy":
            return None
        if self.answer == "nothing":
            return Done(None)
        got = fn(*args)
        if self.answer == "short":
            return Done(got[:-1])
        if self.answer == "not a list":
            return Done({"orders": got})
        return Done(got)


def read(html: str, elsewhere=None):
    card_chunks._cache.clear()  # first sight each time: every card is read
    page = parse_page(LIST_URL, html, CAPTURED, elsewhere=elsewhere)
    return page.page_kind, page.orders, page.warnings, page.seen, page.read


def sixty_cards(lang: str = "en") -> str:
    return render_full_page(synthetic_orders(60, seed=7, lang=lang), lang=lang, seed=7)


@pytest.mark.parametrize("lang", ["en", "ru", "es"])
def test_sixty_new_cards_read_the_same_with_some_of_them_read_elsewhere(lang):
    html = sixty_cards(lang)
    reader = Reader()
    with_help = read(html, reader)
    assert reader.asked == [round(60 * card_chunks.ELSEWHERE_SHARE)]  # it was asked, for its share
    assert with_help == read(html)
    assert len(with_help[1]) == 60


@pytest.mark.parametrize("answer", ["busy", "nothing", "short", "not a list"])
def test_whatever_the_second_reader_does_the_page_reads_the_same(answer):
    html = sixty_cards()
    reader = Reader(answer)
    assert read(html, reader) == read(html)
    assert reader.asked  # it was offered the work


@pytest.mark.parametrize("path", LIST_PAGES, ids=lambda p: p.stem)
def test_every_list_fixture_reads_the_same_with_a_second_reader(path):
    html = path.read_text(encoding="utf-8")
    assert read(html, Reader()) == read(html)


def test_a_few_new_cards_are_all_read_here():
    reader = Reader()
    html = render_full_page(synthetic_orders(card_chunks.SPLIT_FROM - 1, seed=3), seed=3)
    read(html, reader)
    assert reader.asked == []


def test_cards_read_before_are_not_handed_over_again():
    html = sixty_cards()
    card_chunks._cache.clear()
    parse_page(LIST_URL, html, CAPTURED)
    reader = Reader()
    parse_page(LIST_URL, html, CAPTURED, elsewhere=reader)  # every card known: nothing new to read
    assert reader.asked == []
