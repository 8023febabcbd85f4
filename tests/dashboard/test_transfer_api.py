"""Exports (CSV, JSON backup, ICS) and backup import through the API."""

from __future__ import annotations

import csv
import io
import json

import icalendar
import pytest

from tests.conftest import FROZEN_NOW
from tests.dashboard.sample_orders import few_orders, make_order


async def test_exports_need_the_token(companion):
    companion.client.session.cookie_jar.clear()  # neither the token nor the dashboard's session
    resp = await companion.request("GET", "/api/v1/export?format=csv", auth=False)
    assert resp.status == 401
    resp = await companion.request("POST", "/api/v1/import", auth=False, json={"orders": []})
    assert resp.status == 401


async def test_cross_site_origin_is_refused_for_state_changes(companion):
    await companion.store.put_documents(few_orders(FROZEN_NOW))
    evil = {"Origin": "https://evil.example"}
    resp = await companion.request("PATCH", "/api/v1/orders/8123456789012345", headers=evil, json={"note": "x"})
    assert resp.status == 403
    resp = await companion.request("POST", "/api/v1/import", headers=evil, json={"orders": []})
    assert resp.status == 403
    assert companion.store.get("8123456789012345")["note"] is None
    # the dashboard's own origin is fine (its JS sends the token it read from the pairing meta)
    ours = {"Origin": companion.origin}
    resp = await companion.request("PATCH", "/api/v1/orders/8123456789012345", headers=ours, json={"note": "ok"})
    assert resp.status == 200 and companion.store.get("8123456789012345")["note"] == "ok"


async def test_bad_format_and_alarms(companion):
    assert (await companion.request("GET", "/api/v1/export?format=pdf")).status == 400
    assert (await companion.request("GET", "/api/v1/export?format=ics&alarms=soon")).status == 400
    assert (await companion.request("GET", "/api/v1/export?format=ics&alarms=7,2,1")).status == 200


async def test_csv_export(companion):
    evil = make_order("8123456789077777", FROZEN_NOW, days_to_deadline=5, title="=HYPERLINK(\"http://x\")")
    await companion.store.put_documents(few_orders(FROZEN_NOW) + [evil])
    resp = await companion.request("GET", "/api/v1/export?format=csv")
    assert resp.status == 200
    assert resp.headers["Content-Type"].startswith("text/csv")
    assert 'attachment; filename="order-guard-orders-' in resp.headers["Content-Disposition"]
    text = (await resp.read()).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 7
    by_id = {r["order_id"]: r for r in rows}
    assert by_id["8123456789012345"]["total_amount"] == "132.74" and by_id["8123456789012345"]["total_currency"] == "BRL"
    assert by_id["8123456789012345"]["severity"] == "urgent"
    assert by_id["8123456789077777"]["first_item"].startswith("'=")  # no formula injection
    assert by_id["8123456789012348"]["first_item"] == "Кабель Type-C 1 м"


async def test_ics_export_one_event_per_open_deadline_with_alarms(companion):
    await companion.store.put_documents(few_orders(FROZEN_NOW))
    resp = await companion.request("GET", "/api/v1/export?format=ics")
    assert resp.status == 200 and resp.headers["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(await resp.read())
    events = list(cal.walk("VEVENT"))
    overview_ids = {e["UID"].split("-")[1].split("@")[0] for e in events}
    # open orders with a deadline only: not the expired, not the completed one
    assert "8123456789012349" not in overview_ids and "8123456789012350" not in overview_ids
    assert {"8123456789012345", "8123456789012346"} <= overview_ids
    event = next(e for e in events if "8123456789012345" in e["UID"])
    deadline = event.decoded("DTEND")
    assert abs((deadline - FROZEN_NOW).total_seconds() - 2.5 * 86400) < 60
    alarms = [a for a in event.walk("VALARM")]
    assert sorted(a.decoded("TRIGGER").days for a in alarms) == [-7, -2]
    assert all(a["TRIGGER"].params.get("RELATED") == "END" for a in alarms)


async def test_json_backup_round_trip_into_empty_store(companion, make_companion, tmp_path):
    orders = few_orders(FROZEN_NOW)
    orders[0]["note"] = "asked seller for extension"
    await companion.store.put_documents(orders)
    resp = await companion.request("GET", "/api/v1/export?format=json")
    backup = json.loads(await resp.read())
    assert backup["format"] == "order-guard-backup" and len(backup["orders"]) == 6
    other = await make_companion(tmp_path / "other")
    try:
        resp = await other.request("POST", "/api/v1/import", json=backup)
        assert resp.status == 200, await resp.text()
        assert await resp.json() == {"imported": 6, "added": 6, "updated": 0, "unchanged": 0}
        assert other.store.get("8123456789012345")["note"] == "asked seller for extension"
        assert other.store.get("8123456789012345") == companion.store.get("8123456789012345")
        again = await other.request("POST", "/api/v1/import", json=backup)
        assert (await again.json())["unchanged"] == 6
    finally:
        await other.client.close()


async def test_import_keeps_newer_page_data_and_user_fields(companion):
    current = make_order("8123456789012345", FROZEN_NOW, days_to_deadline=10, status="awaiting_delivery",
                         note="my note", last_seen="2026-11-20T10:00:00+00:00")
    await companion.store.put_documents([current])
    writes = companion.store.writes
    older = make_order("8123456789012345", FROZEN_NOW, days_to_deadline=30, status="awaiting_shipment",
                       last_seen="2026-10-01T10:00:00+00:00", dispute_opened_at="2026-11-01", note=None)
    newer_other = make_order("8123456789012399", FROZEN_NOW, days_to_deadline=8)
    resp = await companion.request("POST", "/api/v1/import", json={
        "format": "order-guard-backup", "version": 1, "orders": [older, newer_other]})
    assert await resp.json() == {"imported": 2, "added": 1, "updated": 1, "unchanged": 0}
    assert companion.store.writes == writes + 1  # one store write for the whole import
    merged = companion.store.get("8123456789012345")
    assert merged["status"] == "awaiting_delivery"  # the store's page data is newer
    assert merged["note"] == "my note"  # set only in the store: kept
    assert merged["dispute_opened_at"] == "2026-11-01"  # set only in the backup: kept
    assert merged["last_seen"] == "2026-11-20T10:00:00+00:00"


async def test_import_rejects_garbage_with_clear_400(companion):
    cases = [
        [1, 2, 3],
        {"orders": "nope"},
        {"format": "something-else", "orders": []},
        {"version": 99, "orders": []},
        {"orders": [{"order_id": "abc"}]},
        {"orders": [{"order_id": "8123456789012345", "received": "yes"}]},
        {"orders": [{"order_id": "8123456789012345", "last_seen": "last tuesday"}]},
    ]
    for body in cases:
        resp = await companion.request("POST", "/api/v1/import", json=body)
        assert resp.status == 400, body
        error = (await resp.json())["error"]
        assert error["code"] == "bad_backup" and error["message"]
    resp = await companion.request("POST", "/api/v1/import", data=b"{not json", headers={"Content-Type": "application/json"})
    assert resp.status == 400
    resp = await companion.request("POST", "/api/v1/import", data=b"x", headers={"Content-Type": "text/plain"})
    assert resp.status == 415
    assert companion.store.count() == 0


# ---- a backup is range-checked like any other input ----------------------------------------------

MINE = "8105789297036795"


async def _stored_with_my_fields(companion) -> None:
    await companion.store.put_documents([make_order(MINE, FROZEN_NOW, note="my note", received=True)])


@pytest.mark.parametrize("order_id, words", [
    ("008105789297036795", "starts with a zero"), ("08105789297036795", "starts with a zero"),
    ("８１０５７８９２９７０３６７９５", "ASCII digits"), ("٨١٠٥٧٨٩٢٩٧٠٣٦٧٩٥", "ASCII digits"),
])
async def test_a_backup_with_leading_zeros_or_other_digits_is_refused_and_nothing_is_overwritten(companion, order_id, words):
    await _stored_with_my_fields(companion)
    backup = {"orders": [make_order(order_id, FROZEN_NOW, status="closed", note=None, received=None,
                                    last_seen="2026-11-24T11:00:00+00:00")]}
    resp = await companion.request("POST", "/api/v1/import", json=backup)
    assert resp.status == 400
    error = (await resp.json())["error"]
    assert error["code"] == "bad_backup" and words in error["message"]
    assert [o["order_id"] for o in [companion.store.get(d["order_id"]) for d in companion.store.documents()]] == [MINE]
    mine = companion.store.get(MINE)
    assert mine["note"] == "my note" and mine["received"] is True and mine["status"] == "awaiting_delivery"


@pytest.mark.parametrize("field, value", [
    ("deadline_override", "9999-12-31T23:59:59-01:00"), ("deadline_override", "1999-12-31"),
    ("dispute_opened_at", "2030-01-01"),
])
async def test_a_backup_with_an_own_date_out_of_range_is_refused(companion, field, value):
    resp = await companion.request("POST", "/api/v1/import", json={"orders": [make_order(MINE, FROZEN_NOW, **{field: value})]})
    assert resp.status == 400
    error = (await resp.json())["error"]
    assert error["code"] == "bad_backup" and MINE in error["message"] and field in error["message"]
    assert companion.store.count() == 0


async def test_a_backup_with_page_dates_out_of_range_is_restored_without_them(companion):
    raw = make_order(MINE, FROZEN_NOW, note="kept", order_date="9999-12-31T23:59:59-01:00",
                     first_seen="0001-01-01T00:00:00+01:00",
                     status_history=[{"status": "completed", "at": "9999-12-31T23:59:59-01:00"},
                                     {"status": "awaiting_delivery", "at": "2026-11-01T00:00:00+00:00"}],
                     protection_sources={"order_detail": {"ends_at": "9999-12-31T23:59:59-01:00", "days": 15,
                                                          "at": "9999-12-31T23:59:59-01:00"}})
    resp = await companion.request("POST", "/api/v1/import", json={"orders": [raw]})
    assert resp.status == 200, await resp.text()
    stored = companion.store.get(MINE)
    assert stored["order_date"] is None and stored["first_seen"] is None and stored["note"] == "kept"
    assert [h["status"] for h in stored["status_history"]] == ["awaiting_delivery"]
    assert stored["protection_sources"] == {"order_detail": {"ends_at": None, "days": 15}}
    await companion.login()
    for path in ("/", "/api/v1/orders", f"/orders/{MINE}", "/api/v1/export?format=csv", "/api/v1/export?format=ics"):
        assert (await companion.request("GET", path)).status == 200, path


async def test_ics_labels_own_dates_and_puts_a_date_only_one_on_its_day(companion):
    from datetime import date, timedelta

    own_day = make_order("8123456789012370", FROZEN_NOW, days_to_deadline=40, deadline_override="2026-12-20")
    own_time = make_order("8123456789012371", FROZEN_NOW, days_to_deadline=40,
                          deadline_override="2026-12-21T15:00:00+00:00")
    estimated = make_order("8123456789012372", FROZEN_NOW, days_to_deadline=30, exact=False)
    exact = make_order("8123456789012373", FROZEN_NOW, days_to_deadline=20)
    await companion.store.put_documents([own_day, own_time, estimated, exact])
    cal = icalendar.Calendar.from_ical(await (await companion.request("GET", "/api/v1/export?format=ics")).read())
    events = {e["UID"].split("-")[1].split("@")[0]: e for e in cal.walk("VEVENT")}
    assert str(events["8123456789012370"]["SUMMARY"]).endswith(" [your date]")
    assert str(events["8123456789012371"]["SUMMARY"]).endswith(" [your date]")
    assert str(events["8123456789012372"]["SUMMARY"]).endswith(" [estimated]")
    assert not str(events["8123456789012373"]["SUMMARY"]).endswith("]")
    assert "your own date" in str(events["8123456789012370"]["DESCRIPTION"])
    # the buyer's own day: an all-day event on that day, its reminders before that day begins
    day = events["8123456789012370"]
    assert day.decoded("DTSTART") == date(2026, 12, 20) and day.decoded("DTEND") == date(2026, 12, 21)
    assert "VALUE=DATE:20261220" in day.to_ical().decode()
    alarms = list(day.walk("VALARM"))
    assert sorted(a.decoded("TRIGGER") for a in alarms) == [timedelta(days=-7), timedelta(days=-2)]
    assert all(a["TRIGGER"].params.get("RELATED") == "START" for a in alarms)
    # an own deadline with a time stays at that time
    timed = events["8123456789012371"]
    assert timed.decoded("DTEND").isoformat() == "2026-12-21T15:00:00+00:00"
    assert all(a["TRIGGER"].params.get("RELATED") == "END" for a in timed.walk("VALARM"))
