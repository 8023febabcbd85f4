"""Plural forms come from Babel's CLDR rules for every UI language, not from hand-written code."""

from __future__ import annotations

import pytest
from babel import Locale

from companion.i18n import LANGUAGES, integer_forms, plural_form, translate


@pytest.mark.parametrize("n,form", [(0, "many"), (1, "one"), (2, "few"), (4, "few"), (5, "many"), (11, "many"),
                                    (12, "many"), (14, "many"), (21, "one"), (22, "few"), (25, "many"),
                                    (101, "one"), (111, "many"), (-1, "one"), (-3, "few")])
def test_russian(n, form):
    assert plural_form("ru", n) == form


def test_hebrew_and_english():
    assert [plural_form("he", n) for n in (0, 1, 2, 3, 10, 20, 100)] == ["other", "one", "two", "other", "other", "other", "other"]
    assert [plural_form("en", n) for n in (0, 1, 2, 21)] == ["other", "one", "other", "other"]


def test_an_unknown_language_counts_in_english():
    assert [plural_form("xx", n) for n in (1, 2, 5)] == ["one", "other", "other"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_follows_babel(lang):
    rule = Locale.parse(lang).plural_form
    assert [plural_form(lang, n) for n in range(300)] == [rule(n) for n in range(300)]
    assert integer_forms(lang) == {rule(n) for n in range(1000)}


def test_whole_number_forms():
    assert integer_forms("en") == {"one", "other"}
    assert integer_forms("he") == {"one", "two", "other"}
    assert integer_forms("ru") == {"one", "few", "many"}


@pytest.mark.parametrize("n,text", [(1, "1 день"), (2, "2 дня"), (5, "5 дней"), (11, "11 дней"), (21, "21 день"),
                                    (22, "22 дня")])
def test_russian_days_in_both_catalogs(n, text):
    assert translate("dashboard", "ru", "days", n) == text
    assert translate("rules", "ru", "summary.days_left", n) == f"Защита ещё {text}"


def test_hebrew_days():
    assert [translate("dashboard", "he", "days", n) for n in (1, 2, 10)] == ["יום אחד", "יומיים", "10 ימים"]
    assert [translate("dashboard", "en", "days", n) for n in (1, 2, 10)] == ["1 day", "2 days", "10 days"]


def test_hebrew_days_in_the_hints():
    assert [translate("rules", "he", "summary.days_left", n) for n in (1, 2, 10)] == [
        "נותר יום אחד של הגנת קונה", "נותרו יומיים של הגנת קונה", "נותרו 10 ימים של הגנת קונה"]
