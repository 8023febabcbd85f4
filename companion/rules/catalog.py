"""UI words for hints (titles, explanations, summaries, why, severity): the ``rules`` catalog of
``companion/i18n/locales/<lang>/``. Copied texts are not here: they stay English (texts/messages.toml)."""

from __future__ import annotations

from companion.i18n import translate

CATALOG = "rules"


def t(lang: str, key: str, n: int | None = None, **values) -> str:
    """The text for ``key`` in ``lang`` (English when missing there), placeholders filled."""
    return translate(CATALOG, lang, key, n, **values)
