"""Which actions a hint offers in each state, and the hint's shape."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from companion.i18n import DEFAULT, LANGUAGES
from companion.rules import hint_for, urgency_key
from tests.rules.builders import NOW, make_order, page_protection

DISPUTE_QUALITY = {"open_dispute:not_as_described", "open_dispute:damaged", "open_dispute:wrong_item",
                   "open_dispute:missing_quantity"}
LIVE_AGENT = {"live_agent:menu", "live_agent:phrase_live_agent", "live_agent:phrase_contact_agent",
              "live_agent:phrase_alimebot"}


def in_days(days: float) -> str:
    return (NOW + timedelta(days=days, hours=6)).isoformat()


def keys(hint: dict) -> set[str]:
    return {f"{a['key']}:{a['variant']}" if "variant" in a else a["key"] for a in hint["actions"]}


def hint(**fields) -> dict:
    built = hint_for(make_order(**fields), NOW, "en")
    # hint_for's catch-all answers a crash with a fallback hint (no actions, "watch"): never the hint under test
    assert "internal_error" not in built, fields
    return built


# (id, order fields, must include, must not include)
STATES = [
    ("unpaid: nothing, no dispute", dict(status="awaiting_payment"), set(), {"open_dispute:not_received", *DISPUTE_QUALITY}),
    ("closed: nothing, no dispute", dict(status="closed", shipped_at="2026-07-01"), set(),
     {"open_dispute:not_received", *DISPUTE_QUALITY}),
    ("not shipped: cancel or ask when", dict(status="awaiting_shipment", order_date="2026-08-18"),
     {"cancel_order", "contact_seller:ship_date"}, {"open_dispute:not_received", "request_extension"}),
    ("in transit, plenty of time: don't confirm, ask seller; no dispute push yet",
     dict(shipped_at="2026-08-01", protection=page_protection(days=90)),
     {"dont_confirm_receipt", "contact_seller:where"}, {"open_dispute:not_received", "request_extension", *LIVE_AGENT}),
    ("6 days left, not received: ask for an extension",
     dict(shipped_at="2026-07-01", deadline_override=None, protection=page_protection(in_days(6))),
     {"request_extension", "dont_confirm_receipt"}, {"open_dispute:not_received"}),
    ("8 days left: too early for the extension request",
     dict(shipped_at="2026-07-01", protection=page_protection(in_days(8))), {"dont_confirm_receipt"}, {"request_extension"}),
    ("3 days left, not received: dispute today, reach an agent",
     dict(shipped_at="2026-07-01", protection=page_protection(in_days(3))),
     {"open_dispute:not_received", *DISPUTE_QUALITY, *LIVE_AGENT}, {"request_extension"}),
    ("3 days left, received: quality disputes only",
     dict(shipped_at="2026-07-01", received=True, protection=page_protection(in_days(3))),
     {*DISPUTE_QUALITY, "dont_confirm_receipt"}, {"open_dispute:not_received", "request_extension", "contact_seller:where"}),
    ("received, plenty of time: not-as-described stays on offer",
     dict(shipped_at="2026-08-01", received=True), DISPUTE_QUALITY, {"open_dispute:not_received"}),
    ("user says not received, plenty of time: dispute offered",
     dict(shipped_at="2026-08-01", received=False), {"open_dispute:not_received"}, set(DISPUTE_QUALITY)),
    ("tracking says delivered, buyer silent: dispute now, both kinds",
     dict(shipped_at="2026-07-20", delivered_at="2026-08-19"), {"open_dispute:not_received", *DISPUTE_QUALITY},
     {"request_extension", "contact_seller:where"}),
    ("past the estimated delivery: non-delivery dispute",
     dict(shipped_at="2026-08-01", protection=page_protection(days=90), estimated_delivery_at="2026-08-15"),
     {"open_dispute:not_received"}, set()),
    ("before the estimated delivery: no dispute push",
     dict(shipped_at="2026-08-01", protection=page_protection(days=90), estimated_delivery_at="2026-08-30"),
     set(), {"open_dispute:not_received"}),
    ("more than 60 days since shipment, 90-day protection: dispute",
     dict(shipped_at="2026-06-15", protection=page_protection(days=90)), {"open_dispute:not_received"}, set()),
    ("guaranteed-delivery date passed: claim the coupon",
     dict(shipped_at="2026-08-01", protection=page_protection(days=90), coupon_deadline_at="2026-08-18"),
     {"claim_delay_coupon"}, set()),
    ("expired (the page's own date): still try a dispute and an agent, no confirm advice",
     dict(shipped_at="2026-06-01", protection=page_protection("2026-08-01")), {"open_dispute:not_received", *LIVE_AGENT},
     {"dont_confirm_receipt", "request_extension"}),
    ("our estimate has passed, the real end may not have: dispute now, an agent, still don't confirm",
     dict(shipped_at="2026-06-01"), {"open_dispute:not_received", "dont_confirm_receipt", *LIVE_AGENT},
     {"request_extension"}),
    ("dispute opened 1 day ago: no escalation yet",
     dict(status="in_dispute", dispute_opened_at="2026-08-19T10:00:00+00:00"),
     {"refuse_partial_offer", "dont_close_dispute", *LIVE_AGENT}, {"escalate_dispute", "open_dispute:not_received"}),
    ("dispute opened 3 days ago: escalate",
     dict(status="in_dispute", dispute_opened_at="2026-08-17T10:00:00+00:00"),
     {"escalate_dispute", "refuse_partial_offer", "dont_close_dispute", *LIVE_AGENT}, {"open_dispute:not_received"}),
    ("dispute, opening date unknown: offer escalation with its condition",
     dict(status="in_dispute"), {"escalate_dispute"}, set()),
    ("completed 14 days ago, receipt unknown: every dispute kind",
     dict(status="completed", completed_at="2026-08-06T12:00:00+00:00"),
     {"open_dispute:not_received", *DISPUTE_QUALITY, *LIVE_AGENT}, {"dont_confirm_receipt", "request_extension"}),
    ("completed, received: quality only", dict(status="completed", completed_at="2026-08-10", received=True),
     DISPUTE_QUALITY, {"open_dispute:not_received"}),
    ("completed 16 days ago: nothing", dict(status="completed", completed_at="2026-08-04T12:00:00+00:00"),
     set(), {"open_dispute:not_received", *DISPUTE_QUALITY}),
]


@pytest.mark.parametrize("fields,must,must_not", [s[1:] for s in STATES], ids=[s[0] for s in STATES])
def test_actions_follow_the_state(fields, must, must_not):
    got = keys(hint(**fields))
    assert must <= got, f"missing {must - got}"
    assert not (must_not & got), f"unexpected {must_not & got}"


def test_unpaid_and_closed_have_no_actions_at_all():
    assert hint(status="awaiting_payment")["actions"] == []
    assert hint(status="closed")["actions"] == []


def test_hint_shape():
    h = hint(shipped_at="2026-07-01", protection=page_protection("2026-08-22"))
    assert set(h) >= {"severity", "severity_label", "days_left", "deadline", "exact", "source", "summary", "why",
                      "actions", "dispute_window_ends"}
    assert h["severity_label"] == "Urgent"
    assert "\n" not in h["summary"]
    for action in h["actions"]:
        assert set(action) <= {"key", "variant", "title", "explanation", "text", "for_eva", "more"}
        assert action["title"] and action["explanation"]
        assert not action["title"].startswith("action.")
        if "text" in action:
            assert isinstance(action["for_eva"], bool)


def test_summary_says_exact_or_estimated_or_own():
    assert hint(protection=page_protection(in_days(10)))["summary"] == "10 days of protection left (exact)"
    assert hint(shipped_at="2026-07-01")["summary"] == "10 days of protection left (estimated)"
    assert hint(deadline_override=in_days(2))["summary"] == "2 days of protection left (your date)"
    assert hint(deadline_override=in_days(1))["summary"] == "Protection ends tomorrow (your date)"
    assert hint(deadline_override=in_days(0))["summary"] == "Protection ends today (your date)"
    assert hint(protection=page_protection("2026-07-31"))["summary"] == "Protection ended 20 days ago (exact)"
    assert hint(protection=page_protection("2026-08-19"))["summary"] == "Protection ended yesterday (exact)"
    # an estimate that has passed is not a past date: the real one may be later
    assert hint(shipped_at="2026-06-01")["summary"] == "The window may have closed: open the order's page to check"
    # two pages disagree and the newest said the later date: the earlier is used, and it is not "exact"
    disagree = hint(protection=page_protection("2026-09-04"),
                    protection_sources={"order_detail": {"ends_at": "2026-09-03", "days": None, "at": "2026-08-01T00:00:00+00:00"},
                                        "tracking": {"ends_at": "2026-09-04", "days": None, "at": "2026-08-19T00:00:00+00:00"}})
    assert (disagree["exact"], disagree["deadline_kind"], disagree["summary"]) == \
        (False, "estimated", "14 days of protection left (estimated)")


def test_why_names_the_source_of_each_number():
    assert "Aug 22, 2026" in hint(protection=page_protection("2026-08-22"))["why"]
    why = hint(shipped_at="2026-07-01")["why"]
    assert "Jul 1, 2026" in why and "60 days" in why and "Aug 30, 2026" in why
    assert "75 days" in hint(shipped_at="2026-07-01", protection=page_protection(days=75))["why"]
    assert "order date" in hint(order_date="2026-06-25")["why"]
    assert "delivery on Aug 18, 2026" in hint(shipped_at="2026-07-01", delivered_at="2026-08-18")["why"]
    assert "yourself" in hint(deadline_override=in_days(3))["why"]


def test_dispute_actions_win_over_protection_actions():
    h = hint(dispute_opened_at="2026-08-10", shipped_at="2026-06-01")
    assert h["severity"] == "soon" and "escalate_dispute" in keys(h)
    assert "open_dispute:not_received" not in keys(h)


def test_texts_are_english_in_every_ui_language():
    order = make_order(shipped_at="2026-07-01", protection=page_protection(in_days(2)))
    en = hint_for(order, NOW, "en")
    assert "internal_error" not in en and en["actions"]
    for lang in (code for code in LANGUAGES if code != DEFAULT):
        other = hint_for(order, NOW, lang)
        assert "internal_error" not in other
        assert [a.get("text") for a in other["actions"]] == [a.get("text") for a in en["actions"]]
        assert [a["title"] for a in other["actions"]] != [a["title"] for a in en["actions"]]
        assert other["summary"] != en["summary"] and other["severity_label"] != en["severity_label"]


def test_urgency_order():
    hints = [hint(status="closed"), hint(deadline_override=in_days(20)), hint(deadline_override=in_days(10)),
             hint(deadline_override=in_days(5)), hint(deadline_override=in_days(2)), hint(deadline_override=in_days(1)),
             hint(deadline_override=in_days(-3))]
    ordered = sorted(hints, key=urgency_key)
    assert [(h["severity"], h["days_left"]) for h in ordered] == [
        ("expired", -3), ("urgent", 1), ("urgent", 2), ("soon", 5), ("watch", 10), ("ok", 20), ("done", None)]
    assert urgency_key({}) > urgency_key({"severity": "done"})


# Guide 000: "the seller has 5-15 days to respond". Stated as the guide gives it, wherever the buyer reads
# about an open dispute: not yet dated, dated and young, dated and due for escalation.
SELLER_WINDOW = {"en": "5 to 15 days", "he": "5 עד 15 ימים", "ru": "от 5 до 15 дней"}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("opened", [None, "2026-08-19", "2026-08-15"])
def test_an_open_dispute_states_the_sellers_answer_window_as_the_guide_gives_it(lang, opened):
    built = hint_for(make_order(status="in_dispute", dispute_opened_at=opened), NOW, lang)
    assert built["state"] == "dispute", built
    assert SELLER_WINDOW[lang] in built["why"], built["why"]


# The detail page's reminder: a dispute "within 90 days after order was placed" for a defective item. NOW is
# Aug 20; completed Jul 20, so the 15 days after completion ended Aug 4.
@pytest.mark.parametrize("ordered,done", [
    ("2026-06-10", False),  # placed 71 days ago: the 90 days run until Sep 8
    # Placed on May 22 (Pacific), any time that day: the 90 days end between Aug 20 and Aug 21, 00:00 Pacific
    # (07:00 UTC). NOW, Aug 20 12:00 UTC, is inside that day: not surely over.
    ("2026-05-22", False),
    ("2026-05-21", True),   # over by Aug 20 00:00 Pacific at the latest, before NOW
    (None, True),           # no order date: nothing says the 90 days still run
])
def test_a_completed_order_is_not_done_while_the_90_days_for_a_defect_may_run(ordered, done):
    built = hint(status="completed", completed_at="2026-07-20", order_date=ordered, shipped_at="2026-06-12" if ordered else None)
    assert (built["severity"] == "done") == done, built
    if done:
        assert built["actions"] == [] and built["summary"] == "Completed: the dispute window has closed"
        return
    assert built["may_have_closed"] and built["check_url"].endswith("orderId=8100000000000001")
    assert built["summary"] == "Completed: for a defective item, check the order's page"
    assert "90 days after the order was placed" in built["why"]
    assert keys(built) == DISPUTE_QUALITY | {"open_dispute:wrong_colour"}  # a defect, never "not received"
    assert all(a["explanation"].startswith("Only within the 90 days for a defect") for a in built["actions"])


@pytest.mark.parametrize("lang,isolated", [("he", True), ("ru", False), ("en", False)])
def test_a_time_and_its_zone_read_as_one_left_to_right_run_in_hebrew(lang, isolated):
    """"10:00 UTC+3" inside a Hebrew sentence is drawn "UTC+3 10:00" (and "3+UTC") unless isolated."""
    moscow = NOW.astimezone(ZoneInfo("Europe/Moscow"))
    built = hint_for(make_order(shipped_at="2026-07-01", protection=page_protection("2026-09-04")), moscow, lang)
    assert ("\u206610:00 UTC+3\u2069" in built["why"]) == isolated, built["why"]
    assert "10:00" in built["why"] and "UTC+3" in built["why"]


def test_a_dispute_no_page_dated_assumes_the_earliest_day_it_can_have_been_opened():
    """Seen in dispute for the first time today, shipped 10 days ago: it may have been opened 10 days ago, so
    escalation is offered now; but no text says how old it is."""
    seen_today = [{"status": "in_dispute", "at": NOW.isoformat()}]
    built = hint(status="in_dispute", shipped_at="2026-08-10", status_history=seen_today)
    assert built["actions"][0]["key"] == "escalate_dispute" and built["severity"] == "soon", built
    assert built["summary"] == "Dispute open" and "for 3 days, escalate" in built["why"]
    assert built["escalate_from"].startswith("2026-08-13"), built["escalate_from"]
    assert "I opened a dispute. " in built["actions"][0]["text"], built["actions"][0]["text"]
    # Seen not in dispute yesterday: opened since, too young to escalate.
    history = [{"status": "awaiting_delivery", "at": (NOW - timedelta(days=1)).isoformat()}, *seen_today]
    young = hint(status="in_dispute", shipped_at="2026-08-10", status_history=history)
    assert "escalate_dispute" not in keys(young) and young["severity"] == "watch", young
    # The buyer's day wins over any assumption, and is stated.
    dated = hint(status="in_dispute", shipped_at="2026-08-10", dispute_opened_at="2026-08-16", status_history=seen_today)
    assert dated["summary"] == "Dispute open for 4 days: escalate now"
    assert "I opened a dispute 4 days ago." in dated["actions"][0]["text"]


def by_key(built: dict) -> dict:
    return {f"{a['key']}:{a['variant']}" if "variant" in a else a["key"]: a for a in built["actions"]}


def test_the_guides_advice_on_the_cards_that_need_it():
    received = by_key(hint(shipped_at="2026-08-01", received=True))
    for key in (*DISPUTE_QUALITY, "open_dispute:wrong_colour"):  # guide 002: "yes, received" in the form is safe
        assert "answering Yes does not confirm receipt" in received[key]["explanation"], key
    for key in ("open_dispute:not_as_described", "open_dispute:damaged", "open_dispute:wrong_item"):  # guide 000
        assert "Refund only: you keep the item. Return goods: a full refund" in received[key]["explanation"], key
    for key in ("open_dispute:wrong_colour", "open_dispute:missing_quantity"):  # a part, not the whole: no return
        assert "Return goods" not in received[key]["explanation"], key
    in_transit = by_key(hint(shipped_at="2026-08-01", protection=page_protection(days=90)))
    assert "open the dispute first" in in_transit["contact_seller:where"]["explanation"]  # guides 000, 004
    assert "without delay" in hint(shipped_at="2026-07-20", delivered_at="2026-08-19")["why"]  # guide 002
    assert "screenshot of the charge" in hint(status="awaiting_payment")["why"]  # guide 000
