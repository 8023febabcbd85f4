"""The Store: the orders in TinyDB, made durable by a journal of atomic files.

TinyDB holds the orders in one table, ``orders``, with the order id (text) as document id; the
Store reads and changes them only through the table's documented methods (``get(doc_id=…)``,
``all``, ``contains``, ``remove(doc_ids=…)``, ``insert_multiple`` of ``Document``s). Where the bytes
go is the storage's business: ``journal.JournalStorage`` keeps the tables in memory and writes each
change as one small journal file with only the documents it touched (temp file, fsync, rename,
fsync folder), so each request that changes anything makes exactly one write and its cost does not
grow with the number of stored orders. See ``journal`` for the files and the recovery at start-up.
All changes go through one asyncio lock and the storage's one writer thread, so they are serialized.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import datetime, timedelta, timezone
from pathlib import Path
from collections.abc import AsyncIterator, Callable
from typing import NamedTuple

from tinydb import TinyDB
from tinydb.table import Document, Table

from companion.model import is_order_id
from companion.store.journal import COMPACT_EVERY, JournalStorage
from companion.store.merge import merge_order, page_data_changed, public_view, sanitize_page_order
from companion.datetimes import instant as parse_iso, stored_date_ok

__all__ = ["COMPACT_EVERY", "PageMerge", "Store", "StoreWriteError"]

TABLE = "orders"


class StoreWriteError(Exception):
    """The change could not be written (disk full, read-only folder...). Nothing was changed."""


class PageMerge(NamedTuple):
    """What ``Store.merging`` gives its block: the page's orders as stored (page order), and the ids of
    those the page told something new (``merge.page_data_changed``: a first sight included)."""

    orders: list[dict]
    told: list[str]


class _OrderTable(Table):
    """TinyDB's table with the order id as document id (``document_id_class``, TinyDB's documented
    customization): ids are text, as the storage keeps them, so none is converted.

    One private method is overridden, ``_update_table``, because no documented extension point
    can avoid what it costs. Every table write (insert, upsert, update, remove, truncate) goes
    through it, and TinyDB's own copies the whole table twice (each id to ``document_id_class``
    and back to text) and hands the storage a new dict, in which the storage must then look for
    what changed: O(stored orders) per write. Measured on 2 shared cores (one user edit / a
    first-sight 60-order page, fsync included, medians of 3 x 31 writes): with TinyDB's own
    2.4 / 3.2 ms at 1,000 orders and 20.1 / 15.2 ms at 20,000 (8.4x / 4.8x); with this override
    1.8 / 3.0 ms and 2.1 / 3.5 ms (1.1x / 1.15x), as with the store before this storage.

    The override hands the updater the stored table itself, which has the keys TinyDB would have
    made (``document_id_class`` is text), and the storage notes each id the updater changes.
    Should a TinyDB release stop calling ``_update_table``, nothing breaks: JournalStorage.write
    then finds the change by comparing ids, only slower (tests/store runs the durability tests
    both ways).
    """

    document_id_class = str

    def _update_table(self, updater) -> None:
        tables = self.storage.read()
        updater(tables.setdefault(self.name, {}))
        self.storage.write(tables)
        self.clear_cache()


class _OrderDB(TinyDB):
    table_class = _OrderTable
    default_table_name = TABLE


LAST_SEEN_RESOLUTION = timedelta(hours=1)
CHANGES_KEPT = 50_000  # ids in the change log; a view further behind looks at every order again
APPLY_STEP = 100  # documents stored between two turns of the loop in a big change (a restore)


def _worth_writing(old: dict | None, new: dict) -> bool:
    """A page seen again unchanged only moves ``last_seen`` and ``read_at``: not worth a disk write more than hourly.

    (The extension re-sends the page after every "View more"; each re-send must stay cheap.)
    """
    if old is None:
        return True
    if new == old:
        return False
    if {**new, "last_seen": old.get("last_seen"), "read_at": old.get("read_at")} != old:
        return True
    old_read = old.get("read_at") or {}
    pairs = [(old.get("last_seen"), new.get("last_seen"))] + [(old_read.get(k), t) for k, t in new["read_at"].items() if t]
    return any(_moved(before, after) for before, after in pairs)


def _moved(before: str | None, after: str | None) -> bool:
    if before == after:
        return False
    before, after = parse_iso(before), parse_iso(after)
    return before is None or after is None or after - before >= LAST_SEEN_RESOLUTION


async def _drop_in_steps(docs: list) -> None:
    """Empties ``docs`` APPLY_STEP at a time with the loop free between steps: dropping the last
    reference to thousands of documents at once frees them all in one call into C, during which
    the loop answers no one."""
    while docs:
        del docs[-APPLY_STEP:]
        await asyncio.sleep(0)


class Store:
    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)
        self._db = _OrderDB(self.data_dir, table=TABLE, storage=JournalStorage)
        self._storage: JournalStorage = self._db.storage
        self._table = self._db.table(TABLE, cache_size=0)  # reads are by id: nothing to cache
        self.snapshot_path = self._storage.snapshot_path
        self.journal_dir = self._storage.journal_dir
        self.problems: list[str] = self._storage.problems
        self.set_aside = self._storage.set_aside  # orders with a number that is not one, taken out at start
        self.set_aside_report = self._storage.set_aside_report
        self.revision = 0
        self._versions: dict[str, int] = {}
        self._version_counter = 0
        self._changes: list[str] = []  # the id of each version given out, after ``_changes_base``
        self._changes_base = 0
        self.writes = 0
        self._lock = asyncio.Lock()

    # ---- reading -------------------------------------------------------------------------
    def get(self, order_id: str) -> dict | None:
        if not (isinstance(order_id, str) and order_id.isascii() and order_id.isdigit()):
            return None
        doc = self._table.get(doc_id=order_id)
        return public_view(doc) if doc is not None else None

    def snapshot(self) -> list[tuple[dict, int]]:
        """Every stored document with its version, without copying: a read-only view for code that
        derives something from all orders (the dashboard). Documents are never changed in place
        (a change stores a new dict), so a snapshot stays consistent while the store moves on. Take
        it on the event loop: the table that holds them is changed in place there."""
        versions = self._versions
        return [(doc, versions.get(doc.get("order_id"), 0)) for doc in self._storage.read()[TABLE].values()]

    def count(self) -> int:
        return len(self._table)

    def documents(self) -> list[dict]:
        """Copies of the whole stored documents, bookkeeping included (backup and import merge)."""
        return [dict(doc) for doc in self._table.all()]

    # ---- writing -------------------------------------------------------------------------
    def version(self, order_id: str) -> int:
        """Changes whenever this order's stored document changes (for caches of derived views)."""
        return self._versions.get(order_id, 0)

    def change_mark(self) -> int:
        """Where the store is now in its changes, for ``changed_since``."""
        return self._version_counter

    def changed_since(self, mark: int) -> list[str] | None:
        """The ids of the orders changed since ``change_mark()`` gave ``mark`` (repeats possible);
        None when so much changed since that only a look at every order will do. For views kept
        up to date order by order (the toolbar's count), which ask; the store calls no one."""
        if mark < self._changes_base:
            return None
        return self._changes[mark - self._changes_base:]

    def stored_document(self, order_id: str) -> dict | None:
        """The whole stored document, bookkeeping included, not copied (as ``snapshot`` gives it):
        read it, never change it."""
        return self._storage.read()[TABLE].get(order_id) if isinstance(order_id, str) else None

    def _bump(self, order_ids) -> None:
        for order_id in order_ids:
            self._version_counter += 1
            self._versions[order_id] = self._version_counter
            self._changes.append(order_id)
        if len(self._changes) > CHANGES_KEPT:
            drop = len(self._changes) - CHANGES_KEPT // 2
            del self._changes[:drop]
            self._changes_base += drop

    def _apply(self, put: list[dict], delete: list[str]) -> list[str]:
        """Replace or remove whole documents, in memory (``_commit`` writes them). A document is
        removed and inserted again, never updated in place: ``Table.update`` would change the
        stored dict itself, which a snapshot may be reading and the journal would not notice.
        Returns the ids touched."""
        ids = list(dict.fromkeys([d["order_id"] for d in put] + list(delete)))
        self._bump(ids)
        try:
            stored = [i for i in ids if self._table.contains(doc_id=i)]
            if stored:
                self._table.remove(doc_ids=stored)
            if put:
                self._table.insert_multiple(Document(d, doc_id=d["order_id"]) for d in put)
        except BaseException:
            self._storage.rollback()  # half a change is no change
            self._table.clear_cache()
            raise
        return ids

    def _start_write(self, ids: list[str]) -> asyncio.Future:
        """Hand what ``_apply`` changed to the writer thread as one journal file."""
        try:
            return self._storage.flush()
        except BaseException:  # nothing was written and the documents are back as they were
            self._bump(ids)
            self._table.clear_cache()
            raise

    async def _finish_write(self, write: asyncio.Future, ids: list[str]) -> None:
        """Wait until the change is on disk; on failure the previous state is back."""
        try:
            await write
        except Exception as exc:  # the disk refused it, or a document JSON cannot hold (raised as is)
            self._bump(ids)  # the documents are back as they were: new to caches of derived views
            self._table.clear_cache()
            if isinstance(exc, OSError):
                raise StoreWriteError(f"could not save the orders: {exc.strerror or exc}") from exc
            raise
        self.writes += 1
        self.revision += 1
        if self._storage.compaction_due():
            await self._storage.compact()

    async def _commit(self, ids: list[str]) -> None:
        await self._finish_write(self._start_write(ids), ids)

    def _raw(self, order_id: str) -> dict | None:
        doc = self._table.get(doc_id=order_id)
        return dict(doc) if doc is not None else None

    @contextlib.asynccontextmanager
    async def merging(self, orders: list[dict], page_kind: str, captured_at: datetime) -> AsyncIterator[PageMerge]:
        """Merge one page's orders, one write at most, as a transaction: the block gets the stored
        orders in page order, and which of them the page told something new (``PageMerge``), and may
        work on them while the change is written (the service works out their hints meanwhile);
        leaving the block waits until the change is on disk, and raises StoreWriteError, with the
        orders back as they were, when the disk refused it. A failure in the block is raised once
        the store's own state is right: the change is kept either way."""
        # one zone for every stamp: first_seen/last_seen are compared as text
        clock = datetime.now(timezone.utc)
        try:
            stamp = captured_at.astimezone(timezone.utc).isoformat(timespec="seconds")
        except (OverflowError, ValueError):  # year 1 or 9999 in the client's zone: no instant at all
            stamp = None
        if stamp is None or not stored_date_ok(stamp, clock):
            stamp = clock.isoformat(timespec="seconds")  # a capture "in 9999" would pin last_seen for good
        seen = list(dict.fromkeys(oid for oid in (order.get("order_id") if isinstance(order, dict) else None
                                                  for order in orders) if is_order_id(oid)))
        async with self._lock:
            put: dict[str, dict] = {}
            before: dict[str, dict | None] = {}  # each order as stored before this page
            for order in orders:
                clean = sanitize_page_order(order, clock) if isinstance(order, dict) else None
                if clean is None:
                    continue
                oid = clean["order_id"]
                old = put.get(oid)
                if old is None:
                    old = before[oid] = before[oid] if oid in before else self._raw(oid)
                merged = merge_order(old, clean, page_kind, stamp)
                if _worth_writing(old, merged):
                    put[oid] = merged
            # only a written order can have been told something new (an unchanged one is not written)
            told = [oid for oid, doc in put.items() if page_data_changed(before[oid], doc)]
            write = ids = None
            if put:
                ids = self._apply(list(put.values()), [])
                write = self._start_write(ids)
            failure: BaseException | None = None
            try:
                yield PageMerge([view for view in (self.get(oid) for oid in seen) if view is not None], told)
            except BaseException as exc:
                failure = exc
            if write is not None:
                await self._finish_write(write, ids)
            if failure is not None:
                raise failure

    async def merge_page(self, orders: list[dict], page_kind: str, captured_at: datetime) -> list[dict]:
        """Merge one page's orders and return them as stored, once the change is on disk."""
        async with self.merging(orders, page_kind, captured_at) as merged:
            return merged.orders

    async def update_user_fields(self, order_id: str, fields: dict) -> dict | None:
        async with self._lock:
            old = self._raw(order_id)
            if old is None:
                return None
            new = {**old, **fields}
            if new != old:
                await self._commit(self._apply([new], []))
            return public_view(new)

    async def change_document(self, order_id: str, change: Callable[[dict], dict]) -> dict | None:
        """Replace one stored document by ``change(copy of it)``, read and written under the lock so
        two changes never undo each other; None when there is no such order. An exception from
        ``change`` is raised with nothing written."""
        async with self._lock:
            old = self._raw(order_id)
            if old is None:
                return None
            new = change(dict(old))
            if new != old:
                await self._commit(self._apply([new], []))
            return public_view(new)

    async def put_documents(self, docs: list[dict]) -> None:
        """Replace whole stored documents, as they are (tests and tools that set up a store)."""
        async with self._lock:
            await self._commit(await self._apply_in_steps(docs))

    async def merge_documents(self, incoming: list[dict], merge: Callable[[dict, list[dict]], tuple[list[dict], dict]]) -> dict:
        """Merge whole documents (a backup's) into the store, one write at most; returns the counts.

        ``merge(current, incoming)`` -> (documents to write, counts) is a pure function of the
        stored documents by id (``exports.backup.merge_backup``). It runs in a worker thread, first
        on a snapshot and without the lock, so pages and edits go on meanwhile. The write is made
        under the lock, and when an order the merge covers changed meanwhile (a page, an edit, one
        that was still waiting for the lock when the merge finished included), the merge is done
        again under the lock, where nothing can change: what is written is always merged from the
        store as it is when it is written. The documents are applied in steps, yielding between
        them, so the loop keeps answering while thousands are stored."""
        loop = asyncio.get_running_loop()
        ids = [doc["order_id"] for doc in incoming]
        versions = [self.version(oid) for oid in ids]
        put, stats = await loop.run_in_executor(None, merge, self._current(), incoming)
        async with self._lock:
            if any(self.version(oid) != seen for oid, seen in zip(ids, versions)):
                put, stats = await loop.run_in_executor(None, merge, self._current(), incoming)
            if put:
                await self._commit(await self._apply_in_steps(put))
        await _drop_in_steps(put)  # the table holds its own copies
        return stats

    def _current(self) -> dict[str, dict]:
        """The stored documents by id, not copied (never changed in place): for a worker thread."""
        return dict(self._storage.read()[TABLE])

    async def _apply_in_steps(self, put: list[dict]) -> list[str]:
        """``_apply`` of many documents, APPLY_STEP at a time with the loop free between steps; the
        caller holds the lock and writes them all as one change (a failure undoes every step)."""
        ids: list[str] = []
        for start in range(0, len(put), APPLY_STEP):
            if start:
                await asyncio.sleep(0)
            ids += self._apply(put[start:start + APPLY_STEP], [])
        return ids

    async def delete(self, order_id: str) -> bool:
        async with self._lock:
            if self._raw(order_id) is None:
                return False
            await self._commit(self._apply([], [order_id]))
            return True

    async def close(self) -> None:
        async with self._lock:
            if self._storage.journal_files:
                await self._storage.compact()
        self._db.close()
