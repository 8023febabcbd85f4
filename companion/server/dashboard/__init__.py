"""The local dashboard: every order most urgent first, a timeline, one page per order with its
hint and edits, exports and backup restore.

Server-rendered with aiohttp-jinja2 (autoescape on); a little plain JS in ``static/`` talks to
the token-protected API (the pairing meta on every page carries the token, which the browser
extension's pairing script also reads). Nothing is loaded from the internet.
"""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web

from companion.server.dashboard import pages, transfer_api
from companion.server.keys import SERVICE

HERE = Path(__file__).parent


def setup(app: web.Application) -> None:
    aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True)
    app.add_routes(pages.routes)
    app.add_routes([web.static("/static/", HERE / "static", name="static", append_version=True)])
    app.add_routes(transfer_api.routes)
    app.cleanup_ctx.append(_overview_warmer)


async def _overview_warmer(app: web.Application):
    # registered after the service's context (init_app adds that first), so the service exists here
    env = aiohttp_jinja2.get_env(app)
    for name in env.list_templates(extensions=["html"]):
        env.get_template(name)  # compile now, not on the buyer's first view
    service = app[SERVICE]
    task = asyncio.create_task(service.overview_cache.keep_warm(service.store, service.clock))
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task

