"""API v1 handlers: they only wire parsing, store and rules together."""

from __future__ import annotations

import asyncio
import orjson
from datetime import date, datetime

from aiohttp import web

from companion import __version__, parsing, rules
from companion.service import gc_policy
from companion.server.keys import CLOCK, HINT_CACHE, PAGE_CACHE, STORE
from companion.service.overview import OVERVIEW
from companion.server.errors import ApiError
from companion.i18n import request_language
from companion.datetimes import from_user
from companion.model import is_order_id
from companion.store import StoreWriteError

routes = web.RouteTableDef()

MAX_URL = 8192
MAX_NOTE = 4000


async def read_json_body(request: web.Request) -> object:
    if request.content_type != "application/json":
        raise ApiError(415, "unsupported_media_type", "Send the body as JSON (Content-Type: application/json).")
    try:
        raw = await request.read()
    except web.HTTPRequestEntityTooLarge:
        raise ApiError(413, "too_large", "The request body is too large.") from None
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:  # also bad UTF-8, nesting deeper than 1,024, integers beyond 64 bits
        raise ApiError(400, "bad_json", "The body is not valid JSON.") from None


def json_answer(data: object) -> web.Response:
    # orjson: a page's answer (60 orders with hints, ~150 KB) is encoded in 0.1 ms instead of 1.4 ms
    return web.Response(body=orjson.dumps(data), content_type="application/json")


def parse_when(value: object, field: str, *, allow_date: bool = True) -> datetime | date | None:
    """An ISO 8601 date or timestamp from the client; naive timestamps count as UTC."""
    if value is None:
        return None
    try:
        return from_user(value, allow_date=allow_date)
    except ValueError:
        shown = value[:40] if isinstance(value, str) else type(value).__name__
        raise ApiError(400, "bad_field", f"'{field}' must be an ISO 8601 date or time, not {shown!r}.") from None


def now(request: web.Request) -> datetime:
    return request.app[CLOCK]()


def with_hint(request: web.Request, order: dict, when: datetime, lang: str) -> dict:
    store = request.app[STORE]
    return {**order, "hint": request.app[HINT_CACHE].hint(order, store.version(order["order_id"]), when, lang)}


def order_id_from(request: web.Request) -> str:
    order_id = request.match_info["order_id"]
    if not is_order_id(order_id):
        raise ApiError(404, "not_found", "No order with this number.")
    return order_id


@routes.get("/api/v1/health", name="health")
async def health(request: web.Request) -> web.Response:
    store = request.app[STORE]
    return web.json_response({"status": "ok", "version": __version__, "orders": store.count(),
                              "problems": store.problems})


@routes.post("/api/v1/pages", name="pages")
async def post_page(request: web.Request) -> web.Response:
    body = await read_json_body(request)
    if not isinstance(body, dict):
        raise ApiError(400, "bad_request", "The body must be a JSON object with 'url' and 'html'.")
    url = body.get("url")
    if not isinstance(url, str) or not url or len(url) > MAX_URL:
        raise ApiError(400, "bad_field", "'url' must be the page address as a string.")
    html, data = body.get("html"), body.get("data")
    if html is not None and not isinstance(html, str):
        raise ApiError(400, "bad_field", "'html' must be a string.")
    if data is not None and not isinstance(data, (dict, list)):
        raise ApiError(400, "bad_field", "'data' must be captured page data (a JSON object).")
    if html is None and data is None:
        raise ApiError(400, "missing_field", "Send the page as 'html' (or captured page 'data').")
    captures = page_captures(body)
    captured = parse_when(body.get("captured_at"), "captured_at", allow_date=False) or now(request)
    parsed = None
    cacheable = data is None and not captures
    if cacheable:
        cache = request.app[PAGE_CACHE]
        key = cache.key(url, html)
        parsed = cache.get(key)
    if parsed is None:
        parsed = await asyncio.get_running_loop().run_in_executor(
            None, gc_policy.with_collector_paused(parsing.parse_page), url, data if data is not None else html, captured, captures)
        if cacheable:
            cache.put(key, parsed)
    lang, when = request_language(request), now(request)
    try:
        # the hints are worked out while the store waits for the disk
        orders = await request.app[STORE].merge_page(
            parsed.orders, parsed.page_kind, captured,
            then=lambda stored: [with_hint(request, order, when, lang) for order in stored])
    except StoreWriteError as exc:
        raise ApiError(507, "storage_failed", f"The orders were not saved: {exc}. Nothing was lost; free some disk space and reload the page.") from None
    return json_answer({"page_kind": parsed.page_kind, "orders": orders, "warnings": parsed.warnings, "reading": parsed.reading()})


def page_captures(body: dict) -> list:
    """The responses the page itself fetched, as the extension observed them (``captures``)."""
    captures = body.get("captures")
    if captures is None:
        return []
    if not isinstance(captures, list) or not all(isinstance(c, (dict, list)) for c in captures):
        raise ApiError(400, "bad_field", "'captures' must be a list of captured responses (JSON objects).")
    if len(captures) > parsing.MAX_CAPTURES:
        raise ApiError(400, "bad_field", f"'captures' holds at most {parsing.MAX_CAPTURES} responses.")
    return captures


@routes.post("/api/v1/report", name="report")
async def post_report(request: web.Request) -> web.Response:
    """A report of the page's structure and of what was read, with no text of the page in it."""
    body = await read_json_body(request)
    if not isinstance(body, dict):
        raise ApiError(400, "bad_request", "The body must be a JSON object with 'url' and 'html'.")
    url, html, data = body.get("url"), body.get("html"), body.get("data")
    if not isinstance(url, str) or len(url) > MAX_URL:
        raise ApiError(400, "bad_field", "'url' must be the page address as a string.")
    if html is not None and not isinstance(html, str):
        raise ApiError(400, "bad_field", "'html' must be a string.")
    if data is not None and not isinstance(data, (dict, list)):
        raise ApiError(400, "bad_field", "'data' must be captured page data (a JSON object).")
    if html is None and data is None:
        raise ApiError(400, "missing_field", "Send the page as 'html' (or captured page 'data').")
    captures = page_captures(body)
    content = data if data is not None else html
    captured = parse_when(body.get("captured_at"), "captured_at", allow_date=False) or now(request)

    def build():
        from companion.parsing import report

        return report.build(url, content, parsing.parse_page(url, content, captured, captures))

    return json_answer({"report": await asyncio.get_running_loop().run_in_executor(None, build)})


def list_filters(request: web.Request) -> tuple[set[str] | None, int | None]:
    """``?severity=urgent,soon`` and ``?limit=N``: the extension's toolbar needs a few orders, not all."""
    severity = request.query.get("severity")
    wanted = None
    if severity:
        wanted = {part.strip() for part in severity.split(",") if part.strip()}
        unknown = sorted(wanted - set(rules.SEVERITY_ORDER))
        if unknown:
            raise ApiError(400, "bad_query", f"Unknown severity {', '.join(unknown)[:100]}; use any of {', '.join(rules.SEVERITY_ORDER)}.")
    limit = request.query.get("limit")
    if limit is not None:
        if not limit.isdigit() or len(limit) > 7:
            raise ApiError(400, "bad_query", "'limit' must be a whole number.")
        return wanted, int(limit)
    return wanted, None


@routes.get("/api/v1/orders", name="orders")
async def list_orders(request: web.Request) -> web.Response:
    """All orders, most urgent first (``total`` counts them before ``limit``). Full hints only for
    the orders returned: the cached assessments decide which those are."""
    wanted, limit = list_filters(request)
    lang, when = request_language(request), now(request)
    store = request.app[STORE]
    ranked = (await request.app[OVERVIEW].get(store, when)).ranked  # cached; re-assesses only what changed
    if wanted is not None:
        ranked = [pair for pair in ranked if pair[1].get("severity") in wanted]
    chosen = ranked if limit is None else ranked[:limit]
    orders = [store.get(order["order_id"]) for order, _ in chosen]
    return json_answer({"orders": [with_hint(request, order, when, lang) for order in orders if order],
                              "total": len(ranked)})


@routes.get("/api/v1/orders/{order_id}", name="order")
async def get_order(request: web.Request) -> web.Response:
    order = request.app[STORE].get(order_id_from(request))
    if order is None:
        raise ApiError(404, "not_found", "No order with this number.")
    return json_answer(with_hint(request, order, now(request), request_language(request)))


def validate_user_fields(body: object) -> dict:
    if not isinstance(body, dict) or not body:
        raise ApiError(400, "bad_request",
                       "Send a JSON object with any of: received, dispute_opened_at, note, deadline_override.")
    allowed = {"received", "dispute_opened_at", "note", "deadline_override"}
    unknown = sorted(set(body) - allowed)
    if unknown:
        raise ApiError(400, "unknown_field", f"These fields can't be changed: {', '.join(unknown)[:200]}.")
    fields = {}
    if "received" in body:
        if body["received"] is not None and not isinstance(body["received"], bool):
            raise ApiError(400, "bad_field", "'received' must be true, false or null.")
        fields["received"] = body["received"]
    for key in ("dispute_opened_at", "deadline_override"):
        if key in body:
            value = parse_when(body[key], key)
            fields[key] = value.isoformat() if value is not None else None
    if "note" in body:
        note = body["note"]
        if note is not None and (not isinstance(note, str) or len(note) > MAX_NOTE):
            raise ApiError(400, "bad_field", f"'note' must be text of at most {MAX_NOTE} characters.")
        fields["note"] = note or None
    return fields


@routes.patch("/api/v1/orders/{order_id}", name="order_patch")
async def patch_order(request: web.Request) -> web.Response:
    order_id = order_id_from(request)
    fields = validate_user_fields(await read_json_body(request))
    try:
        order = await request.app[STORE].update_user_fields(order_id, fields)
    except StoreWriteError as exc:
        raise ApiError(507, "storage_failed", f"Your change was not saved: {exc}.") from None
    if order is None:
        raise ApiError(404, "not_found", "No order with this number.")
    return json_answer(with_hint(request, order, now(request), request_language(request)))


@routes.delete("/api/v1/orders/{order_id}", name="order_delete")
async def delete_order(request: web.Request) -> web.Response:
    order_id = order_id_from(request)
    try:
        deleted = await request.app[STORE].delete(order_id)
    except StoreWriteError as exc:
        raise ApiError(507, "storage_failed", f"The order was not deleted: {exc}.") from None
    if not deleted:
        raise ApiError(404, "not_found", "No order with this number.")
    return web.json_response({"deleted": order_id})
