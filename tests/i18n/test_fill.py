"""The one placeholder filler, used by the UI catalogs and by the English texts to copy."""

from __future__ import annotations

import pytest

from companion.i18n import catalogs, fill, translate


def test_fills_names_and_blanks_the_missing():
    assert fill("Order {id}: {n} left", {"id": "81", "n": 3}) == "Order 81: 3 left"
    assert fill("as of {date}{typo}", {"date": "today"}) == "as of today"
    assert fill("{{literal}} {x}", {"x": 1}) == "{literal} 1"


@pytest.mark.parametrize("text", ["a { b", "{0}", "{}", "{a.b}", "{a[b]}", "{n:d}"])
def test_malformed_text_is_a_value_error(text):
    with pytest.raises(ValueError):
        fill(text, {"a": "", "n": ""})


def test_translate_fills_and_keeps_a_bad_text_as_written(monkeypatch):
    assert translate("dashboard", "en", "order_title", id="8123") == "Order 8123"
    monkeypatch.setattr(catalogs, "catalog", lambda name, lang: {"bad": "50% {off", "ok": "{who} {n}"})
    assert translate("test", "en", "bad", who="x") == "50% {off"
    assert translate("test", "en", "ok", 2, who="x") == "x 2"
    monkeypatch.undo()
    assert translate("dashboard", "he", "page_of", page=1, pages=2, matched=3) == \
        translate("dashboard", "he", "page_of", page=1, pages=2, matched=3, unused="x")
    assert translate("rules", "xx", "no.such.key") == "no.such.key"
    assert translate("dashboard", "ru", "order_title") == translate("dashboard", "ru", "order_title", id="")
