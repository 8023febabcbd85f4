"""The store: merging captures, keeping user edits, atomic durable writes, damaged files."""

from __future__ import annotations

import errno
import json
from datetime import datetime, timedelta, timezone

import pytest

from tinydb import Query

from companion.store import COMPACT_EVERY, Store, StoreWriteError, files
from companion.store import order_store

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=timezone.utc)


def page_order(order_id="8100000000000001", **fields):
    base = {"order_id": order_id, "status": "awaiting_delivery", "status_text": "Awaiting delivery",
            "order_date": "2026-10-01", "store": "Tango", "items": [], "total": None}
    base.update(fields)
    return base


@pytest.fixture(params=["our _update_table", "TinyDB's own _update_table"])
def table_writes(request, monkeypatch):
    """The store's one override of TinyDB is a speed-up only: without it (a TinyDB release that no
    longer calls ``_update_table``) every durability guarantee must hold the same."""
    if request.param != "our _update_table":
        monkeypatch.delattr(order_store._OrderTable, "_update_table")
    return request.param


@pytest.fixture
async def store(tmp_path):
    s = Store(tmp_path)
    yield s
    await s.close()


async def test_list_page_does_not_erase_what_the_detail_page_told(store):
    await store.merge_page([page_order(shipped_at="2026-10-03", tracking_number="LP00123",
                                       items=[{"title": "Cable", "quantity": 2, "price": None}],
                                       protection={"ends_at": "2026-12-02T00:00:00-08:00", "source": "page", "days": None})],
                           "order_detail", T0)
    # a later list page: no shipment date, image-only items, no deadline
    await store.merge_page([page_order(items=[{"title": None, "quantity": None, "price": None}],
                                       protection={"ends_at": None, "source": "page", "days": 75})],
                           "order_list", T0 + timedelta(hours=1))
    doc = store.get("8100000000000001")
    assert doc["shipped_at"] == "2026-10-03"
    assert doc["tracking_number"] == "LP00123"
    assert doc["items"][0]["title"] == "Cable"
    assert doc["protection"]["ends_at"] == "2026-12-02T00:00:00-08:00"
    assert doc["protection"]["days"] == 75
    assert doc["seen_on"] == ["order_detail", "order_list"]


async def test_what_each_kind_of_page_said_is_kept(store):
    """Tracking says Sep 3, detail Sep 4: the store keeps both (the rules pick the earlier one)."""
    await store.merge_page([page_order(protection={"ends_at": "2026-09-03T00:00:00-07:00", "source": "page", "days": None})], "tracking", T0)
    await store.merge_page([page_order(protection={"ends_at": "2026-09-04T00:00:00-07:00", "source": "page", "days": None})],
                           "order_detail", T0 + timedelta(hours=1))
    doc = store.get("8100000000000001")
    assert {kind: src["ends_at"] for kind, src in doc["protection_sources"].items()} == {
        "tracking": "2026-09-03T00:00:00-07:00", "order_detail": "2026-09-04T00:00:00-07:00"}
    assert doc["protection"]["ends_at"] == "2026-09-04T00:00:00-07:00"  # what the pages last showed
    from companion.rules import assess

    # asked before either date has passed (a past, inexact deadline is no longer shown as a number)
    assert assess(doc, datetime(2026, 8, 20, 12, tzinfo=timezone.utc))["deadline"].startswith("2026-09-03T")


async def test_user_fields_survive_new_captures(store):
    await store.merge_page([page_order()], "order_list", T0)
    await store.update_user_fields("8100000000000001", {"received": True, "note": "mine"})
    await store.merge_page([page_order(status="completed", status_text="Completed")], "order_list", T0 + timedelta(days=1))
    doc = store.get("8100000000000001")
    assert doc["received"] is True and doc["note"] == "mine"
    assert doc["status"] == "completed"


async def test_status_history_and_seen_times(store):
    await store.merge_page([page_order()], "order_list", T0)
    await store.merge_page([page_order()], "order_list", T0 + timedelta(hours=2))
    await store.merge_page([page_order(status="completed", status_text="Completed")], "order_list", T0 + timedelta(days=3))
    doc = store.get("8100000000000001")
    assert [h["status"] for h in doc["status_history"]] == ["awaiting_delivery", "completed"]
    assert doc["first_seen"] == T0.isoformat(timespec="seconds")
    assert doc["last_seen"] == (T0 + timedelta(days=3)).isoformat(timespec="seconds")


async def test_an_older_capture_only_fills_gaps(store):
    await store.merge_page([page_order(status="completed", status_text="Completed")], "order_list", T0)
    await store.merge_page([page_order(status="awaiting_delivery", shipped_at="2026-10-03")], "order_detail", T0 - timedelta(days=5))
    doc = store.get("8100000000000001")
    assert doc["status"] == "completed"
    assert doc["shipped_at"] == "2026-10-03"


async def test_one_write_per_page_whatever_its_size(store):
    orders = [page_order(f"81000000000{i:05d}") for i in range(60)]
    before = store.writes
    await store.merge_page(orders, "order_list", T0)
    assert store.writes == before + 1
    await store.merge_page(orders, "order_list", T0)  # nothing new: no write at all
    await store.merge_page(orders, "order_list", T0 + timedelta(minutes=5))  # only last_seen moved a little
    assert store.writes == before + 1
    await store.merge_page(orders, "order_list", T0 + timedelta(hours=2))
    assert store.writes == before + 2
    assert store.count() == 60


async def test_invalid_orders_are_dropped_not_fatal(store):
    stored = await store.merge_page([{"order_id": "abc"}, "junk", None, {"order_id": 5}, page_order(items="x", total=[1])],
                                    "order_list", T0)
    assert [o["order_id"] for o in stored] == ["8100000000000001"]
    assert stored[0]["items"] == [] and stored[0]["total"] is None


async def test_everything_survives_reopen_and_compaction(tmp_path, table_writes):
    s = Store(tmp_path)
    for i in range(COMPACT_EVERY + 5):
        await s.merge_page([page_order(f"8200000000{i:06d}")], "order_list", T0)
    await s.update_user_fields("8200000000000003", {"note": "n"})
    await s.delete("8200000000000004")
    assert len(list((tmp_path / "journal").glob("*.json"))) < COMPACT_EVERY
    snapshot = json.loads((tmp_path / "orders.json").read_text())
    assert "orders" in snapshot  # TinyDB's own format
    await s.close()
    assert list((tmp_path / "journal").glob("*.json")) == []

    again = Store(tmp_path)
    assert again.count() == COMPACT_EVERY + 4
    assert again.get("8200000000000003")["note"] == "n"
    assert again.get("8200000000000004") is None
    assert again.problems == []
    await again.close()


async def test_journal_alone_is_enough_after_a_crash(tmp_path, table_writes):
    """Simulates SIGKILL: no close(), so nothing was compacted; the journal must replay."""
    s = Store(tmp_path)
    await s.merge_page([page_order()], "order_list", T0)
    await s.update_user_fields("8100000000000001", {"note": "after crash"})
    s._storage.close()  # the writer thread stops: no compaction, as after SIGKILL
    (tmp_path / "journal" / ".000000000099.json.1.tmp").write_bytes(b"{half a wri")  # torn temp file
    again = Store(tmp_path)
    assert again.get("8100000000000001")["note"] == "after crash"
    assert not list((tmp_path / "journal").glob(".*.tmp"))
    await again.close()


@pytest.mark.parametrize("content", [b"{broken", b"[]", b'{"orders": 5}', b"\x00\x01\x02"])
async def test_corrupt_store_is_moved_aside_and_reported(tmp_path, content):
    (tmp_path / "orders.json").write_bytes(content)
    s = Store(tmp_path)
    assert s.count() == 0
    assert s.problems and "moved" in s.problems[0]
    aside = list(tmp_path.glob("orders.json.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == content
    await s.merge_page([page_order()], "order_list", T0)
    await s.close()
    assert Store(tmp_path).count() == 1


async def test_corrupt_store_with_intact_journal_recovers_journal_orders(tmp_path):
    s = Store(tmp_path)
    await s.merge_page([page_order()], "order_list", T0)
    s._storage.close()  # the writer thread stops: no compaction, as after SIGKILL
    (tmp_path / "orders.json").write_bytes(b"garbage")
    again = Store(tmp_path)
    assert again.get("8100000000000001") is not None
    assert again.problems
    await again.close()


async def test_failed_write_changes_nothing(tmp_path, monkeypatch, table_writes):
    store = Store(tmp_path)
    await store.merge_page([page_order(store="Before")], "order_list", T0)
    real_write = files.write_atomic

    def disk_full(path, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files, "write_atomic", disk_full)
    versions = store.version("8100000000000001")
    with pytest.raises(StoreWriteError, match="No space left"):
        await store.merge_page([page_order(store="After"), page_order("8100000000000002")], "order_list", T0 + timedelta(hours=1))
    with pytest.raises(StoreWriteError):
        await store.update_user_fields("8100000000000001", {"note": "lost?"})
    with pytest.raises(StoreWriteError):
        await store.delete("8100000000000001")
    assert store.get("8100000000000001")["store"] == "Before"
    assert store.get("8100000000000001")["note"] is None
    assert store.get("8100000000000002") is None
    assert store.count() == 1 and store.writes == 1
    assert store.version("8100000000000001") > versions  # caches of derived views must not keep "After"

    # the disk has room again: the next change writes only itself, nothing of the failed ones
    monkeypatch.setattr(files, "write_atomic", real_write)
    await store.update_user_fields("8100000000000001", {"received": True})
    entry = json.loads(sorted((tmp_path / "journal").glob("*.json"))[-1].read_text())
    assert [(doc["order_id"], doc["store"], doc["note"]) for doc in entry["put"]] == [("8100000000000001", "Before", None)]
    assert entry["delete"] == [] and entry["seq"] == 2
    store._storage.close()  # no compaction: the journal alone must say it
    again = Store(tmp_path)
    assert [(o["order_id"], o["store"], o["received"]) for o in [again.get(d["order_id"]) for d in again.documents()]] == [("8100000000000001", "Before", True)]
    await again.close()


async def test_a_change_journals_only_the_orders_it_touched(tmp_path, table_writes):
    s = Store(tmp_path)
    ids = [f"81000000000{i:05d}" for i in range(30)]
    await s.merge_page([page_order(oid) for oid in ids], "order_list", T0)
    await s.update_user_fields(ids[5], {"note": "x"})
    await s.delete(ids[7])
    await s.merge_page([page_order(ids[1], store="Moved"), page_order(ids[2])], "order_list", T0 + timedelta(hours=2))
    entries = [json.loads(p.read_text()) for p in sorted((tmp_path / "journal").glob("*.json"))]
    assert [e["seq"] for e in entries] == [1, 2, 3, 4]
    assert [sorted(doc["order_id"] for doc in e["put"]) for e in entries] == [ids, [ids[5]], [], [ids[1], ids[2]]]
    assert [e["delete"] for e in entries] == [[], [], [ids[7]], []]
    assert entries[1]["put"][0]["note"] == "x"
    assert {doc["order_id"]: doc["store"] for doc in entries[3]["put"]} == {ids[1]: "Moved", ids[2]: "Tango"}
    await s.close()


async def test_a_half_done_change_is_no_change(store):
    """Two documents with one id cannot both be stored: the first is not kept alone either."""
    await store.merge_page([page_order(store="Before")], "order_list", T0)
    doc = store.documents()[0]
    with pytest.raises(ValueError):
        await store.put_documents([page_order("8100000000000002"), {**doc, "store": "One"}, {**doc, "store": "Two"}])
    assert store.count() == 1 and store.get("8100000000000001")["store"] == "Before"
    await store.update_user_fields("8100000000000001", {"note": "n"})
    entry = json.loads(sorted(store.journal_dir.glob("*.json"))[-1].read_text())
    assert [d["order_id"] for d in entry["put"]] == ["8100000000000001"] and entry["delete"] == []


async def test_a_document_json_cannot_hold_is_not_kept(store):
    await store.merge_page([page_order(store="Before")], "order_list", T0)
    doc = store.documents()[0]
    with pytest.raises(TypeError):
        await store.put_documents([{**doc, "store": "After", "note": object()}, page_order("8100000000000002")])
    assert store.count() == 1 and store.get("8100000000000001")["store"] == "Before" and store.writes == 1
    await store.update_user_fields("8100000000000001", {"note": "n"})
    entry = json.loads(sorted(store.journal_dir.glob("*.json"))[-1].read_text())
    assert [(d["order_id"], d["store"]) for d in entry["put"]] == [("8100000000000001", "Before")] and entry["seq"] == 2


async def test_the_orders_are_a_tinydb_table_keyed_by_order_id(store):
    await store.merge_page([page_order(), page_order("8100000000000002", status="completed", status_text="Completed")],
                           "order_list", T0)
    table = store._table
    assert table.get(doc_id="8100000000000002").doc_id == "8100000000000002"
    assert [doc["order_id"] for doc in table.search(Query().status == "completed")] == ["8100000000000002"]
    assert sorted(doc.doc_id for doc in table.all()) == ["8100000000000001", "8100000000000002"]
    with pytest.raises(ValueError, match="only the 'orders' table"):
        store._db.table("elsewhere").insert({"a": 1})  # it would never reach the disk
    await store.update_user_fields("8100000000000001", {"note": "still fine"})
    await store.close()
    snapshot = json.loads((store.data_dir / "orders.json").read_text())
    assert sorted(snapshot["orders"]) == ["8100000000000001", "8100000000000002"]  # TinyDB's JSON format
    assert snapshot["_meta"] == {"1": {"seq": 2}} and set(snapshot) == {"orders", "_meta"}


async def test_a_snapshot_with_other_document_ids_is_read_by_order_id(tmp_path):
    """Earlier stores kept TinyDB's integer ids: the documents are found by their order id."""
    doc = {"order_id": "8100000000000009", "status": "completed", "store": "Tango"}
    (tmp_path / "orders.json").write_text(json.dumps({"orders": {"810000000000001": doc, "2": {"no": "id"}},
                                                      "_meta": {"1": {"seq": 0}}}))
    s = Store(tmp_path)
    assert s.count() == 1 and s.get("8100000000000009")["store"] == "Tango"
    # the entry that is no order is left out, reported, and the file kept as it was beside it
    [problem] = s.problems
    assert "1 entries that are not orders" in problem
    [copy] = tmp_path.glob("orders.json.corrupt-*")
    assert json.loads(copy.read_text())["orders"]["2"] == {"no": "id"}
    await s.close()


async def test_merging_hands_the_stored_orders_to_the_block_while_the_change_is_written(store):
    async with store.merging([page_order(), page_order("8100000000000002")], "order_list", T0) as merged:
        seen = [o["order_id"] for o in merged.orders]
        assert store.writes == 0  # the block runs before the write is on disk
    assert seen == ["8100000000000001", "8100000000000002"] and store.writes == 1
    assert merged.told == ["8100000000000001", "8100000000000002"]  # first sight: both told anew
    async with store.merging([page_order()], "order_list", T0) as merged:  # nothing to write: the block still runs
        assert [o["order_id"] for o in merged.orders] == ["8100000000000001"]
    assert store.writes == 1 and merged.told == []


async def test_merging_names_the_orders_a_page_told_anew_against_what_was_stored_before_it(store):
    await store.merge_page([page_order(), page_order("8100000000000002")], "order_list", T0)
    # the first order twice on one page, the second time with a new status; the other only seen again later
    async with store.merging([page_order(), page_order("8100000000000002"), page_order(status="completed", status_text="Completed")],
                             "order_list", T0 + timedelta(hours=2)) as merged:
        pass
    assert merged.told == ["8100000000000001"]
    assert store.get("8100000000000001")["status"] == "completed"


async def test_a_failing_block_neither_loses_the_change_nor_hides_it(store):
    """The page's orders are saved even when the work done on them meanwhile fails; the store
    counts the change, so caches keyed on its revision see it."""
    with pytest.raises(RuntimeError, match="hint bug"):
        async with store.merging([page_order()], "order_list", T0):
            raise RuntimeError("hint bug")
    assert store.get("8100000000000001") is not None
    assert store.revision == 1 and store.writes == 1


def test_write_atomic_leaves_old_file_on_failure(tmp_path, monkeypatch):
    target = tmp_path / "f.json"
    files.write_atomic(target, b"old")
    real_fsync = files.os.fsync

    def failing_fsync(fd):
        raise OSError(errno.EIO, "I/O error")

    monkeypatch.setattr(files.os, "fsync", failing_fsync)
    with pytest.raises(OSError):
        files.write_atomic(target, b"new")
    monkeypatch.setattr(files.os, "fsync", real_fsync)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["f.json"]


async def test_capture_times_in_other_zones_are_ordered_by_instant(store):
    from datetime import timezone as tz

    plus_two = tz(timedelta(hours=2))
    await store.merge_page([page_order(status="completed", status_text="Completed")], "order_list",
                           datetime(2026, 11, 24, 12, 0, tzinfo=plus_two))  # 10:00 UTC
    # 11:00 UTC is later, though "11:00+00:00" sorts before "12:00+02:00" as text
    await store.merge_page([page_order(status="in_dispute", status_text="Dispute in progress")], "order_list",
                           datetime(2026, 11, 24, 11, 0, tzinfo=tz.utc))
    doc = store.get("8100000000000001")
    assert doc["status"] == "in_dispute"
    assert doc["last_seen"] == "2026-11-24T11:00:00+00:00" and doc["first_seen"] == "2026-11-24T10:00:00+00:00"


# ---- one stored file of the wrong shape never stops the start -----------------------------------

DEEP = "[" * 100_000 + "]" * 100_000  # valid JSON that Python's reader cannot hold (RecursionError)


@pytest.mark.parametrize("content", [
    '{"seq": 1, "put": 5}', '{"seq": 1, "put": {"order_id": "8100000000000009"}}', '{"seq": 1, "delete": 7}',
    '{"seq": 1, "put": [], "delete": "8100000000000001"}', DEEP, '"just text"', "null",
])
async def test_a_journal_file_of_the_wrong_shape_is_moved_aside_and_the_store_starts(tmp_path, content):
    first = Store(tmp_path)
    await first.merge_page([page_order()], "order_list", T0)
    await first.close()
    (tmp_path / "journal" / "000000000005.json").write_text(content)
    s = Store(tmp_path)
    assert s.get("8100000000000001") is not None
    [problem] = s.problems
    assert "journal file" in problem and "moved to 000000000005.json.corrupt-" in problem
    assert not (tmp_path / "journal" / "000000000005.json").exists()
    assert list((tmp_path / "journal").glob("000000000005.json.corrupt-*"))
    await s.merge_page([page_order("8100000000000002")], "order_list", T0)  # and it keeps working
    await s.close()


@pytest.mark.parametrize("content", [
    '{"orders": {}, "_meta": {"1": {"seq": 1e400}}}', '{"orders": {}, "_meta": {"1": {"seq": [1]}}}',
    '{"orders": {}, "_meta": {"1": 5}}', '{"orders": {}, "_meta": {"1": {"seq": -3}}}', DEEP,
])
async def test_a_snapshot_of_the_wrong_shape_is_moved_aside_and_the_store_starts(tmp_path, content):
    (tmp_path / "orders.json").write_text(content)
    s = Store(tmp_path)
    assert s.count() == 0 and len(s.problems) == 1 and "moved to orders.json.corrupt-" in s.problems[0]
    await s.merge_page([page_order()], "order_list", T0)
    await s.close()
    assert Store(tmp_path).get("8100000000000001") is not None


async def test_entries_that_are_not_orders_in_a_journal_file_are_left_out_and_reported(tmp_path):
    (tmp_path / "journal").mkdir(parents=True)
    (tmp_path / "journal" / "000000000001.json").write_text(json.dumps(
        {"seq": 1, "put": [{"order_id": "8100000000000001", "status": "completed"}, 5, {"order_id": "８１００００"},
                           {"order_id": 8100000000000002, "status": "completed"}], "delete": [None]}))
    s = Store(tmp_path)
    assert sorted(o["order_id"] for o in [s.get(d["order_id"]) for d in s.documents()]) == ["8100000000000001", "8100000000000002"]  # a number id as text
    [problem] = s.problems
    assert "3 entries that are not orders" in problem
    assert (tmp_path / "journal" / "000000000001.json").exists()  # its good orders still come from it
    await s.close()


# ---- page dates are range-checked where they enter the store -------------------------------------

@pytest.mark.parametrize("field, value", [
    ("order_date", "9999-12-31T23:59:59-01:00"),  # "Dec 1, 9999" read in a zone east of UTC
    ("order_date", "9999-12-01"), ("shipped_at", "0001-01-01T00:00:00+01:00"), ("delivered_at", "1999-12-31"),
    ("completed_at", "2100-01-01T00:00:00+00:00"), ("estimated_delivery_at", "not a date"),
])
async def test_a_page_date_out_of_range_is_dropped_and_nothing_else_is_lost(store, field, value):
    [stored] = await store.merge_page([page_order(**{field: value}, store="Tango", paid_at="2026-10-02")], "order_list", T0)
    assert stored[field] is None
    assert stored["store"] == "Tango" and stored["paid_at"] == "2026-10-02" and stored["status"] == "awaiting_delivery"


async def test_a_protection_date_out_of_range_is_dropped(store):
    [stored] = await store.merge_page([page_order(protection={"ends_at": "9999-12-31T23:59:59-01:00", "days": 15})],
                                      "order_detail", T0)
    assert stored["protection"] == {"ends_at": None, "source": "page", "days": 15}


@pytest.mark.parametrize("order_id", ["008105789297036795", "８１０５７８９２９７０３６７９５", "٨١٠٥٧٨٩٢٩٧٠٣٦٧٩٥"])
async def test_page_orders_with_leading_zeros_or_other_digits_are_refused(store, order_id):
    await store.merge_page([page_order("8105789297036795")], "order_list", T0)
    assert await store.merge_page([page_order(order_id, status="awaiting_payment")], "order_list", T0) == []
    assert [o["order_id"] for o in [store.get(d["order_id"]) for d in store.documents()]] == ["8105789297036795"]
