"""The one placeholder filler: ``{name}`` in UI catalogs and in the English texts to copy."""

from __future__ import annotations

from collections.abc import Mapping


class _Blank(dict):
    def __missing__(self, key: str) -> str:  # a typo in a catalog must not break a page
        return ""


def fill(text: str, values: Mapping[str, object]) -> str:
    """``text`` with each ``{name}`` replaced by ``values[name]``; a name not given becomes "".

    A malformed text (a lone brace, ``{0}``, ``{a.b}``, ``{a[b]}``) raises ValueError: the caller
    decides whether to show the text as written or nothing.
    """
    try:
        return text.format_map(_Blank(values))
    except (ValueError, IndexError, AttributeError, KeyError, TypeError) as exc:
        raise ValueError(f"malformed placeholders in {text!r}") from exc
