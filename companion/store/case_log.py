"""The buyer's case log as the store keeps it: ``case`` on the order document, a list of entries
in the order they were recorded (an entry's number is its place in that list). Pages never carry
it (``merge.sanitize_page_order`` keeps page fields only), so every page merge leaves it alone.
"""

from __future__ import annotations

CASE_FIELD = "case"


def entries(doc: dict) -> list[dict]:
    value = doc.get(CASE_FIELD) if isinstance(doc, dict) else None
    return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []


def with_entry(doc: dict, entry: dict) -> dict:
    """A new document with ``entry`` appended; ``doc`` is not modified."""
    return {**doc, CASE_FIELD: [*entries(doc), dict(entry)]}


def without_entry(doc: dict, n: int) -> dict | None:
    """A new document without entry ``n``; None when there is no such entry."""
    log = entries(doc)
    if not 0 <= n < len(log):
        return None
    return {**doc, CASE_FIELD: log[:n] + log[n + 1:]}


def _identity(entry: dict) -> tuple:
    return tuple(sorted((k, str(v)) for k, v in entry.items()))


def united(current: list[dict], incoming: list[dict], limit: int) -> list[dict]:
    """Both logs of one order (the store's and a backup's): every entry of either, each once, the
    store's first in their order, then the backup's new ones. Restoring never loses an entry."""
    out, seen = [], set()
    for entry in [*current, *incoming]:
        key = _identity(entry)
        if key not in seen:
            seen.add(key)
            out.append(entry)
    return out[:limit]
