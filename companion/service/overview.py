"""Everything derived from all orders (the dashboard's list and cards, the API's order list,
exports), computed once per (store revision, hour).

With thousands of orders, ``assess`` for each one is the expensive part; it only changes when an
order changes or the date moves on, so the result is cached on exactly that key. Pages then
filter, slice and ask for full hints only for the rows they show.
"""

from __future__ import annotations

import asyncio
import logging

from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal


from companion import rules
from companion.model import STATUSES, to_decimal
from companion.rules import SEVERITY_ORDER, is_open
from companion.datetimes import instant as parse_iso

log = logging.getLogger(__name__)

RISK_WINDOW_DAYS = 7
SOON_WINDOW_DAYS = 14  # the "Closing soon" card: open orders whose protection ends within two weeks
TIMELINE_LIMIT = 30


@dataclass
class Overview:
    key: tuple
    ranked: list[tuple[dict, dict]]  # (order, assessment), most urgent first
    assessments: dict[str, dict]
    search_text: dict[str, str]
    severity_counts: dict[str, int]
    status_counts: dict[str, int]
    money_at_risk: dict[str, Decimal]
    closing_first: list[tuple[dict, dict]]  # open orders with a deadline, earliest deadline first
    open_count: int = 0
    closing_soon_count: int = 0  # open orders that ``closes_within(SOON_WINDOW_DAYS)``
    estimated: list[tuple[dict, dict]] | None = None  # open orders whose deadline is ours, not the page's, most urgent first

    @property
    def total(self) -> int:
        return len(self.ranked)

    def select(self, severity: str | None, status: str | None, query: str | None) -> list[tuple[dict, dict]]:
        rows = self.ranked
        if severity == "open":
            rows = [r for r in rows if is_open(r[1])]
        elif severity == "closing":
            rows = [r for r in rows if closes_within(r[1], SOON_WINDOW_DAYS)]
        elif severity:
            rows = [r for r in rows if r[1].get("severity") == severity]
        if status:
            rows = [r for r in rows if r[0].get("status") == status]
        needle = (query or "").strip().casefold()
        if needle:
            rows = [r for r in rows if needle in self.search_text[r[0]["order_id"]]]
        return rows


def deadline_instant(assessment: dict) -> datetime:
    """The deadline as an aware datetime (assessments carry ISO text); no deadline sorts last."""
    return parse_iso(assessment.get("deadline")) or datetime.max.replace(tzinfo=timezone.utc)


def closes_within(assessment: dict, days: int) -> bool:
    """An open order whose protection ends within ``days`` calendar days (0 = today): the number its
    badge shows. An order without a number (the window may have closed, no end known) is not counted."""
    left = assessment.get("days_left")
    return is_open(assessment) and type(left) is int and 0 <= left <= days


def is_estimated(assessment: dict) -> bool:
    """An open order whose deadline (or its absence) is our estimate: the order's own page would tell
    the exact one. A date the buyer typed is theirs, not an estimate."""
    return is_open(assessment) and not assessment.get("exact") and assessment.get("source") != "override"


def needs_attention(order: dict) -> dict:
    """The assessment of an order whose stored data the rules could not read (a date no conversion
    can hold, a field of the wrong type): shown as one to look at, never a failed page."""
    return {"severity": "watch", "days_left": None, "deadline": None, "exact": False, "source": None,
            "state": "unknown", "may_have_closed": False, "last_day": None, "needs_attention": True}


def safe_assess(order: dict, now: datetime) -> dict:
    """``rules.assess``, or ``needs_attention`` when what is stored breaks it: one broken order
    must not take the dashboard, the API's list and every export down with it."""
    try:
        return rules.assess(order, now)
    except (OverflowError, ValueError, TypeError, AttributeError, KeyError, IndexError):
        log.warning("order %r cannot be assessed; shown as needing attention", order.get("order_id"), exc_info=True)
        return needs_attention(order)


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _search_text(order: dict) -> str:
    items = order.get("items") if isinstance(order.get("items"), list) else []
    titles = " ".join(_text(i.get("title")) for i in items if isinstance(i, dict))
    parts = (_text(order["order_id"]), _text(order.get("store")), titles, _text(order.get("tracking_number")),
             _text(order.get("note")))
    return " ".join(parts).casefold()


class Memo:
    """Per-order results of the last build, reused while the order is unchanged (same store version)
    and the hour is the same: after one change only that order is assessed again."""

    def __init__(self):
        self.entries: dict[str, tuple[int, int, dict, str]] = {}

    def get(self, order: dict, version: int, hour: int, now: datetime) -> tuple[dict, str]:
        oid = order["order_id"]
        hit = self.entries.get(oid)
        if hit is not None and hit[0] == version and hit[1] == hour:
            return hit[2], hit[3]
        assessment, text = safe_assess(order, now), _search_text(order)
        self.entries[oid] = (version, hour, assessment, text)
        return assessment, text

    def keep_only(self, order_ids: set[str]) -> None:
        for oid in [oid for oid in self.entries if oid not in order_ids]:
            del self.entries[oid]


def build(orders: list[dict] | list[tuple[dict, int]], now: datetime, key: tuple = (), memo: Memo | None = None) -> Overview:
    """``orders`` are order dicts, or (order, store version) pairs when a ``memo`` is kept."""
    pairs = [(o, -1) for o in orders] if orders and isinstance(orders[0], dict) else list(orders)
    orders = [o for o, _ in pairs]
    memo = memo if memo is not None else Memo()
    hour = int(now.timestamp()) // 3600
    assessments, search_text = {}, {}
    for order, version in pairs:
        assessments[order["order_id"]], search_text[order["order_id"]] = memo.get(order, version, hour, now)
    memo.keep_only(set(assessments))
    ranked = sorted(((o, assessments[o["order_id"]]) for o in orders),
                    key=lambda r: (rules.urgency_key(r[1]), r[0]["order_id"]))
    severity_counts = dict.fromkeys(SEVERITY_ORDER, 0)
    status_counts = dict.fromkeys(STATUSES, 0)
    money: dict[str, Decimal] = {}
    closing = []
    for order, a in ranked:
        severity_counts[a.get("severity")] = severity_counts.get(a.get("severity"), 0) + 1
        status_counts[order.get("status") or "unknown"] = status_counts.get(order.get("status") or "unknown", 0) + 1
        if not is_open(a):
            continue
        if a.get("deadline"):
            closing.append((order, a))
        days = a.get("days_left")
        total = order.get("total") if isinstance(order.get("total"), dict) else {}
        amount = to_decimal(total.get("amount"))
        if days is not None and days <= RISK_WINDOW_DAYS and amount is not None and total.get("currency"):
            money[total["currency"]] = money.get(total["currency"], Decimal(0)) + amount
    closing.sort(key=lambda r: (deadline_instant(r[1]), r[0]["order_id"]))
    overview = Overview(
        key=key, ranked=ranked, assessments=assessments,
        search_text=search_text,
        severity_counts=severity_counts, status_counts=status_counts,
        money_at_risk=dict(sorted(money.items())), closing_first=closing,
        open_count=sum(1 for _, a in ranked if is_open(a)),
        closing_soon_count=sum(1 for _, a in ranked if closes_within(a, SOON_WINDOW_DAYS)),
        estimated=[(o, a) for o, a in ranked if is_estimated(a)],
    )
    return overview


class OverviewCache:
    """One Overview per (store, revision, hour); per-order results are kept between builds.

    Building it for thousands of orders takes a few hundred milliseconds, so it runs in a worker
    thread (on a snapshot of the orders) to keep the event loop answering the extension, and a
    background task rebuilds it once the store has been quiet for a moment: the buyer's next
    dashboard view then finds it ready instead of paying for it.
    """

    QUIET_SECONDS = 1.5

    def __init__(self):
        self._overview: Overview | None = None
        self._lock = asyncio.Lock()
        self._memo = Memo()

    @staticmethod
    def key_for(store, now: datetime) -> tuple:
        # days left change at the deadline's own hour (00:00 Pacific), not at local midnight
        return (id(store), store.revision, int(now.timestamp()) // 3600)

    def is_fresh(self, store, now: datetime) -> bool:
        return self._overview is not None and self._overview.key == self.key_for(store, now)

    async def get(self, store, now: datetime) -> Overview:
        async with self._lock:
            key = self.key_for(store, now)
            if self._overview is None or self._overview.key != key:
                orders = store.snapshot()  # taken on the loop, where the store is changed
                self._overview = await asyncio.get_running_loop().run_in_executor(
                    None, build, orders, now, key, self._memo)
            return self._overview

    async def keep_warm(self, store, clock) -> None:
        seen = None
        while True:
            await asyncio.sleep(self.QUIET_SECONDS)
            now = clock()
            key = self.key_for(store, now)
            if key == seen and not self.is_fresh(store, now):
                try:
                    await self.get(store, now)
                except Exception:  # a bug in the rules must not kill the warmer; the page will show it
                    log.exception("could not prepare the dashboard overview")
            seen = key

