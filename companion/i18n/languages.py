"""The UI languages of the companion: the one table every other list of languages derives from.

Adding a UI language is one line here plus its catalog folder ``locales/<code>/`` (one file per
catalog, the same keys as English). The extension keeps its own ``_locales/<code>/`` (a test checks
that both name the same languages). Page languages (what AliExpress pages come in) are another
list: ``companion/parsing/vocab.py``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str  # as in ?lang=, the cookie, the catalog folder and Babel's locale
    name: str  # in the language itself, for the language switcher
    direction: str = "ltr"  # "ltr" or "rtl"

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"


LANGUAGES: dict[str, Language] = {
    "en": Language("en", "English"),
    "he": Language("he", "עברית", "rtl"),
    "ru": Language("ru", "Русский"),
}
DEFAULT = "en"
# Old or other codes browsers still send for a UI language (Java-era "iw" for Hebrew).
ALIASES: dict[str, str] = {"iw": "he"}

CODES: tuple[str, ...] = tuple(LANGUAGES)
RTL: tuple[str, ...] = tuple(code for code, language in LANGUAGES.items() if language.rtl)


def ui_language(lang: object) -> str:
    """``lang`` when it is a UI language code, else the default (English)."""
    return lang if isinstance(lang, str) and lang in LANGUAGES else DEFAULT


def base_language(tag: object) -> str | None:
    """The UI language of a tag such as ``he-IL``, ``iw``, ``ru_RU`` or ``EN``; None when not one."""
    if not isinstance(tag, str):
        return None
    base = tag.strip().lower().replace("_", "-").split("-")[0]
    base = ALIASES.get(base, base)
    return base if base in LANGUAGES else None


def direction(lang: str) -> str:
    return LANGUAGES[ui_language(lang)].direction
