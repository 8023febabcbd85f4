"""Every rule and every conflict of shared/domain/aliexpress-rules.md, with a frozen clock.

Clock: NOW = 2026-08-20 12:00 UTC unless a row says otherwise. A date-only deadline means 00:00
US Pacific time: 07:00 UTC in summer (PDT), 08:00 UTC in winter (PST).
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import pytest

from companion.i18n import LANGUAGES
from companion.rules import assess, hint_for
from companion.store.merge import merge_order, sanitize_page_order
from tests.rules.builders import NOW, make_order, page_protection

UTC = timezone.utc

# (id, order fields, now or None for NOW, severity, days_left, deadline in UTC or None, exact, source)
CASES = [
    # -- where the deadline comes from ------------------------------------------------------------
    ("page deadline, date only = 00:00 Pacific",
     dict(protection=page_protection("2026-09-04")), None,
     "watch", 15, "2026-09-04T07:00:00+00:00", True, "page"),
    ("page deadline as a timestamp (old list page countdown)",
     dict(protection=page_protection("2026-08-25T15:30:00+00:00")), None,
     "soon", 5, "2026-08-25T15:30:00+00:00", True, "page"),
    ("page deadline earlier than the computed one: page",
     dict(shipped_at="2026-07-01", protection=page_protection("2026-09-04", days=75)), None,
     "watch", 15, "2026-09-04T07:00:00+00:00", True, "page"),
    ("page deadline later than the 60-day estimate: the page knows better (extension, real length)",
     dict(shipped_at="2026-07-01", protection=page_protection("2026-09-20")), None,
     "ok", 31, "2026-09-20T07:00:00+00:00", True, "page"),
    ("stated 75 days beats the 60-day default",
     dict(shipped_at="2026-07-01", protection=page_protection(days=75)), None,
     "ok", 25, "2026-09-14T07:00:00+00:00", False, "rule"),
    ("no length stated: default 60 days from shipment",
     dict(shipped_at="2026-07-01"), None,
     "watch", 10, "2026-08-30T07:00:00+00:00", False, "rule"),
    ("shipment timestamp with offset: exact instant + 60 days",
     dict(shipped_at="2026-07-01T15:20:00+08:00"), None,
     "watch", 10, "2026-08-30T07:20:00+00:00", False, "rule"),
    ("no shipment date: counted from the order date (earlier, safer)",
     dict(order_date="2026-06-25"), None,
     "urgent", 4, "2026-08-24T07:00:00+00:00", False, "rule"),
    ("no shipment or order date: from payment",
     dict(paid_at="2026-06-26T10:00:00+00:00"), None,
     "soon", 5, "2026-08-25T10:00:00+00:00", False, "rule"),
    ("shipment date known: it wins over the earlier order date",
     dict(order_date="2026-06-25", shipped_at="2026-07-01"), None,
     "watch", 10, "2026-08-30T07:00:00+00:00", False, "rule"),
    ("parser-computed deadline (source rule) later than ours: ours, earlier",
     dict(shipped_at="2026-07-01", protection=page_protection("2026-09-04", source="rule")), None,
     "watch", 10, "2026-08-30T07:00:00+00:00", False, "rule"),
    ("Sep 3 vs Sep 4: parser estimate Sep 3 beats our Sep 4 estimate",
     dict(shipped_at="2026-07-06", protection=page_protection("2026-09-03", source="rule")), None,
     "watch", 14, "2026-09-03T07:00:00+00:00", False, "rule"),
    # 60 days from Sep 15 (PDT) end Nov 14 00:00 PST, or an hour earlier if they are 24-hour periods
    ("daylight saving: 60 days from Sep 15 PDT, the earlier of calendar days and 24-hour periods",
     dict(shipped_at="2026-09-15"), datetime(2026, 10, 1, tzinfo=UTC),
     "ok", 44, "2026-11-14T07:00:00+00:00", False, "rule"),
    # -- delivery scan ----------------------------------------------------------------------------
    ("delivery scan cuts the window to 5 days",
     dict(shipped_at="2026-07-01", protection=page_protection(days=90), delivered_at="2026-08-18"), None,
     "urgent", 3, "2026-08-23T07:00:00+00:00", False, "rule"),
    ("delivery scan earlier than a page deadline: the earlier wins",
     dict(protection=page_protection("2026-09-29"), delivered_at="2026-08-18"), None,
     "urgent", 3, "2026-08-23T07:00:00+00:00", False, "rule"),
    ("delivery scan later than the page deadline: the page stands",
     dict(protection=page_protection("2026-08-22"), delivered_at="2026-08-19"), None,
     "urgent", 2, "2026-08-22T07:00:00+00:00", True, "page"),
    # -- the day before a Pacific deadline ------------------------------------------------------
    ("before Sep 4: Sep 3 noon in Israel, the deadline is Sep 4 10:00 there: tomorrow",
     dict(protection=page_protection("2026-09-04")), datetime(2026, 9, 3, 12, 0, tzinfo=timezone(timedelta(hours=3))),
     "urgent", 1, "2026-09-04T07:00:00+00:00", True, "page"),
    ("before Sep 4: Sep 3 23:30 Pacific, still open",
     dict(protection=page_protection("2026-09-04")), datetime(2026, 9, 4, 6, 30, tzinfo=UTC),
     "urgent", 0, "2026-09-04T07:00:00+00:00", True, "page"),
    ("before Sep 4: Sep 4 00:30 Pacific, over (ended today, UTC)",
     dict(protection=page_protection("2026-09-04")), datetime(2026, 9, 4, 7, 30, tzinfo=UTC),
     "expired", 0, "2026-09-04T07:00:00+00:00", True, "page"),
    ("Sep 2 noon UTC, deadline Sep 4 07:00 UTC: its day is 2 calendar days away",
     dict(protection=page_protection("2026-09-04")), datetime(2026, 9, 2, 12, 0, tzinfo=UTC),
     "urgent", 2, "2026-09-04T07:00:00+00:00", True, "page"),
    # -- completed: 15 days after completion ----------------------------------------------------
    ("completed 14 days ago: 1 day left to dispute",
     dict(status="completed", completed_at="2026-08-06T12:00:00+00:00"), None,
     "urgent", 1, "2026-08-21T12:00:00+00:00", False, "rule"),
    ("completed 16 days ago: window closed",
     dict(status="completed", completed_at="2026-08-04T12:00:00+00:00"), None,
     "done", None, "2026-08-19T12:00:00+00:00", False, "rule"),
    ("completed, date unknown, no earlier date: may have closed, not a number",
     dict(status="completed", status_history=[{"status": "completed", "status_text": "Completed", "at": "2026-08-10T09:00:00+00:00"}]),
     None, "watch", None, None, False, None),  # the day it was seen, from its Pacific midnight
    ("completed, list page only, ordered in March: the window may have closed (issue 13)",
     dict(status="completed", order_date="2026-03-01",
          status_history=[{"status": "completed", "status_text": "Completed", "at": "2026-08-19T09:00:00+00:00"}]),
     None, "watch", None, None, False, None),
    # -- nothing to do ----------------------------------------------------------------------------
    ("unpaid: not done, nothing at risk", dict(status="awaiting_payment", order_date="2026-08-19"), None, "ok", None, None, False, None),
    ("closed", dict(status="closed", shipped_at="2026-07-01"), None, "done", None, None, False, None),
    ("unknown status, PAY button: unpaid, not done", dict(status="unknown", buttons=["PAY", "CANCEL"]), None,
     "ok", None, None, False, None),
    ("not shipped yet: no clock", dict(status="awaiting_shipment", order_date="2026-08-18"), None,
     "ok", None, None, False, None),
    ("shipped but status still says awaiting shipment: the date wins",
     dict(status="awaiting_shipment", shipped_at="2026-07-01"), None, "watch", 10, "2026-08-30T07:00:00+00:00", False, "rule"),
    # -- the user's own data ----------------------------------------------------------------------
    ("override earlier than the page deadline wins",
     dict(protection=page_protection("2026-09-04"), deadline_override="2026-08-25T09:00:00+03:00"), None,
     "soon", 5, "2026-08-25T06:00:00+00:00", False, "override"),
    ("override later than the page deadline still wins (it is the user's word); a date only: before that day, buyer's zone",
     dict(protection=page_protection("2026-08-22"), deadline_override="2026-10-01"), None,
     "ok", 41, "2026-10-01T00:00:00+00:00", False, "override"),
    ("override on a completed order replaces the window",
     dict(status="completed", completed_at="2026-08-04T12:00:00+00:00", deadline_override="2026-08-27T12:00:00+00:00"),
     None, "soon", 7, "2026-08-27T12:00:00+00:00", False, "override"),
    ("received: the deadline does not change",
     dict(shipped_at="2026-07-01", received=True), None, "watch", 10, "2026-08-30T07:00:00+00:00", False, "rule"),
    # -- disputes ----------------------------------------------------------------------------------
    ("dispute opened 2 days ago: watch, no deadline",
     dict(status="in_dispute", dispute_opened_at="2026-08-18T12:00:00+00:00", shipped_at="2026-06-01"), None,
     "watch", None, None, False, None),
    ("dispute opened 3 days ago: escalate, soon",
     dict(status="in_dispute", dispute_opened_at="2026-08-17"), None, "soon", None, None, False, None),
    ("user marked a dispute on an awaiting-delivery order",
     dict(dispute_opened_at="2026-08-10", shipped_at="2026-06-01"), None, "soon", None, None, False, None),
    # -- garbage ---------------------------------------------------------------------------------
    ("no data at all", dict(status=None, items=None, total=None, buttons=None, status_history=None), None,
     "watch", None, None, False, None),
    ("garbled dates and protection",
     dict(shipped_at="yesterday", order_date="2026-13-45", protection={"ends_at": 5, "days": "sixty"}), None,
     "watch", None, None, False, None),
    ("absurd stated length is ignored",
     dict(shipped_at="2026-07-01", protection=page_protection(days=99999)), None,
     "watch", 10, "2026-08-30T07:00:00+00:00", False, "rule"),
]


@pytest.mark.parametrize("fields,now,severity,days_left,deadline,exact,source",
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_assess(fields, now, severity, days_left, deadline, exact, source):
    result = assess(make_order(**fields), now or NOW)
    got_deadline = datetime.fromisoformat(result["deadline"]).astimezone(UTC).isoformat() if result["deadline"] else None
    assert (result["severity"], result["days_left"], got_deadline, result["exact"], result["source"]) == \
        (severity, days_left, deadline, exact, source)


@pytest.mark.parametrize("fields,now,severity,days_left,deadline,exact,source",
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_hint_agrees_with_assess(fields, now, severity, days_left, deadline, exact, source):
    # against the table, not against assess(): both run the same evaluate(), and several rows
    # (watch, no days, no deadline) look exactly like hint_for's fallback for a crash
    hint = hint_for(make_order(**fields), now or NOW, "en")
    assert "internal_error" not in hint
    got_deadline = datetime.fromisoformat(hint["deadline"]).astimezone(UTC).isoformat() if hint["deadline"] else None
    assert (hint["severity"], hint["days_left"], got_deadline, hint["exact"], hint["source"]) == \
        (severity, days_left, deadline, exact, source)


@pytest.mark.parametrize("days,severity", [(15, "ok"), (14, "watch"), (8, "watch"), (7, "soon"), (4, "soon"),
                                           (3, "urgent"), (0, "urgent"), (-1, "expired")])
def test_severity_thresholds(days, severity):
    # the override lands 6 hours past a whole number of days, so days_left is exactly ``days``
    override = (NOW + timedelta(days=days, hours=6)).isoformat()
    result = assess(make_order(deadline_override=override), NOW)
    assert (result["days_left"], result["severity"]) == (days, severity)


def test_days_left_counts_calendar_days_but_the_colour_warns_by_whole_days():
    # 47 h 59 min from Aug 20 12:00 UTC ends Aug 22 11:59: its day is 2 days away ("in 2 days", never
    # "tomorrow" beside Aug 22), while the colour counts 1 whole day left: urgent either way
    almost_two = (NOW + timedelta(days=2) - timedelta(minutes=1)).isoformat()
    result = assess(make_order(deadline_override=almost_two), NOW)
    assert (result["days_left"], result["last_day"], result["severity"]) == (2, "2026-08-22", "urgent")
    # 3 days 19 hours: 4 calendar days, but "urgent" (3 whole days) - the earlier warning
    result = assess(make_order(deadline_override=(NOW + timedelta(days=3, hours=19)).isoformat()), NOW)
    assert (result["days_left"], result["severity"]) == (4, "urgent")


def test_deadline_is_given_in_the_callers_zone():
    israel = timezone(timedelta(hours=3))
    result = assess(make_order(protection=page_protection("2026-09-04")), NOW.astimezone(israel))
    assert result["deadline"] == "2026-09-04T10:00:00+03:00"


def test_naive_now_counts_as_utc(monkeypatch):
    # Where the machine's clock is on UTC, a naive time read as local time is UTC too: run this in Los Angeles.
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    try:
        naive = NOW.replace(tzinfo=None)  # 12:00 UTC; as Los Angeles time it would be 19:00 UTC
        result = assess(make_order(deadline_override="2026-08-22T15:00:00+00:00"), naive)
        assert (result["days_left"], result["deadline"]) == (2, "2026-08-22T15:00:00+00:00")  # 2 days 3 h, shown in UTC
    finally:
        monkeypatch.undo()
        time.tzset()


def test_two_pages_disagree_sep3_vs_sep4_the_earlier_wins():
    """List page says Sep 4, detail page says Sep 3: the store keeps both, the hint uses Sep 3."""
    listed = sanitize_page_order(make_order(protection=page_protection("2026-09-04")))
    detail = sanitize_page_order(make_order(protection=page_protection("2026-09-03")))
    doc = merge_order(None, listed, "order_list", "2026-08-19T10:00:00+00:00")
    doc = merge_order(doc, detail, "order_detail", "2026-08-19T11:00:00+00:00")
    result = assess(doc, NOW)
    assert result["deadline"] == "2026-09-03T07:00:00+00:00" and result["exact"] is True


def test_dispute_window_from_completion_and_from_protection_end():
    completed = hint_for(make_order(status="completed", completed_at="2026-08-06T12:00:00+00:00"), NOW)
    assert completed["dispute_window_ends"] == "2026-08-21T12:00:00+00:00"
    active = hint_for(make_order(shipped_at="2026-07-01"), NOW)
    assert active["dispute_window_ends"] == "2026-09-14T07:00:00+00:00"  # Aug 30 + 15 days
    assert hint_for(make_order(status="awaiting_payment"), NOW)["dispute_window_ends"] is None


def test_escalation_date_is_three_days_after_opening():
    hint = hint_for(make_order(status="in_dispute", dispute_opened_at="2026-08-18T12:00:00+00:00"), NOW)
    assert hint["escalate_from"] == "2026-08-21T12:00:00+00:00"


@pytest.mark.parametrize("order", [None, [], "8100", 42, {"status": ["x"]}, {"order_id": {"a": 1}, "items": "x"},
                                   {"protection": "2026-09-04"}, {"shipped_at": "9" * 40},
                                   {"deadline_override": "0001-01-01"}, {"shipped_at": "9999-12-31"},
                                   {"status": "completed", "completed_at": "9999-12-31T23:59:59+00:00"},
                                   {"status_history": [None, {"status": "completed", "at": 5}], "status": "completed"},
                                   {"received": "yes", "dispute_opened_at": 17, "buttons": [None, 3, "PAY"]}])
@pytest.mark.parametrize("lang", [*LANGUAGES, "xx"])
def test_odd_input_never_raises(order, lang):
    result = assess(order, NOW)
    assert result["severity"] in ("expired", "urgent", "soon", "watch", "ok", "done")
    hint = hint_for(order, NOW, lang)
    assert "internal_error" not in hint  # odd input is the rules' job, not the catch-all's
    assert hint["severity"] == result["severity"] and isinstance(hint["summary"], str) and hint["summary"]


def test_estimate_outlasted_by_an_open_order_is_not_expired():
    """Order date 100 days ago, list page today still says awaiting delivery: our 60-day estimate was wrong."""
    seen_today = make_order(order_date="2026-05-12", last_seen="2026-08-20T11:00:00+00:00")
    result = assess(seen_today, NOW)
    assert (result["severity"], result["days_left"], result["deadline"], result["source"]) == ("urgent", None, None, None)
    assert result["may_have_closed"] is True
    hint = hint_for(seen_today, NOW)
    assert hint["summary"] == "The window may have closed: open the order's page to check"
    assert "Jul 11, 2026" in hint["why"] and "open_dispute" in {a["key"] for a in hint["actions"]}
    assert hint["check_url"] == "https://www.aliexpress.com/p/order/detail.html?orderId=8100000000000001"
    # not seen since before our estimate: the real end may still be ahead, so not "expired" either
    seen_long_ago = make_order(order_date="2026-05-12", last_seen="2026-07-01T11:00:00+00:00")
    result = assess(seen_long_ago, NOW)
    assert (result["severity"], result["may_have_closed"]) == ("urgent", True)
    assert hint_for(seen_long_ago, NOW)["earliest_deadline"] == "2026-07-11T07:00:00+00:00"
    exact = make_order(protection=page_protection("2026-08-01"), last_seen="2026-08-20T11:00:00+00:00")
    assert assess(exact, NOW)["severity"] == "expired"  # the page's own date: it really ended
