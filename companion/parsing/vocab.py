"""Per-locale page vocabulary (status texts, button texts, labels, phrases) from ``vocab/*.json``.

Look-ups try the page's language first, then every other language: a status text is
unambiguous across languages, and translated pages often keep some English.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from companion.parsing.text import fold

LANGS = ("en", "ru", "he", "es", "pt", "fr", "de")
_DIR = Path(__file__).with_name("vocab")


def _load() -> dict[str, dict]:
    out = {}
    for lang in LANGS:
        try:
            out[lang] = json.loads((_DIR / f"{lang}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            out[lang] = {}
    return out


VOCAB = _load()


def _order(lang: str | None) -> tuple[str, ...]:
    if lang in VOCAB:
        return (lang,) + tuple(code for code in LANGS if code != lang)
    return LANGS


@lru_cache(maxsize=64)
def _folded(lang: str, section: str) -> dict[str, str]:
    return {fold(key): value for key, value in (VOCAB.get(lang, {}).get(section) or {}).items()}


def _lookup(section: str, text: str, lang: str | None) -> str | None:
    key = fold(text)
    if not key:
        return None
    for code in _order(lang):
        hit = _folded(code, section).get(key)
        if hit:
            return hit
    # "Awaiting delivery · 2 packages": the longest known text the shown text starts with.
    best, best_len = None, 0
    for code in _order(lang):
        for known, value in _folded(code, section).items():
            if len(known) > best_len and key.startswith(known + " "):
                best, best_len = value, len(known)
    return best


def status_code(text: str, lang: str | None) -> str | None:
    return _lookup("statuses", text, lang)


def button_code(text: str, lang: str | None) -> str | None:
    return _lookup("buttons", text, lang)


@lru_cache(maxsize=64)
def _label_index(lang: str | None) -> dict[str, str]:
    index: dict[str, str] = {}
    for code in reversed(_order(lang)):  # the page's own language wins on conflicts
        for field, labels in (VOCAB.get(code, {}).get("labels") or {}).items():
            for label in labels:
                index[fold(label)] = field
    return index


def label_field(label: str, lang: str | None) -> str | None:
    """'Shipment completed on' -> 'shipped_at'."""
    return _label_index(lang).get(fold(label))


@lru_cache(maxsize=64)
def phrases(lang: str | None, kind: str) -> tuple[str, ...]:
    """Phrases of one kind, folded, page language first, longest first within a language."""
    out: list[str] = []
    for code in _order(lang):
        items = (VOCAB.get(code, {}).get("phrases") or {}).get(kind) or []
        out.extend(sorted((fold(p) for p in items), key=len, reverse=True))
    return tuple(out)


@lru_cache(maxsize=64)
def day_patterns(lang: str | None, kind: str) -> tuple[re.Pattern, ...]:
    """'not received in {days} days' -> a regex with a ``days`` group."""
    pats = []
    for phrase in phrases(lang, kind):
        body = re.escape(phrase).replace(re.escape("{days}"), r"(?P<days>\d{1,3})")
        pats.append(re.compile(body, re.IGNORECASE))
    return tuple(pats)


def sniff_lang(text: str) -> str | None:
    """The language whose page markers appear most often in ``text``; None when none do."""
    best, best_hits = None, 0
    only_ascii = text.isascii()  # then a marker with any other letter is not in it: no need to look
    for code in LANGS:
        hits = sum(1 for marker in VOCAB.get(code, {}).get("markers") or ()
                   if (marker.isascii() or not only_ascii) and marker in text)
        if hits > best_hits:
            best, best_hits = code, hits
    return best
