"""Typed keys for everything the aiohttp application holds."""

from __future__ import annotations

from aiohttp import web

from companion.config import Settings
from companion.service.hint_cache import HintCache
from companion.service.page_cache import PageCache
from companion.store import Store

SETTINGS = web.AppKey("settings", Settings)
TOKEN = web.AppKey("token", str)
STORE = web.AppKey("store", Store)
CLOCK = web.AppKey("clock", object)  # () -> aware datetime; tests freeze it
PAGE_CACHE = web.AppKey("page_cache", PageCache)
HINT_CACHE = web.AppKey("hint_cache", HintCache)
