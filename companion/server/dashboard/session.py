"""How the buyer's browser gets into the dashboard, and how the extension knows it talks to the real
companion.

- ``GET /login?once=NONCE``: a one-time link minted by ``order-guard open`` / ``serve`` (or by the
  paired extension through ``POST /api/v1/login-link``) opens a session: an HttpOnly, SameSite=Strict
  cookie, then a redirect to ``/`` (or to ``next`` when that is one of the dashboard's order pages). A used, expired or made-up link opens nothing.
- ``POST /api/v1/hello {"challenge"}`` (no credential): the companion proves it knows the pairing
  token without revealing it, ``{"proof": HMAC-SHA256(token, "order-guard hello v1|<port>|<challenge>")}``,
  with its API level, version and the lowest extension API level it works with (``api``, ``version``,
  ``min_extension_api``). The extension sends nothing else (no token, no page) until the proof matches its
  own, and pairs only when neither side is too old for the other.
"""

from __future__ import annotations

import re

from aiohttp import web

from companion import API_VERSION, MIN_EXTENSION_API, __version__
from companion.config import hello_proof, mint_login_nonce, consume_login_nonce
from companion.server.api import json_answer, read_json_body
from companion.server.errors import ApiError
from companion.server.keys import SETTINGS, TOKEN
from companion.server.security import SESSIONS

routes = web.RouteTableDef()

CHALLENGE = re.compile(r"^[A-Za-z0-9_-]{16,128}$")


_ORDER_PAGE = re.compile(r"/orders/[1-9][0-9]{5,31}")


def login_url(port: int, nonce: str) -> str:
    return f"http://127.0.0.1:{port}/login?once={nonce}"


@routes.get("/login", name="login")
async def login(request: web.Request) -> web.Response:
    settings = request.app[SETTINGS]
    if not consume_login_nonce(settings.data_dir, request.query.get("once", "")):
        raise ApiError(403, "link_used",
                       "This link was already used, has expired or was never made here. "
                       "Run `order-guard open` on this computer for a new one.")
    sessions = request.app[SESSIONS]
    # where the buyer wanted to go (the extension's "Open dashboard" on one order); only the
    # dashboard's own order pages, so the link can never send anyone elsewhere
    wanted = request.query.get("next", "")
    response = web.HTTPSeeOther(wanted if _ORDER_PAGE.fullmatch(wanted) else "/")
    sessions.set_cookie(response, sessions.open())
    raise response


@routes.post("/api/v1/hello", name="hello")
async def hello(request: web.Request) -> web.Response:
    body = await read_json_body(request)
    challenge = body.get("challenge") if isinstance(body, dict) else None
    if not isinstance(challenge, str) or not CHALLENGE.match(challenge):
        raise ApiError(400, "bad_field", "'challenge' must be 16 to 128 URL-safe characters.")
    settings = request.app[SETTINGS]
    # the versions ride along so the extension can say which of the two is too old (extension/background/proof.js)
    return json_answer({"proof": hello_proof(request.app[TOKEN], settings.port, challenge),
                        "api": API_VERSION, "version": __version__, "min_extension_api": MIN_EXTENSION_API})


@routes.post("/api/v1/login-link", name="login_link")
async def login_link(request: web.Request) -> web.Response:
    """A one-time dashboard link for the paired extension's "Open dashboard" (token-protected)."""
    settings = request.app[SETTINGS]
    return json_answer({"url": login_url(settings.port, mint_login_nonce(settings.data_dir))})
