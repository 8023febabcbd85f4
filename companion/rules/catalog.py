"""UI words for hints (titles, explanations, summaries, why, severity) from locales/<lang>.json.

A value is a string, or for counted phrases an object of plural forms: en one/other,
ru one/few/many, he one/two/other. Placeholders use ``{name}``. Copied texts are not here:
they stay English (texts/messages.toml).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

LOCALES_DIR = Path(__file__).with_name("locales")
LANGUAGES = ("en", "he", "ru")
DEFAULT = "en"
PLURAL_FORMS = {"en": ("one", "other"), "ru": ("one", "few", "many"), "he": ("one", "two", "other")}


@lru_cache(maxsize=None)
def catalog(lang: str) -> dict:
    try:
        with (LOCALES_DIR / f"{lang}.json").open(encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def plural_form(lang: str, n: int) -> str:
    n = abs(n)
    if lang == "ru":
        if n % 10 == 1 and n % 100 != 11:
            return "one"
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return "few"
        return "many"
    if lang == "he":
        return "one" if n == 1 else "two" if n == 2 else "other"
    return "one" if n == 1 else "other"


class _Fill(dict):
    def __missing__(self, key: str) -> str:
        return ""


def _pick(value: object, lang: str, n: int | None) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        form = plural_form(lang, n if n is not None else 0)
        chosen = value.get(form) or value.get("other") or value.get("many")
        return chosen if isinstance(chosen, str) else None
    return None


def t(lang: str, key: str, n: int | None = None, **values) -> str:
    """The text for ``key`` in ``lang`` (English when missing there), placeholders filled."""
    if not values:
        return _plain(lang, key, n)  # titles and labels: the same few hundred strings every time
    return _filled(lang, key, n, values)


@lru_cache(maxsize=4096)
def _plain(lang: str, key: str, n: int | None) -> str:
    return _filled(lang, key, n, {})


def _filled(lang: str, key: str, n: int | None, values: dict) -> str:
    lang = lang if lang in LANGUAGES else DEFAULT
    text = _pick(catalog(lang).get(key), lang, n)
    if text is None and lang != DEFAULT:
        text = _pick(catalog(DEFAULT).get(key), DEFAULT, n)
    if text is None:
        return key
    try:
        return text.format_map(_Fill(values, n=n if n is not None else ""))
    except (ValueError, IndexError, AttributeError):
        return text
