"""API v1 handlers: each validates what arrives and makes one call on the service."""

from __future__ import annotations

import asyncio
import time
from datetime import date, datetime

import orjson
from aiohttp import web

from companion import parsing, rules
from companion.datetimes import from_user, stored_date_ok
from companion.i18n import request_language
from companion.model import TEXT_LIMITS
from companion.rules.ranges import user_date_problem
from companion.server.errors import ApiError
from companion.server.keys import AUTOSTART, SERVICE
from companion.service import gc_policy, settings
from companion.service.case import CaseEntryNotFound

routes = web.RouteTableDef()

MAX_URL = 8192
MAX_NOTE = TEXT_LIMITS["note"]


def _require_json(request: web.Request) -> None:
    if request.content_type != "application/json":
        raise ApiError(415, "unsupported_media_type", "Send the body as JSON (Content-Type: application/json).")


async def read_body(request: web.Request) -> bytes:
    """The raw JSON body, for ``read_json_body`` (the restore reads it in pieces: ``read_body_pieces``)."""
    _require_json(request)
    try:
        return await request.read()
    except web.HTTPRequestEntityTooLarge:
        raise ApiError(413, "too_large", "The request body is too large.") from None


async def read_body_pieces(request: web.Request) -> list[bytes]:
    """``read_body`` as the pieces that arrived (the restore, up to the largest body allowed):
    ``request.read()`` joins them into one bytes object on the event loop, a copy of the whole
    body in one call, during which the loop answers no one."""
    _require_json(request)
    pieces, size = [], 0
    while piece := await request.content.readany():
        pieces.append(piece)
        size += len(piece)
        if request.client_max_size and size >= request.client_max_size:  # as request.read() counts
            raise ApiError(413, "too_large", "The request body is too large.")
    return pieces


async def read_json_body(request: web.Request) -> object:
    return (await read_json_body_sized(request))[0]


async def read_json_body_sized(request: web.Request) -> tuple[object, int]:
    """The JSON body and its size in bytes as read (after any Content-Encoding is undone, unlike Content-Length)."""
    raw = await read_body(request)
    return _decoded_json(raw), len(raw)


def _decoded_json(raw: bytes) -> object:
    try:
        with gc_policy.paused():
            return orjson.loads(raw)
    except orjson.JSONDecodeError:  # also bad UTF-8, nesting deeper than 1,024, integers beyond 64 bits
        raise ApiError(400, "bad_json", "The body is not valid JSON.") from None


def json_answer(data: object) -> web.Response:
    # orjson: a page's answer with every hint is encoded many times faster than by the json module
    return web.Response(body=orjson.dumps(data), content_type="application/json")


def parse_when(value: object, field: str, *, allow_date: bool = True) -> datetime | date | None:
    """An ISO 8601 date or timestamp from the client; naive timestamps count as UTC."""
    if value is None:
        return None
    if isinstance(value, str) and len(value) > TEXT_LIMITS["date"]:
        raise ApiError(400, "bad_field", f"'{field}' must be an ISO 8601 date or time of at most {TEXT_LIMITS['date']} characters.")
    try:
        return from_user(value, allow_date=allow_date)
    except ValueError:
        shown = value[:40] if isinstance(value, str) else type(value).__name__
        raise ApiError(400, "bad_field", f"'{field}' must be an ISO 8601 date or time, not {shown!r}.") from None


def page_content(body: object) -> tuple[str, object, list]:
    """(url, html or captured data, captures) of a page the extension sent."""
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
    captures = body.get("captures")
    if captures is None:
        captures = []
    elif not isinstance(captures, list) or not all(isinstance(c, (dict, list)) for c in captures):
        raise ApiError(400, "bad_field", "'captures' must be a list of captured responses (JSON objects).")
    elif len(captures) > parsing.MAX_CAPTURES:
        raise ApiError(400, "bad_field", f"'captures' holds at most {parsing.MAX_CAPTURES} responses.")
    return url, data if data is not None else html, captures


def parse_captured_at(body: dict, now: datetime) -> datetime | None:
    """When the page was captured: a time from 2000 to three years ahead (what the store keeps), else 400."""
    captured = parse_when(body.get("captured_at"), "captured_at", allow_date=False)
    if captured is not None and not stored_date_ok(captured.isoformat(), now):
        raise ApiError(400, "bad_field", "'captured_at' is out of range: send the time the page was captured "
                                         "(from 2000 to three years ahead).")
    return captured


AUTOSTART_TTL_S = 30


async def autostart_state(app: web.Application) -> bool | None:
    """Whether this install starts the companion with the computer, as the function the CLI handed the app
    says (None where it gave none, or the answer is not a plain yes or no)."""
    seen = app[AUTOSTART]
    # The extension asks for health often while the companion is away; the registration is read again at most
    # every AUTOSTART_TTL_S, in a thread (it reads the platform's autostart files).
    now = time.monotonic()
    if seen.status is None:
        return None
    if seen.at is None or now - seen.at > AUTOSTART_TTL_S:
        answer = await asyncio.to_thread(seen.status)
        seen.value, seen.at = (answer if isinstance(answer, bool) else None), now
    return seen.value


@routes.get("/api/v1/health", name="health")
async def health(request: web.Request) -> web.Response:
    answer = request.app[SERVICE].health()
    # `autostart` tells the extension how the buyer would start it again if it stops (its notice says so).
    autostart = await autostart_state(request.app)
    if autostart is not None:
        answer = {**answer, "autostart": autostart}
    return web.json_response(answer)


def actions_now(request: web.Request) -> bool:
    """``?actions=later``: each hint without its ``actions`` (GET /api/v1/orders/{id} has them), which the
    extension asks for: its badges show none, and their texts are most of a page's answer."""
    value = request.query.get("actions", "now")
    if value not in ("now", "later"):
        raise ApiError(400, "bad_query", "'actions' is 'now' (the default: every hint with its actions) or 'later'.")
    return value == "now"


@routes.post("/api/v1/pages", name="pages")
async def post_page(request: web.Request) -> web.Response:
    began = time.perf_counter()
    body, size = await read_json_body_sized(request)
    # the body's arrival and decoding: under a busy browser the page's bytes can take a while to come in
    timing: dict = {"body": (time.perf_counter() - began) * 1000}
    url, content, captures = page_content(body)
    captured = parse_captured_at(body, request.app[SERVICE].now())
    data = await request.app[SERVICE].receive_page(url, content, captured, captures, request_language(request),
                                                   timing=timing, body_bytes=size, with_actions=actions_now(request))
    encoding = time.perf_counter()
    answer = json_answer(data)
    timing["answer"] = (time.perf_counter() - encoding) * 1000
    # the parts of the companion's work, beside the whole the timing middleware adds (Server-Timing)
    answer.headers["Server-Timing"] = ", ".join(f"{part};dur={ms:.1f}" for part, ms in timing.items())
    return answer


@routes.post("/api/v1/report", name="report")
async def post_report(request: web.Request) -> web.Response:
    """A report of the page's structure and of what was read, with no text of the page in it."""
    body = await read_json_body(request)
    url, content, captures = page_content(body)
    captured = parse_captured_at(body, request.app[SERVICE].now())
    return json_answer({"report": await request.app[SERVICE].report(url, content, captured, captures)})


def list_filters(request: web.Request) -> tuple[set[str] | None, int | None]:
    """``?severity=urgent,soon`` and ``?limit=N``: the extension's toolbar needs a few orders, not all."""
    if request.query.get("follow_ups", "any") != "any":
        raise ApiError(400, "bad_query", "'follow_ups' takes one value: any (the orders whose case or parcel has next steps).")
    severity = request.query.get("severity")
    wanted = None
    if severity:
        wanted = {part.strip() for part in severity.split(",") if part.strip()}
        unknown = sorted(wanted - set(rules.SEVERITY_ORDER))
        if unknown:
            raise ApiError(400, "bad_query", f"Unknown severity {', '.join(unknown)[:100]}; use any of {', '.join(rules.SEVERITY_ORDER)}.")
    limit = request.query.get("limit")
    if limit is not None:
        if not (limit.isascii() and limit.isdigit()) or len(limit) > 7:
            raise ApiError(400, "bad_query", "'limit' must be a whole number.")
        return wanted, int(limit)
    return wanted, None


@routes.get("/api/v1/orders", name="orders")
async def list_orders(request: web.Request) -> web.Response:
    wanted, limit = list_filters(request)
    # ?follow_ups=any: the extension's daily reminders look at every order with a case step due, whatever its severity
    follow_ups = "follow_ups" in request.query
    return json_answer(await request.app[SERVICE].ranked(wanted, limit, request_language(request), follow_ups=follow_ups))


@routes.get("/api/v1/orders/{order_id}", name="order")
async def get_order(request: web.Request) -> web.Response:
    return json_answer(request.app[SERVICE].order(request.match_info["order_id"], request_language(request)))


def validate_user_fields(body: object, now: datetime) -> dict:
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
            problem = user_date_problem(body[key], key, now)  # before 2010, years ahead, a dispute in the future
            if problem:
                raise ApiError(400, "bad_field", problem)
            fields[key] = value.isoformat() if value is not None else None
    if "note" in body:
        note = body["note"]
        if note is not None and (not isinstance(note, str) or len(note) > MAX_NOTE):
            raise ApiError(400, "bad_field", f"'note' must be text of at most {MAX_NOTE} characters.")
        fields["note"] = note or None
    return fields


@routes.patch("/api/v1/orders/{order_id}", name="order_patch")
async def patch_order(request: web.Request) -> web.Response:
    fields = validate_user_fields(await read_json_body(request), request.app[SERVICE].now())
    return json_answer(await request.app[SERVICE].edit(request.match_info["order_id"], fields, request_language(request)))


@routes.delete("/api/v1/orders/{order_id}", name="order_delete")
async def delete_order(request: web.Request) -> web.Response:
    await request.app[SERVICE].delete(request.match_info["order_id"])
    return web.json_response({"deleted": request.match_info["order_id"]})


MAX_CASE_ENTRY_NUMBER = 7  # digits: far more than a case log holds


@routes.post("/api/v1/orders/{order_id}/case", name="order_case_add")
async def add_case_entry(request: web.Request) -> web.Response:
    """Records one step of the buyer's case: {"kind", "at", "amount"?, "note"?, "tracking_number"?, ...}."""
    body = await read_json_body(request)
    if not isinstance(body, dict):
        raise ApiError(400, "bad_request", "Send a JSON object with 'kind' and 'at'.")
    return json_answer(await request.app[SERVICE].change_case(request.match_info["order_id"], body, None,
                                                              request_language(request)))


@routes.delete("/api/v1/orders/{order_id}/case/{n}", name="order_case_delete")
async def delete_case_entry(request: web.Request) -> web.Response:
    """Undoes entry ``n`` (its place in the order's ``case``, from 0)."""
    raw = request.match_info["n"]
    if not (raw.isascii() and raw.isdigit()) or len(raw) > MAX_CASE_ENTRY_NUMBER:
        raise ApiError(400, "bad_field", "The entry number must be a whole number from 0.")
    try:
        return json_answer(await request.app[SERVICE].change_case(request.match_info["order_id"], None, int(raw),
                                                                  request_language(request)))
    except CaseEntryNotFound as exc:
        raise ApiError(404, "no_case_entry", str(exc)) from None


@routes.get("/api/v1/settings", name="settings")
async def get_settings(request: web.Request) -> web.Response:
    """The buyer's settings and what each may be: {"stall_days", "limits": {"stall_days": {"min", "max", "default"}}}."""
    return json_answer(request.app[SERVICE].settings.as_dict())


def validate_settings(body: object) -> dict:
    if not isinstance(body, dict) or not body:
        raise ApiError(400, "bad_request", "Send a JSON object with any of: " + ", ".join(settings.FIELDS) + ".")
    unknown = sorted(set(body) - set(settings.FIELDS))
    if unknown:
        raise ApiError(400, "unknown_field", f"There is no setting {', '.join(unknown)[:200]}.")
    problem = settings.stall_days_problem(body.get("stall_days"))
    if problem:
        raise ApiError(400, "bad_field", problem)
    return {"stall_days": body["stall_days"]}


@routes.patch("/api/v1/settings", name="settings_patch")
async def patch_settings(request: web.Request) -> web.Response:
    values = validate_settings(await read_json_body(request))
    return json_answer(await request.app[SERVICE].change_settings(values))
