"""The buyer's "no movement for N days" setting reaches the stalled-parcel follow-up (issue 16, point 3).

The parcel's last tracking event is Monday 2026-08-10 12:00 UTC (a time, so every due is exact);
the page says protection lasts to Sep 26, far beyond. Worked out by hand:
- 7 days: stopped from Mon Aug 17 12:00; the dispute 48 hours later, Wed Aug 19 12:00.
- 14 days: stopped from Mon Aug 24 12:00; the dispute Wed Aug 26 12:00.
- 10 days (the default): stopped from Thu Aug 20 12:00, the dispute Sat Aug 22 12:00.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from companion.rules import follow_ups_for, hint_for
from tests.rules.builders import make_order, page_protection

PARCEL = make_order(shipped_at="2026-07-01", protection=page_protection("2026-09-26"),
                    last_event_at="2026-08-10T12:00:00+00:00")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 8, day, hour, minute, tzinfo=timezone.utc)


def stalled(now: datetime, **setting) -> list[tuple[str, str]]:
    return [(u["kind"], u["due"]) for u in hint_for(PARCEL, now, "en", **setting)["follow_ups"]]


@pytest.mark.parametrize("days, before, on, expected", [
    (7, at(17, 11, 59), at(17, 12), [("parcel_stalled", "2026-08-17T12:00:00+00:00"),
                                     ("stalled_dispute", "2026-08-19T12:00:00+00:00")]),
    (14, at(24, 11, 59), at(24, 12), [("parcel_stalled", "2026-08-24T12:00:00+00:00"),
                                      ("stalled_dispute", "2026-08-26T12:00:00+00:00")]),
])
def test_the_stalled_follow_up_comes_on_the_day_the_setting_says(days, before, on, expected):
    assert stalled(before, stall_days=days) == []
    assert stalled(on, stall_days=days) == expected
    # and stays while nothing moves
    assert stalled(at(27, 9), stall_days=days) == expected


def test_on_the_same_day_seven_days_say_stopped_and_fourteen_do_not():
    # Fri Aug 21 09:00: 10 days 21 hours since the last event
    assert [kind for kind, _ in stalled(at(21, 9), stall_days=7)] == ["parcel_stalled", "stalled_dispute"]
    assert stalled(at(21, 9), stall_days=14) == []


def test_the_default_is_ten_days():
    assert stalled(at(20, 11, 59)) == []
    assert stalled(at(20, 12)) == [("parcel_stalled", "2026-08-20T12:00:00+00:00"),
                                   ("stalled_dispute", "2026-08-22T12:00:00+00:00")]


def test_the_explanation_and_the_calendars_follow_ups_count_the_same_days():
    up = hint_for(PARCEL, at(25, 9), "en", stall_days=14)["follow_ups"][0]
    assert "nothing new for 14 days" in up["explanation"]
    assert [(u["kind"], u["due"]) for u in follow_ups_for(PARCEL, at(25, 9), "en", stall_days=14)] == stalled(at(25, 9), stall_days=14)
