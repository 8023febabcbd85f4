"""The dashboard's own UI strings: the ``dashboard`` catalog of ``companion/i18n/locales/<lang>/``.

A value is a string with ``{name}`` placeholders, or for counted phrases a dict of CLDR plural
categories chosen with Babel's plural rules (companion.i18n). Missing keys fall back to English.
"""

from __future__ import annotations

from companion.i18n import LANGUAGES, direction, lookup, translate, ui_language

CATALOG = "dashboard"
LANGUAGE_NAMES = {code: language.name for code, language in LANGUAGES.items()}


class Texts:
    def __init__(self, lang: str):
        self.lang = ui_language(lang)
        self.dir = direction(self.lang)

    def __call__(self, key: str, **values) -> str:
        """``t("as_of", date=...)``; ``t("import_done")`` as written: the page's script fills it."""
        return translate(CATALOG, self.lang, key, **values) if values else lookup(CATALOG, self.lang, key)

    def n(self, key: str, count: int, **values) -> str:
        """A counted phrase: ``t.n("days_left", 3)`` -> "3 days left"."""
        return translate(CATALOG, self.lang, key, count, **values)
