"""Turns what the extension sends (page HTML or captured page data) into orders.

One entry point, ``parse_page``. Knows nothing of deadlines. Never raises: whatever goes
wrong becomes fewer orders (or none) plus a warning saying why. The page families live one
per module in ``families/``; ``registry`` picks one by URL, then by content; ``plausibility``
checks every family's result against what the page shows.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

log = logging.getLogger(__name__)

MAX_CHARS = 20_000_000  # a saved page beyond this is not an order page anyone browses
MAX_CAPTURES = 20
LIST_KIND = "order_list"  # the current My Orders page, and the list data it is drawn from
# Warnings of this kind mean a bug in Order Guard, not an odd page: tests assert they never appear.
CRASH = "internal error"


@dataclass
class ParsedPage:
    page_kind: str = "unknown"
    orders: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seen: int | None = None  # orders the page shows, counted from its anchors (None: not countable)

    @property
    def read(self) -> int:
        from companion.parsing.plausibility import is_read

        return sum(1 for order in self.orders if is_read(order))

    @property
    def crashed(self) -> bool:
        return any(w.startswith(CRASH) for w in self.warnings)

    def reading(self) -> dict:
        return {"seen": self.seen, "read": self.read}

    def to_json(self) -> dict:
        return {"page_kind": self.page_kind, "orders": self.orders, "warnings": self.warnings, "reading": self.reading()}


def parse_page(url: str, content: str | dict | list | Any, captured_at: datetime, captures: list | tuple = ()) -> ParsedPage:
    """(url, html text or captured page data, capture time with tz[, responses the page fetched])
    -> ParsedPage. ``captures`` are merged per order, their values winning where they have one."""
    from companion.parsing import plausibility
    from companion.parsing.context import Context, as_aware

    ctx = Context(url if isinstance(url, str) else "", as_aware(captured_at))
    kind, orders, shown, single = "unknown", [], None, False
    read = _read_captures(content, captures, ctx) if captures else []
    covered = _covered_list(content, read, ctx)
    if covered is not None:
        kind, orders, shown = covered
        return ParsedPage(kind, orders, ctx.warnings, _seen(orders, shown, ctx))
    try:
        kind, orders, shown, single = _parse(content, ctx)
        # captured data names every order it holds by its own orderId: nothing there to cross-check
        orders = plausibility.check(_dedupe(orders), shown if isinstance(content, (str, bytes, bytearray)) else None, single, ctx)
    except RecursionError:
        ctx.warn("page too deeply nested to read")
        orders = []
    except Exception as exc:  # never let one odd page take the companion down, but say it is our fault
        log.exception("parser failed on %s", ctx.url[:200])
        ctx.warn(f"{CRASH} ({type(exc).__name__}) while reading this page; nothing read from it. Please save a report.")
        orders, shown = [], _shown(content)
    if read:
        kind, orders, shown = _merge_captures(kind, orders, shown, read)
    return ParsedPage(kind, orders, ctx.warnings, _seen(orders, shown, ctx))


def _seen(orders: list[dict], shown: set[str] | None, ctx) -> int | None:
    from companion.parsing import plausibility

    try:
        seen, _ = plausibility.shortfall(orders, shown, ctx)
    except Exception as exc:
        log.exception("plausibility count failed on %s", ctx.url[:200])
        ctx.warn(f"{CRASH} ({type(exc).__name__}) while counting this page's orders")
        seen = None
    return seen


def _shown(content) -> set[str] | None:
    """The order ids a page shows, for the count the buyer sees when its reader failed."""
    from companion.parsing import plausibility

    try:
        if isinstance(content, str) and len(content) <= MAX_CHARS:
            return plausibility.ids_in_html(content)
        if isinstance(content, (dict, list)):
            return plausibility.ids_in_data(content)
    except Exception:  # the count is a courtesy on a path that already failed once
        log.exception("could not count the orders of a page whose reader failed")
    return None


def _dedupe(orders: list[dict]) -> list[dict]:
    seen, out = set(), []
    for order in orders:
        if order["order_id"] not in seen:
            seen.add(order["order_id"])
            out.append(order)
    return out


def _read_captures(content, captures, ctx) -> list[tuple[str, list[dict], set[str]]]:
    """(kind, orders, order ids) of each response the page fetched, read once. The page's language is
    known first, from its HTML, as the page's own reader would have found it."""
    from companion.parsing import plausibility

    if isinstance(content, str) and "<" in content[:MAX_CHARS]:
        ctx.detect_lang(content[:MAX_CHARS])
    read = []
    for data in list(captures)[:MAX_CAPTURES]:
        try:
            found_kind, found = _captured(data, ctx)
            ids = plausibility.ids_in_data(data)
        except Exception as exc:
            log.exception("captured data failed on %s", ctx.url[:200])
            ctx.warn(f"{CRASH} ({type(exc).__name__}) while reading the page's own data")
            continue
        read.append((found_kind, found, ids))
    return read


def _covered_list(content, read, ctx) -> tuple[str, list[dict], set[str]] | None:
    """A My Orders area whose every card the page's own list data holds: (kind, orders, shown) from that
    data alone, without reading the cards again; None to read the page as usual.

    The current list is drawn from that data, and it gives every field a card shows (the real page and its
    captured response read the same, field for field), so reading the cards as well only costs time. The
    cards still say which orders the page shows."""
    from companion.parsing import plausibility, registry

    if not read or not isinstance(content, str) or len(content) > MAX_CHARS or "<" not in content:
        return None
    family = registry.by_url(ctx.url) or registry.by_content(content)
    if family is None or family.kind != LIST_KIND:
        return None
    shown = plausibility.ids_in_html(content)
    _, orders, _ = _merge_captures("unknown", [], None, [each for each in read if each[0] == LIST_KIND])
    if not shown or not shown <= {order["order_id"] for order in orders}:
        return None
    for _, _, ids in read:
        shown |= ids
    return family.kind, orders, shown


def _merge_captures(kind: str, orders: list[dict], shown: set[str] | None, read):
    """The page's own data next to its DOM: per order, a captured value wins where it has one."""
    by_id = {order["order_id"]: order for order in orders}
    shown = set(shown or ())
    for found_kind, found, ids in read:
        if kind == "unknown" and found:
            kind = found_kind
        shown |= ids
        for order in found:
            mine = by_id.get(order["order_id"])
            if mine is None:
                by_id[order["order_id"]] = order
                orders.append(order)
                continue
            for key, value in order.items():
                if value not in (None, [], "") and not (key == "status" and value == "unknown"):
                    mine[key] = value
    return kind, orders, shown


def _parse(content, ctx) -> tuple[str, list[dict], set[str] | None, bool]:
    """(page kind, orders, the order ids the page shows, whether the family reads one order)."""
    from companion.parsing import embedded, plausibility, registry
    from companion.parsing.families import captured

    if isinstance(content, (bytes, bytearray)):
        content = bytes(content[:MAX_CHARS]).decode("utf-8", errors="replace")
    if isinstance(content, (dict, list)):
        kind, orders = _captured(content, ctx)
        return kind, orders, plausibility.ids_in_data(content), False
    if not isinstance(content, str):
        ctx.warn(f"content must be HTML text or captured page data, not {type(content).__name__}")
        return "unknown", [], None, False
    if len(content) > MAX_CHARS:
        ctx.warn(f"page too large ({len(content)} characters); not parsed")
        return "unknown", [], None, False
    if not content.strip():
        ctx.warn("empty page")
        return "unknown", [], None, False
    if captured.looks_captured(content):
        try:
            data = captured.load(content)
        except (ValueError, RecursionError):
            data = None
        if data is not None:
            kind, orders = _captured(data, ctx)
            return kind, orders, plausibility.ids_in_data(data), False
    # A URL that names a family decides; the content sniff is for pages without one.
    family = registry.by_url(ctx.url) or registry.by_content(content)
    shown = plausibility.ids_in_html(content)
    orders: list[dict] = []
    before = len(ctx.warnings)
    if family is not None:
        orders = family.parse(content, ctx)
    if not orders and embedded.has_data(content):
        for data in embedded.find(content):
            kind, found = _captured(data, ctx)
            if found:
                del ctx.warnings[before:]  # the layout miss no longer matters: the page's own data was read
                return kind, found, shown | plausibility.ids_in_data(data), False
    if family is None:
        if "<" not in content:
            ctx.warn("not HTML and not captured page data")
        elif shown:
            ctx.warn(f"this page shows {len(shown)} order(s), but its layout is not one Order Guard knows; nothing read")
        else:
            ctx.warn("not a recognized AliExpress order page (no order list, detail or tracking layout found)")
        return "unknown", [], shown, False
    return family.kind, orders, shown, not family.many


def _captured(data, ctx) -> tuple[str, list[dict]]:
    from companion.parsing.families import captured

    kind, orders = captured.parse(data, ctx)
    if kind == "unknown":
        keys = list(data)[:5] if isinstance(data, dict) else type(data).__name__
        ctx.warn(f"captured data of an unknown shape ({json.dumps(keys, ensure_ascii=False)[:200]})")
    return kind, orders
