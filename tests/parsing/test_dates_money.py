"""Table-driven checks of the date and money readers, grouped by language."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from companion.parsing import dates
from companion.parsing.context import Context
from companion.parsing.money import read_money

DATES = [
    ("Nov 23, 2026", "en", "2026-11-23"), ("Mar. 16 2015", "en", "2015-03-16"), ("Jul 15, 2026", None, "2026-07-15"),
    ("23 нояб. 2026 г.", "ru", "2026-11-23"), ("23 ноября 2026", "ru", "2026-11-23"), ("2 окт. 2026 г.", "ru", "2026-10-02"),
    ("23 בנוב׳ 2026", "he", "2026-11-23"), ("5 במרץ 2026", "he", "2026-03-05"),
    ("23 de nov. de 2026", "es", "2026-11-23"), ("23 nov 2026", "es", "2026-11-23"),
    ("23 de nov. de 2026", "pt", "2026-11-23"), ("4 de setembro de 2026", "pt", "2026-09-04"),
    ("23 nov. 2026", "fr", "2026-11-23"), ("4 sept. 2026", "fr", "2026-09-04"), ("12 août 2026", "fr", "2026-08-12"),
    ("23.11.2026", "de", "2026-11-23"), ("4. Sept. 2026", "de", "2026-09-04"), ("3. März 2026", "de", "2026-03-03"),
    ("2014-05-31 10:51:32", None, "2015-05-31T10:51:32-07:00".replace("2015", "2014")),
    ("03/04/2026", "en", "2026-03-04"), ("03/04/2026", "de", "2026-04-03"), ("23/11/2026", None, "2026-11-23"),
]


@pytest.mark.parametrize("text,lang,iso", DATES)
def test_dates(text, lang, iso):
    assert dates.shown_iso(dates.read_date(text, lang)) == iso


def test_ambiguous_numeric_date_without_locale_is_refused_with_warning():
    ctx = Context("", datetime(2026, 9, 7, tzinfo=timezone.utc))
    assert ctx.shown("03.04.2026", "order date") is None
    assert "day/month" in ctx.warnings[0]


def test_pacific_midnight_follows_dst():
    assert dates.pacific_iso(dates.read_date("Sep 4, 2026", "en")) == "2026-09-04T00:00:00-07:00"
    assert dates.pacific_iso(dates.read_date("Dec 4, 2026", "en")) == "2026-12-04T00:00:00-08:00"


def test_year_less_dates_take_the_year_before_capture():
    found = dates.read_date("Tue | Jul. 28 18:39", "en")
    assert dates.iso_date(dates.infer_year(found, datetime(2026, 9, 7))) == "2026-07-28"
    assert dates.iso_date(dates.infer_year(dates.read_date("Dec. 30", "en"), datetime(2027, 1, 3))) == "2026-12-30"


MONEY = [
    ("-R$5,66", "-5.66", "BRL"), ("Order total - R$5,66", "5.66", "BRL"), ("− US $1.20", "-1.20", "USD"), ("-5,66 €", "-5.66", "EUR"),
    ("R$132,74", "132.74", "BRL"), ("12,34 €", "12.34", "EUR"), ("1 234,56 руб.", "1234.56", "RUB"), ("\u200f8.50 \u200f₪", "8.50", "ILS"),
    ("US $4.59", "4.59", "USD"), ("€ 1.234,56", "1234.56", "EUR"), ("$1,234.56", "1234.56", "USD"), ("1\u00a0234,56\u00a0₽", "1234.56", "RUB"),
    ("Total: R$5", "5", "BRL"), ("US $ 1,204.50", "1204.50", "USD"), ("R$\u00a01.234,50", "1234.50", "BRL"), ("1\u202f234,50\u00a0€", "1234.50", "EUR"),
]


@pytest.mark.parametrize("text,amount,currency", MONEY)
def test_money(text, amount, currency):
    assert read_money(text) == {"amount": amount, "currency": currency}


def test_money_without_number_is_none():
    assert read_money("Free shipping") is None and read_money("") is None
