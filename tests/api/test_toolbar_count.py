"""The answer to a page carries the toolbar's count (``toolbar``): the same orders, severities and total
as GET /api/v1/orders?severity=urgent,soon&limit=100, kept order by order by the service, after
posts, edits, deletes and restores, and as days pass and deadlines come closer; each order lean (only
what the extension's worker reads of it)."""

from __future__ import annotations

import random
from datetime import timedelta

from companion.server.keys import SERVICE
from tests.conftest import FROZEN_NOW
from tests.reliability.servers import LIST_URL, list_capture
from tests.reliability.test_big_stores import _order

IDS = [str(8300000000000000 + i) for i in range(24)]
TOOLBAR_QUERY = "/api/v1/orders?severity=urgent,soon&limit=100"


class Clock:
    def __init__(self):
        self.now = FROZEN_NOW

    def __call__(self):
        return self.now


def shown(answer: dict) -> tuple:
    return ([(o["order_id"], o["hint"]["severity"], o["hint"]["days_left"]) for o in answer["orders"]], answer["total"],
            answer["estimated"])


async def post(comp, ids: list[str]) -> dict:
    resp = await comp.request("POST", "/api/v1/pages", json={"url": LIST_URL, "data": list_capture(ids)})
    assert resp.status == 200, await resp.text()
    return (await resp.json())["toolbar"]


async def listed(comp) -> dict:
    resp = await comp.request("GET", TOOLBAR_QUERY)
    assert resp.status == 200
    return await resp.json()


async def test_the_page_answer_carries_what_the_toolbar_fetched(make_companion):
    clock = Clock()
    comp = await make_companion(clock=clock)
    await post(comp, IDS[:4])
    soon = (FROZEN_NOW + timedelta(days=5)).isoformat()
    for oid, days in ((IDS[0], 5), (IDS[1], 2), (IDS[2], 30)):
        resp = await comp.request("PATCH", f"/api/v1/orders/{oid}", json={"deadline_override": (FROZEN_NOW + timedelta(days=days)).isoformat()})
        assert resp.status == 200
    toolbar = await post(comp, IDS[:4])
    # worked out by hand: 2 days left is urgent, 5 days soon, 30 days ok; the most urgent first
    assert [(o["order_id"], o["hint"]["severity"]) for o in toolbar["orders"]] == [(IDS[1], "urgent"), (IDS[0], "soon")]
    assert toolbar["total"] == 2 and toolbar["valid_until"] == "2026-11-24T13:00:00+00:00"
    assert shown(toolbar) == shown(await listed(comp))
    full = (await listed(comp))["orders"]
    # lean: what the worker reads of each order (background/toolbar.js), the same values as the full list's
    assert [set(o) for o in toolbar["orders"]] == [{"order_id", "store", "items", "hint"}] * 2
    assert [set(o["hint"]) for o in toolbar["orders"]] == [{"severity", "days_left", "exact", "source", "summary"}] * 2
    for lean, whole in zip(toolbar["orders"], full):
        assert lean["store"] == whole["store"] and lean["items"] == [{"title": whole["items"][0]["title"]}]
        assert lean["hint"] == {key: whole["hint"][key] for key in lean["hint"]}  # in the buyer's language
    assert "actions" in full[0]["hint"] and "why" in full[0]["hint"]  # GET /api/v1/orders keeps the whole hint
    # days pass: the soon one becomes urgent, the urgent one's deadline passes, the 30-day one stays ok
    clock.now = FROZEN_NOW + timedelta(days=3)
    toolbar = await post(comp, IDS[:1])
    assert [(o["order_id"], o["hint"]["severity"]) for o in toolbar["orders"]] == [(IDS[0], "urgent")]
    assert toolbar["total"] == 1 and shown(toolbar) == shown(await listed(comp))
    # the count is kept order by order: a post that changes an order does not ask for the overview
    cache, asked = comp.app[SERVICE].overview_cache, []
    real_get = cache.get

    async def get(*args):
        asked.append(args)
        return await real_get(*args)

    cache.get = get
    assert (await comp.request("PATCH", f"/api/v1/orders/{IDS[3]}", json={"deadline_override": soon})).status == 200
    toolbar = await post(comp, IDS[:4])
    assert asked == [] and toolbar["total"] == 2


async def test_the_count_stays_the_fetched_one_through_any_sequence_of_changes(make_companion):
    clock = Clock()
    comp = await make_companion(clock=clock)
    rng = random.Random(1914)
    stored: set[str] = set()
    for step in range(120):
        action = rng.choice(["post", "post", "edit", "edit", "edit", "delete", "restore", "time"])
        if action == "post" or not stored:
            ids = rng.sample(IDS, rng.randint(1, 6))
            stored |= set(ids)
            toolbar = await post(comp, ids)
        else:
            oid = rng.choice(sorted(stored))
            if action == "edit":
                field = rng.choice(["deadline_override", "deadline_override", "received", "dispute_opened_at", "note"])
                value = {"deadline_override": (clock.now + timedelta(days=rng.randint(-2, 16), hours=rng.randint(0, 23))).isoformat(),
                         "received": rng.choice([True, False, None]), "note": f"step {step}",
                         "dispute_opened_at": (clock.now - timedelta(days=rng.randint(0, 6))).isoformat()}[field]
                assert (await comp.request("PATCH", f"/api/v1/orders/{oid}", json={field: value})).status == 200
            elif action == "delete":
                assert (await comp.request("DELETE", f"/api/v1/orders/{oid}")).status == 200
                stored.discard(oid)
            elif action == "restore":
                ids = rng.sample(IDS, rng.randint(1, 8))
                docs = [{**_order(i, n), "deadline_override": (clock.now + timedelta(days=rng.randint(1, 12))).isoformat(),
                         "last_seen": clock.now.isoformat()} for n, i in enumerate(ids)]
                resp = await comp.request("POST", "/api/v1/import", json={"orders": docs})
                assert resp.status == 200, await resp.text()
                stored |= set(ids)
            else:
                clock.now += rng.choice([timedelta(hours=1), timedelta(hours=7), timedelta(days=1), timedelta(days=2)])
            # whatever happened last, the next page's answer tells the toolbar the truth
            toolbar = await post(comp, [rng.choice(sorted(stored))]) if stored else await post(comp, IDS[:1])
            stored |= {o for o in IDS if comp.store.get(o)}
        assert shown(toolbar) == shown(await listed(comp)), (step, action)
    assert (await listed(comp))["total"] > 0  # the sequence did reach urgent and soon orders


class _Store:
    """What ToolbarCount reads of a store: its documents, and which changed since a mark."""

    def __init__(self, docs):
        self.docs, self.mark = {d["order_id"]: d for d in docs}, 0

    def snapshot(self):
        return [(doc, None) for doc in self.docs.values()]

    def change_mark(self):
        return self.mark

    def changed_since(self, mark):
        return [] if mark == self.mark else list(self.docs)

    def stored_document(self, oid):
        return self.docs.get(oid)

    def get(self, oid):
        return self.docs.get(oid)


async def test_the_count_says_how_many_of_its_orders_are_estimated(monkeypatch):
    from companion.service import toolbar_count

    # worked out by hand: two counted orders of three, one of them on a date the page did not state
    said = {"1": {"severity": "urgent", "exact": True, "source": "page"},
            "2": {"severity": "soon", "exact": False, "source": "estimate"},
            "3": {"severity": "ok", "exact": False, "source": "estimate"}}
    for a in said.values():
        a.update(days_left=1, deadline=None)
    monkeypatch.setattr(toolbar_count, "safe_assess", lambda doc, now: said[doc["order_id"]])
    monkeypatch.setattr(toolbar_count, "urgency_key", lambda a: ({"urgent": 0, "soon": 1}[a["severity"]],))
    store = _Store([{"order_id": oid} for oid in said])
    count = toolbar_count.ToolbarCount()
    answer = await count.answer(store, FROZEN_NOW, store.get)
    assert (answer["total"], answer["estimated"]) == (2, 1)
    said["2"] = {**said["2"], "exact": True, "source": "page"}  # its detail page was read
    store.mark += 1
    answer = await count.answer(store, FROZEN_NOW, store.get)
    assert (answer["total"], answer["estimated"]) == (2, 0)


def test_a_lean_toolbar_order_holds_what_the_worker_reads_and_nothing_else():
    from companion.service.toolbar_count import lean_order

    order = {"order_id": "8300000000000001", "store": "Tango Store", "status": "shipped", "note": "mine",
             "items": [{"title": "USB cable", "quantity": 2, "price": {"amount": "3.10", "currency": "USD"}},
                       {"title": "Charger", "quantity": 1, "price": None}]}
    hint = {"severity": "soon", "days_left": 6, "exact": False, "source": "rule", "summary": "6 days left to open a dispute",
            "why": "…", "actions": [{"key": "dont_confirm_receipt", "copy": "Dear seller"}], "follow_ups": [], "deadline": "x"}
    assert lean_order(order, hint) == {
        "order_id": "8300000000000001", "store": "Tango Store", "items": [{"title": "USB cable"}],
        "hint": {"severity": "soon", "days_left": 6, "exact": False, "source": "rule", "summary": "6 days left to open a dispute"}}
    # no items (a card that showed none), a store the page did not name
    assert lean_order({"order_id": "8300000000000002", "store": None, "items": []}, hint)["items"] == []
    assert lean_order({"order_id": "8300000000000002", "store": None, "items": []}, hint)["store"] is None
