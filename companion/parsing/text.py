"""Text clean-up shared by every page family: what the browser shows, minus invisible marks."""

from __future__ import annotations

import re

# Bidi marks and zero-width characters that RTL pages sprinkle around numbers and labels.
_INVISIBLE = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200c\u200d\ufeff"), None)
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007]+")


def clean(value: object) -> str:
    """Visible text on one line; '' for anything that is not a string."""
    if not isinstance(value, str):
        return ""
    if value.isascii() and value.isprintable() and "  " not in value:
        return value.strip()  # the common case: nothing invisible, no runs of spaces
    return _SPACES.sub(" ", value.translate(_INVISIBLE)).strip()


def fold(value: str) -> str:
    """Key for vocabulary look-ups: lower case, no trailing colon, one space."""
    return clean(value).casefold().rstrip(" :：").strip()


def split_label(value: str) -> tuple[str, str]:
    """'Order date: Mar 3, 2024' -> ('Order date', 'Mar 3, 2024'); ('', text) when there is no label."""
    text = clean(value)
    for sep in (":", "："):
        if sep in text:
            label, _, rest = text.partition(sep)
            # A colon inside a time ("18:39") is not a label separator.
            if label and not label[-1:].isdigit():
                return label.strip(), rest.strip()
    return "", text


def digits_only(value: str) -> str:
    return "".join(filter(str.isdigit, value))
