"""Reading the stored ISO 8601 strings as instants. Cheap: called for every order on every dashboard view.

AliExpress runs its timers on US Pacific time, so a value that carries only a date ("before Sep 4")
means the start of that day in Los Angeles, with daylight saving applied by zoneinfo.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

PACIFIC = ZoneInfo("America/Los_Angeles")
DAY = timedelta(days=1)
_DAY_SECONDS = 86400


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


def whole_days(later: datetime, earlier: datetime) -> int:
    """Whole days from ``earlier`` to ``later``, rounded down (toward the safe side when counting what is left)."""
    # Through UTC: Python subtracts two datetimes sharing one tzinfo by wall clock, ignoring DST.
    return int((later.astimezone(timezone.utc) - earlier.astimezone(timezone.utc)).total_seconds() // _DAY_SECONDS)


def add_days(moment: datetime, days: int) -> datetime:
    """``days`` calendar days later at the same wall-clock time (a Pacific midnight stays midnight across DST)."""
    try:
        return moment + timedelta(days=days)
    except OverflowError:
        return datetime.max.replace(tzinfo=timezone.utc) if days > 0 else datetime.min.replace(tzinfo=timezone.utc)
