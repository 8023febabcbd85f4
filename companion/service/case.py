"""The buyer's case log, from a request to a stored change: the entry checked (rules), then
appended or removed under the store's lock (store/case_log.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from companion.rules.case_entries import MAX_ENTRIES, CaseEntryError, clean_entry
from companion.store import case_log


class CaseEntryNotFound(LookupError):
    """The order has no entry with this number (already undone, or never recorded)."""


class CaseFull(ValueError):
    """The order's case log holds as many entries as it may."""


def prepared(raw: object, now: datetime) -> dict:
    """The entry as stored, stamped with when it was recorded; CaseEntryError when it is not usable."""
    entry = clean_entry({k: v for k, v in raw.items() if k != "recorded_at"} if isinstance(raw, dict) else raw, now)
    entry["recorded_at"] = now.isoformat(timespec="seconds")
    return entry


def appending(entry: dict) -> Callable[[dict], dict]:
    def change(doc: dict) -> dict:
        if len(case_log.entries(doc)) >= MAX_ENTRIES:
            raise CaseFull(f"This order's case already holds {MAX_ENTRIES} entries: undo some first.")
        return case_log.with_entry(doc, entry)
    return change


def removing(n: int) -> Callable[[dict], dict]:
    def change(doc: dict) -> dict:
        new = case_log.without_entry(doc, n)
        if new is None:
            raise CaseEntryNotFound(f"This order has no case entry number {n}.")
        return new
    return change


__all__ = ["CaseEntryError", "CaseEntryNotFound", "CaseFull", "appending", "prepared", "removing"]
