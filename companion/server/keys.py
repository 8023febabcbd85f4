"""Typed keys for everything the aiohttp application holds: its settings, the pairing token, and the
service that does the work."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from aiohttp import web

from companion.config import Settings
from companion.service.orders import OrderService

SETTINGS = web.AppKey("settings", Settings)
TOKEN = web.AppKey("token", str)
SERVICE = web.AppKey("service", OrderService)


@dataclass
class AutostartSeen:
    """How the app learns whether the companion starts with the computer: the installer's ``status`` (handed in
    by the CLI, which may use every layer; None in tests and embedders that don't say), and its last answer."""

    status: Callable[[], object] | None = None
    value: bool | None = None
    at: float | None = None


AUTOSTART = web.AppKey("autostart", AutostartSeen)
