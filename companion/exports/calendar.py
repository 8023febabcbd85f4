"""An iCalendar file with one event per open deadline and reminders before it."""

from __future__ import annotations

from collections import OrderedDict
from datetime import date, datetime, timedelta, timezone

import icalendar

from companion.model import first_item_title
from companion.rules import STALL_DAYS, follow_ups_for, has_follow_ups, is_open
from companion.datetimes import instant as parse_iso, is_date_only

DEFAULT_ALARM_DAYS = (7, 2)


def _kind(assessment: dict) -> str:
    """exact (the page's own date), own (the buyer's, set in the dashboard) or estimated (ours)."""
    if assessment.get("source") == "override":
        return "own"
    return "exact" if assessment.get("exact") else "estimated"


KIND_TAG = {"exact": "", "own": " [your date]", "estimated": " [estimated]"}
KIND_LINE = {"exact": "exact (from the order page)", "own": "your own date (set in the dashboard)",
             "estimated": "estimated by Order Guard"}


def _own_day(order: dict, assessment: dict) -> date | None:
    """The day of a date-only own deadline ("before that day begins"), which is a day, not a time."""
    raw = order.get("deadline_override")
    if assessment.get("source") != "override" or not is_date_only(raw):
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


def _event_summary(order: dict, assessment: dict) -> str:
    store = order.get("store") if isinstance(order.get("store"), str) else None
    base = f"AliExpress protection ends: order {order['order_id']}"
    if store:
        base += f" ({store[:60]})"
    return base + KIND_TAG[_kind(assessment)]


def to_ics(orders: list[dict], assessments: dict[str, dict], now: datetime, *,
           alarm_days: tuple[int, ...] = DEFAULT_ALARM_DAYS, dashboard_url: str | None = None,
           stall_days: int = STALL_DAYS) -> bytes:
    """One event per open deadline, with reminders ``alarm_days`` before it, so the calendar
    warns the buyer even with the browser closed. Event UIDs are stable per order, so importing
    a newer file updates the events instead of duplicating them.

    icalendar's work per event is what a big export costs, so each event's text is kept (see
    ``_EVENTS``) and reused while nothing it says has changed."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Order Guard//Purchase protection deadlines//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "AliExpress protection deadlines")
    head = cal.to_ical()
    end = b"END:VCALENDAR\r\n"
    assert head.endswith(end)
    stamp = now.astimezone(timezone.utc).replace(microsecond=0)
    events = []
    for order in orders:
        a = assessments.get(order["order_id"]) or {}
        if not is_open(a) or not a.get("deadline"):
            continue
        key = _event_key(order, a, alarm_days, dashboard_url)
        text = _EVENTS.get(key)
        if text is None:
            text = _event(order, a, stamp, alarm_days, dashboard_url)
            _EVENTS[key] = text
            if len(_EVENTS) > _EVENTS_KEPT:
                _EVENTS.popitem(last=False)
        else:
            _EVENTS.move_to_end(key)
        if text:
            events.append(text)
    for order in orders:
        if has_follow_ups(order):
            for up in follow_ups_for(order, now, "en", stall_days):
                event = _follow_up_event(order, up, now, stamp, dashboard_url)
                if event is not None:
                    events.append(event.to_ical())
    return b"".join((head[:-len(end)], *events, end))


# An event's text by everything it says. Its DTSTAMP is when that text was first made: for a calendar
# without a METHOD, RFC 5545 reads DTSTAMP as the event's last change, which is exactly that.
_EVENTS: OrderedDict[tuple, bytes] = OrderedDict()
_EVENTS_KEPT = 60_000


def _event_key(order: dict, a: dict, alarm_days: tuple[int, ...], dashboard_url: str | None) -> tuple:
    store = order.get("store") if isinstance(order.get("store"), str) else None
    return (order["order_id"], a.get("deadline"), a.get("source"), bool(a.get("exact")), store, first_item_title(order),
            order.get("deadline_override") if a.get("source") == "override" else None, alarm_days, dashboard_url)


def _event(order: dict, a: dict, stamp: datetime, alarm_days: tuple[int, ...], dashboard_url: str | None) -> bytes:
    """The event's text, or b"" when its deadline cannot be put in a calendar."""
    deadline = parse_iso(a.get("deadline"))
    if deadline is None:
        return b""
    day = _own_day(order, a)
    if day is None:
        try:
            start, end = (deadline - timedelta(hours=1)).astimezone(timezone.utc), deadline.astimezone(timezone.utc)
        except (OverflowError, ValueError):  # a deadline at the edge of what a datetime holds: no event
            return b""
    else:
        try:
            start, end = day, day + timedelta(days=1)
        except OverflowError:
            return b""
    event = icalendar.Event()
    event.add("uid", f"deadline-{order['order_id']}@order-guard.local")
    event.add("dtstamp", stamp)
    # The event sits in the last hour before protection ends; the alarms are what matter. A day the
    # buyer typed as their own deadline ("before that day begins", wherever they are) is that day,
    # all day: a date, not a time, so no calendar moves it into another zone.
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", _event_summary(order, a))
    lines = [f"Order {order['order_id']}"]
    if first_item_title(order):
        lines.append(first_item_title(order)[:200])
    lines.append("Deadline: " + KIND_LINE[_kind(a)])
    if day is not None:
        lines.append(f"Act before {day.isoformat()} begins: the day before is the last one.")
    lines.append("Open a dispute before the deadline if the item has not arrived or is not as described. "
                 "Do not confirm receipt before you have checked the item.")
    if dashboard_url:
        lines.append(f"{dashboard_url}/orders/{order['order_id']}")
        event.add("url", f"{dashboard_url}/orders/{order['order_id']}")
    event.add("description", "\n".join(lines))
    event.add("categories", ["Order Guard"])
    for days in alarm_days:
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"{days} days left to open a dispute for AliExpress order {order['order_id']}")
        # the deadline: the end of a timed event, the start of an all-day one (that day begins)
        alarm.add("trigger", timedelta(days=-days), parameters={"RELATED": "END" if day is None else "START"})
        event.add_component(alarm)
    return event.to_ical()


FOLLOW_UP_ALARM = timedelta(days=1)


def _follow_up_event(order: dict, up: dict, now: datetime, stamp: datetime, dashboard_url: str | None):
    """One event for a case follow-up still ahead (rules/followups.py): the hour before it is due,
    a reminder a day before. One per order and kind, so a newer file moves it instead of adding one."""
    due = parse_iso(up.get("due"))
    if due is None or due <= now:
        return None
    try:
        start, end = (due - timedelta(hours=1)).astimezone(timezone.utc), due.astimezone(timezone.utc)
    except (OverflowError, ValueError):
        return None
    oid = order["order_id"]
    event = icalendar.Event()
    event.add("uid", f"followup-{oid}-{up['kind']}@order-guard.local")
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", f"AliExpress order {oid}: {up['title']}" + ("" if up.get("exact") else " [estimated]"))
    lines = [f"Order {oid}", up["explanation"]]
    if up.get("text"):
        lines += ["", "Text to copy:", up["text"]]
    if dashboard_url:
        lines.append(f"{dashboard_url}/orders/{oid}")
        event.add("url", f"{dashboard_url}/orders/{oid}")
    event.add("description", "\n".join(lines))
    event.add("categories", ["Order Guard"])
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"AliExpress order {oid}: {up['title']}")
    alarm.add("trigger", -FOLLOW_UP_ALARM, parameters={"RELATED": "END"})
    event.add_component(alarm)
    return event


def parse_alarm_days(value: str | None) -> tuple[int, ...]:
    """``?alarms=7,2``: whole days before the deadline, 0..60, at most 5 of them."""
    if value is None or value == "":
        return DEFAULT_ALARM_DAYS
    try:
        days = tuple(sorted({int(part) for part in value.split(",") if part.strip()}, reverse=True))
    except ValueError:
        raise ValueError("'alarms' must be whole numbers of days, e.g. alarms=7,2") from None
    if not days or len(days) > 5 or any(d < 0 or d > 60 for d in days):
        raise ValueError("'alarms' takes 1 to 5 numbers of days between 0 and 60, e.g. alarms=7,2")
    return days

