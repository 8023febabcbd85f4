"""Case follow-ups on a frozen clock (issue 16, point 2). Every expected date is worked out by hand
in the comment beside it. NOW is Thursday 2026-08-20 12:00 UTC; the buyer's zone is UTC unless
said otherwise; a bare day the buyer picked starts at 00:00 in the buyer's zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from companion.i18n import LANGUAGES
from companion.rules import hint_for
from companion.rules.followups import add_business_days
from tests.rules.builders import NOW, make_order, page_protection

WAITING = dict(shipped_at="2026-07-01", protection=page_protection("2026-08-26"))
# "before Aug 26" = 2026-08-26 00:00 Pacific (UTC-7 in summer) = 07:00 UTC; the newest page said it: exact
AUG26 = "2026-08-26T07:00:00+00:00"
DETAIL_AUG16 = {"order_detail": {"ends_at": "2026-08-26", "days": None, "at": "2026-08-16T08:00:00+00:00"}}


def entry(kind, at, **extra):
    return {"kind": kind, "at": at, **extra}


CASES = {
    # asked Aug 19 10:00 UTC: the seller answers within 48 h, by Aug 21 10:00
    "extension_waiting": (dict(**WAITING, case=[entry("extension_requested", "2026-08-19T10:00:00+00:00")]),
                          [("extension_answer", "2026-08-21T10:00:00+00:00", True)]),
    # asked Aug 17 09:00; 48 h passed Aug 19 09:00; no page read since: dispute before protection ends
    "extension_no_page_since": (dict(**WAITING, protection_sources=DETAIL_AUG16,
                                     case=[entry("extension_requested", "2026-08-17T09:00:00+00:00")]),
                                [("extension_not_seen", AUG26, True)]),
    # a tracking page read Aug 19 20:00 still says Aug 26: not granted
    "extension_not_granted": (dict(**WAITING, protection_sources={
        **DETAIL_AUG16, "tracking": {"ends_at": "2026-08-26", "days": None, "at": "2026-08-19T20:00:00+00:00"}},
        case=[entry("extension_requested", "2026-08-17T09:00:00+00:00")]),
        [("extension_not_granted", AUG26, True)]),
    # the page read since says Sep 10: granted, nothing to follow
    "extension_granted": (dict(**WAITING, protection_sources={
        **DETAIL_AUG16, "tracking": {"ends_at": "2026-09-10", "days": None, "at": "2026-08-19T20:00:00+00:00"}},
        case=[entry("extension_requested", "2026-08-17T09:00:00+00:00")]), []),
    # asked "Aug 18" (no time): counted from Aug 18 00:00, 48 h passed Aug 20 00:00; not exact
    "extension_day_only": (dict(**WAITING, case=[entry("extension_requested", "2026-08-18")]),
                           [("extension_not_seen", AUG26, False)]),
    # dispute Aug 18 12:00: escalate Aug 21 12:00 (3 days), the seller's 5 days end Aug 23 12:00
    "dispute_recorded": (dict(**WAITING, case=[entry("dispute_opened", "2026-08-18T12:00:00+00:00", reason="not_received")]),
                         [("escalate", "2026-08-21T12:00:00+00:00", True), ("seller_answer", "2026-08-23T12:00:00+00:00", True)]),
    # dispute Aug 15 12:00 asking 20.00, offer of 2.00 on Aug 19 08:00: escalate Aug 18 12:00 (passed),
    # refuse now (the offer's own time), the seller's window ends Aug 20 12:00
    "low_offer": (dict(**WAITING, case=[entry("dispute_opened", "2026-08-15T12:00:00+00:00", amount="20.00"),
                                        entry("offer_received", "2026-08-19T08:00:00+00:00", amount="2.00")]),
                  [("escalate", "2026-08-18T12:00:00+00:00", True), ("refuse_offer", "2026-08-19T08:00:00+00:00", True),
                   ("seller_answer", "2026-08-20T12:00:00+00:00", True)]),
    # a full offer (the order's 132.74): nothing to refuse; escalate and the seller's window as before
    "full_offer": (dict(**WAITING, case=[entry("dispute_opened", "2026-08-15T12:00:00+00:00"),
                                         entry("offer_received", "2026-08-17", amount="132.74")]),
                   [("escalate", "2026-08-18T12:00:00+00:00", True), ("seller_answer", "2026-08-20T12:00:00+00:00", True)]),
    # a full offer, and escalated since: nothing left to follow
    "full_offer_escalated": (dict(**WAITING, case=[entry("dispute_opened", "2026-08-15T12:00:00+00:00"),
                                                   entry("offer_received", "2026-08-17", amount="132.74"),
                                                   entry("escalated", "2026-08-18")]), []),
    # a dispute the page shows, opened "2026-08-18" (the buyer's date): Aug 21 and Aug 23, 00:00, not exact
    "dispute_from_page": (dict(status="in_dispute", dispute_opened_at="2026-08-18"),
                          [("escalate", "2026-08-21T00:00:00+00:00", False), ("seller_answer", "2026-08-23T00:00:00+00:00", False)]),
    # return goods decided Aug 12 10:00: ship by Aug 22 10:00 (10 days)
    "return_decided": (dict(**WAITING, case=[entry("decision_return", "2026-08-12T10:00:00+00:00")]),
                       [("ship_return", "2026-08-22T10:00:00+00:00", True)]),
    # shipped back "Aug 14": look at its tracking 10 days on, Aug 24 00:00, not exact
    "return_shipped": (dict(**WAITING, case=[entry("decision_return", "2026-08-12T10:00:00+00:00"),
                                             entry("return_shipped", "2026-08-14", tracking_number="RX123456789CN")]),
                       [("return_tracking", "2026-08-24T00:00:00+00:00", False)]),
    # card, decided Monday Aug 3 09:00: 15 business days = Aug 4-7 (4), 10-14 (9), 17-21 (14), Mon 24 (15)
    "refund_card": (dict(**WAITING, case=[entry("decision_refund", "2026-08-03T09:00:00+00:00", method="card")]),
                    [("refund_expected", "2026-08-24T09:00:00+00:00", True)]),
    # method unknown: the longest (15), from Aug 3 00:00 (a bare day): Aug 24 00:00, not exact
    "refund_unknown_method": (dict(**WAITING, case=[entry("decision_refund", "2026-08-03")]),
                              [("refund_expected", "2026-08-24T00:00:00+00:00", False)]),
    # PayPal, decided Monday Aug 10 09:00: 5 business days = Aug 11, 12, 13, 14, Mon 17: late since Aug 17
    "refund_paypal_late": (dict(**WAITING, case=[entry("dispute_opened", "2026-08-02"),
                                                 entry("decision_refund", "2026-08-10T09:00:00+00:00", method="paypal")]),
                           [("refund_late", "2026-08-17T09:00:00+00:00", True)]),
    # balance, decided Friday Aug 14 09:00: 3 business days = Mon 17, Tue 18, Wed 19
    "refund_balance_late": (dict(**WAITING, case=[entry("decision_refund", "2026-08-14T09:00:00+00:00", method="balance")]),
                            [("refund_late", "2026-08-19T09:00:00+00:00", True)]),
    "refund_received": (dict(**WAITING, case=[entry("decision_refund", "2026-08-03", method="card"),
                                              entry("refund_received", "2026-08-18", amount="132.74")]), []),
    "rejected": (dict(**WAITING, case=[entry("dispute_opened", "2026-08-02"), entry("decision_rejected", "2026-08-10")]), []),
    # "delivered" scanned Aug 19 (a Pacific day): protection cut to 5 days, Aug 24 00:00 Pacific = 07:00 UTC
    "delivered_not_received": (dict(shipped_at="2026-07-20", delivered_at="2026-08-19"),
                               [("delivered_not_received", "2026-08-24T07:00:00+00:00", False)]),
    "delivered_and_received": (dict(shipped_at="2026-07-20", delivered_at="2026-08-19", received=True), []),
    "nothing_recorded": (dict(**WAITING), []),
    # last tracking event "Aug 5" (a day): stopped for 10 days on Aug 15 00:00; the dispute 48 h later, Aug 17
    "stalled": (dict(shipped_at="2026-07-01", protection=page_protection("2026-09-26"), last_event_at="2026-08-05"),
                [("parcel_stalled", "2026-08-15T00:00:00+00:00", False), ("stalled_dispute", "2026-08-17T00:00:00+00:00", False)]),
    # last event Aug 12: stopped only from Aug 22, after NOW
    "moving": (dict(shipped_at="2026-07-01", protection=page_protection("2026-09-26"), last_event_at="2026-08-12"), []),
    # last event Aug 9 10:00: stopped Aug 19 10:00, the dispute would wait to Aug 21 10:00, but protection ends
    # Aug 20 18:00 (the page's own time): the dispute before that
    "stalled_protection_ends": (dict(shipped_at="2026-07-01", protection=page_protection("2026-08-20T18:00:00+00:00"),
                                     last_event_at="2026-08-09T10:00:00+00:00"),
                                [("parcel_stalled", "2026-08-19T10:00:00+00:00", True),
                                 ("stalled_dispute", "2026-08-20T18:00:00+00:00", True)]),
    "stalled_but_received": (dict(shipped_at="2026-07-01", last_event_at="2026-08-05", received=True), []),
}


@pytest.mark.parametrize("name", list(CASES))
def test_every_follow_up_on_a_frozen_clock(name):
    fields, expected = CASES[name]
    ups = hint_for(make_order(**fields), NOW, "en")["follow_ups"]
    assert [(u["kind"], u["due"], u["exact"]) for u in ups] == expected


def test_a_bare_day_starts_where_the_buyer_is():
    # Jerusalem is UTC+3 in August: "2026-08-18" begins at 00:00+03:00, 3 hours before it does in UTC
    now = NOW.astimezone(ZoneInfo("Asia/Jerusalem"))
    ups = hint_for(make_order(status="in_dispute", dispute_opened_at="2026-08-18"), now, "he")["follow_ups"]
    assert [(u["kind"], u["due"]) for u in ups] == [("escalate", "2026-08-21T00:00:00+03:00"),
                                                    ("seller_answer", "2026-08-23T00:00:00+03:00")]


def test_texts_carry_the_case_facts():
    ups = hint_for(make_order(**CASES["low_offer"][0]), NOW, "en")["follow_ups"]
    refuse = next(u for u in ups if u["kind"] == "refuse_offer")
    assert refuse["text"] == ("Order 8100000000000001. I do not accept this offer. It does not cover my loss. "
                              "I want a refund of 20.00 BRL, or AliExpress should decide.")
    late = hint_for(make_order(**CASES["refund_paypal_late"][0]), NOW, "en")["follow_ups"][0]
    assert late["text"] == ("Order 8100000000000001. My dispute was decided for a refund on Aug 10, 2026, but the "
                            "refund of 132.74 BRL has not arrived. I opened the dispute on Aug 2, 2026. "
                            "Please connect me to a live agent to check it.")
    assert late["overdue"] is True


def test_a_stalled_parcel_gets_a_message_to_the_seller():
    ups = hint_for(make_order(**CASES["stalled"][0]), NOW, "en")["follow_ups"]
    assert ups[0]["text"] == ("Order 8100000000000001. The parcel (USB-C cable 2 m) has not moved since Aug 5, 2026. "
                              "Please tell me where it is, or send it again. Thank you.")
    assert "10 days" in ups[0]["explanation"]


def test_suggested_disputes_come_with_their_evidence_list():
    for name in ("delivered_not_received", "extension_not_granted", "stalled"):
        up = [u for u in hint_for(make_order(**CASES[name][0]), NOW, "en")["follow_ups"] if "evidence" in u][0]
        assert up["reason"] == "not_received"
        assert [e["key"] for e in up["evidence"]] == ["tracking_page", "seller_chat"]
        assert "Tracking says the parcel" in up["text"] or "has not arrived" in up["text"]


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_follow_up_has_words_in_every_language(lang):
    from companion.i18n import lookup

    for fields, _ in CASES.values():
        for up in hint_for(make_order(**fields), NOW, lang)["follow_ups"]:
            for part in ("title", "explanation"):
                key = f"followup.{up['kind']}.{part}"
                assert lookup("rules", lang, key) not in (None, "", key), (lang, key)
                assert "{" not in up[part], (lang, up[part])
            for item in up.get("evidence", []):
                assert lookup("rules", lang, f"evidence.{item['key']}"), (lang, item)


def test_business_days_skip_weekends():
    friday = datetime.fromisoformat("2026-08-14T09:00:00+00:00")
    assert add_business_days(friday, 1).date().isoformat() == "2026-08-17"  # Monday
    saturday = datetime.fromisoformat("2026-08-15T09:00:00+00:00")
    assert add_business_days(saturday, 5).date().isoformat() == "2026-08-21"  # Mon 17 .. Fri 21


def test_odd_case_logs_never_break_the_hint():
    for log in (None, "x", [1, None, {"kind": "escalated"}, {"kind": "escalated", "at": "junk"},
                            {"kind": "nope", "at": "2026-08-01"}, {"kind": "offer_received", "at": "2026-08-01", "amount": []}]):
        hint = hint_for(make_order(case=log, status="in_dispute"), NOW, "en")
        assert "internal_error" not in hint and isinstance(hint["follow_ups"], list)


def test_an_escalated_dispute_is_not_told_to_escalate_again():
    # opened Aug 10: 10 days, past the 3; escalated Aug 14
    opened = dict(status="in_dispute", case=[entry("dispute_opened", "2026-08-10")])
    before = hint_for(make_order(**opened), NOW, "en")
    assert before["actions"][0]["key"] == "escalate_dispute" and "escalate" in before["summary"].lower()
    after = hint_for(make_order(status="in_dispute", case=[*opened["case"], entry("escalated", "2026-08-14")]), NOW, "en")
    assert "escalate_dispute" not in [act["key"] for act in after["actions"]]
    assert "escalate" not in after["summary"].lower() and after["summary"] == "Dispute open for 10 days"
    assert [act["more"] for act in after["actions"]][:3] == [False, False, False]
