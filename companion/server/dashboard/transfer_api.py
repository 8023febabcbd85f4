"""API routes for exports, backup restore and saved-responses import (token-protected like the rest of /api/v1)."""

from __future__ import annotations

from aiohttp import web

from companion.exports import calendar
from companion.server.api import json_answer, read_body_pieces
from companion.server.errors import ApiError
from companion.server.keys import SERVICE, SETTINGS
from companion.service import importing

routes = web.RouteTableDef()

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8",
                 "ics": "text/calendar; charset=utf-8"}


def _download(body: bytes, fmt: str, stamp: str) -> web.Response:
    name = f"order-guard-{'backup' if fmt == 'json' else 'orders' if fmt == 'csv' else 'deadlines'}-{stamp}.{fmt}"
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPES[fmt],
                                            "Content-Disposition": f'attachment; filename="{name}"',
                                            "Cache-Control": "no-store"})


@routes.get("/api/v1/export", name="export")
async def export(request: web.Request) -> web.Response:
    fmt = request.query.get("format", "json")
    if fmt not in CONTENT_TYPES:
        raise ApiError(400, "bad_format", "Choose format=csv, format=json (full backup) or format=ics (calendar).")
    try:
        alarm_days = calendar.parse_alarm_days(request.query.get("alarms"))
    except ValueError as exc:
        raise ApiError(400, "bad_field", str(exc)) from None
    service = request.app[SERVICE]
    stamp = service.now().astimezone().strftime("%Y-%m-%d")
    body = await service.export(fmt, alarm_days, f"http://127.0.0.1:{request.app[SETTINGS].port}")
    return _download(body, fmt, stamp)


@routes.post("/api/v1/import", name="import_backup")
async def import_backup(request: web.Request) -> web.Response:
    # decoded by the service in a worker thread: a big backup would hold the loop while it is decoded
    return json_answer(await request.app[SERVICE].restore(await read_body_pieces(request)))


@routes.post("/api/v1/import/saved", name="import_saved")
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
    return json_answer(await request.app[SERVICE].import_saved(raw, name))
