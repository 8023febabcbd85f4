"""Which dates a person may enter (own deadline, dispute opened): a sane range, with a clear message.

The API's ``validate_user_fields`` calls ``user_date_problem`` for ``deadline_override`` and
``dispute_opened_at`` after parsing, and answers 400 ``bad_field`` with the message when it is not None.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from companion.datetimes import from_user, instant

EARLIEST = date(2010, 1, 1)  # AliExpress opened to buyers in 2010: nothing of an order is earlier
MAX_AHEAD_DAYS = 2 * 365 + 1  # two years: longer than any protection, extension or dispute


def user_date_problem(value: object, field: str, now: datetime) -> str | None:
    """None when ``value`` (an ISO date or timestamp, or None to clear) is in range, else the message.

    ``dispute_opened_at`` can't be in the future at all (a dispute is opened, not planned)."""
    if value is None:
        return None
    try:
        parsed = from_user(value) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    if parsed is None:
        return f"'{field}' must be an ISO 8601 date (2026-11-24) or time (2026-11-24T10:00:00+02:00)."
    try:
        day = parsed if not isinstance(parsed, datetime) else parsed.astimezone(timezone.utc).date()
    except OverflowError:  # 9999-12-31T23:59:59-01:00 lies beyond what a date can hold in UTC
        return f"'{field}' is too far in the future: enter a date within two years."
    if isinstance(parsed, date) and not isinstance(parsed, datetime):
        moment = instant(parsed.isoformat())
    else:
        moment = parsed
    now = now if now.tzinfo is not None else now.replace(tzinfo=timezone.utc)
    if day < EARLIEST:
        return f"'{field}' is before 2010: check the year ({day.isoformat()})."
    latest = now + timedelta(days=MAX_AHEAD_DAYS)
    if field == "dispute_opened_at" and moment > now + timedelta(days=1):
        return f"'{field}' is in the future ({day.isoformat()}): enter the day the dispute was opened."
    if moment > latest:
        return (f"'{field}' is more than two years ahead ({day.isoformat()}): "
                f"no AliExpress deadline is that far; check the year.")
    return None
