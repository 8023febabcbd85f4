"""One i18n for the companion: the UI languages (languages.py), their catalogs (locales/<lang>/),
plural forms from Babel (plurals.py), the one placeholder filler (fill.py) and which language a
request wants (negotiation.py). Copied texts stay English.

Adding a UI language: a line in ``languages.LANGUAGES`` and a folder ``locales/<code>/`` with every
catalog English has (tests/i18n checks both, and the extension's ``_locales/``).
"""

from __future__ import annotations

from companion.i18n.catalogs import catalog, catalog_names, lookup, translate
from companion.i18n.fill import fill
from companion.i18n.languages import (
    ALIASES,
    CODES,
    DEFAULT,
    LANGUAGES,
    RTL,
    Language,
    base_language,
    direction,
    ui_language,
)
from companion.i18n.negotiation import pick_language, request_language
from companion.i18n.plurals import integer_forms, plural_form

__all__ = [
    "ALIASES", "CODES", "DEFAULT", "LANGUAGES", "RTL", "Language", "base_language", "catalog",
    "catalog_names", "direction", "fill", "integer_forms", "lookup", "pick_language", "plural_form",
    "request_language", "translate", "ui_language",
]
