"""Turns what the extension sends (page HTML or captured page data) into orders.

One entry point, ``parse_page``. Knows nothing of deadlines. Never raises.
(Stub until the parsing engine lands: recognizes nothing.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class ParsedPage:
    page_kind: str = "unknown"
    orders: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"page_kind": self.page_kind, "orders": self.orders, "warnings": self.warnings}


def parse_page(url: str, content: str | dict | list | Any, captured_at: datetime) -> ParsedPage:
    """(url, html text or captured page data, capture time with tz) -> ParsedPage."""
    return ParsedPage(warnings=["parser not implemented yet"])
