"""The buyer's settings through the API (issue 16, point 3: "no movement for 10 days (a setting)"):
read, changed with checks, kept in the data folder, and counted with at once (no hint from the old
value is served). The clock (tests/conftest.py FROZEN_NOW) says Tue 2026-11-24 12:00 UTC."""

from __future__ import annotations

import json

import pytest

from companion.parsing import ParsedPage
from tests.api import test_case_api as base
from tests.api.test_case_api import OID
from tests.api.test_orders_api import order, post_page

stored, fake_parser = base.stored, base.fake_parser
SETTINGS = "/api/v1/settings"


async def change(comp, body, **kw):
    return await comp.request("PATCH", SETTINGS, json=body, **kw)


async def test_the_default_and_its_limits(companion):
    resp = await companion.request("GET", SETTINGS)
    assert resp.status == 200
    assert await resp.json() == {"stall_days": 10, "limits": {"stall_days": {"min": 5, "max": 30, "default": 10}}}


async def test_a_change_is_kept_in_the_data_folder_and_read_at_the_next_start(make_companion, tmp_path):
    first = await make_companion(tmp_path / "data")
    resp = await change(first, {"stall_days": 14})
    assert resp.status == 200 and (await resp.json())["stall_days"] == 14
    assert json.loads((tmp_path / "data" / "settings.json").read_text(encoding="utf-8")) == {"stall_days": 14}
    again = await make_companion(tmp_path / "data")
    assert (await (await again.request("GET", SETTINGS)).json())["stall_days"] == 14


@pytest.mark.parametrize("body, code, words", [
    ([14], "bad_request", "JSON object"),
    ({}, "bad_request", "stall_days"),
    ({"stall_days": 14, "colour": "red"}, "unknown_field", "colour"),
    ({"stall_days": "14"}, "bad_field", "from 5 to 30"),
    ({"stall_days": 14.5}, "bad_field", "whole number"),
    ({"stall_days": True}, "bad_field", "whole number"),
    ({"stall_days": None}, "bad_field", "whole number"),
    ({"stall_days": 4}, "bad_field", "from 5 to 30"),
    ({"stall_days": 31}, "bad_field", "from 5 to 30"),
    ({"stall_days": 10**30}, "bad_field", "from 5 to 30"),
])
async def test_bad_settings_are_refused_and_change_nothing(companion, body, code, words):
    resp = await change(companion, body)
    assert resp.status == 400 and resp.content_type == "application/json"
    error = (await resp.json())["error"]
    assert error["code"] == code and words in error["message"]
    assert (await (await companion.request("GET", SETTINGS)).json())["stall_days"] == 10


async def test_not_json_and_no_credential_are_refused(companion):
    resp = await companion.request("PATCH", SETTINGS, data=b"{", headers={"Content-Type": "application/json"})
    assert resp.status == 400 and (await resp.json())["error"]["code"] == "bad_json"
    for method in ("GET", "PATCH"):
        resp = await companion.request(method, SETTINGS, auth=False, json={"stall_days": 14})
        assert resp.status == 401
    assert (await (await companion.request("GET", SETTINGS)).json())["stall_days"] == 10


@pytest.mark.parametrize("content, problem", [
    (b"{not json", "could not be read"),
    (b"[14]", "could not be read"),
    (b'{"stall_days": 99}', "stall_days 99"),
])
async def test_a_damaged_settings_file_says_so_and_the_default_counts(make_companion, tmp_path, content, problem):
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    (folder / "settings.json").write_bytes(content)
    comp = await make_companion(folder)
    assert (await (await comp.request("GET", SETTINGS)).json())["stall_days"] == 10
    problems = (await (await comp.request("GET", "/api/v1/health")).json())["problems"]
    assert any(problem in p for p in problems), problems
    if problem == "could not be read":  # kept aside for the buyer, not deleted
        assert [p.read_bytes() for p in folder.glob("settings.json.corrupt-*")] == [content]


async def test_a_changed_setting_changes_the_next_hint_at_once(stored, fake_parser):
    # last event Nov 12 (00:00 Pacific = 08:00 UTC): 12 days 4 hours before the clock's Nov 24 12:00.
    # With 10 days the parcel stopped on Nov 22 08:00 UTC; with 14 it would stop only on Nov 26.
    fake_parser["tracking"] = ParsedPage("tracking", [order(OID, shipped_at="2026-10-05", last_event_at="2026-11-12")], [])
    assert (await post_page(stored, "tracking", captured_at="2026-11-24T11:00:00Z")).status == 200

    async def kinds():
        body = await (await stored.request("GET", f"/api/v1/orders/{OID}")).json()
        return [u["kind"] for u in body["hint"]["follow_ups"]]

    async def toolbar_kinds():
        # the answer to a page carries the toolbar's orders, with their hints, from the same cache
        resp = await post_page(stored, "tracking", captured_at="2026-11-24T11:00:00Z")
        return {o["order_id"]: [u["kind"] for u in o["hint"]["follow_ups"]] for o in (await resp.json())["orders"]}

    assert await kinds() == ["parcel_stalled", "stalled_dispute"]  # the hint is cached now, for this minute
    assert (await change(stored, {"stall_days": 14})).status == 200
    assert await kinds() == []  # same minute, same order: counted with 14 days
    assert (await toolbar_kinds())[OID] == []
    assert (await change(stored, {"stall_days": 7})).status == 200
    assert await kinds() == ["parcel_stalled", "stalled_dispute"]
    body = await (await stored.request("GET", f"/api/v1/orders/{OID}")).json()
    assert "nothing new for 7 days" in body["hint"]["follow_ups"][0]["explanation"]


async def test_the_order_page_has_the_setting_form_in_every_language(stored):
    await stored.login()
    assert (await change(stored, {"stall_days": 12})).status == 200
    for lang, words in (("en", "Days without a tracking event"), ("he", "ימים בלי עדכון מעקב"),
                        ("ru", "Дней без событий отслеживания")):
        resp = await stored.request("GET", f"/orders/{OID}?lang={lang}", auth=False)
        html = await resp.text()
        assert resp.status == 200 and 'id="stall-form"' in html and words in html
        assert 'name="stall_days" value="12" min="5" max="30"' in html


async def test_the_calendar_counts_with_the_setting_too(stored, fake_parser):
    # last event Nov 12 08:00 UTC. With 11 days: stopped Nov 23 08:00, the dispute by Nov 25 08:00, still ahead
    # of the clock's Nov 24 12:00, so an event; with 14 days nothing has stopped yet, so none.
    fake_parser["tracking"] = ParsedPage("tracking", [order(OID, shipped_at="2026-10-05", last_event_at="2026-11-12")], [])
    await post_page(stored, "tracking", captured_at="2026-11-24T11:00:00Z")
    await base.add(stored, kind="extension_requested", at="2026-11-24T09:00:00Z")  # a case: the calendar looks at it

    async def calendar() -> str:
        resp = await stored.request("GET", "/api/v1/export?format=ics")
        assert resp.status == 200
        return (await resp.text()).replace("\r\n ", "")

    assert (await change(stored, {"stall_days": 11})).status == 200
    assert "Still no movement: open the non-delivery dispute" in await calendar()
    assert (await change(stored, {"stall_days": 14})).status == 200
    assert "Still no movement" not in await calendar()


async def test_a_parcel_that_stopped_is_in_the_calendar_with_no_case_yet(stored, fake_parser):
    # last event Nov 12 08:00 UTC, no case entry: with 11 days it stopped Nov 23 08:00, and the dispute by
    # Nov 25 08:00 is still ahead of the clock's Nov 24 12:00, so the calendar holds it
    fake_parser["tracking"] = ParsedPage("tracking", [order(OID, shipped_at="2026-10-05", last_event_at="2026-11-12")], [])
    await post_page(stored, "tracking", captured_at="2026-11-24T11:00:00Z")
    assert (await change(stored, {"stall_days": 11})).status == 200
    resp = await stored.request("GET", "/api/v1/export?format=ics")
    assert "Still no movement: open the non-delivery dispute" in (await resp.text()).replace("\r\n ", "")
