"""Many writers at once: no order and no user edit is lost."""

from __future__ import annotations

import asyncio

from tests.reliability.servers import LIST_URL, list_capture

BASE = 8500000000000000


def page_ids(client_no: int) -> list[str]:
    # each client's page overlaps its neighbours' by half
    return [str(BASE + client_no * 5 + i) for i in range(10)]


async def test_twenty_clients_posting_overlapping_pages_lose_nothing(companion):
    async def client(n: int):
        resp = await companion.request("POST", "/api/v1/pages", json={"url": LIST_URL, "data": list_capture(page_ids(n))})
        assert resp.status == 200, await resp.text()
        return {o["order_id"] for o in (await resp.json())["orders"]}

    answered = await asyncio.gather(*(client(n) for n in range(20)))
    expected = {oid for n in range(20) for oid in page_ids(n)}
    assert set().union(*answered) == expected
    body = await (await companion.request("GET", "/api/v1/orders")).json()
    assert {o["order_id"] for o in body["orders"]} == expected


async def test_edits_made_while_pages_arrive_are_kept(companion):
    ids = page_ids(0)
    assert (await companion.request("POST", "/api/v1/pages", json={"url": LIST_URL, "data": list_capture(ids)})).status == 200

    async def extension(round_no: int):
        # the same orders again, with a new capture time each round (forces real merges and writes)
        resp = await companion.request("POST", "/api/v1/pages", json={
            "url": LIST_URL, "data": list_capture(ids), "captured_at": f"2026-11-24T{round_no:02d}:30:00Z"})
        assert resp.status == 200

    async def dashboard(order_id: str, n: int):
        resp = await companion.request("PATCH", f"/api/v1/orders/{order_id}",
                                       json={"note": f"note {n}", "received": n % 2 == 0},
                                       headers={"Origin": companion.origin})
        assert resp.status == 200

    jobs = [extension(r) for r in range(20)] + [dashboard(oid, n) for n, oid in enumerate(ids)]
    jobs = [job for pair in zip(jobs[:10], jobs[20:]) for job in pair] + jobs[10:20]
    await asyncio.gather(*jobs)
    body = await (await companion.request("GET", "/api/v1/orders")).json()
    notes = {o["order_id"]: (o["note"], o["received"]) for o in body["orders"]}
    assert notes == {oid: (f"note {n}", n % 2 == 0) for n, oid in enumerate(ids)}
    # and it is on disk: a fresh store from the same folder sees the same
    from companion.store import Store

    again = Store(companion.store.data_dir)
    assert {again.get(oid)["note"] for oid in ids} == {f"note {n}" for n in range(10)}
    await again.close()
