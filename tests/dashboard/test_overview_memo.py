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
