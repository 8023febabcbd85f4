"""The local dashboard: every order most urgent first, a timeline, one page per order with its
hint and edits, exports and backup restore.

Server-rendered with aiohttp-jinja2 (autoescape on); every page needs the session a one-time link
opens (``session.py``); a little plain JS in ``static/`` talks to the API with that session's
cookie. The pages of a session carry the pairing offer (token, port, code) that the extension's
pairing script passes on; the extension pairs only when the buyer confirms the code in its own
settings. Nothing is loaded from the internet.
"""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web

from companion.server.dashboard import pages, session, transfer_api
from companion.server.keys import SERVICE, SETTINGS
from companion.server.security import SESSIONS, Sessions

HERE = Path(__file__).parent


def setup(app: web.Application) -> None:
    app[SESSIONS] = Sessions(app[SETTINGS].port)
    aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True)
    app.add_routes(pages.routes)
    app.add_routes([web.static("/static/", HERE / "static", name="static", append_version=True)])
    app.add_routes(transfer_api.routes)
    app.add_routes(session.routes)
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

