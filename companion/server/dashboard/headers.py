"""Security headers for the dashboard's pages and static files.

Scripts only from our own static files (no inline code, no inline handlers), nothing from the
internet, no framing (clickjacking on the edit form), and pages that hold the pairing token are
never cached or sent as a referrer.
"""

from __future__ import annotations

from aiohttp import web

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
    if request.path.startswith("/api/"):
        response.headers.setdefault("X-Frame-Options", "DENY")
        return
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if not request.path.startswith("/static/"):
        response.headers.setdefault("Cache-Control", "no-store")
