"""The import merge rules as pure functions."""

from __future__ import annotations

from companion.exports.backup import merge_backup, merge_documents, parse_backup
from tests.conftest import FROZEN_NOW
from tests.dashboard.sample_orders import make_order


def test_both_sides_set_a_user_field_the_newer_side_wins():
    store = make_order("8123456789012345", FROZEN_NOW, note="old note", last_seen="2026-11-01T00:00:00+00:00")
    backup = make_order("8123456789012345", FROZEN_NOW, note="new note", last_seen="2026-11-10T00:00:00+00:00",
                        status="in_dispute")
    merged = merge_documents(store, backup)
    assert merged["note"] == "new note" and merged["status"] == "in_dispute"
    assert store["note"] == "old note"  # inputs untouched


def test_received_false_counts_as_set():
    store = make_order("8123456789012345", FROZEN_NOW, received=False, last_seen="2026-11-01T00:00:00+00:00")
    backup = make_order("8123456789012345", FROZEN_NOW, received=None, last_seen="2026-11-10T00:00:00+00:00")
    assert merge_documents(store, backup)["received"] is False


def test_histories_are_united_and_sorted():
    a = make_order("8123456789012345", FROZEN_NOW, status_history=[{"status": "awaiting_shipment", "status_text": None, "at": "2026-09-01T00:00:00+00:00"}])
    b = make_order("8123456789012345", FROZEN_NOW, status_history=[{"status": "awaiting_delivery", "status_text": None, "at": "2026-09-10T00:00:00+00:00"},
                                                                  {"status": "awaiting_shipment", "status_text": None, "at": "2026-09-01T00:00:00+00:00"}])
    merged = merge_documents(a, b)
    assert [h["status"] for h in merged["status_history"]] == ["awaiting_shipment", "awaiting_delivery"]


def test_backup_without_bookkeeping_keeps_its_deadline_source():
    raw = make_order("8123456789012345", FROZEN_NOW, days_to_deadline=9)
    raw.pop("protection_sources")
    [doc] = parse_backup({"orders": [raw]})
    assert doc["protection_sources"]["backup"]["ends_at"] == raw["protection"]["ends_at"]
    put, stats = merge_backup({}, [doc])
    assert stats == {"added": 1, "updated": 0, "unchanged": 0} and put == [doc]


def test_backup_drops_unknown_fields():
    raw = make_order("8123456789012345", FROZEN_NOW)
    raw["buyer_address"] = "secret"
    [doc] = parse_backup({"orders": [raw]})
    assert "buyer_address" not in doc
