"""Day arithmetic for the rules. What a stored date string means is decided once, in
``companion.datetimes`` (a date-only value is the start of that day in US Pacific time)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from zoneinfo import ZoneInfo

_PACIFIC = ZoneInfo("America/Los_Angeles")  # = companion.datetimes.PACIFIC
_DAY_SECONDS = 86400
_TICK = timedelta(microseconds=1)


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



def add_days_early(moment: datetime, days: int) -> datetime:
    """``days`` later by whichever reading comes first: calendar days on the Pacific clock (AliExpress's
    zone) or 24-hour periods. They differ by an hour across a daylight-saving change; a deadline must not
    come out an hour late because we guessed the wrong one."""
    try:
        wall = moment.astimezone(_PACIFIC) + timedelta(days=days)
        exact = moment.astimezone(timezone.utc) + timedelta(days=days)
    except OverflowError:
        return add_days(moment, days)
    return min(wall, exact)


def last_day(deadline: datetime, tz) -> date:
    """The last calendar day, in the buyer's zone ``tz``, on which the buyer can still act before ``deadline``.

    A deadline is an instant the buyer must act *before*: one at exactly 00:00 in ``tz`` leaves the
    previous day as the last one ("before Sep 4" read in Los Angeles: the last day is Sep 3)."""
    try:
        return (deadline.astimezone(tz) - _TICK).date()
    except (OverflowError, ValueError):  # year 1 or 9999: no real deadline, just keep its own date
        return deadline.date()


def day_start_after(now: datetime, tz) -> datetime | None:
    """The first instant of the next calendar day in ``tz`` after ``now`` (when "today" changes there),
    or an instant before it, but always after ``now``: of the two readings of 00:00, the earlier one
    that is still to come. Where a zone skips its midnight (Santiago in September), one reading of
    00:00 falls in the hour before the skip, which is still today. None beyond what a datetime holds."""
    try:
        day = now.astimezone(tz).date() + timedelta(days=1)
        readings = (datetime(day.year, day.month, day.day, fold=fold, tzinfo=tz).astimezone(timezone.utc) for fold in (0, 1))
        return min((moment for moment in readings if moment > now), default=None)
    except (OverflowError, ValueError):
        return None


def calendar_days_left(deadline: datetime, now: datetime, tz) -> int:
    """The one count behind "ends today" (0), "tomorrow" (1), "in N days" and "ended N days ago" (-N).

    Calendar days in the buyer's zone from today to the deadline's ``last_day``, so the words always
    agree with the date printed beside them (a 48-hour countdown on Dec 1 at noon ends Dec 3: "in 2 days").
    Whether the deadline has passed is ``now >= deadline``, not this sign: a deadline passed earlier
    today gives 0 ("ended today")."""
    try:
        today = now.astimezone(tz).date()
    except (OverflowError, ValueError):
        today = now.date()
    return (last_day(deadline, tz) - today).days
