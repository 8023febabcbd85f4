"""What every page-family parser needs besides the page: URL, capture time, page language, warnings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import parse_qs, urlsplit

from companion.parsing import dates
from companion.parsing.vocab import LANGS, sniff_lang

_HTML_LANG = re.compile(r"<html[^>]*?\blang=[\"']?([a-zA-Z]{2})", re.IGNORECASE)
_ORDER_ID_IN_URL = re.compile(r"(?:orderId|tradeOrderId|order_id|orderid)=(\d{6,32})", re.IGNORECASE)


def lang_from_url(url: str) -> str | None:
    try:
        parts = urlsplit(url or "")
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if host == "aliexpress.ru" or host.endswith(".aliexpress.ru"):
        return "ru"
    sub = host.split(".")[0] if host.count(".") >= 2 else ""
    if sub in LANGS:
        return sub
    if sub == "il":
        return "he"
    if sub == "br":
        return "pt"
    query = parse_qs(parts.query)
    for key in ("lang", "_lang", "language", "locale"):
        value = (query.get(key) or [""])[0][:2].lower()
        if value in LANGS:
            return value
        if value == "iw":
            return "he"
    if host.endswith("aliexpress.com") and sub in ("www", "m", "trade", "") and host:
        return None  # www serves every language: decide from the page itself
    return None


def lang_from_html(html: str) -> str | None:
    m = _HTML_LANG.search(html[:4000])
    if m:
        code = m.group(1).lower()
        return "he" if code == "iw" else code if code in LANGS else None
    return None


def order_id_from_url(url: str) -> str | None:
    m = _ORDER_ID_IN_URL.search(url or "")
    return m.group(1) if m else None


@dataclass
class Context:
    url: str
    captured_at: datetime
    lang: str | None = None
    warnings: list[str] = field(default_factory=list)

    def warn(self, message: str) -> None:
        if message not in self.warnings and len(self.warnings) < 50:
            self.warnings.append(message)

    def detect_lang(self, sample: str) -> None:
        """Page language: URL first, then <html lang>, then which vocabulary the page uses."""
        if self.lang:
            return
        self.lang = lang_from_url(self.url) or lang_from_html(sample) or sniff_lang(sample[:80000])

    def date(self, text: str, what: str = "date"):
        """DateText or None; an ambiguous numeric date becomes a warning, never a guess."""
        found = dates.read_date(text or "", self.lang)
        if found == dates.AMBIGUOUS:
            self.warn(f"{what}: {text!r} could be day/month or month/day and the page language is unknown; left empty")
            return None
        return found

    def shown(self, text: str, what: str = "date") -> str | None:
        return dates.shown_iso(self.date(text, what))


def as_aware(value: datetime | None) -> datetime:
    if not isinstance(value, datetime):
        return datetime.now(timezone.utc)
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
