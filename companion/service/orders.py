"""The service: one method for each thing the extension, the dashboard or the CLI asks of the
companion. It turns those into calls on the domain (parsing, rules, store, exports) and owns what
makes them fast: the page and hint caches, the overview cache, the GC policy and the worker thread.
The web layer validates what arrives and makes one call here; nothing here knows of HTTP.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from datetime import datetime

from companion import __version__, parsing
from companion.rules import has_follow_ups
from companion.exports import backup, calendar, spreadsheet
from companion.model import fit_orders, is_order_id
from companion.service import case, gc_policy, importing, stepwise_json
from companion.service.hint_cache import HintCache
from companion.service.overview import Overview, OverviewCache, is_estimated
from companion.service.page_cache import PageCache
from companion.service.settings import BuyerSettings
from companion.service.toolbar_count import ToolbarCount, lean_order
from companion.store import Store, StoreWriteError


# A page sent in a small body (an order area of the usual size) is read on the loop's own thread. Handed to a
# worker thread it took longer (docs/performance.md: the thread is woken, often on the other core, away from the
# page's text in the cache), and the loop gains little meanwhile: one thread runs Python at a time, so while a
# worker thread reads, the loop gets a turn only now and then anyway. Larger pages go to the worker thread, so the
# loop is never held for long.
READ_HERE_MAX_BYTES = 256 * 1024


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
        self.toolbar_count = ToolbarCount()
        self.settings = BuyerSettings(store.data_dir, store.problems)

    def now(self) -> datetime:
        return self.clock()

    async def close(self) -> None:
        gc_policy.release_pending()  # a pause held past the last answer: no answer comes after this
        await self.store.close()

    # ---- what the companion knows --------------------------------------------------------------

    def health(self) -> dict:
        return {"status": "ok", "version": __version__, "orders": self.store.count(), "problems": self.store.problems}

    def hint(self, order: dict, when: datetime, lang: str, with_actions: bool = True) -> dict:
        return self.hint_cache.hint(order, self.store.version(order["order_id"]), when, lang, self.settings.stall_days,
                                    with_actions)

    def with_hint(self, order: dict, when: datetime, lang: str, with_actions: bool = True) -> dict:
        return {**order, "hint": self.hint(order, when, lang, with_actions)}

    def stored(self, order_id: str) -> dict | None:
        return self.store.get(order_id) if is_order_id(order_id) else None

    async def overview(self) -> Overview:
        return await self.overview_cache.get(self.store, self.now())

    async def ranked(self, severities: set[str] | None, limit: int | None, lang: str, *, follow_ups: bool = False) -> dict:
        """Orders most urgent first (``total`` counts them before ``limit``); full hints only for
        the orders returned: the cached assessments decide which those are. ``follow_ups``: only the
        orders that can have case follow-ups (``rules.has_follow_ups``). Each order comes as the JSON
        of ``with_hint`` (an ``orjson.Fragment``, made from the hint cache's bytes): encoding the
        answer with ``orjson.dumps`` gives what encoding the dicts would."""
        when = self.now()
        overview = await self.overview_cache.get(self.store, when)
        ranked, filtered = overview.ranked, severities is not None or follow_ups
        if severities is not None:
            ranked = [pair for pair in ranked if pair[1].get("severity") in severities]
        if follow_ups:
            ranked = [pair for pair in ranked if has_follow_ups(pair[0])]
        chosen = ranked if limit is None else ranked[:limit]
        orders = self.hint_cache.listed([order["order_id"] for order, _ in chosen], self.store.version, when, lang,
                                        self.settings.stall_days, self.store.get)
        estimated = sum(1 for _, a in ranked if is_estimated(a)) if filtered or overview.estimated is None else len(overview.estimated)
        return {"orders": orders, "total": len(ranked), "estimated": estimated}

    def order(self, order_id: str, lang: str) -> dict:
        order = self.store.get(order_id) if is_order_id(order_id) else None
        if order is None:
            raise NotFound(order_id)
        return self.with_hint(order, self.now(), lang)

    # ---- a page arrived --------------------------------------------------------------------------

    async def receive_page(self, url: str, content, captured_at: datetime | None, captures: list, lang: str,
                           timing: dict | None = None, body_bytes: int | None = None, with_actions: bool = True) -> dict:
        """Parse, merge into the store, hint every order; the collector paused from the parse until the
        answer has gone out (``gc_policy.paused_past_answer``). A page whose request body was at most
        ``READ_HERE_MAX_BYTES`` (``body_bytes``; None: unknown) is read on the loop's own thread, a larger
        one in a worker thread. ``timing``, when given, gets how long each part took in milliseconds:
        ``read`` (the parse, its wait for a thread included), ``store`` (merge, hints, the write) and ``toolbar``.
        Without ``with_actions``, each hint is the badge's (no ``actions``: ``rules.hint_until``)."""
        with gc_policy.paused_past_answer():
            return await self._receive_page(url, content, captured_at, captures, lang, timing, body_bytes, with_actions)

    async def _receive_page(self, url: str, content, captured_at: datetime | None, captures: list, lang: str,
                            timing: dict | None, body_bytes: int | None, with_actions: bool) -> dict:
        began = time.perf_counter()
        captured = captured_at or self.now()
        cacheable = isinstance(content, str) and not captures
        parsed = None
        if cacheable:
            key = self.page_cache.key(url, content)
            parsed = self.page_cache.get(key)
        if parsed is None:
            if body_bytes is not None and body_bytes <= READ_HERE_MAX_BYTES:
                parsed = read_page(url, content, captured, captures)
            else:
                parsed = await asyncio.get_running_loop().run_in_executor(None, read_page, url, content, captured, captures)
            if cacheable:
                self.page_cache.put(key, parsed)
        read = time.perf_counter()
        when = self.now()
        writes = self.store.writes
        try:
            async with self.store.merging(parsed.orders, parsed.page_kind, captured) as merged:
                orders = [self.with_hint(o, when, lang, with_actions) for o in merged.orders]  # while the store waits for the disk
        except StoreWriteError as exc:
            raise SaveFailed(f"The orders were not saved: {exc}. Nothing was lost; free some disk space and reload the page.") from None
        stored = time.perf_counter()
        # the hints just made hold the assessments the toolbar's count would make again for these orders
        known = {o["order_id"]: (self.store.version(o["order_id"]), o["hint"]) for o in orders if not o["hint"].get("internal_error")}
        toolbar = await self.toolbar(lang, known, with_actions)
        if timing is not None:
            timing.update(read=(read - began) * 1000, store=(stored - read) * 1000, toolbar=(time.perf_counter() - stored) * 1000)
        return {"page_kind": parsed.page_kind, "orders": orders, "warnings": parsed.warnings, "reading": parsed.reading(),
                "changed": self.store.writes - writes,
                # the orders this page told something new (a first sight included): a scan stops at a batch of none
                "changed_orders": merged.told,
                "toolbar": toolbar}

    async def toolbar(self, lang: str, known: dict[str, tuple[int, dict]] | None = None, known_with_actions: bool = True) -> dict:
        """What the extension's toolbar shows: the orders, ``total`` and ``estimated`` that
        GET /api/v1/orders?severity=urgent,soon&limit=100 answers (plus ``valid_until``), from the count kept
        order by order (``ToolbarCount``). Each order is lean (``toolbar_count.lean_order``): ``order_id``,
        ``store``, ``items[0].title`` and ``hint`` with ``severity``, ``days_left``, ``exact``, ``source``,
        ``summary``, all the worker reads (a badge's hint holds them: ``known`` may be those, with
        ``known_with_actions`` false); GET /api/v1/orders keeps the whole hints."""
        when = self.now()
        stall_days, store = self.settings.stall_days, self.store
        if known:  # a hint made for a moment before ``when`` counts only while the cache still holds it for ``when``
            known = {oid: (version, hint) for oid, (version, hint) in known.items()
                     if self.hint_cache.kept(oid, version, when, lang, stall_days, known_with_actions) is hint}

        def shown(order_id: str) -> dict | None:
            # the stored document as it is, not a copy: a lean order holds a few of its fields, and the hint is
            # most often kept already (the page's own orders, or the last answer's)
            doc = store.stored_document(order_id)
            if doc is None:
                return None
            version = store.version(order_id)
            hint = (self.hint_cache.kept(order_id, version, when, lang, stall_days)
                    or self.hint_cache.kept(order_id, version, when, lang, stall_days, with_actions=False))
            # a badge's hint is all the count shows, and the cheaper one to work out
            return lean_order(doc, hint if hint is not None else self.hint(store.get(order_id), when, lang, with_actions=False))

        return await self.toolbar_count.answer(store, when, shown, known)

    async def report(self, url: str, content, captured_at: datetime | None, captures: list) -> dict:
        """The page report (structure and what was read, no text of the page)."""
        captured = captured_at or self.now()

        def build():
            from companion.parsing import report

            return report.build(url, content, read_page(url, content, captured, captures))

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

    async def change_case(self, order_id: str, raw_entry: object | None, n: int | None, lang: str) -> dict:
        """Records one case entry (``raw_entry``) or undoes entry ``n``; the order with its hint."""
        if not is_order_id(order_id):
            raise NotFound(order_id)
        try:
            change = case.appending(case.prepared(raw_entry, self.now())) if n is None else case.removing(n)
            order = await self.store.change_document(order_id, change)
        except (case.CaseEntryError, case.CaseFull) as exc:
            raise BadInput("bad_case_entry", str(exc)) from None
        except StoreWriteError as exc:
            raise SaveFailed(f"Your change was not saved: {exc}.") from None
        if order is None:
            raise NotFound(order_id)
        return self.with_hint(order, self.now(), lang)

    async def change_settings(self, values: dict) -> dict:
        """Saves the buyer's settings (checked by the caller); hints count with them from the next one on:
        the hint cache's key holds them, and nothing else kept depends on them (the overview and the
        toolbar count keep assessments, which do not)."""
        try:
            return await self.settings.change(values)
        except OSError as exc:
            raise SaveFailed(f"Your settings were not saved: {exc.strerror or exc}.") from None

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
                                                                      alarm_days=alarm_days, dashboard_url=dashboard_url,
                                                                      stall_days=self.settings.stall_days))

    async def restore(self, raw: bytes | str | list[bytes]) -> dict:
        """Merges a backup (the JSON text, or its bytes in the pieces they came in) into the store:
        how many orders it held, were added, updated, kept.

        Decoding the text, checking every order field by field and merging them all run in
        worker threads with the collector paused, and the store applies the result in steps
        (``Store.merge_documents``), so the loop keeps answering the extension and the dashboard
        meanwhile. The store merges again when an order changed while the merge ran."""
        now = self.now()

        def read() -> list[dict]:
            try:
                document = stepwise_json.loads(raw)  # one order at a time: the loop gets its turns meanwhile
            except stepwise_json.NotJson:
                raise BadInput("bad_json", "The body is not valid JSON.") from None
            try:
                return backup.parse_backup(document, now)
            except backup.BackupError as exc:
                raise BadInput("bad_backup", str(exc)) from None
            finally:
                stepwise_json.release(document)  # the orders as decoded, freed in steps too

        # paused from the first order decoded to the last one stored, then what lasts is frozen:
        # a collection in between would walk every order made so far, with no thread running
        loop = asyncio.get_running_loop()
        with gc_policy.paused(), gc_policy.loop_first():
            incoming = await loop.run_in_executor(None, read)
            imported = len(incoming)
            try:
                stats = await self.store.merge_documents(incoming, backup.merge_backup)
            except StoreWriteError as exc:
                raise SaveFailed(f"Nothing was imported: {exc}.") from None
            finally:
                # the checked orders (the store keeps its own copies) freed in a worker thread, in steps
                await loop.run_in_executor(None, stepwise_json.release_items, incoming)
            gc_policy.freeze_survivors()
        return {"imported": imported, **stats}

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


def read_page(url: str, content, captured_at: datetime, captures=()) -> parsing.ParsedPage:
    """``parsing.parse_page`` with every order within the store's limits (``model.fit_order``): a
    text too long is cut, a date or an amount too long is dropped, and a warning says which."""
    parsed = parsing.parse_page(url, content, captured_at, captures)
    parsed.orders, warnings = fit_orders(parsed.orders)
    parsed.warnings.extend(warnings)
    return parsed


def _json_bytes(doc: dict) -> bytes:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
