"""The calendar keeps each event's text and reuses it while nothing the event says has changed."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import icalendar

from companion.exports import calendar

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)


def order(oid: str = "8100000000000001", store: str = "Vega Store", title: str = "USB-C Cable") -> dict:
    return {"order_id": oid, "store": store, "items": [{"title": title, "quantity": 1, "price": None}]}


def assessment(deadline: str = "2026-12-10T08:00:00+00:00") -> dict:
    return {"severity": "soon", "deadline": deadline, "exact": True, "source": "page", "days_left": 16}


def events(ics: bytes) -> dict:
    return {str(e["uid"]): e for e in icalendar.Calendar.from_ical(ics).walk("VEVENT")}


def test_an_unchanged_event_is_the_same_text_in_a_later_export():
    calendar._EVENTS.clear()
    first = calendar.to_ics([order()], {"8100000000000001": assessment()}, NOW)
    later = calendar.to_ics([order()], {"8100000000000001": assessment()}, NOW + timedelta(hours=5))
    assert first == later
    # its stamp is when its text was made: the event's last change
    assert events(later)["deadline-8100000000000001@order-guard.local"]["dtstamp"].dt == NOW


def test_an_event_is_made_again_when_what_it_says_changes():
    calendar._EVENTS.clear()
    calendar.to_ics([order()], {"8100000000000001": assessment()}, NOW)
    later = NOW + timedelta(hours=5)
    for changed_order, changed in ((order(store="NANO Store"), assessment()),
                                   (order(title="LED Strip"), assessment()),
                                   (order(), assessment("2026-12-11T08:00:00+00:00")),
                                   (order(), {**assessment(), "exact": False})):
        event = events(calendar.to_ics([changed_order], {"8100000000000001": changed}, later))["deadline-8100000000000001@order-guard.local"]
        assert event["dtstamp"].dt == later
    assert "NANO Store" in str(events(calendar.to_ics([order(store="NANO Store")], {"8100000000000001": assessment()}, later))
                               ["deadline-8100000000000001@order-guard.local"]["summary"])


def test_reused_events_read_like_freshly_made_ones():
    orders = [order(f"81000000000000{i:02d}", title=f"Item {i}") for i in range(20)]
    marks = {o["order_id"]: assessment(f"2026-12-{10 + i % 9:02d}T08:00:00+00:00") for i, o in enumerate(orders)}
    calendar._EVENTS.clear()
    fresh = calendar.to_ics(orders, marks, NOW)
    reused = calendar.to_ics(orders, marks, NOW)
    calendar._EVENTS.clear()
    assert reused == fresh == calendar.to_ics(orders, marks, NOW)
    assert len(events(fresh)) == 20 and fresh.startswith(b"BEGIN:VCALENDAR\r\n") and fresh.endswith(b"END:VCALENDAR\r\n")


def test_closed_orders_and_orders_without_a_deadline_have_no_event():
    calendar._EVENTS.clear()
    ics = calendar.to_ics([order("8100000000000001"), order("8100000000000002"), order("8100000000000003")],
                          {"8100000000000001": assessment(), "8100000000000002": {**assessment(), "severity": "done"},
                           "8100000000000003": {**assessment(), "deadline": None}}, NOW)
    assert list(events(ics)) == ["deadline-8100000000000001@order-guard.local"]
