"""The product's promise for case follow-ups: a day picked without a time never gives a later deadline than
the real moment within that day would, and says it is not exact (issue 16; docs/rules.md, "Cases")."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import given, settings, strategies as st

from companion.datetimes import instant
from companion.rules import hint_for
from tests.rules.builders import make_order

ZONES = ("UTC", "Asia/Jerusalem", "Europe/Moscow", "America/Los_Angeles", "Pacific/Kiritimati", "Pacific/Pago_Pago")
STEPS = (
    ("extension_requested",),
    ("dispute_opened",),
    ("dispute_opened", "offer_received"),
    ("decision_return",),
    ("decision_return", "return_shipped"),
    ("decision_refund",),
)


@settings(max_examples=150, deadline=None)
@given(zone=st.sampled_from(ZONES), steps=st.sampled_from(STEPS), day=st.integers(0, 40),
       minute=st.integers(0, 24 * 60 - 1), later_days=st.integers(0, 30))
def test_a_bare_day_is_never_later_than_its_real_moment(zone, steps, day, minute, later_days):
    tz = ZoneInfo(zone)
    start = datetime(2026, 7, 1, tzinfo=tz) + timedelta(days=day)
    real = start + timedelta(minutes=minute)  # when it really happened, that day where the buyer is
    now = (real + timedelta(days=later_days, hours=1)).astimezone(tz)
    base = dict(shipped_at="2026-06-20", protection={"ends_at": "2026-10-30", "source": "page", "days": None})

    def ups(at: str) -> dict:
        case = [{"kind": kind, "at": at} for kind in steps]
        return {u["kind"]: u for u in hint_for(make_order(**base, case=case), now, "en")["follow_ups"]}

    exact = ups(real.astimezone(timezone.utc).isoformat())
    bare = ups(start.date().isoformat())
    for kind, up in bare.items():
        assert up["exact"] is False, (kind, up)
        if kind in exact:
            assert instant(up["due"]) <= instant(exact[kind]["due"]), (kind, up["due"], exact[kind]["due"])
    # nothing the real moment calls for is missing from the bare day's list, but for a step it has outgrown
    # (the 48 hours of an extension end earlier, so the next follow-up may already show)
    assert set(exact) - set(bare) <= {"extension_answer", "refund_expected"}
