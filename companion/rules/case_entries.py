"""What the buyer records of a case (extension asked, dispute opened, offer, decision, refund...):
the kinds, and one entry checked field by field. Used where entries arrive: the API and a backup.

An entry is ``{"kind", "at", "amount"?, "note"?, "tracking_number"?, "reason"?, "method"?}``;
``at`` is an ISO date (a day the buyer picked) or a timestamp ("now" from a click).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation

from companion.datetimes import from_user
from companion.rules.ranges import user_date_problem

KINDS = (
    "extension_requested",
    "dispute_opened",
    "offer_received",
    "escalated",
    "decision_refund",
    "decision_return",
    "decision_rejected",
    "return_shipped",
    "refund_received",
)
# the dispute reasons of the hint's dispute cards (rules/hints.py), and how a refund is paid back
REASONS = ("not_received", "not_as_described", "damaged", "wrong_item", "wrong_colour", "missing_quantity")
METHODS = ("card", "paypal", "balance")
FIELDS = ("kind", "at", "amount", "note", "tracking_number", "reason", "method", "evidence")

MAX_ENTRIES = 60  # a long case has a dozen steps; more is a script gone wrong
MAX_CASE_NOTE = 1000
MAX_AMOUNT = Decimal("1000000000")
TRACKING_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-")
FUTURE_SLACK = timedelta(days=1)  # a date typed in a zone ahead of the companion's clock


class CaseEntryError(ValueError):
    """The entry can't be stored; the message says why, in plain words."""


def _at(value: object, now: datetime) -> str:
    if not isinstance(value, str):
        raise CaseEntryError("'at' must be an ISO 8601 date (2026-11-24) or time (2026-11-24T10:00:00+02:00).")
    problem = user_date_problem(value, "at", now)  # before 2010, unreadable, years ahead
    if problem:
        raise CaseEntryError(problem)
    parsed = from_user(value)
    if isinstance(parsed, datetime):
        moment = parsed
        text = parsed.isoformat()
    else:
        moment = datetime(parsed.year, parsed.month, parsed.day, tzinfo=timezone.utc)
        text = parsed.isoformat()
    if moment > now.astimezone(timezone.utc) + FUTURE_SLACK:
        raise CaseEntryError(f"'at' is in the future ({text[:10]}): enter the day it happened.")
    return text


def _amount(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise CaseEntryError("'amount' must be a decimal number such as 12.34.")
    try:
        amount = Decimal(str(value).strip().replace(",", ".") if isinstance(value, str) else str(value))
    except (InvalidOperation, ValueError):
        raise CaseEntryError("'amount' must be a decimal number such as 12.34.") from None
    if isinstance(value, str) and len(value) > 20:
        raise CaseEntryError("'amount' must be a decimal number such as 12.34.")
    if not amount.is_finite() or amount < 0 or amount >= MAX_AMOUNT or amount.as_tuple().exponent < -4:
        raise CaseEntryError("'amount' must be a decimal number from 0 with at most 4 decimals, such as 12.34.")
    return format(amount, "f")


def _text(value: object, field: str, limit: int) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or len(value) > limit:
        raise CaseEntryError(f"'{field}' must be text of at most {limit} characters.")
    return value.strip() or None


def _tracking(value: object) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not 4 <= len(value.strip()) <= 40 or not set(value.strip()) <= TRACKING_CHARS:
        raise CaseEntryError("'tracking_number' must be 4 to 40 letters, digits or dashes.")
    return value.strip().upper()


def _choice(value: object, field: str, allowed: tuple[str, ...]) -> str | None:
    if value is None:
        return None
    if value not in allowed:
        raise CaseEntryError(f"'{field}' must be one of: {', '.join(allowed)}.")
    return value


def evidence_keys(value: object) -> list[str]:
    """Ticked evidence items: short keys (``unboxing_video``...), at most 20, each once."""
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > 20 or not all(
            isinstance(v, str) and 0 < len(v) <= 40 and v.replace("_", "").isalnum() and v.isascii() for v in value):
        raise CaseEntryError("'evidence' must be a list of at most 20 short keys such as 'unboxing_video'.")
    return list(dict.fromkeys(value))


def clean_entry(raw: object, now: datetime) -> dict:
    """One entry, as stored: only its known fields, each checked; CaseEntryError otherwise."""
    if not isinstance(raw, dict):
        raise CaseEntryError("Send a JSON object with 'kind' and 'at'.")
    unknown = sorted(set(raw) - set(FIELDS) - {"recorded_at"})
    if unknown:
        raise CaseEntryError(f"Unknown fields in the case entry: {', '.join(unknown)[:200]}.")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise CaseEntryError(f"'kind' must be one of: {', '.join(KINDS)}.")
    entry = {"kind": kind, "at": _at(raw.get("at"), now)}
    if raw.get("amount") is not None:
        entry["amount"] = _amount(raw["amount"])
    for field, value in (("note", _text(raw.get("note"), "note", MAX_CASE_NOTE)),
                         ("tracking_number", _tracking(raw.get("tracking_number"))),
                         ("reason", _choice(raw.get("reason"), "reason", REASONS)),
                         ("method", _choice(raw.get("method"), "method", METHODS))):
        if value is not None:
            entry[field] = value
    ticked = evidence_keys(raw.get("evidence"))
    if ticked:
        entry["evidence"] = ticked
    recorded = raw.get("recorded_at")
    if isinstance(recorded, str) and len(recorded) <= 40:
        try:
            entry["recorded_at"] = _at(recorded, now)
        except CaseEntryError:
            pass  # bookkeeping only: an odd one is dropped, the entry kept
    return entry


def clean_case(raw: object, now: datetime) -> list[dict]:
    """A whole case log (a backup's ``case``): a list of entries; None or absent is an empty log."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise CaseEntryError("'case' must be a list of entries.")
    if len(raw) > MAX_ENTRIES:
        raise CaseEntryError(f"'case' holds at most {MAX_ENTRIES} entries.")
    out = []
    for index, item in enumerate(raw):
        try:
            out.append(clean_entry(item, now))
        except CaseEntryError as exc:
            raise CaseEntryError(f"case entry {index + 1}: {exc}") from None
    return out

