"""The dashboard's language: ``?lang=`` (remembered in a cookie), then the cookie, then the browser."""

from __future__ import annotations

from aiohttp import web

from companion.i18n import LANGUAGES, pick_language

COOKIE = "og_lang"
ONE_YEAR = 365 * 24 * 3600


def chosen_language(request: web.Request) -> str:
    cookie = request.cookies.get(COOKIE)
    return pick_language(request.query.get("lang") or (cookie if cookie in LANGUAGES else None),
                         request.headers.get("Accept-Language"))


def remember_language(request: web.Request, response: web.StreamResponse, lang: str) -> None:
    if request.query.get("lang") and request.cookies.get(COOKIE) != lang:
        response.set_cookie(COOKIE, lang, max_age=ONE_YEAR, path="/", samesite="Strict", httponly=True)
