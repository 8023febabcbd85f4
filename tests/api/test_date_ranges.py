"""Dates a person enters are range-checked where they enter: none before 2010, none years ahead,
no dispute opened in the future; a refused date changes nothing."""

from __future__ import annotations

import pytest

LIST_URL = "https://www.aliexpress.com/p/order/index.html"
ORDER = "8100000000000001"


async def seeded(companion):
    await companion.store.put_documents([{"order_id": ORDER, "status": "awaiting_delivery", "status_text": "Awaiting delivery",
                                          "order_date": "2026-10-01", "items": [], "buttons": []}])


@pytest.mark.parametrize("field, value", [
    ("deadline_override", "1999-12-31"),
    ("deadline_override", "9999-12-31T23:59:59-01:00"),
    ("deadline_override", "0001-01-01T00:00:00+01:00"),
    ("deadline_override", "2031-01-01"),
    ("dispute_opened_at", "2027-06-01"),
])
async def test_a_date_out_of_range_is_refused_and_nothing_changes(companion, field, value):
    await seeded(companion)
    resp = await companion.request("PATCH", f"/api/v1/orders/{ORDER}", json={field: value})
    assert resp.status == 400
    error = (await resp.json())["error"]
    assert error["code"] == "bad_field" and field in error["message"]
    stored = await (await companion.request("GET", f"/api/v1/orders/{ORDER}")).json()
    assert stored.get(field) is None
    assert (await companion.request("GET", "/api/v1/orders")).status == 200


async def test_a_sane_own_deadline_is_kept(companion):
    await seeded(companion)
    resp = await companion.request("PATCH", f"/api/v1/orders/{ORDER}", json={"deadline_override": "2026-12-20"})
    assert resp.status == 200
    assert (await resp.json())["deadline_override"] == "2026-12-20"


# ---- whatever is already stored, no page, export or API call answers 5xx ------------------------

PAGES = ("/", "/api/v1/orders", f"/api/v1/orders/{ORDER}", f"/orders/{ORDER}",
         "/api/v1/export?format=csv", "/api/v1/export?format=ics", "/api/v1/export?format=json", "/api/v1/health")


@pytest.mark.parametrize("field, value", [
    ("deadline_override", "9999-12-31T23:59:59-01:00"),  # accepted by the API before it was range-checked
    ("order_date", "9999-12-31T23:59:59-01:00"),  # "Dec 1, 9999" read in a zone east of UTC
    ("delivered_at", "9999-12-31T23:59:59-01:00"), ("completed_at", "0001-01-01T00:00:00+01:00"),
    ("dispute_opened_at", "9999-12-31T23:59:59-01:00"), ("last_seen", "9999-12-31T23:59:59-01:00"),
])
async def test_a_stored_date_no_conversion_can_hold_breaks_no_page_even_after_a_restart(make_companion, tmp_path, field, value):
    first = await make_companion(tmp_path / "data")
    # stored as an older companion, or a hand-edited file, left it: past every check at the door
    await first.store.put_documents([{"order_id": ORDER, "status": "completed", "status_text": "Completed",
                                      "order_date": "2026-10-01", "items": [], "buttons": [], field: value},
                                     {"order_id": "8100000000000002", "status": "awaiting_delivery",
                                      "order_date": "2026-11-01", "items": [], "buttons": []}])
    await first.store.close()
    for companion in (first, await make_companion(tmp_path / "data")):
        await companion.login()
        for path in PAGES:
            resp = await companion.request("GET", path)
            assert resp.status == 200, (path, resp.status)
        listed = await (await companion.request("GET", "/api/v1/orders")).json()
        assert listed["total"] == 2  # the broken order is listed too, not dropped


async def test_an_order_the_rules_cannot_read_is_shown_as_needing_attention():
    from companion.service import overview
    from tests.conftest import FROZEN_NOW

    broken = {"order_id": ORDER, "status": "completed", "order_date": "2026-10-01", "items": [], "buttons": [],
              "deadline_override": "9999-12-31T23:59:59-01:00"}
    built = overview.build([broken], FROZEN_NOW)
    assessment = built.assessments[ORDER]
    assert assessment["needs_attention"] is True and assessment["severity"] == "watch" and assessment["deadline"] is None
    assert built.open_count == 1


@pytest.mark.parametrize("captured_at", ["9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+01:00", "1999-01-01T00:00:00Z"])
async def test_a_capture_time_out_of_range_is_refused(companion, captured_at):
    resp = await companion.request("POST", "/api/v1/pages", json={"url": LIST_URL, "html": "<html></html>",
                                                                   "captured_at": captured_at})
    assert resp.status == 400 and (await resp.json())["error"]["code"] == "bad_field"
    assert companion.store.count() == 0


async def test_serve_starts_with_a_journal_file_of_the_wrong_shape(make_companion, tmp_path):
    journal = tmp_path / "data" / "journal"
    journal.mkdir(parents=True)
    (journal / "000000000001.json").write_text('{"seq": 1, "put": 5}')
    companion = await make_companion(tmp_path / "data")
    health = await (await companion.request("GET", "/api/v1/health")).json()
    assert health["status"] == "ok" and len(health["problems"]) == 1 and "journal file" in health["problems"][0]
    await seeded(companion)
    assert (await companion.request("GET", "/api/v1/orders")).status == 200
