"""The JSON backup: written whole, read back with every field checked, merged into the store."""

from __future__ import annotations

from datetime import datetime, timezone

from companion.model import LIST_LIMITS, PAGE_FIELDS, TEXT_LIMITS, USER_FIELDS, clip, is_order_id
from companion.rules.case_entries import MAX_ENTRIES, CaseEntryError, clean_case
from companion.rules.ranges import user_date_problem
from companion.store import case_log
from companion.store.merge import clean_date, empty_read_at, read_at_of, sanitize_page_order
from companion.datetimes import instant as parse_iso

BACKUP_FORMAT = "order-guard-backup"
BACKUP_VERSION = 1
MAX_BACKUP_ORDERS = 100_000


class BackupError(ValueError):
    """The uploaded backup is not one we can restore; the message says why, for the user."""


def backup_document(documents: list[dict], exported_at: datetime, version: str) -> dict:
    return {
        "format": BACKUP_FORMAT,
        "version": BACKUP_VERSION,
        "app_version": version,
        "exported_at": exported_at.isoformat(timespec="seconds"),
        "orders": sorted(documents, key=lambda d: d["order_id"]),
    }


def _iso_or_none(value, field: str, oid: str):
    if value is None:
        return None
    if not isinstance(value, str) or parse_iso(value) is None:
        raise BackupError(f"Order {oid}: '{field}' is not an ISO 8601 date.")
    return value


def _user_date(value, field: str, oid: str, now: datetime):
    """An own deadline or dispute date: the API's own range (``rules.ranges``), else refused."""
    value = _iso_or_none(value, field, oid)
    problem = user_date_problem(value, field, now)
    if problem:
        raise BackupError(f"Order {oid}: {problem}")
    return value


def _id_problem(value, index: int) -> str:
    where = f"Entry {index + 1} in 'orders'"
    if not isinstance(value, str):
        return f"{where} has no valid 'order_id': it must be the order number as text (6 to 32 digits)."
    shown = value[:40]
    if not (value.isascii() and value.isdigit()):
        return f"{where}: the order number {shown!r} must be ASCII digits 0-9 only."
    if value[:1] == "0":
        return (f"{where}: the order number {shown!r} starts with a zero; AliExpress order numbers never do. "
                f"Remove the leading zeros (it would otherwise be taken for a different order).")
    return f"{where}: the order number {shown!r} must have 6 to 32 digits."


def _clean_sources(value, now: datetime) -> dict:
    if not isinstance(value, dict):
        return {}
    out = {}
    for kind, src in list(value.items())[:LIST_LIMITS["protection_sources"]]:
        if isinstance(kind, str) and kind and len(kind) <= TEXT_LIMITS["page_kind"] and isinstance(src, dict):
            ends_at = clean_date(src.get("ends_at"), now)
            days = src.get("days")
            days = days if isinstance(days, int) and not isinstance(days, bool) and 0 < days < 1000 else None
            out[kind] = {"ends_at": ends_at, "days": days}
            if clean_date(src.get("at"), now):
                out[kind]["at"] = src["at"]  # when that page said it
    return out


def clean_backup_order(raw: object, index: int, now: datetime | None = None) -> dict:
    """One backed-up order, re-validated field by field as if it came from a page (a backup file
    is user-supplied input like any other). Ids must be ``model.is_order_id`` (ASCII digits, no
    leading zero); own dates must be in the API's range; page and bookkeeping dates outside
    2000..``now`` + three years are dropped, like a page's. ``now``: the computer's clock by default."""
    if not isinstance(raw, dict):
        raise BackupError(f"Entry {index + 1} in 'orders' is not an order object.")
    now = now or datetime.now(timezone.utc)
    if not is_order_id(raw.get("order_id")):
        raise BackupError(_id_problem(raw.get("order_id"), index))
    page = sanitize_page_order(raw, now)
    if page is None:
        raise BackupError(_id_problem(raw.get("order_id"), index))
    oid = page["order_id"]
    doc = dict(page)
    received = raw.get("received")
    if received is not None and not isinstance(received, bool):
        raise BackupError(f"Order {oid}: 'received' must be true, false or null.")
    doc["received"] = received
    doc["dispute_opened_at"] = _user_date(raw.get("dispute_opened_at"), "dispute_opened_at", oid, now)
    doc["deadline_override"] = _user_date(raw.get("deadline_override"), "deadline_override", oid, now)
    note = raw.get("note")
    if note is not None and not isinstance(note, str):
        raise BackupError(f"Order {oid}: 'note' must be text.")
    if note and len(note) > TEXT_LIMITS["note"]:  # the API takes no longer note: this file was not made by Order Guard
        raise BackupError(f"Order {oid}: 'note' is longer than {TEXT_LIMITS['note']} characters.")
    doc["note"] = note or None
    try:
        doc["case"] = clean_case(raw.get("case"), now)  # a backup made before the case log has none
    except CaseEntryError as exc:
        raise BackupError(f"Order {oid}: {exc}") from None
    doc["first_seen"] = clean_date(_iso_or_none(raw.get("first_seen"), "first_seen", oid), now)
    doc["last_seen"] = clean_date(_iso_or_none(raw.get("last_seen"), "last_seen", oid), now)
    history = raw.get("status_history") or []
    if not isinstance(history, list):
        raise BackupError(f"Order {oid}: 'status_history' must be a list.")
    doc["status_history"] = [
        {"status": h["status"], "status_text": clip(h.get("status_text"), "status_text"), "at": h.get("at")}
        for h in history[-LIST_LIMITS["status_history"]:]
        if isinstance(h, dict) and isinstance(h.get("status"), str) and len(h["status"]) <= TEXT_LIMITS["history_status"]
        and clean_date(h.get("at"), now)
    ]
    seen_on = raw.get("seen_on") or []
    doc["seen_on"] = ([s for s in seen_on[:LIST_LIMITS["seen_on"]] if isinstance(s, str) and s and len(s) <= TEXT_LIMITS["page_kind"]]
                      if isinstance(seen_on, list) else [])
    # The store recomputes the effective deadline from what each kind of page said; keep that
    # bookkeeping, or rebuild it from the effective value so a later capture can't drop it.
    sources = _clean_sources(raw.get("protection_sources"), now)
    if not sources and doc.get("protection"):
        sources = {"backup": {"ends_at": doc["protection"].get("ends_at"), "days": doc["protection"].get("days")}}
    doc["protection_sources"] = sources
    doc["read_at"] = _clean_read_at(raw.get("read_at"), now)  # backups from before it have none: all null
    return doc


def _clean_read_at(value, now: datetime) -> dict:
    read = empty_read_at()
    if isinstance(value, dict):
        read.update({kind: value[kind] for kind in read if clean_date(value.get(kind), now)})
    return read


def _latest_reads(a: dict, b: dict) -> dict:
    """Per kind of page, the later of two ``read_at`` records."""
    first, second = read_at_of(a), read_at_of(b)
    return {kind: max((t for t in (first[kind], second[kind]) if t), key=_when, default=None) for kind in first}


def parse_backup(data: object, now: datetime | None = None) -> list[dict]:
    """The orders of a backup file, validated; BackupError (-> 400) on anything else."""
    if not isinstance(data, dict) or not isinstance(data.get("orders"), list):
        raise BackupError("This is not an Order Guard backup: expected a JSON object with an 'orders' list.")
    fmt = data.get("format")
    if fmt is not None and fmt != BACKUP_FORMAT:
        raise BackupError(f"This is not an Order Guard backup (format {str(fmt)[:40]!r}).")
    version = data.get("version", BACKUP_VERSION)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise BackupError("The backup's 'version' must be a positive whole number.")
    if version > BACKUP_VERSION:
        raise BackupError("This backup was made by a newer Order Guard. Update the companion, then import it again.")
    if len(data["orders"]) > MAX_BACKUP_ORDERS:
        raise BackupError(f"The backup holds more than {MAX_BACKUP_ORDERS} orders.")
    docs: dict[str, dict] = {}
    for index, raw in enumerate(data["orders"]):
        doc = clean_backup_order(raw, index, now)
        docs[doc["order_id"]] = doc  # a repeated id: the later entry wins
    return list(docs.values())


_PAGE_BLOCK = tuple(f for f in PAGE_FIELDS if f != "order_id") + ("protection_sources",)


def _when(value) -> datetime:
    return parse_iso(value) or datetime.min.replace(tzinfo=timezone.utc)


def merge_documents(current: dict | None, incoming: dict) -> dict:
    """Combine a stored order with the same order from a backup; neither is modified.

    - Page data (status, dates, items, protection...) travels as one block from the side seen on
      a page most recently (``last_seen``): mixing fields of two captures could pair a status with
      dates it never had. On a tie the store's copy stays.
    - User fields are never lost: a field set on only one side keeps that value. When both sides
      set it differently, the newer side (same ``last_seen`` rule) wins — the buyer most likely
      edited the copy they were using most recently.
    - The case logs are united: every entry of either side, each once (``store.case_log.united``).
    - Bookkeeping is united: earliest first_seen, latest last_seen, both status histories.
    """
    if current is None:
        return dict(incoming)
    incoming_newer = _when(incoming.get("last_seen")) > _when(current.get("last_seen"))
    newer, older = (incoming, current) if incoming_newer else (current, incoming)
    doc = dict(current)
    for key in _PAGE_BLOCK:
        doc[key] = newer.get(key)
    for key in USER_FIELDS:
        a, b = newer.get(key), older.get(key)
        doc[key] = a if a is not None else b
    doc["case"] = case_log.united(case_log.entries(current), case_log.entries(incoming), MAX_ENTRIES)
    firsts = [v for v in (current.get("first_seen"), incoming.get("first_seen")) if v]
    doc["first_seen"] = min(firsts, key=_when) if firsts else None
    lasts = [v for v in (current.get("last_seen"), incoming.get("last_seen")) if v]
    doc["last_seen"] = max(lasts, key=_when) if lasts else None
    history, seen = [], set()
    for entry in (current.get("status_history") or []) + (incoming.get("status_history") or []):
        key = (entry.get("status"), entry.get("at"))
        if key not in seen:
            seen.add(key)
            history.append(entry)
    history.sort(key=lambda h: _when(h.get("at")))
    doc["status_history"] = history[-LIST_LIMITS["status_history"]:]
    doc["seen_on"] = list(dict.fromkeys((current.get("seen_on") or []) + (incoming.get("seen_on") or [])))
    doc["read_at"] = _latest_reads(current, incoming)
    return doc


def merge_backup(current: dict[str, dict], incoming: list[dict]) -> tuple[list[dict], dict]:
    """What to write for an import: only documents that change, and counts for the user."""
    put, stats = [], {"added": 0, "updated": 0, "unchanged": 0}
    for doc in incoming:
        old = current.get(doc["order_id"])
        merged = merge_documents(old, doc)
        if old is None:
            stats["added"] += 1
            put.append(merged)
        elif merged != old:
            stats["updated"] += 1
            put.append(merged)
        else:
            stats["unchanged"] += 1
    return put, stats
