"""The one error shape every API answer uses: {"error": {"code", "message"}}."""

from __future__ import annotations

from aiohttp import web


def error_response(status: int, code: str, message: str, headers: dict | None = None) -> web.Response:
    return web.json_response({"error": {"code": code, "message": message}}, status=status, headers=headers)


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
