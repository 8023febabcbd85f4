"""The one table of UI languages, and which one a request gets (?lang=, Accept-Language, aliases)."""

from __future__ import annotations

import pytest
from babel import Locale

from companion.i18n import ALIASES, DEFAULT, LANGUAGES, RTL, base_language, direction, pick_language, ui_language


def test_the_table():
    assert DEFAULT in LANGUAGES
    for code, language in LANGUAGES.items():
        assert language.code == code and code == code.lower() and code.isalpha()
        assert language.direction in ("ltr", "rtl") and language.name
        assert Locale.parse(code).language == code  # Babel knows it: plurals and dates come from there
    assert RTL == ("he",)
    assert [LANGUAGES[c].name for c in ("en", "he", "ru")] == ["English", "עברית", "Русский"]


def test_aliases_lead_into_the_table():
    assert ALIASES == {"iw": "he"}
    for alias, code in ALIASES.items():
        assert code in LANGUAGES and alias not in LANGUAGES


@pytest.mark.parametrize("tag,code", [("he", "he"), ("iw", "he"), ("IW-il", "he"), ("he_IL", "he"), (" ru-RU ", "ru"),
                                      ("EN", "en"), ("xx", None), ("", None), (None, None), (3, None)])
def test_base_language(tag, code):
    assert base_language(tag) == code


def test_ui_language_and_direction():
    assert [ui_language(x) for x in ("he", "ru", "xx", "iw", None, ["he"])] == ["he", "ru", "en", "en", "en", "en"]
    assert [direction(x) for x in ("he", "ru", "en", "xx")] == ["rtl", "ltr", "ltr", "ltr"]


@pytest.mark.parametrize("query,header,expected", [
    ("he", "ru", "he"),
    ("iw", None, "he"),
    ("ru-RU", "he", "ru"),
    ("xx", "ru-RU,ru;q=0.9", "ru"),
    (None, "iw-IL,en;q=0.5", "he"),
    (None, "de,ru;q=0.4,he;q=0.8", "he"),
    (None, "ru;q=0.5,he;q=0.5", "ru"),  # a tie goes to the first named
    (None, "he;q=0,ru;q=0.1", "ru"),
    (None, "he;q=abc,ru", "ru"),
    (None, "de,fr", "en"),
    (None, None, "en"),
])
def test_pick_language(query, header, expected):
    assert pick_language(query, header) == expected
