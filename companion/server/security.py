"""What a server on localhost needs so web pages can't use it.

- DNS rebinding: a request must name this server (loopback name and our port) in ``Host``.
- Cross-origin: an ``Origin`` other than a browser extension or our own origin is refused;
  CORS headers are only ever sent to extension origins.
- The pairing token guards every API route but health.
- Body size is checked from ``Content-Length`` before anything is read.
"""

from __future__ import annotations

import hmac
import ipaddress

from aiohttp import web

from companion.server.keys import SETTINGS, TOKEN
from companion.server.errors import ApiError

EXTENSION_SCHEMES = ("chrome-extension://", "moz-extension://")
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
PUBLIC_API_PATHS = ("/api/v1/health",)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_hosts(settings) -> set[str]:
    names = set(LOOPBACK_NAMES)
    if settings.allow_remote:
        names.add(settings.host if ":" not in settings.host else f"[{settings.host}]")
    hosts = {f"{name}:{settings.port}" for name in names}
    if settings.port == 80:
        hosts |= names
    return hosts


def own_origins(settings) -> set[str]:
    return {f"http://{host}" for host in allowed_hosts(settings)}


def is_extension_origin(origin: str) -> bool:
    return origin.startswith(EXTENSION_SCHEMES) and len(origin) > len("moz-extension://")


def cors_headers(origin: str | None) -> dict:
    if origin and is_extension_origin(origin):
        return {
            "Access-Control-Allow-Origin": origin,
            "Access-Control-Allow-Methods": "GET, POST, PATCH, DELETE, OPTIONS",
            "Access-Control-Allow-Headers": "Authorization, Content-Type",
            "Access-Control-Max-Age": "600",
            "Vary": "Origin",
        }
    return {"Vary": "Origin"}


@web.middleware
async def guard_middleware(request: web.Request, handler):
    """Refusals are raised as ApiError: the error middleware around this one answers them, JSON for
    the API and a page for the dashboard."""
    settings = request.app[SETTINGS]
    host = (request.headers.get("Host") or "").lower()
    if host not in allowed_hosts(settings):
        raise ApiError(421, "wrong_host", "This server only answers requests addressed to it on the loopback interface.")
    origin = request.headers.get("Origin")
    if origin is not None and not (is_extension_origin(origin) or origin in own_origins(settings)):
        raise ApiError(403, "forbidden_origin", "Requests from this origin are not allowed.")
    is_api = request.path.startswith("/api/")
    if request.method == "OPTIONS" and is_api:
        return web.Response(status=204, headers=cors_headers(origin))
    if request.content_length is not None and request.content_length > settings.max_body_bytes:
        raise ApiError(413, "too_large", f"The request body is larger than {settings.max_body_bytes // (1024 * 1024)} MB.")
    if is_api and request.path not in PUBLIC_API_PATHS:
        auth = request.headers.get("Authorization", "")
        scheme, _, given = auth.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), request.app[TOKEN].encode()):
            raise ApiError(401, "unauthorized", "Missing or wrong pairing token. Open the dashboard once to pair the extension.")
    return await handler(request)


# Scripts only from our own static files (no inline code, no inline handlers), nothing from the
# internet, no framing (clickjacking on the edit form), and pages that hold the pairing token are
# never cached or sent as a referrer.
CSP = "; ".join((
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
))


async def add_security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """Every security header of every answer, error answers included, set here and nowhere else."""
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "no-referrer")
    headers.setdefault("X-Frame-Options", "DENY")
    if request.path.startswith("/api/"):
        for key, value in cors_headers(request.headers.get("Origin")).items():
            headers.setdefault(key, value)
        return
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if not request.path.startswith("/static/"):
        headers.setdefault("Cache-Control", "no-store")
