"""The aiohttp application: settings, store, security and routes wired together."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timezone

from aiohttp import web

from companion.server import api, dashboard
from companion.service import warmup
from companion.server.keys import CLOCK, HINT_CACHE, PAGE_CACHE, SETTINGS, STORE, TOKEN
from companion.config import Settings, load_or_create_token
from companion.service.hint_cache import HintCache
from companion.service.overview import OVERVIEW, OverviewCache
from companion.service.page_cache import PageCache
from companion.server.errors import ApiError, error_response
from companion.server.security import cors_headers, guard_middleware
from companion.store import Store

log = logging.getLogger(__name__)

_STATUS_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 413: "too_large",
                 415: "unsupported_media_type"}


@web.middleware
async def error_middleware(request: web.Request, handler):
    """Every failure becomes {"error": {...}}; nothing a client sends may produce a 5xx."""
    cors = cors_headers(request.headers.get("Origin"))
    try:
        return await handler(request)
    except ApiError as exc:
        return error_response(exc.status, exc.code, exc.message, headers=cors)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        code = _STATUS_CODES.get(exc.status, "http_error")
        return error_response(exc.status, code, exc.reason or code, headers=cors)
    except Exception:  # a bug, not bad input: log it, say so plainly
        log.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(500, "internal_error", "Something went wrong inside the companion. It was logged.",
                              headers=cors)


async def _warm_up_ctx(app: web.Application):
    # not awaited at start: the server answers at once while a worker thread loads month names etc.
    warming = asyncio.get_running_loop().run_in_executor(None, warmup.warm_up)
    yield
    await warming


def system_clock() -> datetime:
    # the computer's own zone: hints say "ends Sep 3, 10:00 UTC+3" in the buyer's time
    return datetime.now(timezone.utc).astimezone()


def init_app(settings: Settings, *, clock=system_clock, store: Store | None = None) -> web.Application:
    app = web.Application(middlewares=[guard_middleware, error_middleware],
                          client_max_size=settings.max_body_bytes)
    app[SETTINGS] = settings
    app[TOKEN] = load_or_create_token(settings.data_dir)
    app[CLOCK] = clock
    app[PAGE_CACHE] = PageCache()
    app[HINT_CACHE] = HintCache()
    app[OVERVIEW] = OverviewCache()

    async def store_ctx(app: web.Application):
        app[STORE] = store or Store(settings.data_dir)
        yield
        await app[STORE].close()

    app.cleanup_ctx.append(store_ctx)
    app.cleanup_ctx.append(_warm_up_ctx)
    app.add_routes(api.routes)
    dashboard.setup(app)
    return app
