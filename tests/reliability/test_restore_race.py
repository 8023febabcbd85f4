"""A page or an edit that waits for the store while a restore is about to write is not overwritten.

The restore merges on a snapshot in a worker thread; a change that lands after that snapshot must
make the store merge again before it writes. The worst moment: the change is already waiting for
the store's lock (behind another write) when the restore's merge finishes, so the snapshot still
looked current. The steps are forced in that order with hooks: the first write is held at the
disk until the change and the restore both wait for the lock; no step waits on a clock."""

from __future__ import annotations

import asyncio
import json
import threading
from datetime import datetime, timezone

import pytest

from companion.store import files
from tests.reliability.test_big_stores import backup_bytes

CHANGED = "8200000000000007"  # the order the change and the restore both touch
OTHER = "8200000000000002"


class WatchedLock(asyncio.Lock):
    """The store's lock, telling how many are waiting for it."""

    def __init__(self):
        super().__init__()
        self.waiting = 0
        self._moved = asyncio.Event()

    async def acquire(self):
        if not self.locked():
            return await super().acquire()
        self.waiting += 1
        self._moved.set()
        try:
            return await super().acquire()
        finally:
            self.waiting -= 1

    async def until_waiting(self, count: int) -> None:
        while self.waiting < count:
            self._moved.clear()
            await self._moved.wait()


def newer_backup() -> bytes:
    doc = json.loads(backup_bytes(10))
    for order in doc["orders"]:
        order["note"], order["last_seen"] = "from the backup", "2026-11-24T13:00:00+00:00"
    doc["orders"][7]["note"] = None  # no note for CHANGED in the backup: the buyer's must stay
    return json.dumps(doc).encode()


async def the_buyer_edits(store) -> None:
    await store.update_user_fields(CHANGED, {"note": "edited meanwhile"})


async def a_page_arrives(store) -> None:
    order = {"order_id": CHANGED, "status": "awaiting_delivery", "status_text": "Awaiting delivery",
             "tracking_number": "LP00999CN", "items": [], "total": None}
    await store.merge_page([order], "order_detail", datetime(2026, 11, 24, 14, 0, tzinfo=timezone.utc))


@pytest.mark.parametrize("change", [the_buyer_edits, a_page_arrives])
async def test_a_change_waiting_for_the_store_while_a_restore_merges_is_kept(make_companion, monkeypatch, change):
    comp = await make_companion()
    assert (await comp.request("POST", "/api/v1/import", json=json.loads(backup_bytes(10)))).status == 200
    store = comp.store
    lock = store._lock = WatchedLock()
    at_disk, go_on = threading.Event(), threading.Event()
    real_write = files.write_atomic

    def held_write(path, data):
        if path.parent.name == "journal" and not go_on.is_set():
            at_disk.set()
            assert go_on.wait(20), "the test never let the first write go on"
        real_write(path, data)

    monkeypatch.setattr(files, "write_atomic", held_write)

    async def scenario():
        first = asyncio.create_task(store.update_user_fields(OTHER, {"received": True}))  # holds the lock at the disk
        await asyncio.to_thread(at_disk.wait)
        changing = asyncio.create_task(change(store))
        await lock.until_waiting(1)  # the change waits for the lock: not applied yet
        restore = asyncio.create_task(comp.request("POST", "/api/v1/import", data=newer_backup(),
                                                   headers={"Content-Type": "application/json"}))
        await lock.until_waiting(2)  # the restore's merge is done and it waits to write, behind the change
        go_on.set()
        await first
        await changing
        resp = await restore
        assert resp.status == 200, await resp.text()
        return await resp.json()

    answer = await asyncio.wait_for(scenario(), 60)
    stored = store.get(CHANGED)
    if change is the_buyer_edits:
        assert stored["note"] == "edited meanwhile"
        assert answer == {"imported": 10, "added": 0, "updated": 10, "unchanged": 0}
    else:  # the page is newer than the backup: its capture stays whole, nothing of the backup to add
        assert stored["tracking_number"] == "LP00999CN" and stored["last_seen"] == "2026-11-24T14:00:00+00:00"
        assert answer == {"imported": 10, "added": 0, "updated": 9, "unchanged": 1}
    assert store.get(OTHER)["note"] == "from the backup" and store.get(OTHER)["received"] is True
    # and so it stays after a restart
    await comp.client.close()
    again = await make_companion()
    assert again.store.get(CHANGED) == stored
