"""Plural categories (CLDR: one, two, few, many, other) from Babel's rules for each UI language."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale

from companion.i18n.languages import ui_language


@lru_cache(maxsize=None)
def _rule(lang: str):
    return Locale.parse(lang).plural_form


@lru_cache(maxsize=4096)
def plural_form(lang: str, n: int) -> str:
    """The CLDR category of the whole number ``n`` in ``lang`` (English for an unknown language)."""
    return _rule(ui_language(lang))(abs(n))


@lru_cache(maxsize=None)
def integer_forms(lang: str) -> frozenset[str]:
    """The categories whole numbers can take in ``lang``: what a counted phrase must spell out
    (Russian one/few/many; its "other" is for fractions, which the UI never counts)."""
    rule = _rule(ui_language(lang))
    return frozenset(rule(n) for n in range(1000))  # CLDR integer rules repeat within every 100
