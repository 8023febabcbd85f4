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
