"""POST /api/v1/pages?actions=later, what the extension sends: each hint as its badge needs it, without
``actions`` (their English texts are most of a page's answer); GET /api/v1/orders/{id} gives the whole hint
when the buyer opens the panel. Everything else in the answer reads as it does without the parameter."""

from __future__ import annotations

from tests.reliability.servers import LIST_URL, list_capture

IDS = [str(8400000000000000 + i) for i in range(6)]


def capture(ids: list[str]) -> dict:
    """The real list capture; its orders are completed, but for the first two, whose parcels are on the way."""
    data = list_capture(ids)
    for oid in ids[:2]:
        data["data"]["data"][f"pc_om_list_order_{oid}"]["fields"]["statusText"] = "Awaiting delivery"
    return data


async def post(comp, ids: list[str], query: str = "") -> dict:
    resp = await comp.request("POST", f"/api/v1/pages{query}", json={"url": LIST_URL, "data": capture(ids)})
    assert resp.status == 200, await resp.text()
    return await resp.json()


async def in_dispute(comp, oid: str, *, escalated: bool) -> None:
    resp = await comp.request("PATCH", f"/api/v1/orders/{oid}", json={"dispute_opened_at": "2026-11-20"})
    assert resp.status == 200, await resp.text()
    if escalated:
        resp = await comp.request("POST", f"/api/v1/orders/{oid}/case", json={"kind": "escalated", "at": "2026-11-23"})
        assert resp.status == 200, await resp.text()


async def test_a_badge_answer_leaves_out_the_actions_and_nothing_else(make_companion):
    comp = await make_companion()
    await post(comp, IDS)
    await in_dispute(comp, IDS[0], escalated=True)
    await in_dispute(comp, IDS[1], escalated=False)
    whole, badges = await post(comp, IDS), await post(comp, IDS, "?actions=later")
    assert [o["order_id"] for o in badges["orders"]] == IDS
    for full, lean in zip(whole["orders"], badges["orders"]):
        assert "actions" not in lean["hint"]
        assert full["hint"]["actions"], full["order_id"]  # every one of these orders has something to do
        assert lean["hint"] == {k: v for k, v in full["hint"].items() if k != "actions"}
        assert {k: v for k, v in lean.items() if k != "hint"} == {k: v for k, v in full.items() if k != "hint"}
    # an escalated dispute's summary is its own ("Dispute open for 4 days") in both
    assert badges["orders"][0]["hint"]["summary"] == whole["orders"][0]["hint"]["summary"]
    assert badges["orders"][0]["hint"]["summary"] != badges["orders"][1]["hint"]["summary"]
    assert {k: v for k, v in badges.items() if k != "orders"} == {k: v for k, v in whole.items() if k != "orders"}


async def test_the_panel_gets_the_actions_the_page_answer_left_out(make_companion):
    comp = await make_companion()
    await post(comp, IDS)
    await in_dispute(comp, IDS[0], escalated=True)
    whole = {o["order_id"]: o for o in (await post(comp, IDS))["orders"]}
    for order in (await post(comp, IDS, "?actions=later"))["orders"]:
        resp = await comp.request("GET", f"/api/v1/orders/{order['order_id']}")
        assert resp.status == 200
        got = await resp.json()
        assert got["hint"]["actions"] == whole[order["order_id"]]["hint"]["actions"]
    # escalated already: "escalate now" is not among its actions, in the panel as on the page
    keys = [a["key"] for a in whole[IDS[0]]["hint"]["actions"]]
    assert keys and "escalate_dispute" not in keys


async def test_the_toolbar_counts_the_same_from_badge_hints(make_companion):
    comp = await make_companion()
    first = await post(comp, IDS[:3], "?actions=later")
    resp = await comp.request("GET", "/api/v1/orders?severity=urgent,soon&limit=100")
    listed = await resp.json()
    assert first["toolbar"]["total"] == listed["total"]
    await in_dispute(comp, IDS[0], escalated=False)
    again = await post(comp, IDS, "?actions=later")
    resp = await comp.request("GET", "/api/v1/orders?severity=urgent,soon&limit=100")
    listed = await resp.json()
    assert [o["order_id"] for o in again["toolbar"]["orders"]] == [o["order_id"] for o in listed["orders"]]
    assert again["toolbar"]["total"] == listed["total"]
    assert {k: v for k, v in again["toolbar"].items() if k != "valid_until"} == \
        {k: v for k, v in (await post(comp, IDS))["toolbar"].items() if k != "valid_until"}


async def test_an_unknown_actions_value_is_refused(make_companion):
    comp = await make_companion()
    resp = await comp.request("POST", "/api/v1/pages?actions=never", json={"url": LIST_URL, "data": list_capture(IDS[:1])})
    assert resp.status == 400
    body = await resp.json()
    assert body["error"]["code"] == "bad_query" and "later" in body["error"]["message"]
    assert (await comp.request("GET", f"/api/v1/orders/{IDS[0]}")).status == 404  # nothing was read or stored
