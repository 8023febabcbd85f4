"""Date texts as AliExpress pages show them -> calendar dates, in every supported language.

Cheap exact readings first (ISO, numeric, "<month name> <day> <year>" with CLDR month names
from Babel), dateparser only as a last resort, limited to the page's language and cached.
Numeric day/month order comes from the page's locale; an ambiguous numeric date on a page of
unknown locale is refused rather than guessed.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from companion.datetimes import PACIFIC
from companion.parsing.text import clean

_CLDR_LOCALES = {"en": "en", "ru": "ru", "he": "he", "es": "es", "pt": "pt", "fr": "fr", "de": "de"}
_MONTH_FIRST = {"en"}  # numeric dates: month first only on US-English pages


@dataclass(frozen=True)
class DateText:
    year: int | None
    month: int
    day: int
    time: tuple[int, int, int] | None = None

    def with_year(self, year: int) -> DateText:
        return DateText(year, self.month, self.day, self.time)


AMBIGUOUS = "ambiguous"


def _strip_word(word: str) -> str:
    return word.casefold().strip(".'’׳״")


@lru_cache(maxsize=16)
def month_names(lang: str) -> dict[str, int]:
    """Every spelling of every month in ``lang`` (CLDR wide/abbreviated, format/stand-alone)."""
    names: dict[str, int] = {}
    locale = _CLDR_LOCALES.get(lang)
    if locale:
        try:
            from babel.dates import get_month_names

            for width in ("wide", "abbreviated"):
                for context in ("format", "stand-alone"):
                    for number, name in get_month_names(width, context, locale).items():
                        names.setdefault(_strip_word(name), number)
        except Exception:  # Babel data missing: English only below
            pass
    if lang == "en" or not locale:
        for number, name in enumerate(("january", "february", "march", "april", "may", "june", "july",
                                       "august", "september", "october", "november", "december"), 1):
            names.setdefault(name, number)
            names.setdefault(name[:3], number)
        names.setdefault("sept", 9)
    # Unique 3- and 4-letter prefixes of the full names ("sept", "нояб", "ноя").
    wide = {name: num for name, num in names.items() if len(name) > 4}
    for size in (3, 4):
        seen: dict[str, set[int]] = {}
        for name, num in wide.items():
            seen.setdefault(name[:size], set()).add(num)
        for prefix, nums in seen.items():
            if len(nums) == 1:
                names.setdefault(prefix, nums.pop())
    return names


def _month_of(word: str, langs: tuple[str, ...]) -> int | None:
    key = _strip_word(word)
    if not key:
        return None
    for lang in langs:
        table = month_names(lang)
        if key in table:
            return table[key]
        # Hebrew "בנוב׳" = "in November": the ב prefix glued to the month.
        if lang == "he" and key.startswith("ב") and key[1:] in table:
            return table[key[1:]]
    return None


_ISO = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})(?!\d)")
_TIME = re.compile(r"(?<!\d)(\d{1,2}):(\d{2})(?::(\d{2}))?")
_TOKEN = re.compile(r"\d+|[^\W\d_]+[.'’׳]?")


def _valid(year: int | None, month: int, day: int) -> bool:
    try:
        date(year or 2000, month, day)
    except ValueError:
        return False
    return True


def _time(match) -> tuple[int, int, int] | None:
    if not match or match.group(1) is None:
        return None
    h, m, s = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
    return (h, m, s) if h < 24 and m < 60 and s < 60 else None


def _numeric(text: str, lang: str | None):
    m = _ISO.search(text)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if _valid(y, mo, d):
            return DateText(y, mo, d, _time(_TIME.search(text, m.start(4)) if m.group(4) else None))
        return None
    m = _NUMERIC.search(text)
    if not m:
        return None
    a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    y = y + 2000 if y < 100 else y
    t = _time(_TIME.search(text, m.end()))
    if lang is None:
        if a > 12 >= b:
            day, month = a, b
        elif b > 12 >= a:
            day, month = b, a
        elif a == b:
            day, month = a, b
        else:
            return AMBIGUOUS
    elif lang in _MONTH_FIRST:
        month, day = a, b
    else:
        day, month = a, b
    return DateText(y, month, day, t) if _valid(y, month, day) else None


def _textual(text: str, lang: str | None):
    langs = tuple(dict.fromkeys([lang or "en", "en"]))
    time_match = _TIME.search(text)
    body = text[:time_match.start()] + " " + text[time_match.end():] if time_match else text
    month = day = year = None
    for token in _TOKEN.findall(body):
        if token.isdigit():
            if len(token) == 4 and year is None:
                year = int(token)
            elif len(token) <= 2 and day is None and 1 <= int(token) <= 31:
                day = int(token)
        elif month is None:
            month = _month_of(token, langs)
        if month and day and year:
            break
    if month and day and _valid(year, month, day):
        return DateText(year, month, day, _time(time_match))
    return None


@lru_cache(maxsize=4096)
def _dateparser(text: str, lang: str) -> DateText | None:
    try:
        import dateparser

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = dateparser.parse(text, languages=[lang], settings={"REQUIRE_PARTS": ["day", "month"], "PREFER_DATES_FROM": "past"})
    except Exception:
        return None
    if parsed is None:
        return None
    has_year = bool(re.search(r"\d{4}", text))
    return DateText(parsed.year if has_year else None, parsed.month, parsed.day)


@lru_cache(maxsize=8192)
def read_date(text: str, lang: str | None) -> DateText | str | None:
    """A date text -> DateText (year may be None), ``AMBIGUOUS``, or None."""
    text = clean(text)
    if not text or len(text) > 120 or not any(map(str.isdigit, text)):
        return None
    found = _numeric(text, lang)
    if found is not None:
        return found
    found = _textual(text, lang)
    if found is not None:
        return found
    if lang in _CLDR_LOCALES:
        return _dateparser(text, lang)
    return None


def infer_year(found: DateText, reference: datetime | date) -> DateText:
    """Give a year-less date ("Jul. 28") the year that puts it on or before ``reference``."""
    if found.year is not None:
        return found
    ref = reference.date() if isinstance(reference, datetime) else reference
    year = ref.year
    if not _valid(year, found.month, found.day) or date(year, found.month, found.day) > ref + timedelta(days=1):
        year -= 1
    return found.with_year(year) if _valid(year, found.month, found.day) else found.with_year(year - 1)


def nearest_year(found: DateText, reference: datetime | date) -> DateText:
    """Give a year-less date that may lie ahead ("Estimated delivery: Aug 3") the year that puts it
    closest to ``reference``."""
    if found.year is not None:
        return found
    ref = reference.date() if isinstance(reference, datetime) else reference
    candidates = [y for y in (ref.year - 1, ref.year, ref.year + 1) if _valid(y, found.month, found.day)]
    if not candidates:
        return found
    return found.with_year(min(candidates, key=lambda y: abs((date(y, found.month, found.day) - ref).days)))


def iso_date(found: DateText | None) -> str | None:
    if not isinstance(found, DateText) or found.year is None:
        return None
    return date(found.year, found.month, found.day).isoformat()


def pacific_iso(found: DateText | None) -> str | None:
    """AliExpress times are US Pacific: a date-only value is 00:00 that day, DST included."""
    if not isinstance(found, DateText) or found.year is None:
        return None
    h, m, s = found.time or (0, 0, 0)
    return datetime(found.year, found.month, found.day, h, m, s, tzinfo=PACIFIC).isoformat()


def shown_iso(found: DateText | None) -> str | None:
    """How the record stores a shown date: date-only as YYYY-MM-DD, with a time as Pacific ISO."""
    if not isinstance(found, DateText) or found.year is None:
        return None
    return pacific_iso(found) if found.time else iso_date(found)
