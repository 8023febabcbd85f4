"""A TinyDB storage that keeps the tables in memory and makes each change durable as one journal file.

Layout in the data folder:
  orders.json        TinyDB's JSON format ({"orders": {id: document}, "_meta": {"1": {"seq": N}}}),
                     rewritten atomically when the journal is compacted
  journal/NNN.json   one file per flush: the documents it puts and the ids it deletes, written atomically

``read()`` returns the tables held in memory and ``write(data)`` makes ``data`` the current state,
in memory only, like TinyDB's CachingMiddleware. What changed since the last ``flush()`` is
remembered by document id (the document each id held before), so ``flush()`` writes just those
documents, as one small file (temp file, fsync, rename, fsync folder) in a writer thread: its cost
does not grow with the number of stored documents. When a flush fails (a full disk) the documents
are put back as they were, so memory never holds what the disk does not. Every ``COMPACT_EVERY``
flushes the snapshot is rewritten and the journal emptied. At start-up the snapshot is loaded and
the journal replayed; a damaged file is moved aside, never deleted, and reported in ``problems``.

Not thread-safe: read, write and flush are called from one thread (the Store's event loop); the
writer thread only encodes and writes the documents a flush hands it. Documents must be replaced, never changed in
place (TinyDB's ``Table.update`` changes the stored dict itself, which no journal could notice).
"""

from __future__ import annotations

import asyncio
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Awaitable

from tinydb.storages import Storage

from companion.model import is_order_id
from companion.store import files

log = logging.getLogger(__name__)

SNAPSHOT = "orders.json"
JOURNAL = "journal"
COMPACT_EVERY = 200
_ABSENT = None  # what ``changed`` records for an id that had no document


def _id_text(value) -> str | None:
    """A stored order id as text (an older snapshot may hold it as a number); None when it is not
    ASCII digits."""
    if type(value) is int and value > 0:
        value = str(value)
    return value if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 32 else None


def _valid(doc) -> bool:
    return isinstance(doc, dict) and _id_text(doc.get("order_id")) is not None


class _NotingTable(dict):
    """The stored table (id text -> document, TinyDB's format) noting in ``changed`` what each id
    held before its first change since the last flush. Reads are plain dict reads."""

    __slots__ = ("changed",)

    def __init__(self, docs: dict, changed: dict):
        super().__init__(docs)
        self.changed = changed

    def _note(self, key) -> None:
        if key not in self.changed:
            self.changed[key] = dict.get(self, key, _ABSENT)

    def __setitem__(self, key, doc) -> None:
        self._note(key)
        dict.__setitem__(self, key, doc)

    def __delitem__(self, key) -> None:
        self._note(key)
        dict.__delitem__(self, key)

    def pop(self, key, *default):
        if key in self:
            self._note(key)
        return dict.pop(self, key, *default)

    def popitem(self):
        if not self:
            raise KeyError("popitem(): table is empty")
        key = next(reversed(self))
        return key, self.pop(key)

    def setdefault(self, key, default=None):
        if key not in self:
            self[key] = default
        return dict.__getitem__(self, key)

    def update(self, *args, **kwargs) -> None:
        for key, doc in dict(*args, **kwargs).items():
            self[key] = doc

    def clear(self) -> None:
        for key in self:
            self._note(key)
        dict.clear(self)

    def __ior__(self, other):
        self.update(other)
        return self


@dataclass(frozen=True)
class SetAside:
    """Stored orders whose number is not an order number (``model.is_order_id``: a leading zero,
    too few digits), kept by a version from before numbers were checked. Compared as text, such
    a number is another order than the one the buyer sees ("0081..." beside "81..."), so they are
    taken out of the store, written whole to ``path`` (a file the dashboard's restore reads, once
    the numbers are put right), and reported."""

    path: Path
    order_ids: tuple[str, ...]


class JournalStorage(Storage):
    """TinyDB storage for one table (``table``) of documents keyed by their ``order_id``."""

    def __init__(self, data_dir: Path, table: str):
        self.data_dir = Path(data_dir)
        self.snapshot_path = self.data_dir / SNAPSHOT
        self.journal_dir = self.data_dir / JOURNAL
        self.table_name = table
        self.problems: list[str] = []
        self.set_aside: SetAside | None = None
        self.set_aside_report: str | None = None  # its line in ``problems``
        self.seq = 0  # number of the last journal file written
        self.journal_files = 0  # journal files not yet folded into the snapshot
        self._changed: dict[str, dict | None] = {}
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="order-store")
        self._table: dict = _NotingTable(self._load(), self._changed)
        self._tables: dict = {table: self._table}

    # ---- TinyDB's storage interface ------------------------------------------------------
    def read(self) -> dict:
        return self._tables

    def write(self, data: dict) -> None:
        """Make ``data`` the current state (in memory; ``flush()`` makes it durable)."""
        others = set(data) - {self.table_name}
        if others:
            for name in others:
                del data[name]  # ``data`` may be the dict read() returned
            raise ValueError(f"this storage keeps only the {self.table_name!r} table, not {sorted(others)}")
        table = data.setdefault(self.table_name, {})
        if table is not self._table:
            # A new table dict: TinyDB rebuilt it (its own Table._update_table does, see
            # order_store._OrderTable). Find what changed by id; documents that did not change are
            # the same objects. Correct at any size, but costs O(stored documents).
            old = self._table
            for key, doc in table.items():
                if old.get(key) is not doc and key not in self._changed:
                    self._changed[key] = old.get(key, _ABSENT)
            for key, doc in old.items():
                if key not in table:
                    self._changed.setdefault(key, doc)
            self._table = table
        self._tables = data

    def close(self) -> None:
        self._writer.shutdown(wait=True)

    # ---- durability ------------------------------------------------------------------------
    def flush(self) -> Awaitable[None]:
        """Start writing what changed since the last flush as one journal file; await the result
        to know it is on disk. Raises OSError (once awaited) when it could not be written, or
        the encoder's error for a document JSON cannot hold: the changed documents are then back
        as they were. The caller may work meanwhile (on this thread), but change nothing until
        the result is in."""
        changed = dict(self._changed)
        self._changed.clear()
        table = self._table
        put = [table[key] for key in changed if key in table]
        delete = [key for key in changed if key not in table]
        self.seq += 1
        path = self.journal_dir / f"{self.seq:012d}.json"
        # encoded in the writer thread too: a restore's one entry holds every order it brings, and
        # the loop must keep answering meanwhile. Documents are replaced, never changed in place,
        # so the thread reads them safely while the loop goes on.
        entry = {"seq": self.seq, "put": put, "delete": delete}
        write = asyncio.get_running_loop().run_in_executor(self._writer, _encode_and_write, path, entry)
        return self._settle(write, changed)

    async def _settle(self, write: Awaitable[None], changed: dict) -> None:
        try:
            await write
        except Exception:  # the disk refused it, or a document JSON cannot hold: not kept either
            self.seq -= 1
            self._put_back(changed)
            raise
        self.journal_files += 1

    def rollback(self) -> None:
        """Forget the changes not yet flushed: the documents are put back as they were."""
        changed = dict(self._changed)
        self._changed.clear()
        self._put_back(changed)

    def _put_back(self, changed: dict) -> None:
        for key, doc in changed.items():
            if doc is _ABSENT:
                dict.pop(self._table, key, None)
            else:
                dict.__setitem__(self._table, key, doc)

    def compaction_due(self) -> bool:
        return self.journal_files >= COMPACT_EVERY

    async def compact(self) -> None:
        """Rewrite the snapshot with what has been flushed and empty the journal. On failure the
        journal still holds everything: logged, tried again later."""
        docs = dict(self._table)
        for key, doc in self._changed.items():  # not flushed: not for the disk either
            if doc is _ABSENT:
                docs.pop(key, None)
            else:
                docs[key] = doc
        tables = {self.table_name: docs, "_meta": {"1": {"seq": self.seq}}}
        try:
            await asyncio.get_running_loop().run_in_executor(self._writer, self._write_snapshot, tables, self.seq)
            self.journal_files = 0
        except OSError as exc:
            log.warning("compaction failed: %s", exc)

    def _write_snapshot(self, tables: dict, seq: int) -> None:
        files.write_atomic(self.snapshot_path, files.encode_in_steps(tables, self.table_name))
        for path in self.journal_dir.glob("*.json"):
            try:
                if int(path.stem) <= seq:
                    path.unlink()
            except (ValueError, OSError):
                pass
        files.fsync_dir(self.journal_dir)

    # ---- loading ---------------------------------------------------------------------------
    def _load(self) -> dict:
        """The snapshot, then the journal replayed. Nothing on disk can stop the start: a file that
        cannot be read, or is not of the shape this storage writes, is moved aside (never deleted)
        and reported in ``problems``; documents of the wrong shape in a readable file are left out,
        the file kept as a copy beside it, and reported too."""
        files_ok = True
        self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.journal_dir.mkdir(exist_ok=True, mode=0o700)
        docs: dict = {}
        if self.snapshot_path.exists():
            try:
                data = files.read_json(self.snapshot_path)
                raw = data.get(self.table_name, {}) if isinstance(data, dict) else None
                if not isinstance(raw, dict):
                    raise ValueError("not an order-guard store")
                meta = data.get("_meta", {})
                mark = meta.get("1", {}) if isinstance(meta, dict) else None
                seq = mark.get("seq", 0) if isinstance(mark, dict) else None
                if type(seq) is not int or seq < 0:
                    raise ValueError("its journal number is not a whole number")
                self.seq = seq
                skipped = self._take(docs, raw.values())
                if skipped:
                    self.problems.append(f"The order store {self.snapshot_path} held {skipped} entries that are not orders; "
                                         f"they were left out and the file was copied to {self._keep_copy(self.snapshot_path)}.")
            except Exception as exc:  # noqa: BLE001 - whatever the file holds, the companion starts
                files_ok = False
                docs = {}
                moved = self._move_aside(self.snapshot_path)
                self.problems.append(f"The order store {self.snapshot_path} could not be read ({_reason(exc)}); "
                                     f"it was moved to {moved} and the companion started with the orders it could recover.")
        for path in sorted(self.journal_dir.glob("*.json")):
            try:
                seq = int(path.stem) if path.stem.isascii() and path.stem.isdigit() else None
                if seq is None:
                    raise ValueError("its name is not a journal number")
                entry = files.read_json(path)
                if not isinstance(entry, dict):
                    raise ValueError("journal entry is not an object")
                put, delete = entry.get("put", []), entry.get("delete", [])
                if not isinstance(put, list) or not isinstance(delete, list):
                    raise ValueError("journal entry is not of the shape Order Guard writes")
            except Exception as exc:  # noqa: BLE001 - a journal file of any shape must not stop the start
                moved = self._move_aside(path)
                self.problems.append(f"A journal file could not be read ({_reason(exc)}); it was moved to {moved}.")
                continue
            self.journal_files += 1
            if seq <= self.seq and files_ok:
                continue  # already in the snapshot (a crash between snapshot and clean-up)
            skipped = self._take(docs, put)
            for order_id in delete:
                if _id_text(order_id) is not None:
                    docs.pop(_id_text(order_id), None)
                else:
                    skipped += 1
            if skipped:
                self.problems.append(f"The journal file {path.name} held {skipped} entries that are not orders; "
                                     f"they were left out and the file was copied to {self._keep_copy(path)}.")
            self.seq = max(self.seq, seq)
        for path in self.journal_dir.glob(".*.tmp"):
            try:
                path.unlink(missing_ok=True)  # a write that never completed
            except OSError:
                pass
        legacy = {oid: doc for oid, doc in docs.items() if not is_order_id(oid)}
        if legacy:
            self._set_aside(docs, legacy)
        for problem in self.problems:
            log.warning(problem)
        return docs

    def _set_aside(self, docs: dict, legacy: dict) -> None:
        """Moves ``legacy`` out of ``docs``: first written whole to a file of their own, then their
        removal journaled, so that no order is ever only in memory or nowhere. When the file cannot
        be written they stay in the store as they are, and that is reported instead."""
        ids = sorted(legacy)
        shown = ", ".join(ids[:5]) + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")
        what = (f"{len(ids)} stored order(s) have a number that is not an AliExpress order number ({shown}): it starts "
                "with a zero or is too short, kept by a version from before numbers were checked")
        target = self.data_dir / f"set-aside-orders-{time.strftime('%Y%m%d-%H%M%S')}.json"
        n = 1
        while target.exists():
            target = self.data_dir / f"set-aside-orders-{time.strftime('%Y%m%d-%H%M%S')}-{n}.json"
            n += 1
        try:
            files.write_atomic(target, files.dumps({"orders": [legacy[oid] for oid in ids]}))
            path = self.journal_dir / f"{self.seq + 1:012d}.json"
            files.write_atomic(path, files.dumps({"seq": self.seq + 1, "put": [], "delete": ids}))
        except OSError as exc:
            self.problems.append(f"{what}. They could not be set aside ({exc.strerror or exc}) and are kept as they are.")
            return
        self.seq += 1
        self.journal_files += 1
        for oid in ids:
            del docs[oid]
        self.set_aside = SetAside(target, tuple(ids))
        self.set_aside_report = (f"{what}. They were taken out of the store and kept in {target}: remove the leading "
                                 "zeros from their numbers in that file, then restore it on the dashboard (\"Restore backup…\").")
        self.problems.append(self.set_aside_report)

    @staticmethod
    def _take(docs: dict, entries) -> int:
        """Adds the valid documents of ``entries`` to ``docs`` (keyed, and their ``order_id`` held,
        as text); returns how many entries were not documents."""
        skipped = 0
        for doc in entries:
            if not _valid(doc):
                skipped += 1
                continue
            oid = _id_text(doc["order_id"])
            docs[oid] = doc if doc["order_id"] == oid else {**doc, "order_id": oid}
        return skipped

    def _keep_copy(self, path: Path) -> str:
        try:
            return files.keep_copy(path).name
        except OSError as exc:
            return f"nowhere (it could not be copied: {exc.strerror or exc})"

    def _move_aside(self, path: Path) -> str:
        try:
            return files.move_aside(path).name
        except OSError as exc:  # a read-only folder: the file stays, the start goes on
            return f"nowhere (it could not be moved: {exc.strerror or exc})"


def _encode_and_write(path: Path, entry: dict) -> None:
    files.write_atomic(path, files.encode_in_steps(entry, "put"))


def _reason(exc: BaseException) -> str:
    return (str(exc) or type(exc).__name__)[:200]
