"""Importing saved AliExpress responses (a HAR file, a file of saved responses) into the store.

Beside ``exports`` (the backup restore). Two steps, so that a bad file changes nothing:
``prepare`` reads and parses the whole file (pure, no store, raises ``ImportFileError`` with one
plain sentence), and only then ``store_pages`` merges the orders, through the very path the
extension's pages take (``Store.merge_page``: sanitized fields only, one atomic journal file per
response, older captures only filling gaps). Only parsed orders reach the store: never a
response's text, never HTML, never the buyer's name, address or phone (the parser does not read
them and the store keeps only whitelisted fields).

Used by `order-guard import FILE` (``main``) and by the dashboard's restore page
(``dashboard/transfer_api.py``). The command opens the store itself only while it holds the data
folder's lock (``store/lock.py``), the lock `serve` holds for as long as it runs: two processes
writing one journal would overwrite each other's files. When the companion is running the
command changes nothing and says so; the dashboard's upload reaches the running store instead.
"""

from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from companion.model import fit_orders
from companion.parsing import ParsedPage, parse_page, responses

MAX_FILE_BYTES = responses.MAX_BYTES
MAX_WARNINGS = 20


class ImportFileError(ValueError):
    """The file holds nothing to import; the message says why, in one plain sentence."""


@dataclass
class Prepared:
    pages: list[tuple[ParsedPage, datetime]]  # responses that gave orders, oldest capture first
    read: int  # AliExpress order responses in the file
    total: int  # responses in the file
    warnings: list[str] = field(default_factory=list)

    @property
    def order_ids(self) -> list[str]:
        return list(dict.fromkeys(order["order_id"] for page, _ in self.pages for order in page.orders))


def prepare(raw: bytes | str, now: datetime | None = None) -> Prepared:
    """File content -> the parsed pages to store. ImportFileError when there is nothing to import."""
    now = now or datetime.now(timezone.utc)
    try:
        batch = responses.read(raw, now)
    except responses.ResponsesError as exc:
        raise ImportFileError(str(exc)) from None
    pages: list[tuple[ParsedPage, datetime]] = []
    warnings: list[str] = []
    for response in batch.responses:
        page = parse_page(response.url, response.data, response.captured_at)
        page.orders, cut = fit_orders(page.orders)  # within the store's limits, as a page's are
        page.warnings.extend(cut)
        for warning in page.warnings:
            if warning not in warnings and len(warnings) < MAX_WARNINGS:
                warnings.append(warning)
        if page.orders and page.page_kind != "unknown":
            pages.append((page, response.captured_at))
    if not pages:
        why = f" ({warnings[0][:200]})" if warnings else ""
        raise ImportFileError(f"its {len(batch.responses)} AliExpress response(s) hold no order Order Guard could read{why}")
    pages.sort(key=lambda pair: pair[1])  # stable: file order among equal times
    return Prepared(pages, len(batch.responses), batch.total, warnings)


async def store_pages(store, prepared: Prepared) -> dict:
    """Merge every parsed response into ``store``; counts of orders new / updated / unchanged.

    One ``merge_page`` per response, in capture order. If the disk fails half-way, the responses
    merged so far stay (each write is atomic) and StoreWriteError says so; importing the same file
    again is harmless (a capture seen again changes nothing)."""
    ids = prepared.order_ids
    existed = {oid for oid in ids if store.get(oid) is not None}
    versions = {oid: store.version(oid) for oid in existed}
    for page, captured_at in prepared.pages:
        await store.merge_page(page.orders, page.page_kind, captured_at)
    added = sum(1 for oid in ids if oid not in existed and store.get(oid) is not None)
    updated = sum(1 for oid in existed if store.version(oid) != versions[oid])
    return {"responses": prepared.read, "in_file": prepared.total, "orders": len(ids), "added": added,
            "updated": updated, "unchanged": len(ids) - added - updated}


def summary(stats: dict) -> str:
    return (f"Imported {stats['responses']} AliExpress response(s) (of {stats['in_file']} in the file): "
            f"{stats['orders']} order(s), {stats['added']} new, {stats['updated']} updated, {stats['unchanged']} unchanged.")


def refusal(name: str, reason: str) -> str:
    """The one line a bad file gets, the same on the command line and on the dashboard."""
    return f"{name} was not imported: {reason}. Nothing was changed."


# ---- the command --------------------------------------------------------------------------------
def _err(message: str) -> None:
    print(f"order-guard: {message}", file=sys.stderr)


def _busy_message(busy) -> str:
    holder = busy.holder
    pid = f" (pid {holder['pid']})" if isinstance(holder.get("pid"), int) else ""
    if holder.get("role") == "import":
        return f"another `order-guard import`{pid} is writing to {busy.path} right now; nothing was imported. Try again in a moment."
    port = holder.get("port") if isinstance(holder.get("port"), int) else 8778
    return (f"the companion is running{pid} and holds the data folder {busy.path}, so nothing was imported. "
            f"Import the file on its dashboard (http://127.0.0.1:{port}/, \"Import saved pages…\"), "
            "or stop the companion and run this command again.")


async def _store_in(data_dir: Path, prepared: Prepared) -> tuple[dict, list[str]]:
    from companion.store import Store

    store = Store(data_dir)
    try:
        return await store_pages(store, prepared), list(store.problems)
    finally:
        await store.close()


def main(args) -> int:
    """`order-guard import FILE [--data-dir DIR]`: 0 imported, 2 a bad file, 1 could not store."""
    from companion.config import ensure_data_dir, resolve_data_dir
    from companion.store import StoreWriteError
    from companion.store.lock import FolderBusy, FolderLock

    path = Path(args.file)
    try:
        size = path.stat().st_size
    except OSError as exc:
        _err(f"cannot read {path}: {exc.strerror or exc}")
        return 2
    if size > MAX_FILE_BYTES:
        _err(refusal(path.name, f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB, too large to be saved order pages"))
        return 2
    try:
        raw = path.read_bytes()
        prepared = prepare(raw)
    except OSError as exc:
        _err(f"cannot read {path}: {exc.strerror or exc}")
        return 2
    except ImportFileError as exc:
        _err(refusal(path.name, str(exc)))
        return 2
    data_dir = ensure_data_dir(resolve_data_dir(args.data_dir))
    try:
        lock = FolderLock(data_dir).acquire("import", wait=2.0)
    except FolderBusy as busy:
        _err(_busy_message(busy))
        return 1
    try:
        stats, problems = asyncio.run(_store_in(data_dir, prepared))
    except StoreWriteError as exc:
        _err(f"{exc}. Orders from the responses saved before the failure were kept; free some disk space and import "
             "the file again (importing twice is harmless).")
        return 1
    finally:
        lock.release()
    for problem in problems:
        _err(f"warning: {problem}")
    for warning in prepared.warnings:
        _err(f"warning: {warning}")
    print(summary(stats))
    return 0
