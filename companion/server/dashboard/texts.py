"""The dashboard's own UI strings, one JSON file per language in ``locales/``.

A value is a string with ``{name}`` placeholders, or for counted phrases a dict of CLDR plural
categories (``one``, ``two``, ``few``, ``many``, ``other``) chosen with Babel's plural rules.
Missing keys fall back to English, so a half-translated file never breaks a page.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from babel import Locale

from companion.i18n import DEFAULT, RTL, SUPPORTED

LOCALES_DIR = Path(__file__).parent / "locales"
LANGUAGE_NAMES = {"en": "English", "he": "עברית", "ru": "Русский"}


@lru_cache(maxsize=None)
def catalog(lang: str) -> dict:
    return json.loads((LOCALES_DIR / f"{lang}.json").read_text(encoding="utf-8"))


class Texts:
    def __init__(self, lang: str):
        self.lang = lang if lang in SUPPORTED else DEFAULT
        self.dir = "rtl" if self.lang in RTL else "ltr"
        self._plural = Locale.parse(self.lang).plural_form

    def _raw(self, key: str):
        value = catalog(self.lang).get(key)
        return value if value is not None else catalog(DEFAULT).get(key, key)

    def __call__(self, key: str, **values) -> str:
        value = self._raw(key)
        if isinstance(value, dict):
            value = value.get("other", key)
        return value.format(**values) if values else value

    def n(self, key: str, count: int, **values) -> str:
        """A counted phrase: ``t.n("days_left", 3)`` -> "3 days left"."""
        value = self._raw(key)
        if isinstance(value, dict):
            value = value.get(self._plural(abs(count)), value.get("other", key))
        return value.format(n=count, **values)
