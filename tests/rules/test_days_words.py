"""Words that match the clock (issue 13, point 2): "ends today", "tomorrow", "in N days" follow the calendar
day in the buyer's zone and agree with the date printed beside them; past dates in the past tense; own
dates labelled "your date" and shown as dates; dates out of range refused."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from companion.rules import hint_for
from companion.rules.dates import calendar_days_left, last_day
from companion.rules.ranges import user_date_problem
from tests.rules.builders import make_order, page_protection

UTC = timezone.utc
LA, JERUSALEM, MOSCOW = ZoneInfo("America/Los_Angeles"), ZoneInfo("Asia/Jerusalem"), ZoneInfo("Europe/Moscow")


def at(zone, *parts) -> datetime:
    return datetime(*parts, tzinfo=zone)


# (id, deadline, now, zone, days_left, last day)
BOUNDARIES = [
    ("the issue's case: 48 h from Dec 1 noon ends Dec 3: in 2 days, not tomorrow",
     at(UTC, 2026, 12, 3, 12), at(UTC, 2026, 12, 1, 12), UTC, 2, "2026-12-03"),
    ("23:59 the evening before a 10:00 deadline: tomorrow", at(JERUSALEM, 2026, 9, 4, 10), at(JERUSALEM, 2026, 9, 3, 23, 59), JERUSALEM, 1, "2026-09-04"),
    ("00:00 the same day: today", at(JERUSALEM, 2026, 9, 4, 10), at(JERUSALEM, 2026, 9, 4, 0, 0), JERUSALEM, 0, "2026-09-04"),
    ("before Sep 4 (00:00 Pacific) in Los Angeles: the last day is Sep 3",
     at(LA, 2026, 9, 4), at(LA, 2026, 9, 3, 23, 59), LA, 0, "2026-09-03"),
    ("... at 00:00 on Sep 3 still today", at(LA, 2026, 9, 4), at(LA, 2026, 9, 3, 0, 0), LA, 0, "2026-09-03"),
    ("... at 23:59 on Sep 2: tomorrow", at(LA, 2026, 9, 4), at(LA, 2026, 9, 2, 23, 59), LA, 1, "2026-09-03"),
    ("the same deadline in Jerusalem is Sep 4 10:00: on Sep 3 it is tomorrow",
     at(LA, 2026, 9, 4), at(JERUSALEM, 2026, 9, 3, 12), JERUSALEM, 1, "2026-09-04"),
    ("... and in Moscow (UTC+3, no DST) the same", at(LA, 2026, 9, 4), at(MOSCOW, 2026, 9, 3, 23, 59), MOSCOW, 1, "2026-09-04"),
    ("... Moscow at 00:00 Sep 4: today", at(LA, 2026, 9, 4), at(MOSCOW, 2026, 9, 4, 0, 0), MOSCOW, 0, "2026-09-04"),
    ("across the November DST change in Los Angeles (a 25-hour day)",
     at(LA, 2026, 11, 3), at(LA, 2026, 11, 1, 0, 30), LA, 1, "2026-11-02"),
    ("across the March DST change in Los Angeles (a 23-hour day)",
     at(LA, 2026, 3, 10), at(LA, 2026, 3, 8, 23, 59), LA, 1, "2026-03-09"),
    ("across Israel's spring DST change", at(JERUSALEM, 2026, 3, 28, 9), at(JERUSALEM, 2026, 3, 26, 23, 59), JERUSALEM, 2, "2026-03-28"),
    ("passed earlier today: 0 (ended today)", at(UTC, 2026, 8, 20, 7), at(UTC, 2026, 8, 20, 12), UTC, 0, "2026-08-20"),
    ("passed yesterday: -1", at(UTC, 2026, 8, 19, 7), at(UTC, 2026, 8, 20, 0, 0), UTC, -1, "2026-08-19"),
]


@pytest.mark.parametrize("deadline,now,zone,days,day", [b[1:] for b in BOUNDARIES], ids=[b[0] for b in BOUNDARIES])
def test_calendar_days_left_at_the_boundaries(deadline, now, zone, days, day):
    assert calendar_days_left(deadline, now, zone) == days
    assert last_day(deadline, zone).isoformat() == day


def words(order, now) -> dict:
    hint = hint_for(order, now, "en")
    assert "internal_error" not in hint
    return hint


def test_the_words_agree_with_the_date_printed_beside_them():
    # the issue: a 48-hour countdown on Dec 1 said "tomorrow" next to "December 3"
    order = make_order(protection=page_protection("2026-12-03T12:00:00+00:00"))
    hint = words(order, at(UTC, 2026, 12, 1, 12))
    assert hint["summary"] == "2 days of protection left (exact)" and hint["last_day"] == "2026-12-03"
    assert "Dec 3, 2026" in hint["why"]
    assert words(order, at(UTC, 2026, 12, 2, 0, 0))["summary"] == "Protection ends tomorrow (exact)"
    assert words(order, at(UTC, 2026, 12, 3, 0, 0))["summary"] == "Protection ends today (exact)"
    assert words(order, at(UTC, 2026, 12, 3, 13))["summary"] == "Protection ended today (exact)"
    assert words(order, at(UTC, 2026, 12, 4, 0, 0))["summary"] == "Protection ended yesterday (exact)"
    assert words(order, at(UTC, 2026, 12, 6, 9))["summary"] == "Protection ended 3 days ago (exact)"


def test_a_pacific_date_reads_as_a_time_where_it_is_not_midnight():
    order = make_order(protection=page_protection("2026-09-04"))
    la = words(order, at(LA, 2026, 9, 3, 23, 0))
    assert la["summary"].startswith("Protection ends today") and "before Sep 4, 2026." in la["why"]
    il = words(order, at(JERUSALEM, 2026, 9, 3, 23, 0))
    assert il["summary"].startswith("Protection ends tomorrow") and "Sep 4, 2026, 10:00 UTC+3" in il["why"]
    assert il["deadline_date"] == "2026-09-04" and il["deadline_kind"] == "exact"


def test_own_deadline_is_your_date_and_a_date_only_entry_stays_a_date():
    now = at(JERUSALEM, 2026, 11, 20, 9)
    hint = words(make_order(shipped_at="2026-10-01", deadline_override="2026-11-24"), now)
    assert (hint["source"], hint["deadline_kind"], hint["deadline_label"], hint["exact"]) == \
        ("override", "own", "your date", False)
    assert hint["summary"] == "3 days of protection left (your date)"  # before Nov 24: the last day is Nov 23
    assert hint["deadline_date"] == "2026-11-24" and hint["deadline_text"] == "Nov 24, 2026"
    assert hint["why"] == "You set this deadline yourself: Nov 24, 2026."
    assert "8:00" not in hint["why"] and ":00" not in hint["deadline_text"]
    assert hint["deadline"] == "2026-11-24T00:00:00+02:00"


@pytest.mark.parametrize("value,field,ok", [
    ("2026-11-24", "deadline_override", True),
    ("2026-11-24T10:00:00+02:00", "deadline_override", True),
    (None, "deadline_override", True),
    ("2010-01-01", "deadline_override", True),
    ("2009-12-31", "deadline_override", False),
    ("1999-05-01", "deadline_override", False),
    ("2028-08-20", "deadline_override", True),
    ("2028-08-22", "deadline_override", False),
    ("2126-01-01", "deadline_override", False),
    ("2026-08-20", "dispute_opened_at", True),
    ("2026-09-20", "dispute_opened_at", False),
    ("yesterday", "deadline_override", False),
])
def test_dates_outside_a_sane_range_are_refused(value, field, ok):
    problem = user_date_problem(value, field, at(UTC, 2026, 8, 20, 12))
    assert (problem is None) == ok, problem
    if problem:
        assert field in problem and len(problem) < 200


@pytest.mark.parametrize("fields,state,severity", [
    (dict(status="awaiting_payment"), "unpaid", "ok"),
    (dict(status="closed", status_text="Canceled"), "cancelled", "done"),
    (dict(status="closed", status_text="Закрыт"), "closed", "done"),
    (dict(status="awaiting_shipment", order_date="2026-08-18"), "not_shipped", "ok"),
    (dict(status="in_dispute", status_text="Awaiting return", dispute_opened_at="2026-08-18"), "awaiting_return", "urgent"),
])
@pytest.mark.parametrize("lang", ["en", "he", "ru"])
def test_states_that_are_not_done_have_their_own_words(fields, state, severity, lang):
    hint = hint_for(make_order(**fields), at(UTC, 2026, 8, 20, 12), lang)
    assert (hint["state"], hint["severity"]) == (state, severity)
    assert hint["state_label"] and hint["summary"] and hint["why"]
    assert "Open the order" not in hint["why"] and "details page" not in hint["why"]
    others = {s for s in ("unpaid", "cancelled", "closed", "not_shipped", "awaiting_return") if s != state}
    for other in others:  # each state's words are its own
        other_fields = dict(status="closed", status_text="Canceled") if other == "cancelled" else {}
        if other_fields:
            assert hint_for(make_order(**other_fields), at(UTC, 2026, 8, 20, 12), lang)["why"] != hint["why"]
