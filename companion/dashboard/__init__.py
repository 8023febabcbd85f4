"""The local dashboard (server-rendered, aiohttp-jinja2 with autoescape). Placeholder page until
the dashboard lands; it already offers the pairing token to the extension's pairing script."""

from __future__ import annotations

from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web

from companion import __version__
from companion.appkeys import SETTINGS, STORE, TOKEN

HERE = Path(__file__).parent


@aiohttp_jinja2.template("index.html")
async def index(request: web.Request) -> dict:
    settings = request.app[SETTINGS]
    return {"token": request.app[TOKEN], "port": settings.port, "version": __version__,
            "count": request.app[STORE].count()}


def setup(app: web.Application) -> None:
    aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True)
    app.router.add_get("/", index, name="dashboard")
