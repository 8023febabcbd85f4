"""Day arithmetic for the rules. What a stored date string means is decided once, in
``companion.datetimes`` (a date-only value is the start of that day in US Pacific time)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

_DAY_SECONDS = 86400


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

