"""The English texts: every template renders for every state, nothing left unfilled, Eva texts fit."""

from __future__ import annotations

import re

import pytest

from companion.i18n import LANGUAGES
from companion.rules import hint_for
from companion.rules.deadlines import evaluate
from companion.rules.texts import EVA_LIMIT, PLACEHOLDERS, all_template_paths, context_for, placeholders_in, render, template
from tests.rules.builders import NOW, make_order, page_protection

LONG_TITLE = ("Ultra Fast 100W USB C to USB C Cable PD 5A Quick Charge Braided Nylon Data Cord for MacBook Pro "
              "Samsung Galaxy S24 Xiaomi Huawei Laptop Tablet 2m 3m {weird} braces")

# One order per state the rules know, with a long title and the longest real order number.
STATES = {
    "not_shipped": dict(status="awaiting_shipment", order_date="2026-08-18"),
    "in_transit": dict(shipped_at="2026-08-01", protection=page_protection(days=90)),
    "extension_time": dict(shipped_at="2026-07-01", protection=page_protection("2026-08-26")),
    "ending": dict(shipped_at="2026-07-01", protection=page_protection("2026-08-22")),
    "expired": dict(shipped_at="2026-06-01"),
    "delivered_scan": dict(shipped_at="2026-07-20", delivered_at="2026-08-19"),
    "received": dict(shipped_at="2026-07-20", received=True, protection=page_protection("2026-08-22")),
    "late_coupon": dict(shipped_at="2026-08-01", protection=page_protection(days=90), coupon_deadline_at="2026-08-18",
                        estimated_delivery_at="2026-08-10"),
    "dispute": dict(status="in_dispute", dispute_opened_at="2026-08-15"),
    "dispute_unknown": dict(status="in_dispute"),
    "completed": dict(status="completed", completed_at="2026-08-06T12:00:00+00:00"),
    "bare": dict(items=[], total=None, store=None, order_id=None, shipped_at=None, order_date="2026-06-22"),
}
ORDER_IDS = ("8100000000000001", "3" * 32)


def orders():
    for name, fields in STATES.items():
        for order_id in ORDER_IDS:
            for title in (LONG_TITLE, "Cable"):
                yield name, make_order(**{"order_id": order_id, "items": [{"title": title}], **fields})


ALL = list(orders())


def test_templates_use_only_known_placeholders():
    paths = all_template_paths()
    assert len(paths) >= 15
    for path in paths:
        for variant, raw in template(path).items():
            if isinstance(raw, str) and variant.startswith("text"):
                assert placeholders_in(raw) <= set(PLACEHOLDERS), (path, variant)


def test_required_actions_have_templates():
    paths = set(all_template_paths())
    for path in ("open_dispute.not_received", "open_dispute.not_as_described", "open_dispute.damaged",
                 "open_dispute.wrong_item", "open_dispute.missing_quantity", "request_extension", "escalate_dispute",
                 "refuse_partial_offer", "dont_close_dispute", "live_agent.menu", "contact_seller.where", "cancel_order"):
        assert path in paths


@pytest.mark.parametrize("name,order", ALL, ids=[f"{n}-{i}" for i, (n, _) in enumerate(ALL)])
def test_every_template_renders_for_every_state(name, order):
    a = evaluate(order, NOW)
    ctx = context_for(order, a)
    for path in all_template_paths():
        for variant in [k for k in template(path) if k.startswith("text")]:
            for problem in (None, "not_received", "not_as_described", "dispute", "late"):
                text, for_eva = render(path, ctx, variant=variant, problem=problem)
                assert text, (path, variant)
                assert not re.search(r"[{}\[\]]", text), (path, variant, text)
                assert "  " not in text and text == text.strip()
                if for_eva:
                    assert len(text) <= EVA_LIMIT, (path, len(text), text)
                if ctx["order_id"] and "{order_id}" in template(path)[variant]:
                    assert text.startswith(f"Order {ctx['order_id']}"), (path, text)


@pytest.mark.parametrize("name,order", ALL, ids=[f"{n}-{i}" for i, (n, _) in enumerate(ALL)])
def test_hint_texts_are_filled_and_eva_texts_fit(name, order):
    for lang in LANGUAGES:
        hint = hint_for(order, NOW, lang)
        assert "internal_error" not in hint, (name, lang)  # the fallback hint has no actions: nothing checked below
        assert any(a.get("text") for a in hint["actions"]), (name, lang)  # every state here offers a text to copy
        for action in hint["actions"]:
            text = action.get("text")
            if text is None:
                continue
            assert not re.search(r"\{[a-z_]*\}", text)
            assert text.isascii()  # plain English: a cut title carries no ellipsis mark
            if action["for_eva"] or action["key"] == "live_agent":
                assert len(text) <= EVA_LIMIT


def test_placeholders_are_filled_with_the_orders_details():
    order = make_order(shipped_at="2026-07-01", protection=page_protection("2026-08-22"))
    a = evaluate(order, NOW)
    text, _ = render("open_dispute.not_received", context_for(order, a))
    assert text == ("Order 8100000000000001. The parcel (USB-C cable 2 m) has not arrived. It was shipped 50 days ago. "
                    "I did not receive anything. Please refund 132.74 BRL.")


def test_fallbacks_read_naturally():
    order = make_order(order_date="2026-07-01", items=None, total={"amount": "lots", "currency": "BRL"}, store=None)
    a = evaluate(order, NOW)
    text, _ = render("open_dispute.not_received", context_for(order, a))
    assert text == ("Order 8100000000000001. The parcel has not arrived. It was ordered 50 days ago. "
                    "I did not receive anything. Please refund the full price.")


def test_long_title_is_cut_for_eva_but_order_number_kept():
    order = make_order(order_id="3" * 32, items=[{"title": LONG_TITLE}], shipped_at="2026-07-01")
    a = evaluate(order, NOW)
    text, for_eva = render("live_agent.menu", context_for(order, a), problem="not_received")
    assert for_eva and len(text) <= EVA_LIMIT and text.startswith("Order " + "3" * 32)
    assert "(Ultra Fast" in text and text.isascii()


def test_a_malformed_template_costs_its_own_text_not_the_hint(monkeypatch):
    from companion.rules import texts

    broken = {"text": "Order {order_id}: please refund {", "for_eva": True}
    monkeypatch.setattr(texts, "template", lambda path: broken if path == "escalate_dispute" else template(path))
    texts._entry.cache_clear()
    try:
        assert render("escalate_dispute", {"order_id": "8100000000000001"}) == (None, True)
        hint = hint_for(make_order(status="in_dispute", dispute_opened_at="2026-11-01"), NOW)
        assert "internal_error" not in hint
        assert hint["actions"]  # the other actions keep their texts
    finally:
        texts._entry.cache_clear()
