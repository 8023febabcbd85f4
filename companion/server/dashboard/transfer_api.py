"""API routes for exports, backup restore and saved-responses import (token-protected like the rest of /api/v1)."""

from __future__ import annotations

import asyncio
import json

from aiohttp import web

from companion import __version__
from companion.exports import backup, calendar, spreadsheet
from companion.service import importing
from companion.server.api import read_json_body
from companion.server.keys import CLOCK, SETTINGS, STORE
from companion.service.overview import OVERVIEW
from companion.server.errors import ApiError
from companion.store import StoreWriteError

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8",
                 "ics": "text/calendar; charset=utf-8"}


def _download(body: bytes, fmt: str, stamp: str) -> web.Response:
    name = f"order-guard-{'backup' if fmt == 'json' else 'orders' if fmt == 'csv' else 'deadlines'}-{stamp}.{fmt}"
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPES[fmt],
                                            "Content-Disposition": f'attachment; filename="{name}"',
                                            "Cache-Control": "no-store"})


async def export(request: web.Request) -> web.Response:
    fmt = request.query.get("format", "json")
    if fmt not in CONTENT_TYPES:
        raise ApiError(400, "bad_format", "Choose format=csv, format=json (full backup) or format=ics (calendar).")
    try:
        alarm_days = calendar.parse_alarm_days(request.query.get("alarms"))
    except ValueError as exc:
        raise ApiError(400, "bad_field", str(exc)) from None
    now = request.app[CLOCK]()
    store = request.app[STORE]
    stamp = now.astimezone().strftime("%Y-%m-%d")
    loop = asyncio.get_running_loop()
    # serializing thousands of orders takes from a fraction of a second (CSV) to seconds (ICS):
    # a worker thread does it on a snapshot, so the loop keeps answering the extension meanwhile
    if fmt == "json":
        doc = backup.backup_document(store.documents(), now, __version__)
        body = await loop.run_in_executor(None, _json_bytes, doc)
        return _download(body, fmt, stamp)
    overview = await request.app[OVERVIEW].get(store, now)
    orders = [order for order, _ in overview.ranked]
    if fmt == "csv":
        body = await loop.run_in_executor(None, lambda: spreadsheet.to_csv(orders, overview.assessments).encode("utf-8"))
        return _download(body, fmt, stamp)
    url = f"http://127.0.0.1:{request.app[SETTINGS].port}"
    body = await loop.run_in_executor(None, lambda: calendar.to_ics(orders, overview.assessments, now,
                                                                  alarm_days=alarm_days, dashboard_url=url))
    return _download(body, fmt, stamp)


def _json_bytes(doc: dict) -> bytes:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


async def import_backup(request: web.Request) -> web.Response:
    body = await read_json_body(request)
    try:
        incoming = backup.parse_backup(body)
    except backup.BackupError as exc:
        raise ApiError(400, "bad_backup", str(exc)) from None
    store = request.app[STORE]
    current = {doc["order_id"]: doc for doc in store.documents()}
    put, stats = backup.merge_backup(current, incoming)
    if put:
        try:
            await store.put_documents(put)  # one write for the whole import
        except StoreWriteError as exc:
            raise ApiError(507, "storage_failed", f"Nothing was imported: {exc}.") from None
    return web.json_response({"imported": len(incoming), **stats})


async def import_saved(request: web.Request) -> web.Response:
    """Saved AliExpress responses (a HAR file, saved responses, one JSONP response) uploaded as
    they are: the same reading as `order-guard import`, into the running store. A bad file is a
    400 with the command's own sentence, and nothing is changed."""
    name = (request.query.get("name") or "The file")[:120]
    try:
        raw = await request.read()
    except web.HTTPRequestEntityTooLarge:
        raise ApiError(413, "too_large", importing.refusal(name, "it is too large to upload; import it with "
                                                                  "`order-guard import FILE` while the companion is stopped")) from None
    now = request.app[CLOCK]()
    try:
        # reading a HAR of a few MB takes a moment: a worker thread does it, the loop keeps answering
        prepared = await asyncio.get_running_loop().run_in_executor(None, importing.prepare, raw, now)
    except importing.ImportFileError as exc:
        raise ApiError(400, "bad_import_file", importing.refusal(name, str(exc))) from None
    try:
        stats = await importing.store_pages(request.app[STORE], prepared)
    except StoreWriteError as exc:
        raise ApiError(507, "storage_failed", f"{exc}. Orders from the responses saved before the failure were kept; "
                                              "free some disk space and import the file again.") from None
    return web.json_response({**stats, "warnings": prepared.warnings})


def add_routes(app: web.Application) -> None:
    app.router.add_get("/api/v1/export", export, name="export")
    app.router.add_post("/api/v1/import", import_backup, name="import_backup")
    app.router.add_post("/api/v1/import/saved", import_saved, name="import_saved")
