"""Which page family a page belongs to. Every URL and content test lives in the families'
declarations (``FAMILY`` in each module); this module only asks them, in one order.

A URL that names a family decides: the content sniff is only for pages without a URL, or with
a URL that names no family (a page saved to disk, an odd mirror).
"""

from __future__ import annotations

from companion.parsing.base import Family
from companion.parsing.families import current_detail, current_list, ru_detail, ru_list, trade_detail, trade_list, tracking

# Order matters only for content sniffing: the most specific markers first.
FAMILIES: tuple[Family, ...] = tuple(module.FAMILY for module in (
    trade_list, trade_detail, ru_detail, ru_list, tracking, current_detail, current_list))

KINDS = tuple(family.kind for family in FAMILIES)


def by_url(url: str) -> Family | None:
    if not url:
        return None
    matches = [family for family in FAMILIES if family.url_matches(url)]
    return matches[0] if len(matches) == 1 else _most_specific(matches, url)


def _most_specific(matches: list[Family], url: str) -> Family | None:
    """Two families name the URL (a tracking link on a list page's address): the one whose
    pattern matched the longer stretch of it."""
    import re

    if not matches:
        return None

    def reach(family: Family) -> int:
        return max((len(m.group(0)) for p in family.urls for m in [re.search(p, url)] if m), default=0)

    return max(matches, key=reach)


def by_content(html: str) -> Family | None:
    for family in FAMILIES:
        if family.content_matches(html):
            return family
    return None


def by_kind(kind: str) -> Family | None:
    return next((family for family in FAMILIES if family.kind == kind), None)
