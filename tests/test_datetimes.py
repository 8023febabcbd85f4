"""One meaning for a date-only string, everywhere: the start of that day in US Pacific time."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from companion.datetimes import PACIFIC, from_user, instant


def test_a_date_only_value_is_pacific_midnight_with_daylight_saving():
    assert instant("2026-07-01") == datetime(2026, 7, 1, 7, tzinfo=timezone.utc)   # PDT, UTC-7
    assert instant("2026-12-01") == datetime(2026, 12, 1, 8, tzinfo=timezone.utc)  # PST, UTC-8
    assert instant("2026-12-01").tzinfo is PACIFIC


def test_timestamps_keep_their_offset_and_naive_ones_are_utc():
    assert instant("2026-09-04T00:00:00-07:00") == datetime(2026, 9, 4, 7, tzinfo=timezone.utc)
    assert instant("2026-09-04T10:00:00") == datetime(2026, 9, 4, 10, tzinfo=timezone.utc)


@pytest.mark.parametrize("bad", [None, "", "2026-02-30", "yesterday", 20260901, "2026-09-04T25:00:00", "x" * 41])
def test_unusable_values_are_none(bad):
    assert instant(bad) is None


def test_what_a_person_types():
    assert from_user("2026-11-24") == date(2026, 11, 24)
    assert from_user("2026-11-24T10:00:00Z", allow_date=False) == datetime(2026, 11, 24, 10, tzinfo=timezone.utc)
    assert from_user("2026-11-24T10:00:00", allow_date=False).tzinfo == timezone.utc
    assert from_user("2026-11-24", allow_date=False) == datetime(2026, 11, 24, tzinfo=timezone.utc)
    with pytest.raises(ValueError):
        from_user("next week")


def test_the_parser_and_the_rules_read_a_page_date_the_same_way():
    from companion.parsing import dates as page_dates
    from companion.rules.deadlines import instant as rules_instant

    shown = page_dates.shown_iso(page_dates.read_date("Sep 4, 2026", "en"))
    assert shown == "2026-09-04" and rules_instant(shown) == instant(shown)
    assert page_dates.pacific_iso(page_dates.read_date("Sep 4, 2026", "en")) == instant(shown).isoformat()
