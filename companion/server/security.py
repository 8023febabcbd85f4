"""What a server on localhost needs so web pages can't use it.

- DNS rebinding: a request must name this server (loopback name and our port) in ``Host``.
- Cross-origin: an ``Origin`` other than a browser extension or our own origin is refused;
  CORS headers are only ever sent to extension origins.
- Every API route but health and hello needs a credential: the pairing token (``Authorization:
  Bearer``, the extension) or the dashboard's session cookie (same-origin requests only).
- Every dashboard page but ``/login`` and ``/static/`` needs that session (or the token): other
  users of the computer can reach 127.0.0.1 too, and must get neither an order nor the token.
  The session comes from a one-time link that only the data folder's owner can mint
  (``order-guard open``); it lives in this process's memory only, so it dies with the companion.
- Body size is checked from ``Content-Length`` before anything is read. One route has a larger
  limit than the rest, the backup restore (``ROUTE_BODY_LIMITS``): a backup of 50,000 orders is
  about 50 MB of JSON.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
import time

from aiohttp import web

from companion.server.keys import SETTINGS, TOKEN
from companion.server.errors import ApiError

EXTENSION_SCHEMES = ("chrome-extension://", "moz-extension://")
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
PUBLIC_API_PATHS = ("/api/v1/health", "/api/v1/hello")
PUBLIC_PAGE_PATHS = ("/login",)
PUBLIC_PAGE_PREFIXES = ("/static/",)
SESSION_TTL_SECONDS = 7 * 24 * 3600
MAX_SESSIONS = 64
# A backup holds every stored order (about 1 KB each), so a whole history does not fit in the 16 MB
# that bounds everything else; 128 MB holds backup.MAX_BACKUP_ORDERS (100,000) orders of that
# size. Only a request with the token or the session gets its body read (docs/security.md).
BACKUP_BODY_BYTES = 128 * 1024 * 1024
ROUTE_BODY_LIMITS = {("POST", "/api/v1/import"): BACKUP_BODY_BYTES}


class Sessions:
    """Dashboard sessions: random ids in this process's memory, each valid for SESSION_TTL_SECONDS."""

    def __init__(self, port: int, clock=time.monotonic):
        self.cookie_name = f"og_session_{port}"  # cookies ignore ports: two companions must not share one
        self._clock = clock
        self._ids: dict[str, float] = {}

    def open(self) -> str:
        now = self._clock()
        self._ids = {sid: until for sid, until in self._ids.items() if until > now}
        while len(self._ids) >= MAX_SESSIONS:
            self._ids.pop(min(self._ids, key=self._ids.get))
        sid = secrets.token_urlsafe(32)
        self._ids[sid] = now + SESSION_TTL_SECONDS
        return sid

    def valid(self, sid: str | None) -> bool:
        if not sid:
            return False
        until = self._ids.get(sid)
        return until is not None and until > self._clock()

    def set_cookie(self, response: web.StreamResponse, sid: str) -> None:
        response.set_cookie(self.cookie_name, sid, max_age=SESSION_TTL_SECONDS, path="/", httponly=True,
                            samesite="Strict")


SESSIONS = web.AppKey("sessions", Sessions)


def has_token(request: web.Request) -> bool:
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), request.app[TOKEN].encode())


def has_session(request: web.Request) -> bool:
    sessions = request.app.get(SESSIONS)
    return sessions is not None and sessions.valid(request.cookies.get(sessions.cookie_name))


class LoginRequired(ApiError):
    """A dashboard page asked for without a session: the error page says how to open the dashboard."""

    def __init__(self):
        super().__init__(401, "login_required",
                         "This dashboard opens only through a one-time link. Run `order-guard open` on this computer.")


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
    limit = body_limit(request.method, request.path, settings.max_body_bytes)
    if request.content_length is not None and request.content_length > limit:
        raise ApiError(413, "too_large", f"The request body is larger than {limit // (1024 * 1024)} MB.")
    if is_api:
        if request.path not in PUBLIC_API_PATHS and not has_token(request):
            # the cookie counts only for the dashboard's own pages: same origin (or a GET without Origin)
            same_origin = origin in own_origins(settings) or (origin is None and request.method in ("GET", "HEAD"))
            if not (same_origin and has_session(request)):
                raise ApiError(401, "unauthorized", "Missing or wrong pairing token. Pair the extension from its settings page.")
    elif not (request.path in PUBLIC_PAGE_PATHS or request.path.startswith(PUBLIC_PAGE_PREFIXES)):
        if not (has_session(request) or has_token(request)):
            raise LoginRequired()
    if limit != request.client_max_size:
        request = request.clone(client_max_size=limit)  # the larger limit for this route alone
    return await handler(request)


def body_limit(method: str, path: str, default: int) -> int:
    """The most bytes a request's body may have on this route."""
    return max(default, ROUTE_BODY_LIMITS.get((method, path), 0))


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
