"""The extension's toolbar count, kept order by order, so that the answer to every page can carry it.

The toolbar shows how many orders are urgent or closing soon and lists the first of them: what
``GET /api/v1/orders?severity=urgent,soon&limit=100`` answers. Working that out from the overview
means ranking every stored order; here each order's severity is kept, and after a change only the
orders the store reports changed (``Store.changed_since``) are assessed again. Severities move with
time too (a deadline comes closer): they are kept for one hour, the overview's own step (its key
is the store revision and the hour), and the first answer in a new hour assesses every order again,
in a worker thread, as the overview does. So within an hour the count is the overview's; across
hours it is never older than the hour it is given in, and ``valid_until`` says when that ends.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timezone

from companion.rules import urgency_key
from companion.service.overview import is_estimated, safe_assess

COUNTED = ("urgent", "soon")
LIMIT = 100  # orders listed, as the toolbar asks of GET /api/v1/orders
INCREMENTAL_MAX = 2_000  # more changed orders than this (a restore): every order is looked at again


def _hour(now: datetime) -> int:
    return int(now.timestamp()) // 3600


def _assess_all(docs: list[dict], now: datetime) -> dict[str, dict]:
    return {doc["order_id"]: safe_assess(doc, now) for doc in docs}


class ToolbarCount:
    def __init__(self):
        self._hour: int | None = None
        self._mark = -1
        self._attention: dict[str, tuple] = {}  # order id -> sort key, for the orders counted
        self._estimated: set[str] = set()  # of those, the ones whose deadline is ours, not the page's
        self._lock = asyncio.Lock()

    def _note(self, order_id: str, assessment: dict | None) -> None:
        if assessment is not None and assessment.get("severity") in COUNTED:
            self._attention[order_id] = (urgency_key(assessment), order_id)
        else:
            self._attention.pop(order_id, None)
        if order_id in self._attention and is_estimated(assessment):
            self._estimated.add(order_id)
        else:
            self._estimated.discard(order_id)

    async def _sync(self, store, now: datetime, known: dict[str, tuple[int, dict]] | None = None) -> None:
        hour = _hour(now)
        if self._hour != hour:
            docs, mark = [doc for doc, _ in store.snapshot()], store.change_mark()  # together, on the loop
            assessed = await asyncio.get_running_loop().run_in_executor(None, _assess_all, docs, now)
            self._attention, self._estimated = {}, set()
            for oid, assessment in assessed.items():
                self._note(oid, assessment)
            self._hour, self._mark = hour, mark  # what changed while the thread ran comes next
        changed = store.changed_since(self._mark)
        if changed is None or len(changed) > INCREMENTAL_MAX:
            self._hour = None
            return await self._sync(store, now)
        self._mark = store.change_mark()
        known = known or {}
        for oid in set(changed):
            seen = known.get(oid)
            if seen is not None and seen[0] == store.version(oid):
                self._note(oid, seen[1])  # assessed a moment ago, at this version: a hint holds its assessment
                continue
            doc = store.stored_document(oid)
            self._note(oid, safe_assess(doc, now) if doc is not None else None)

    async def answer(self, store, now: datetime, shown: Callable[[str], dict | None],
                     known: dict[str, tuple[int, dict]] | None = None) -> dict:
        """``{"orders", "total", "estimated", "valid_until"}``: the most urgent counted orders as ``shown``
        makes them of the stored order's id (None: no longer stored), how many are counted and how many of
        those are estimated, and until when that holds if nothing changes. ``known``: order id -> (store
        version, its assessment or a hint, which holds one) worked out by the caller just before."""
        async with self._lock:
            await self._sync(store, now, known)
            chosen = sorted(self._attention.values())[:LIMIT]
            total, estimated = len(self._attention), len(self._estimated)
        orders = [shown(oid) for _, oid in chosen]
        until = datetime.fromtimestamp((_hour(now) + 1) * 3600, timezone.utc)
        return {"orders": [order for order in orders if order is not None], "total": total,
                "estimated": estimated, "valid_until": until.isoformat(timespec="seconds")}


# What the extension's worker reads of a toolbar order (background/toolbar.js: the count's look, the popup's
# list): the rest of the hint (texts to copy, actions, follow-ups) would only be encoded and carried for nothing.
LEAN_HINT = ("severity", "days_left", "exact", "source", "summary")


def lean_order(order: dict, hint: dict) -> dict:
    """A toolbar order as a page answer carries it: ``order_id``, ``store``, ``items`` (the first item's
    ``title`` only) and ``hint`` with ``LEAN_HINT``."""
    items = order.get("items")
    first = items[0] if isinstance(items, list) and items and isinstance(items[0], dict) else None
    return {"order_id": order.get("order_id"), "store": order.get("store"),
            "items": [{"title": first.get("title")}] if first is not None else [],
            "hint": {key: hint.get(key) for key in LEAN_HINT}}
