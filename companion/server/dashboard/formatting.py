"""Dates and money for the chosen UI language, through Babel. Every helper takes what the store
holds (ISO 8601 text, {"amount", "currency"}) and gives "" for unknown, never raises."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from babel.dates import format_date, format_time
from babel.numbers import format_currency, format_decimal

from companion.model import to_decimal
from companion.datetimes import instant as parse_iso


class Formatter:
    def __init__(self, lang: str):
        self.locale = lang

    def date(self, value, fmt: str = "medium") -> str:
        when = value if isinstance(value, datetime) else parse_iso(value)
        if when is None:
            return ""
        # a date-only value is a calendar day, not midnight UTC: never shift it into the local zone
        try:
            day = when.date() if isinstance(value, str) and len(value) == 10 else when.astimezone().date()
        except (OverflowError, ValueError):  # year 1 or 9999: beyond the local zone; its own day
            day = when.date()
        return format_date(day, fmt, locale=self.locale)

    def datetime(self, value) -> str:
        when = parse_iso(value)
        if when is None:
            return ""
        if isinstance(value, str) and len(value) == 10:
            return self.date(value)
        try:
            local = when.astimezone()
        except (OverflowError, ValueError):  # year 1 or 9999: beyond the local zone; its own clock
            local = when
        return f"{format_date(local.date(), 'medium', locale=self.locale)}, {format_time(local, 'short', locale=self.locale)}"

    def deadline(self, value, date_only: str | None = None) -> tuple[str, bool]:
        """A deadline and whether it reads "before" that day: a date-only value (the page's "before
        Sep 4", the buyer's own day) is that calendar day, and so is a moment at local midnight, never
        "12:00 AM"; any other moment is its date and time."""
        if isinstance(date_only, str) and len(date_only) == 10 and parse_iso(date_only) is not None:
            return self.date(date_only), True
        when = value if isinstance(value, datetime) else parse_iso(value)
        if when is None:
            return "", False
        try:
            local = when.astimezone()
        except (OverflowError, ValueError):
            local = when
        if (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0):
            return format_date(local.date(), "medium", locale=self.locale), True
        return self.datetime(value if isinstance(value, str) else when.isoformat()), False

    def amount(self, amount: Decimal | str | None, currency: str | None) -> str:
        number = to_decimal(amount)
        if number is None:
            return ""
        if not currency:
            return format_decimal(number, locale=self.locale)
        try:
            text = format_currency(number, currency, locale=self.locale)
        except (ValueError, KeyError):  # a currency code Babel does not know
            text = f"{format_decimal(number, locale=self.locale)} {currency}"
        # CLDR's Hebrew pattern carries RLM marks that make browsers show "R$" as "$R";
        # the templates isolate amounts left-to-right instead (<bdi dir="ltr">)
        return text.replace("\u200f", "").replace("\u200e", "")

    def money(self, money) -> str:
        if not isinstance(money, dict):
            return ""
        return self.amount(money.get("amount"), money.get("currency"))

    def number(self, value) -> str:
        return format_decimal(value, locale=self.locale)
