"""The UI catalogs: ``locales/<lang>/<catalog>.json`` (``rules``: hint words, ``dashboard``: the pages).

A value is a string with ``{name}`` placeholders, or for a counted phrase an object of CLDR plural
categories chosen with Babel's rules (en one/other, he one/two/other, ru one/few/many). A key
missing in a language falls back to English, so a half-translated file never breaks a page.
Copied texts are not here: they stay English (``companion/rules/texts/messages.toml``).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from companion.i18n.fill import fill
from companion.i18n.languages import DEFAULT, ui_language
from companion.i18n.plurals import plural_form

LOCALES_DIR = Path(__file__).with_name("locales")


@lru_cache(maxsize=None)
def catalog(name: str, lang: str) -> dict:
    """The catalog ``name`` of ``lang`` as stored; {} when missing or unreadable."""
    try:
        with (LOCALES_DIR / lang / f"{name}.json").open(encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def catalog_names() -> tuple[str, ...]:
    """The catalogs English has; every other language has the same files."""
    return tuple(sorted(p.stem for p in (LOCALES_DIR / DEFAULT).glob("*.json")))


def _pick(value: object, lang: str, n: int | None) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        # without a count a counted phrase reads as "other" (Russian catalogs of whole numbers: "many")
        chosen = value.get("other" if n is None else plural_form(lang, n)) or value.get("other") or value.get("many")
        return chosen if isinstance(chosen, str) else None
    return None


def lookup(name: str, lang: str, key: str, n: int | None = None) -> str:
    """The text for ``key`` as written (placeholders unfilled): in ``lang``, else English, else the key."""
    lang = ui_language(lang)
    text = _pick(catalog(name, lang).get(key), lang, n)
    if text is None and lang != DEFAULT:
        text = _pick(catalog(name, DEFAULT).get(key), DEFAULT, n)
    return key if text is None else text


def translate(name: str, lang: str, key: str, n: int | None = None, /, **values) -> str:
    """The text for ``key`` of catalog ``name`` in ``lang``, the plural form for ``n``, placeholders
    filled from ``values`` and ``{n}`` from ``n`` (a placeholder not given becomes "")."""
    if values:
        return _filled(name, lang, key, n, values)
    return _bare(name, lang, key, n)  # titles, labels, counts: the same few hundred strings every time


@lru_cache(maxsize=4096)
def _bare(name: str, lang: str, key: str, n: int | None) -> str:
    return _filled(name, lang, key, n, {})


def _filled(name: str, lang: str, key: str, n: int | None, values: dict) -> str:
    text = lookup(name, lang, key, n)
    try:
        return fill(text, {**values, "n": n if n is not None else ""})
    except ValueError:
        return text
