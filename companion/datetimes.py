"""What a date or timestamp string means, once for the whole companion.

Orders store ISO 8601 strings: a full timestamp with its offset when the page showed a time, or
``YYYY-MM-DD`` when it showed only a day. AliExpress runs its timers on US Pacific time, so a
date-only value ("before Sep 4") means the start of that day in Los Angeles, daylight saving
applied by zoneinfo. A timestamp without an offset counts as UTC. Parsing, the rules, the store,
the exports, the API and the CLI all read dates through this module.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

PACIFIC = ZoneInfo("America/Los_Angeles")


@lru_cache(maxsize=8192)
def _parse(value: str) -> datetime | None:
    # Cached because the same dates come back on every page view of the dashboard.
    try:
        if len(value) == 10:
            d = date.fromisoformat(value)
            return datetime(d.year, d.month, d.day, tzinfo=PACIFIC)
        parsed = datetime.fromisoformat(value)
    except (ValueError, TypeError, OverflowError):
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=timezone.utc)


def instant(value: object) -> datetime | None:
    """An aware datetime for a stored date or timestamp; None for anything unusable."""
    if type(value) is not str or not 10 <= len(value) <= 40:
        return None
    return _parse(value)


def is_date_only(value: object) -> bool:
    return type(value) is str and len(value) == 10


def from_user(value: str, *, allow_date: bool = True) -> datetime | date:
    """A date or time a person or client typed ("2026-11-24", "2026-11-24T10:00:00Z"): a ``date``
    for a date-only text when ``allow_date``, else an aware datetime (naive counts as UTC).
    Raises ValueError for anything else."""
    if not isinstance(value, str) or not value.strip() or len(value) > 40:
        raise ValueError("not an ISO 8601 date or time")
    value = value.strip()
    if allow_date and len(value) == 10:
        return date.fromisoformat(value)
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def utc_instant(value: object) -> datetime | None:
    """``instant(value)`` in UTC; None for anything unusable, or beyond what UTC can hold
    (9999-12-31T23:59:59-01:00 is a valid text but no instant a datetime can convert)."""
    moment = instant(value)
    if moment is None:
        return None
    try:
        return moment.astimezone(timezone.utc)
    except (OverflowError, ValueError):
        return None


STORED_EARLIEST = datetime(2000, 1, 1, tzinfo=timezone.utc)
STORED_YEARS_AHEAD = 3


def stored_date_ok(value: object, now: datetime) -> bool:
    """Whether a date or timestamp may be stored: an instant from 2000 to ``now`` + three years.
    Everything inside that range converts to any zone and survives a year of day arithmetic."""
    moment = utc_instant(value)
    if moment is None:
        return False
    now = now if now.tzinfo is not None else now.replace(tzinfo=timezone.utc)
    return STORED_EARLIEST <= moment <= now.astimezone(timezone.utc) + timedelta(days=365 * STORED_YEARS_AHEAD + 1)
