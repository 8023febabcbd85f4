"""Money texts -> {"amount": "1234.56", "currency": "BRL"}.

Handles symbols before or after the number, thousands/decimal separators of every locale
("R$132,74", "12,34 €", "1 234,56 руб.", "‏8.50 ‏₪", "US $4.59", "€ 1.234,56", "$1,234.56").
"""

from __future__ import annotations

import re
from functools import lru_cache

from companion.parsing.text import clean

# Longest symbols first so "US $" wins over "$". Dollar variants are resolved before the bare "$".
_SYMBOLS = [
    ("US $", "USD"), ("US$", "USD"), ("USD", "USD"), ("R$", "BRL"), ("BRL", "BRL"), ("CA $", "CAD"), ("C$", "CAD"),
    ("CA$", "CAD"), ("AU $", "AUD"), ("A$", "AUD"), ("AU$", "AUD"), ("NZ$", "NZD"), ("MX$", "MXN"), ("MXN", "MXN"),
    ("CLP", "CLP"), ("COP", "COP"), ("руб.", "RUB"), ("руб", "RUB"), ("₽", "RUB"), ("RUB", "RUB"), ("р.", "RUB"),
    ("€", "EUR"), ("EUR", "EUR"), ("₪", "ILS"), ("ILS", "ILS"), ("NIS", "ILS"), ("ש\"ח", "ILS"), ("£", "GBP"), ("GBP", "GBP"),
    ("zł", "PLN"), ("PLN", "PLN"), ("₴", "UAH"), ("грн", "UAH"), ("₸", "KZT"), ("Kč", "CZK"), ("CHF", "CHF"), ("₩", "KRW"),
    ("¥", "JPY"), ("JPY", "JPY"), ("CNY", "CNY"), ("₹", "INR"), ("TL", "TRY"), ("₺", "TRY"), ("kr", "SEK"), ("SEK", "SEK"),
    ("Ft", "HUF"), ("lei", "RON"), ("$", "USD"),
]
_NUMBER = re.compile(r"-?\d[\d .,'\u00a0\u202f]*")
_MINUS = re.compile(r"\s*[-\u2212][^\d\u2212-]*$")  # the text starts with the sign, then only the currency
_FREE = re.compile(r"\b(free|gr[aá]tis|gratuit|kostenlos|бесплатно)\b|חינם", re.IGNORECASE)


def _currency(text: str, hint: str | None) -> str | None:
    for symbol, code in _SYMBOLS:
        if symbol in text:
            if symbol == "$" and hint and hint != "USD":
                return hint  # a bare "$" on a page whose data says MXN/CLP/...: trust the data
            return code
    return hint


def _amount(raw: str) -> str | None:
    raw = raw.strip(" .,'\u00a0\u202f")
    negative = raw.startswith("-")
    raw = raw.lstrip("-")
    compact = re.sub(r"[ '\u00a0\u202f]", "", raw)
    if not compact or not compact[0].isdigit():
        return None
    last_dot, last_comma = compact.rfind("."), compact.rfind(",")
    if last_dot >= 0 and last_comma >= 0:
        decimal = "." if last_dot > last_comma else ","
    elif last_dot >= 0 or last_comma >= 0:
        sep = "." if last_dot >= 0 else ","
        tail = compact.rsplit(sep, 1)[1]
        # One separator followed by exactly three digits groups thousands ("1.234", "1,234").
        decimal = None if (compact.count(sep) > 1 or len(tail) == 3) else sep
    else:
        decimal = None
    if decimal:
        whole, _, frac = compact.rpartition(decimal)
        whole = re.sub(r"[.,]", "", whole)
        if not frac.isdigit():
            return None
        value = f"{int(whole or '0')}.{frac}"
    else:
        digits = re.sub(r"[.,]", "", compact)
        if not digits.isdigit():
            return None
        value = str(int(digits))
    return ("-" + value) if negative else value


def read_money(text: str, currency_hint: str | None = None) -> dict | None:
    """A money text -> {"amount", "currency"} (a new dict each time); None when there is no number in it."""
    found = _read_money(text, currency_hint)
    return {"amount": found[0], "currency": found[1]} if found is not None else None


@lru_cache(maxsize=8192)
def _read_money(text: str, currency_hint: str | None) -> tuple[str, str | None] | None:
    # cached as a tuple: a cached dict would be shared by every order that shows the same price
    text = clean(text)
    if not text or len(text) > 200:
        return None
    match = _NUMBER.search(text)
    if not match:
        return None
    amount = _amount(match.group(0))
    if amount is None:
        return None
    prefix = text[:match.start()]
    if not amount.startswith("-") and _MINUS.match(prefix):
        amount = "-" + amount  # "-R$5,66", "− US $1.20": the sign stands before the currency
    return amount, _currency(text, currency_hint)


def is_free(text: str) -> bool:
    return bool(_FREE.search(text or ""))
