"""The local dashboard: every order most urgent first, a timeline, one page per order with its
hint and edits, exports and backup restore.

Server-rendered with aiohttp-jinja2 (autoescape on); a little plain JS in ``static/`` talks to
the token-protected API (the pairing meta on every page carries the token, which the browser
extension's pairing script also reads). Nothing is loaded from the internet.
"""

from __future__ import annotations

from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web

from companion.dashboard import pages, transfer_api
from companion.dashboard.headers import add_security_headers
from companion.dashboard.overview import OVERVIEW, OverviewCache

HERE = Path(__file__).parent


def setup(app: web.Application) -> None:
    aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True)
    app[OVERVIEW] = OverviewCache()
    app.router.add_get("/", pages.index, name="dashboard")
    app.router.add_get("/orders/{order_id}", pages.order_page, name="dashboard_order")
    app.router.add_static("/static/", HERE / "static", name="static", append_version=True)
    transfer_api.add_routes(app)
    app.on_response_prepare.append(add_security_headers)
