"""Turns what the extension sends (page HTML or captured page data) into orders.

One entry point, ``parse_page``. Knows nothing of deadlines. Never raises: whatever goes
wrong becomes ``page_kind: "unknown"`` (or fewer orders) plus a warning saying why.
The page families live one per module; ``registry`` picks one by URL, then by content.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

log = logging.getLogger(__name__)

MAX_CHARS = 20_000_000  # a saved page beyond this is not an order page anyone browses


@dataclass
class ParsedPage:
    page_kind: str = "unknown"
    orders: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"page_kind": self.page_kind, "orders": self.orders, "warnings": self.warnings}


def parse_page(url: str, content: str | dict | list | Any, captured_at: datetime) -> ParsedPage:
    """(url, html text or captured page data, capture time with tz) -> ParsedPage."""
    from companion.parsing.context import Context, as_aware

    ctx = Context(url if isinstance(url, str) else "", as_aware(captured_at))
    try:
        kind, orders = _parse(content, ctx)
    except RecursionError:
        ctx.warn("page too deeply nested to read")
        kind, orders = "unknown", []
    except Exception as exc:  # never let one odd page take the companion down
        log.exception("parser failed on %s", ctx.url[:200])
        ctx.warn(f"parser error ({type(exc).__name__}); nothing read from this page")
        kind, orders = "unknown", []
    return ParsedPage(kind if orders or kind != "unknown" else "unknown", _dedupe(orders), ctx.warnings)


def _dedupe(orders: list[dict]) -> list[dict]:
    seen, out = set(), []
    for order in orders:
        if order["order_id"] not in seen:
            seen.add(order["order_id"])
            out.append(order)
    return out


def _parse(content, ctx) -> tuple[str, list[dict]]:
    from companion.parsing import captured, embedded, registry

    if isinstance(content, (bytes, bytearray)):
        content = bytes(content[:MAX_CHARS]).decode("utf-8", errors="replace")
    if isinstance(content, (dict, list)):
        return _captured(content, ctx)
    if not isinstance(content, str):
        ctx.warn(f"content must be HTML text or captured page data, not {type(content).__name__}")
        return "unknown", []
    if len(content) > MAX_CHARS:
        ctx.warn(f"page too large ({len(content)} characters); not parsed")
        return "unknown", []
    if not content.strip():
        ctx.warn("empty page")
        return "unknown", []
    if captured.looks_captured(content):
        try:
            data = captured.load(content)
        except (ValueError, RecursionError):
            data = None
        if data is not None:
            return _captured(data, ctx)
    family = registry.by_url(ctx.url)
    if family is not None and not family.content_matches(content) and registry.by_content(content) not in (None, family):
        family = registry.by_content(content)  # e.g. a list saved under an odd URL
    family = family or registry.by_content(content)
    orders: list[dict] = []
    before = len(ctx.warnings)
    if family is not None:
        orders = family.parse(content, ctx)
    if not orders and embedded.has_data(content):
        for data in embedded.find(content):
            kind, found = _captured(data, ctx)
            if found:
                del ctx.warnings[before:]  # the layout miss no longer matters: the page's own data was read
                return kind, found
    if family is None:
        if "<" not in content:
            ctx.warn("not HTML and not captured page data")
        else:
            ctx.warn("not a recognized AliExpress order page (no order list, detail or tracking layout found)")
        return "unknown", []
    return family.kind, orders


def _captured(data, ctx) -> tuple[str, list[dict]]:
    from companion.parsing import captured

    kind, orders = captured.parse(data, ctx)
    if kind == "unknown":
        keys = list(data)[:5] if isinstance(data, dict) else type(data).__name__
        ctx.warn(f"captured data of an unknown shape ({json.dumps(keys, ensure_ascii=False)[:200]})")
    return kind, orders
