"""Typed keys for everything the aiohttp application holds: its settings, the pairing token, and the
service that does the work."""

from __future__ import annotations

from aiohttp import web

from companion.config import Settings
from companion.service.orders import OrderService

SETTINGS = web.AppKey("settings", Settings)
TOKEN = web.AppKey("token", str)
SERVICE = web.AppKey("service", OrderService)
