"""The case log through the API (issue 16, point 1): record, undo, keep through pages and backups."""

from __future__ import annotations

import pytest

from companion import parsing
from companion.parsing import ParsedPage
from tests.api.test_orders_api import order, post_page
# the clock (tests/conftest.py FROZEN_NOW) says 2026-11-24 12:00 UTC

OID = "8100000000000001"
CASE = f"/api/v1/orders/{OID}/case"


@pytest.fixture
def fake_parser(monkeypatch):
    pages: dict[str, ParsedPage] = {}
    monkeypatch.setattr(parsing, "parse_page", lambda url, content, captured_at, captures=(): pages[content])
    return pages


@pytest.fixture
async def stored(companion, fake_parser):
    fake_parser["list"] = ParsedPage("order_list", [order(OID, shipped_at="2026-10-05")], [])
    assert (await post_page(companion, "list", captured_at="2026-11-20T10:00:00Z")).status == 200
    return companion


async def add(comp, **entry):
    return await comp.request("POST", CASE, json=entry)


async def test_an_entry_is_stored_shown_and_undone(stored):
    resp = await add(stored, kind="extension_requested", at="2026-11-22T09:30:00+02:00")
    assert resp.status == 200
    body = await resp.json()
    assert body["case"][0]["kind"] == "extension_requested"
    assert body["case"][0]["at"] == "2026-11-22T09:30:00+02:00"
    assert body["case"][0]["recorded_at"] == "2026-11-24T12:00:00+00:00"
    assert isinstance(body["hint"].get("follow_ups", []), list)
    resp = await add(stored, kind="dispute_opened", at="2026-11-23", reason="not_received", amount="4.59",
                     note="seller silent")
    assert [e["kind"] for e in (await resp.json())["case"]] == ["extension_requested", "dispute_opened"]
    one = await (await stored.request("GET", f"/api/v1/orders/{OID}")).json()
    assert one["case"][1] == {"kind": "dispute_opened", "at": "2026-11-23", "amount": "4.59", "note": "seller silent",
                              "reason": "not_received", "recorded_at": "2026-11-24T12:00:00+00:00"}

    resp = await stored.request("DELETE", f"{CASE}/0")
    assert resp.status == 200
    assert [e["kind"] for e in (await resp.json())["case"]] == ["dispute_opened"]
    assert [e["kind"] for e in stored.store.get(OID)["case"]] == ["dispute_opened"]
    resp = await stored.request("DELETE", f"{CASE}/1")
    assert resp.status == 404 and (await resp.json())["error"]["code"] == "no_case_entry"


async def test_orders_without_a_case_show_an_empty_one(stored):
    assert (await (await stored.request("GET", f"/api/v1/orders/{OID}")).json())["case"] == []


async def test_the_case_survives_every_page_merge(stored, fake_parser):
    await add(stored, kind="decision_refund", at="2026-11-23", method="paypal")
    # a later page of every kind, one claiming a case of its own: the page's is not kept, the buyer's is
    for kind in ("order_list", "order_detail", "tracking"):
        fake_parser[kind] = ParsedPage(kind, [order(OID, status="completed", case=[{"kind": "escalated", "at": "2026-11-01"}])], [])
        assert (await post_page(stored, kind, captured_at="2026-11-24T11:00:00Z")).status == 200
        case = stored.store.get(OID)["case"]
        assert [(e["kind"], e["method"]) for e in case] == [("decision_refund", "paypal")], kind
    assert stored.store.get(OID)["status"] == "completed"


@pytest.mark.parametrize("entry, words", [
    ({"kind": "party", "at": "2026-11-20"}, "'kind'"),
    ({"at": "2026-11-20"}, "'kind'"),
    ({"kind": "escalated"}, "'at'"),
    ({"kind": "escalated", "at": "yesterday"}, "ISO 8601"),
    ({"kind": "escalated", "at": "2009-12-31"}, "before 2010"),
    ({"kind": "escalated", "at": "2026-11-27"}, "future"),  # the clock says Nov 24
    ({"kind": "escalated", "at": "2026-11-20", "amount": "ten"}, "'amount'"),
    ({"kind": "escalated", "at": "2026-11-20", "amount": -1}, "'amount'"),
    ({"kind": "escalated", "at": "2026-11-20", "amount": "NaN"}, "'amount'"),
    ({"kind": "escalated", "at": "2026-11-20", "amount": True}, "'amount'"),
    ({"kind": "escalated", "at": "2026-11-20", "amount": "1.23456"}, "'amount'"),
    ({"kind": "escalated", "at": "2026-11-20", "note": "x" * 1001}, "'note'"),
    ({"kind": "return_shipped", "at": "2026-11-20", "tracking_number": "<script>"}, "'tracking_number'"),
    ({"kind": "dispute_opened", "at": "2026-11-20", "reason": "bored"}, "'reason'"),
    ({"kind": "decision_refund", "at": "2026-11-20", "method": "cash"}, "'method'"),
    ({"kind": "escalated", "at": "2026-11-20", "by": "me"}, "Unknown fields"),
    ({"kind": "escalated", "at": "2026-11-20", "evidence": ["a b"]}, "'evidence'"),
])
async def test_bad_entries_are_400_and_change_nothing(stored, entry, words):
    resp = await stored.request("POST", CASE, json=entry)
    assert resp.status == 400
    error = (await resp.json())["error"]
    assert error["code"] in ("bad_case_entry", "bad_request") and words in error["message"], error
    assert stored.store.get(OID)["case"] == []


@pytest.mark.parametrize("body", [[], "text", 5, {}])
async def test_a_body_that_is_no_object_is_400(stored, body):
    resp = await stored.request("POST", CASE, json=body)
    assert resp.status == 400


async def test_amounts_are_kept_as_decimal_text(stored):
    for raw, kept in (("12.5", "12.5"), (3, "3"), ("0,99", "0.99"), (7.25, "7.25")):
        resp = await add(stored, kind="offer_received", at="2026-11-20", amount=raw)
        assert (await resp.json())["case"][-1]["amount"] == kept, raw


async def test_unknown_orders_and_bad_numbers(stored):
    assert (await stored.request("POST", "/api/v1/orders/8100000000000999/case",
                                 json={"kind": "escalated", "at": "2026-11-20"})).status == 404
    assert (await stored.request("POST", "/api/v1/orders/0810/case", json={"kind": "escalated", "at": "2026-11-20"})).status == 404
    for n in ("-1", "x", "1.5", "99999999"):
        resp = await stored.request("DELETE", f"{CASE}/{n}")
        assert resp.status in (400, 404), n
        assert (await resp.json())["error"]["code"]


async def test_a_full_case_log_is_refused(stored):
    for _ in range(60):
        assert (await add(stored, kind="escalated", at="2026-11-20")).status == 200
    resp = await add(stored, kind="escalated", at="2026-11-21")
    assert resp.status == 400 and "60" in (await resp.json())["error"]["message"]


async def test_case_routes_need_the_token_and_our_origin(stored):
    entry = {"kind": "escalated", "at": "2026-11-20"}
    assert (await stored.request("POST", CASE, auth=False, json=entry)).status == 401
    assert (await stored.request("DELETE", f"{CASE}/0", auth=False)).status == 401
    evil = {"Origin": "https://evil.example"}
    assert (await stored.request("POST", CASE, headers=evil, json=entry)).status == 403
    assert stored.store.get(OID)["case"] == []
    # the dashboard: its session cookie, from its own origin only
    await stored.login()
    resp = await stored.request("POST", CASE, auth=False, headers={"Origin": stored.origin}, json=entry)
    assert resp.status == 200
    resp = await stored.request("DELETE", f"{CASE}/0", auth=False, headers={"Origin": "https://evil.example"})
    assert resp.status == 403
    assert len(stored.store.get(OID)["case"]) == 1


async def test_backup_carries_the_case_and_restores_it(stored, make_companion, tmp_path):
    await add(stored, kind="dispute_opened", at="2026-11-20", reason="not_received")
    await add(stored, kind="offer_received", at="2026-11-22", amount="1.00")
    backup = await (await stored.request("GET", "/api/v1/export?format=json")).json()
    assert [e["kind"] for e in backup["orders"][0]["case"]] == ["dispute_opened", "offer_received"]

    other = await make_companion(tmp_path / "other")
    resp = await other.request("POST", "/api/v1/import", json=backup)
    assert resp.status == 200
    assert [e["kind"] for e in other.store.get(OID)["case"]] == ["dispute_opened", "offer_received"]

    # restoring into a store whose log moved on meanwhile: nothing lost on either side, nothing twice
    await stored.request("DELETE", f"{CASE}/1")
    await add(stored, kind="escalated", at="2026-11-24")
    resp = await stored.request("POST", "/api/v1/import", json=backup)
    assert (await resp.json())["updated"] == 1
    assert [e["kind"] for e in stored.store.get(OID)["case"]] == ["dispute_opened", "escalated", "offer_received"]
    again = await stored.request("POST", "/api/v1/import", json=backup)
    assert (await again.json())["unchanged"] == 1


async def test_old_backups_without_a_case_restore(stored, make_companion, tmp_path):
    backup = await (await stored.request("GET", "/api/v1/export?format=json")).json()
    for doc in backup["orders"]:
        assert "case" not in doc  # as a backup made before the case log
    other = await make_companion(tmp_path / "old")
    resp = await other.request("POST", "/api/v1/import", json=backup)
    assert resp.status == 200 and (await resp.json())["added"] == 1
    assert other.store.get(OID)["case"] == []


async def test_a_backup_with_a_bad_case_is_refused_whole(stored, make_companion, tmp_path):
    backup = await (await stored.request("GET", "/api/v1/export?format=json")).json()
    backup["orders"][0]["case"] = [{"kind": "escalated", "at": "1999-01-01"}]
    other = await make_companion(tmp_path / "bad")
    resp = await other.request("POST", "/api/v1/import", json=backup)
    assert resp.status == 400
    assert "case entry 1" in (await resp.json())["error"]["message"]
    assert other.store.get(OID) is None
    backup["orders"][0]["case"] = "lots"
    assert (await other.request("POST", "/api/v1/import", json=backup)).status == 400


async def test_follow_ups_go_into_the_calendar_file(stored):
    import icalendar

    # dispute opened Nov 23 10:00 UTC: escalate by Nov 26 10:00 (3 days), the seller answers by Nov 28 10:00 (5)
    await add(stored, kind="dispute_opened", at="2026-11-23T10:00:00+00:00")
    # and a refund decided long ago on PayPal: late since, so no event for it (it is past)
    await add(stored, kind="decision_refund", at="2026-11-02T10:00:00+00:00", method="paypal")
    cal = icalendar.Calendar.from_ical(await (await stored.request("GET", "/api/v1/export?format=ics")).read())
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    assert f"followup-{OID}-refund_late@order-guard.local" not in events
    # the decision ends the dispute's clocks: record the order's second case without it
    await stored.request("DELETE", f"{CASE}/1")
    cal = icalendar.Calendar.from_ical(await (await stored.request("GET", "/api/v1/export?format=ics")).read())
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    escalate = events[f"followup-{OID}-escalate@order-guard.local"]
    assert escalate.decoded("DTEND").isoformat() == "2026-11-26T10:00:00+00:00"
    assert "Escalate" in str(escalate["SUMMARY"]) and "[estimated]" not in str(escalate["SUMMARY"])
    assert "Please decide the dispute" in str(escalate["DESCRIPTION"])
    assert [a.decoded("TRIGGER").days for a in escalate.walk("VALARM")] == [-1]
    assert events[f"followup-{OID}-seller_answer@order-guard.local"].decoded("DTEND").isoformat() == "2026-11-28T10:00:00+00:00"


async def test_the_reminders_list_holds_every_order_with_case_steps_whatever_its_severity(stored, fake_parser):
    other = "8100000000000002"
    fake_parser["both"] = ParsedPage("order_list", [order(OID, shipped_at="2026-10-05"),
                                                    order(other, status="closed", shipped_at="2026-10-05")], [])
    assert (await post_page(stored, "both", captured_at="2026-11-24T10:00:00Z")).status == 200
    # a refund decided on a closed order: its case has a next step (the refund's latest day) though nothing is urgent
    resp = await stored.request("POST", f"/api/v1/orders/{other}/case",
                                json={"kind": "decision_refund", "at": "2026-11-01T10:00:00Z", "method": "paypal"})
    assert resp.status == 200, await resp.text()
    body = await (await stored.request("GET", "/api/v1/orders?follow_ups=any&limit=100")).json()
    assert [o["order_id"] for o in body["orders"]] == [other] and body["total"] == 1
    assert body["orders"][0]["hint"]["follow_ups"], body["orders"][0]["hint"]
    resp = await stored.request("GET", "/api/v1/orders?follow_ups=some")
    assert resp.status == 400 and (await resp.json())["error"]["code"] == "bad_query"
