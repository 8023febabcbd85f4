"""The aiohttp application: settings, the service, security and routes wired together."""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import datetime, timezone
from typing import Callable

from aiohttp import web

from companion.config import Settings, load_or_create_token
from companion.server import api, dashboard
from companion.server.dashboard.pages import error_page
from companion.server.errors import ApiError, error_response
from companion.server.keys import AUTOSTART, SERVICE, SETTINGS, TOKEN, AutostartSeen
from companion.server.security import add_security_headers, guard_middleware
from companion.service import warmup
from companion.service.orders import BadInput, NotFound, OrderService, SaveFailed
from companion.store import Store

log = logging.getLogger(__name__)

_STATUS_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 408: "request_timeout",
                 413: "too_large", 415: "unsupported_media_type"}

# Timeouts (docs/security.md). A connection costs a file descriptor and a task however little it
# sends, and any page the buyer opens can make the browser open some:
# - IDLE_TIMEOUT_SECONDS: a connection with no request under way is closed after this long; the
#   clock starts when it opens and again after each answer, and does not restart while a request's
#   headers trickle in, so it bounds slow headers too. The extension and the dashboard open a new
#   connection when they need one (aiohttp's default is 75 s; Apache's is 5 s).
# - BODY_TIMEOUT_SECONDS: a request whose body has not fully arrived this long after its headers is
#   cut. A body of the largest size allowed (128 MB, a restore) crosses the loopback in about a
#   second; one byte a second is an attack, not an upload.
IDLE_TIMEOUT_SECONDS = 10.0
BODY_TIMEOUT_SECONDS = 30.0
BODY_TIMEOUT = web.AppKey("body_timeout", float)


def server_options() -> dict:
    """What ``web.run_app`` / ``web.AppRunner`` need for the timeouts (``order-guard serve``)."""
    return {"keepalive_timeout": IDLE_TIMEOUT_SECONDS}


def _failure(exc: Exception) -> ApiError | None:
    """What a failure means for the client; None for a bug."""
    if isinstance(exc, ApiError):
        return exc
    if isinstance(exc, NotFound):
        return ApiError(404, "not_found", "No order with this number.")
    if isinstance(exc, SaveFailed):
        return ApiError(507, "storage_failed", str(exc))
    if isinstance(exc, BadInput):
        return ApiError(400, exc.code, str(exc))
    if isinstance(exc, web.HTTPException) and exc.status >= 400:
        code = _STATUS_CODES.get(exc.status, "http_error")
        return ApiError(exc.status, code, exc.reason or code)
    return None


@web.middleware
async def error_middleware(request: web.Request, handler):
    """Every failure becomes {"error": {...}} on the API and a readable page on the dashboard;
    nothing a client sends may produce a 5xx."""
    try:
        return await handler(request)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        failure = _failure(exc)
    except Exception as exc:  # ApiError, the service's own failures, or a bug
        failure = _failure(exc)
        if failure is None:
            log.exception("unhandled error on %s %s", request.method, request.path)
            failure = ApiError(500, "internal_error", "Something went wrong inside the companion. It was logged.")
    if request.path.startswith("/api/") or request.method not in ("GET", "HEAD"):
        return error_response(failure.status, failure.code, failure.message)
    return error_page(request, failure.status, failure.message)


@web.middleware
async def timing_middleware(request: web.Request, handler):
    """How long the companion worked on a request, as a Server-Timing entry (``companion;dur=<ms>``): the
    extension's page post reports it beside its own steps, so the benchmark can tell the companion's
    share of a badge's wait from the browser's."""
    began = time.perf_counter()
    response = await handler(request)
    if not response.prepared:
        parts = response.headers.get("Server-Timing")  # a handler's own parts of it, if it told them
        whole = f"companion;dur={(time.perf_counter() - began) * 1000:.1f}"
        response.headers["Server-Timing"] = f"{whole}, {parts}" if parts else whole
    return response


@web.middleware
async def body_timeout_middleware(request: web.Request, handler):
    """Cuts the connection of a request whose body is still arriving BODY_TIMEOUT_SECONDS after its
    headers (aiohttp has no read timeout of its own); the handler waiting for it gets a 408."""
    timeout = request.app.get(BODY_TIMEOUT, BODY_TIMEOUT_SECONDS)
    if not request.can_read_body:  # no body, or all of it came with the headers
        return await handler(request)
    cut = False

    def cut_if_unfinished() -> None:
        nonlocal cut
        if not request.content.is_eof() and request.transport is not None:
            cut = True
            log.warning("closed a connection: its request body (%s %s) was not in after %g s",
                        request.method, request.path, timeout)
            request.transport.close()

    timer = asyncio.get_running_loop().call_later(timeout, cut_if_unfinished)
    try:
        return await handler(request)
    except Exception:
        if cut:
            raise ApiError(408, "request_timeout", f"The request body did not arrive within {timeout:g} seconds.") from None
        raise
    finally:
        timer.cancel()


async def _warm_up_ctx(app: web.Application):
    # not awaited at start: the server answers at once while a worker thread loads month names etc.
    warming = asyncio.get_running_loop().run_in_executor(None, warmup.warm_up)
    yield
    await warming


def system_clock() -> datetime:
    # the computer's own zone: hints say "ends Sep 3, 10:00 UTC+3" in the buyer's time
    return datetime.now(timezone.utc).astimezone()


def init_app(settings: Settings, *, clock=system_clock, store: Store | None = None,
             body_timeout: float = BODY_TIMEOUT_SECONDS,
             autostart_status: Callable[[], object] | None = None) -> web.Application:
    app = web.Application(middlewares=[timing_middleware, error_middleware, body_timeout_middleware, guard_middleware],
                          client_max_size=settings.max_body_bytes)
    app[BODY_TIMEOUT] = body_timeout
    app[AUTOSTART] = AutostartSeen(autostart_status)
    app[SETTINGS] = settings
    app[TOKEN] = load_or_create_token(settings.data_dir)

    async def service_ctx(app: web.Application):
        app[SERVICE] = OrderService(store or Store(settings.data_dir), clock)
        yield
        await app[SERVICE].close()

    app.cleanup_ctx.append(service_ctx)
    app.cleanup_ctx.append(_warm_up_ctx)
    app.add_routes(api.routes)
    dashboard.setup(app)
    app.on_response_prepare.append(add_security_headers)
    return app
