"""After a change, the dashboard assesses only what changed."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from companion.service import overview
from companion import rules
from companion.store import Store

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)


def page_order(order_id: str, **fields) -> dict:
    return {"order_id": order_id, "status": "awaiting_delivery", "order_date": "2026-10-01",
            "shipped_at": "2026-10-03", "items": [{"title": f"item {order_id}", "quantity": 1, "price": None}], **fields}


async def test_only_changed_orders_are_assessed_again(tmp_path, monkeypatch):
    calls = []
    real = rules.assess
    monkeypatch.setattr(rules, "assess", lambda order, now: calls.append(order["order_id"]) or real(order, now))
    store = Store(tmp_path)
    await store.merge_page([page_order(str(8600000000000000 + i)) for i in range(50)], "order_list", NOW)
    memo = overview.Memo()
    first = overview.build(store.snapshot(), NOW, memo=memo)
    assert len(calls) == 50 and first.total == 50
    await store.update_user_fields("8600000000000007", {"received": True, "note": "arrived broken"})
    calls.clear()
    second = overview.build(store.snapshot(), NOW + timedelta(minutes=5), memo=memo)
    assert calls == ["8600000000000007"]
    assert "arrived broken" in second.search_text["8600000000000007"]
    calls.clear()
    overview.build(store.snapshot(), NOW + timedelta(hours=1), memo=memo)  # a new hour: days left may move
    assert len(calls) == 50
    await store.delete("8600000000000001")
    assert overview.build(store.snapshot(), NOW + timedelta(hours=1), memo=memo).total == 49
    assert "8600000000000001" not in memo.entries
    await store.close()


async def test_snapshot_is_consistent_while_the_store_changes(tmp_path):
    store = Store(tmp_path)
    await store.merge_page([page_order("8600000000000001", store="Before")], "order_list", NOW)
    snap = store.snapshot()
    await store.merge_page([page_order("8600000000000001", store="After")], "order_list", NOW + timedelta(hours=2))
    assert snap[0][0]["store"] == "Before"
    assert store.snapshot()[0][0]["store"] == "After" and store.snapshot()[0][1] > snap[0][1]
    await store.close()


def varied_order(rng, oid: str) -> dict:
    status = rng.choice(["awaiting_delivery", "awaiting_shipment", "completed", "closed", "unknown", "odd-status"])
    day = datetime(2026, 8, 1, tzinfo=timezone.utc) + timedelta(days=rng.randint(0, 120))
    order = {"order_id": oid, "status": status, "order_date": day.date().isoformat(),
             "items": [{"title": f"item {rng.randint(0, 9)}", "quantity": 1, "price": None}],
             "store": rng.choice(["Vega Store", "NANO Store", None]),
             "total": rng.choice([None, {"amount": rng.choice(["10.50", "1.5", "3", "0.99"]), "currency": rng.choice(["USD", "EUR"])}])}
    if rng.random() < 0.6:
        order["shipped_at"] = (day + timedelta(days=rng.randint(1, 9))).date().isoformat()
    if rng.random() < 0.2:
        order["deadline_override"] = (day + timedelta(days=rng.randint(20, 90))).date().isoformat()
    return order


def summary(built: overview.Overview) -> dict:
    return {"ranked": [(o["order_id"], a) for o, a in built.ranked], "assessments": built.assessments,
            "search": built.search_text, "severity": built.severity_counts, "status": built.status_counts,
            "money": {k: str(v) for k, v in built.money_at_risk.items()},
            "closing": [o["order_id"] for o, _ in built.closing_first], "open": built.open_count,
            "soon": built.closing_soon_count}


def test_a_build_after_changes_equals_a_build_from_scratch():
    import random

    for seed in range(12):
        rng = random.Random(seed)
        orders = {str(8600000000000000 + i): (varied_order(rng, str(8600000000000000 + i)), 1) for i in range(rng.randint(30, 80))}
        memo = overview.Memo()
        built = overview.build(list(orders.values()), NOW, memo=memo)
        for step in range(25):
            for _ in range(rng.randint(1, 3)):
                what = rng.random()
                if what < 0.5 and orders:  # an edit or a page: a new version
                    oid = rng.choice(sorted(orders))
                    orders[oid] = (varied_order(rng, oid), orders[oid][1] + 1)
                elif what < 0.75:
                    oid = str(8600000000000000 + 1000 + rng.randint(0, 10**6))
                    orders[oid] = (varied_order(rng, oid), 1)
                elif orders:
                    del orders[rng.choice(sorted(orders))]
            pairs = list(orders.values())
            rng.shuffle(pairs)
            built = overview.build(pairs, NOW + timedelta(minutes=step), memo=memo, previous=built)
            assert summary(built) == summary(overview.build(pairs, NOW, memo=overview.Memo())), (seed, step)


def test_only_the_changed_order_moves_after_one_edit(monkeypatch):
    rng_orders = [(page_order(str(8600000000000000 + i)), 1) for i in range(40)]
    memo = overview.Memo()
    built = overview.build(rng_orders, NOW, memo=memo)
    calls = []
    real = overview._build
    monkeypatch.setattr(overview, "_build", lambda *a: calls.append("afresh") or real(*a))
    rng_orders[5] = (page_order("8600000000000005", deadline_override="2027-01-15"), 2)
    again = overview.build(rng_orders, NOW, memo=memo, previous=built)
    assert calls == [] and again.assessments["8600000000000005"]["deadline"] != built.assessments["8600000000000005"]["deadline"]
    overview.build(rng_orders, NOW + timedelta(hours=1), memo=memo, previous=again)  # a new hour: built afresh
    assert calls == ["afresh"]
