"""The service: one method for each thing the extension, the dashboard or the CLI asks of the
companion. It turns those into calls on the domain (parsing, rules, store, exports) and owns what
makes them fast: the page and hint caches, the overview cache, the GC policy and the worker thread.
The web layer validates what arrives and makes one call here; nothing here knows of HTTP.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from datetime import datetime

from companion import __version__, parsing
from companion.exports import backup, calendar, spreadsheet
from companion.model import is_order_id
from companion.service import gc_policy, importing
from companion.service.hint_cache import HintCache
from companion.service.overview import Overview, OverviewCache, is_estimated
from companion.service.page_cache import PageCache
from companion.store import Store, StoreWriteError
from companion.store.merge import page_data_changed


class NotFound(LookupError):
    """No order with this number."""


class SaveFailed(RuntimeError):
    """The disk refused the write; nothing was lost, the message says what to do."""


class BadInput(ValueError):
    """What the buyer sent cannot be used; the message says why, in plain words."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


class OrderService:
    def __init__(self, store: Store, clock: Callable[[], datetime]):
        self.store = store
        self.clock = clock
        self.page_cache = PageCache()
        self.hint_cache = HintCache()
        self.overview_cache = OverviewCache()

    def now(self) -> datetime:
        return self.clock()

    # ---- what the companion knows --------------------------------------------------------------

    def health(self) -> dict:
        return {"status": "ok", "version": __version__, "orders": self.store.count(), "problems": self.store.problems}

    def hint(self, order: dict, when: datetime, lang: str) -> dict:
        return self.hint_cache.hint(order, self.store.version(order["order_id"]), when, lang)

    def with_hint(self, order: dict, when: datetime, lang: str) -> dict:
        return {**order, "hint": self.hint(order, when, lang)}

    def stored(self, order_id: str) -> dict | None:
        return self.store.get(order_id) if is_order_id(order_id) else None

    async def overview(self) -> Overview:
        return await self.overview_cache.get(self.store, self.now())

    async def ranked(self, severities: set[str] | None, limit: int | None, lang: str) -> dict:
        """Orders most urgent first (``total`` counts them before ``limit``); full hints only for
        the orders returned: the cached assessments decide which those are."""
        when = self.now()
        ranked = (await self.overview_cache.get(self.store, when)).ranked
        if severities is not None:
            ranked = [pair for pair in ranked if pair[1].get("severity") in severities]
        chosen = ranked if limit is None else ranked[:limit]
        orders = [self.store.get(order["order_id"]) for order, _ in chosen]
        return {"orders": [self.with_hint(order, when, lang) for order in orders if order], "total": len(ranked),
                "estimated": sum(1 for _, a in ranked if is_estimated(a))}

    def order(self, order_id: str, lang: str) -> dict:
        order = self.store.get(order_id) if is_order_id(order_id) else None
        if order is None:
            raise NotFound(order_id)
        return self.with_hint(order, self.now(), lang)

    # ---- a page arrived --------------------------------------------------------------------------

    async def receive_page(self, url: str, content, captured_at: datetime | None, captures: list, lang: str) -> dict:
        """Parse (in a worker thread, the collector paused), merge into the store, hint every order."""
        captured = captured_at or self.now()
        cacheable = isinstance(content, str) and not captures
        parsed = None
        if cacheable:
            key = self.page_cache.key(url, content)
            parsed = self.page_cache.get(key)
        if parsed is None:
            parsed = await asyncio.get_running_loop().run_in_executor(
                None, gc_policy.with_collector_paused(parsing.parse_page), url, content, captured, captures)
            if cacheable:
                self.page_cache.put(key, parsed)
        when = self.now()
        writes = self.store.writes
        before = {oid: self.store.get(oid) for oid in _order_ids(parsed.orders)}
        try:
            async with self.store.merging(parsed.orders, parsed.page_kind, captured) as stored:
                orders = [self.with_hint(o, when, lang) for o in stored]  # while the store waits for the disk
        except StoreWriteError as exc:
            raise SaveFailed(f"The orders were not saved: {exc}. Nothing was lost; free some disk space and reload the page.") from None
        return {"page_kind": parsed.page_kind, "orders": orders, "warnings": parsed.warnings, "reading": parsed.reading(),
                "changed": self.store.writes - writes,
                # the orders this page told something new (a first sight included): a scan stops at a batch of none
                "changed_orders": [o["order_id"] for o in stored if page_data_changed(before.get(o["order_id"]), o)]}

    async def report(self, url: str, content, captured_at: datetime | None, captures: list) -> dict:
        """The page report (structure and what was read, no text of the page)."""
        captured = captured_at or self.now()

        def build():
            from companion.parsing import report

            return report.build(url, content, parsing.parse_page(url, content, captured, captures))

        return await asyncio.get_running_loop().run_in_executor(None, build)

    # ---- the buyer's edits -----------------------------------------------------------------------

    async def edit(self, order_id: str, fields: dict, lang: str) -> dict:
        if not is_order_id(order_id):
            raise NotFound(order_id)
        try:
            order = await self.store.update_user_fields(order_id, fields)
        except StoreWriteError as exc:
            raise SaveFailed(f"Your change was not saved: {exc}.") from None
        if order is None:
            raise NotFound(order_id)
        return self.with_hint(order, self.now(), lang)

    async def delete(self, order_id: str) -> None:
        if not is_order_id(order_id):
            raise NotFound(order_id)
        try:
            deleted = await self.store.delete(order_id)
        except StoreWriteError as exc:
            raise SaveFailed(f"The order was not deleted: {exc}.") from None
        if not deleted:
            raise NotFound(order_id)

    # ---- exports, restore, import ----------------------------------------------------------------

    async def export(self, fmt: str, alarm_days: tuple[int, ...], dashboard_url: str) -> bytes:
        """The whole store as a backup (json), a spreadsheet (csv) or a calendar (ics)."""
        now = self.now()
        loop = asyncio.get_running_loop()
        # serializing thousands of orders takes from a fraction of a second (CSV) to seconds (ICS):
        # a worker thread does it on a snapshot, so the loop keeps answering the extension meanwhile
        if fmt == "json":
            doc = backup.backup_document(self.store.documents(), now, __version__)
            return await loop.run_in_executor(None, _json_bytes, doc)
        overview = await self.overview_cache.get(self.store, now)
        orders = [order for order, _ in overview.ranked]
        if fmt == "csv":
            return await loop.run_in_executor(None, lambda: spreadsheet.to_csv(orders, overview.assessments).encode("utf-8"))
        return await loop.run_in_executor(None, lambda: calendar.to_ics(orders, overview.assessments, now,
                                                                      alarm_days=alarm_days, dashboard_url=dashboard_url))

    async def restore(self, document: object) -> dict:
        """Merges a backup into the store: how many orders it held, were added, updated, kept.

        Checking 20,000 orders field by field takes about a second and merging them a tenth: both
        run in a worker thread with the collector paused, so the loop keeps answering the extension
        and the dashboard meanwhile (tests/reliability/test_big_stores.py measures it). The merge
        works on a snapshot of the store and is done again when an order it covers changed while
        it ran (a page, an edit)."""
        loop = asyncio.get_running_loop()
        try:
            incoming = await loop.run_in_executor(None, gc_policy.with_collector_paused(backup.parse_backup),
                                                  document, self.now())
        except backup.BackupError as exc:
            raise BadInput("bad_backup", str(exc)) from None
        put, stats = await self._merge_backup(incoming)
        if put:
            try:
                # one write for the whole restore; storing 20,000 new documents sets off collections
                # that walk the whole heap (0.24 s on the loop instead of 0.1 s): paused meanwhile
                with gc_policy.paused():
                    await self.store.put_documents(put)
            except StoreWriteError as exc:
                raise SaveFailed(f"Nothing was imported: {exc}.") from None
        return {"imported": len(incoming), **stats}

    async def _merge_backup(self, incoming: list[dict]) -> tuple[list[dict], dict]:
        """``backup.merge_backup`` against the store, in a worker thread; what it returns is right
        for the store as it is when this returns (on the loop, with nothing awaited after it
        before the write). Stored documents are replaced, never changed in place, so the thread
        may read a snapshot of them while the loop goes on."""
        loop = asyncio.get_running_loop()
        ids = [doc["order_id"] for doc in incoming]
        for _ in range(3):
            versions = [self.store.version(oid) for oid in ids]
            current = {doc["order_id"]: doc for doc, _ in self.store.snapshot()}
            put, stats = await loop.run_in_executor(None, gc_policy.with_collector_paused(backup.merge_backup),
                                                    current, incoming)
            if all(self.store.version(oid) == seen for oid, seen in zip(ids, versions)):
                return put, stats
        # the store kept changing under the merge (a long burst of pages): merge on the loop
        return backup.merge_backup({d["order_id"]: d for d in self.store.documents()}, incoming)

    async def import_saved(self, raw: bytes, name: str) -> dict:
        """Stores every order of a HAR file or of saved responses, as `order-guard import` does;
        a bad file changes nothing."""
        try:
            # reading a HAR of a few MB takes a moment: a worker thread does it, the loop keeps answering
            prepared = await asyncio.get_running_loop().run_in_executor(None, importing.prepare, raw, self.now())
        except importing.ImportFileError as exc:
            raise BadInput("bad_import_file", importing.refusal(name, str(exc))) from None
        try:
            stats = await importing.store_pages(self.store, prepared)
        except StoreWriteError as exc:
            raise SaveFailed(f"{exc}. Orders from the responses saved before the failure were kept; "
                             "free some disk space and import the file again.") from None
        return {**stats, "warnings": prepared.warnings}


def _order_ids(orders: list) -> list[str]:
    return [o["order_id"] for o in orders if isinstance(o, dict) and is_order_id(o.get("order_id"))]


def _json_bytes(doc: dict) -> bytes:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
