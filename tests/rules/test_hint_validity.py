"""``hint_until``: the hint it gives holds, word for word, for every moment from ``now`` up to the
instant it names (the hint cache keeps hints until then, so a later one would show a stale hint).

Hypothesis draws orders whose dates sit around ``now`` (date-only days, timestamps at odd minutes, in
several zones, across daylight-saving changes), with case logs, stated and computed deadlines, overrides,
tracking events and status histories, and compares the hint at moments inside the span: just after
``now``, just before its end, and in between.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import orjson
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from companion.rules import hint_for, hint_until
from companion.rules.case_entries import KINDS
from tests.rules.builders import make_order

UTC = timezone.utc
ZONES = [UTC, ZoneInfo("America/Los_Angeles"), ZoneInfo("Asia/Jerusalem"), ZoneInfo("Europe/Moscow"),
         ZoneInfo("Pacific/Kiritimati"), ZoneInfo("America/Santiago"), timezone(timedelta(hours=5, minutes=30))]
# around the daylight-saving changes of 2026 in Los Angeles (Mar 8, Nov 1), Jerusalem (Mar 27, Oct 25) and
# Santiago (Sep 6, where the day starts at 01:00: its midnight is skipped)
BASES = [datetime(2026, 3, 7, 20, tzinfo=UTC), datetime(2026, 10, 31, 20, tzinfo=UTC),
         datetime(2026, 3, 26, 20, tzinfo=UTC), datetime(2026, 9, 5, 20, tzinfo=UTC), datetime(2026, 8, 20, 12, tzinfo=UTC)]
STATUSES = ["awaiting_payment", "awaiting_shipment", "awaiting_delivery", "completed", "in_dispute", "closed", None]
EXAMPLES = int(os.environ.get("HINT_VALIDITY_EXAMPLES", "800"))  # 5000 for a deep run
TICK = timedelta(microseconds=1)


@st.composite
def moments(draw, base: datetime):
    """A date or timestamp as stored, within a few months of ``base``."""
    at = base + timedelta(minutes=draw(st.integers(-60 * 24 * 120, 60 * 24 * 40)))
    if draw(st.booleans()):
        return at.astimezone(ZoneInfo("America/Los_Angeles")).date().isoformat()
    return at.astimezone(draw(st.sampled_from(ZONES))).isoformat()


@st.composite
def orders(draw, base: datetime):
    maybe = lambda: draw(st.one_of(st.none(), moments(base)))  # noqa: E731
    status = draw(st.sampled_from(STATUSES))
    fields = {
        "status": status,
        "status_text": draw(st.sampled_from(["Awaiting delivery", "Cancelled", "Return item", "Completed", None])),
        "order_date": maybe(), "paid_at": maybe(), "shipped_at": maybe(), "delivered_at": maybe(),
        "completed_at": maybe(), "estimated_delivery_at": maybe(), "coupon_deadline_at": maybe(),
        "dispute_opened_at": maybe(), "deadline_override": draw(st.one_of(st.none(), st.none(), moments(base))),
        "last_seen": maybe(), "last_event_at": maybe(),
        "received": draw(st.sampled_from([None, True, False])),
        "buttons": draw(st.lists(st.sampled_from(["PAY", "CONFIRM_GOODS", "OPEN_DISPUTE", "CANCEL"]), max_size=2)),
    }
    if draw(st.booleans()):
        days = draw(st.sampled_from([None, 15, 60, 75, 90]))
        fields["protection"] = {"ends_at": maybe(), "source": draw(st.sampled_from(["page", "rule"])), "days": days}
        if draw(st.booleans()):
            fields["protection_sources"] = {kind: {"ends_at": maybe(), "at": maybe(), "days": days}
                                            for kind in draw(st.sets(st.sampled_from(["order_list", "order_detail", "tracking"])))}
    fields["status_history"] = [{"status": draw(st.sampled_from(STATUSES[:-1])), "at": draw(moments(base))}
                                for _ in range(draw(st.integers(0, 3)))]
    case = []
    for _ in range(draw(st.integers(0, 4))):
        entry = {"kind": draw(st.sampled_from(KINDS)), "at": draw(moments(base))}
        if draw(st.booleans()):
            entry["amount"] = draw(st.sampled_from(["10.00", "132.74", "200"]))
        if draw(st.booleans()):
            entry["method"] = draw(st.sampled_from(["card", "paypal", "balance"]))
        case.append(entry)
    if case:
        fields["case"] = case
    return make_order(**fields)


@st.composite
def cases(draw):
    base = draw(st.sampled_from(BASES))
    order = draw(orders(base))
    now = (base + timedelta(seconds=draw(st.integers(-3 * 86400, 3 * 86400)),
                            microseconds=draw(st.integers(0, 999_999)))).astimezone(draw(st.sampled_from(ZONES)))
    lang = draw(st.sampled_from(["en", "he", "ru"]))
    return order, now, lang, draw(st.floats(0, 1)), draw(st.integers(5, 30))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
# the hour before Santiago skips its midnight: one reading of that 00:00 is this very moment, still today
@example((make_order(status="awaiting_shipment", shipped_at="2026-09-05T20:00:00+00:00"),
          datetime(2026, 9, 5, 23, tzinfo=ZoneInfo("America/Santiago")), "en", 0.0, 5))
def test_the_hint_holds_until_the_instant_it_names(case):
    order, now, lang, fraction, stall_days = case
    hint, until = hint_until(order, now, lang, stall_days)
    assert hint == hint_for(order, now, lang, stall_days)
    assert "internal_error" not in hint
    assert until is None or until > now
    end = until if until is not None else now + timedelta(days=400)
    probes = [now + TICK, now + (end - now) * fraction, end - TICK, end - timedelta(seconds=1), end - timedelta(minutes=1)]
    for moment in probes:
        if now <= moment < end:
            assert hint_for(order, moment.astimezone(now.tzinfo), lang, stall_days) == hint, (now, moment, until)


@settings(max_examples=EXAMPLES // 4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_a_hint_is_json_as_it_is(case):
    """The cache keeps hints encoded: decoding one gives the hint back as the rules made it."""
    order, now, lang, _, stall_days = case
    hint = hint_for(order, now, lang, stall_days)
    assert orjson.loads(orjson.dumps(hint)) == hint


def test_a_countdown_holds_until_the_buyers_next_midnight():
    """Reasoned out: protection ends Sep 10 (Pacific midnight = 07:00 UTC); at Aug 20 12:00 UTC in
    Jerusalem (UTC+3, 15:00 there) the count is "N days left" until 00:00 in Jerusalem, 21:00 UTC."""
    order = make_order(shipped_at="2026-07-01", protection={"ends_at": "2026-09-10", "source": "page", "days": None})
    now = datetime(2026, 8, 20, 12, tzinfo=UTC).astimezone(ZoneInfo("Asia/Jerusalem"))
    hint, until = hint_until(order, now)
    assert until == datetime(2026, 8, 20, 21, tzinfo=UTC)
    assert hint["days_left"] == 21


def test_a_hint_from_the_computer_clock_holds_for_no_time():
    hint, until = hint_until(make_order(shipped_at="2026-07-01"), None)  # type: ignore[arg-type]
    assert until is not None and until <= datetime.now(UTC)
