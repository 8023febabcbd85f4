"""Everything derived from all orders (the dashboard's list and cards, the API's order list,
exports), computed once per (store revision, hour).

With thousands of orders, ``assess`` for each one is the expensive part; it only changes when an
order changes or the date moves on, so the result is cached on exactly that key. Pages then
filter, slice and ask for full hints only for the rows they show.
"""

from __future__ import annotations

import asyncio
import logging

from bisect import bisect_left
from dataclasses import dataclass, field
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
    # What the next build needs to redo only what changed (see ``build``): the hour it was built for,
    # each order's store version and facts (``_facts``), the sort keys beside ``ranked`` and
    # ``closing_first``, and the money at risk per order.
    hour: int | None = None
    versions: dict[str, int] = field(default_factory=dict)
    facts: dict[str, tuple] = field(default_factory=dict)
    rank_keys: list[tuple] = field(default_factory=list)
    closing_keys: list[tuple] = field(default_factory=list)
    at_risk: dict[str, tuple[str, Decimal]] = field(default_factory=dict)

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
        self.entries: dict[str, tuple[int, int, dict, str, tuple]] = {}

    def get(self, order: dict, version: int, hour: int, now: datetime) -> tuple[dict, str, tuple]:
        """(assessment, search text, facts) of ``order``."""
        oid = order["order_id"]
        hit = self.entries.get(oid)
        if hit is not None and hit[0] == version and hit[1] == hour:
            return hit[2], hit[3], hit[4]
        assessment, text = safe_assess(order, now), _search_text(order)
        facts = _facts(order, assessment)
        self.entries[oid] = (version, hour, assessment, text, facts)
        return assessment, text, facts

    def keep_only(self, order_ids) -> None:
        for oid in [oid for oid in self.entries if oid not in order_ids]:
            del self.entries[oid]


def _facts(order: dict, a: dict) -> tuple:
    """What an order adds to an overview: (rank key, severity, status, open, closing soon, closing key
    or None, (currency, amount) at risk or None)."""
    opened = is_open(a)
    closing = (deadline_instant(a), order["order_id"]) if opened and a.get("deadline") else None
    money = None
    if opened:
        days = a.get("days_left")
        total = order.get("total") if isinstance(order.get("total"), dict) else {}
        amount = to_decimal(total.get("amount"))
        if days is not None and days <= RISK_WINDOW_DAYS and amount is not None and total.get("currency"):
            money = (total["currency"], amount)
    return ((rules.urgency_key(a), order["order_id"]), a.get("severity"), order.get("status") or "unknown", opened,
            closes_within(a, SOON_WINDOW_DAYS), closing, money)


# Past this share of changed orders, building afresh is cheaper than moving each one.
_REBUILD_SHARE = 0.1


def build(orders: list[dict] | list[tuple[dict, int]], now: datetime, key: tuple = (), memo: Memo | None = None,
          previous: Overview | None = None) -> Overview:
    """``orders`` are order dicts, or (order, store version) pairs when a ``memo`` is kept.

    With ``previous`` (the last build, from the same memo) in the same hour, only the orders whose
    version changed, appeared or went are moved: for a big store a pass that sorts and counts
    everything costs more than the dashboard's whole budget. The result equals a build from scratch
    (``tests/dashboard/test_overview_memo.py`` checks it after random changes)."""
    pairs = [(o, -1) for o in orders] if orders and isinstance(orders[0], dict) else list(orders)
    memo = memo if memo is not None else Memo()
    hour = int(now.timestamp()) // 3600
    if previous is not None and previous.hour == hour and pairs and pairs[0][1] != -1:
        updated = _update(previous, pairs, now, key, memo, hour)
        if updated is not None:
            return updated
    return _build(pairs, now, key, memo, hour)


def _build(pairs: list[tuple[dict, int]], now: datetime, key: tuple, memo: Memo, hour: int) -> Overview:
    assessments, search_text, facts_of, versions, rows = {}, {}, {}, {}, []
    get = memo.get
    for order, version in pairs:
        a, text, facts = get(order, version, hour, now)
        oid = order["order_id"]
        assessments[oid], search_text[oid], facts_of[oid], versions[oid] = a, text, facts, version
        rows.append((facts[0], order, a))
    memo.keep_only(assessments)
    rows.sort(key=_first)
    severity_counts = dict.fromkeys(SEVERITY_ORDER, 0)
    status_counts = dict.fromkeys(STATUSES, 0)
    closing, at_risk = [], {}
    open_count = soon_count = 0
    for _, order, a in rows:
        facts = facts_of[order["order_id"]]
        _, _, _, opened, soon, closing_key, money = facts
        _count(severity_counts, status_counts, facts)
        soon_count += soon
        if opened:
            open_count += 1
            if closing_key is not None:
                closing.append((closing_key, order, a))
            if money is not None:
                at_risk[order["order_id"]] = money
    closing.sort(key=_first)
    ranked = [(order, a) for _, order, a in rows]
    return Overview(
        key=key, ranked=ranked, assessments=assessments, search_text=search_text,
        severity_counts=severity_counts, status_counts=status_counts, money_at_risk=_money(at_risk),
        closing_first=[(order, a) for _, order, a in closing], open_count=open_count, closing_soon_count=soon_count,
        estimated=_estimated(ranked), hour=hour, versions=versions, facts=facts_of, rank_keys=[k for k, _, _ in rows],
        closing_keys=[k for k, _, _ in closing], at_risk=at_risk)


def _update(prev: Overview, pairs: list[tuple[dict, int]], now: datetime, key: tuple, memo: Memo, hour: int) -> Overview | None:
    """``prev`` with the changed orders moved; None when so much changed that building afresh is cheaper."""
    versions = prev.versions
    changed = [(order, version) for order, version in pairs if versions.get(order["order_id"]) != version]
    present = len(pairs) - sum(1 for order, _ in changed if order["order_id"] not in versions)
    gone = []
    if present != len(versions):  # some orders were deleted
        ids = {order["order_id"] for order, _ in pairs}
        gone = [oid for oid in versions if oid not in ids]
    if len(changed) + len(gone) > _REBUILD_SHARE * max(len(pairs), 1):
        return None
    ranked, rank_keys = list(prev.ranked), list(prev.rank_keys)
    closing, closing_keys = list(prev.closing_first), list(prev.closing_keys)
    assessments, search_text = dict(prev.assessments), dict(prev.search_text)
    facts_of, versions, at_risk = dict(prev.facts), dict(versions), dict(prev.at_risk)
    severity_counts, status_counts = dict(prev.severity_counts), dict(prev.status_counts)
    open_count, soon_count = prev.open_count, prev.closing_soon_count
    for oid in [order["order_id"] for order, _ in changed if order["order_id"] in facts_of] + gone:
        rank, severity, status, opened, soon, closing_key, _ = facts_of.pop(oid)
        at = bisect_left(rank_keys, rank)
        del rank_keys[at], ranked[at]
        _uncount(severity_counts, severity, SEVERITY_ORDER)
        _uncount(status_counts, status, STATUSES)
        soon_count -= soon
        if opened:
            open_count -= 1
            if closing_key is not None:
                at = bisect_left(closing_keys, closing_key)
                del closing_keys[at], closing[at]
        at_risk.pop(oid, None)
        del assessments[oid], search_text[oid], versions[oid]
    for oid in gone:
        memo.entries.pop(oid, None)
    for order, version in changed:
        a, text, facts = memo.get(order, version, hour, now)
        oid = order["order_id"]
        rank, _, _, opened, soon, closing_key, money = facts
        at = bisect_left(rank_keys, rank)
        rank_keys.insert(at, rank)
        ranked.insert(at, (order, a))
        _count(severity_counts, status_counts, facts)
        soon_count += soon
        if opened:
            open_count += 1
            if closing_key is not None:
                at = bisect_left(closing_keys, closing_key)
                closing_keys.insert(at, closing_key)
                closing.insert(at, (order, a))
            if money is not None:
                at_risk[oid] = money
        assessments[oid], search_text[oid], facts_of[oid], versions[oid] = a, text, facts, version
    return Overview(
        key=key, ranked=ranked, assessments=assessments, search_text=search_text,
        severity_counts=severity_counts, status_counts=status_counts, money_at_risk=_money(at_risk),
        closing_first=closing, open_count=open_count, closing_soon_count=soon_count, estimated=_estimated(ranked),
        hour=hour, versions=versions, facts=facts_of, rank_keys=rank_keys, closing_keys=closing_keys, at_risk=at_risk)


def _count(severity_counts: dict, status_counts: dict, facts: tuple) -> None:
    severity_counts[facts[1]] = severity_counts.get(facts[1], 0) + 1
    status_counts[facts[2]] = status_counts.get(facts[2], 0) + 1


def _uncount(counts: dict, value, always) -> None:
    """One fewer of ``value``; a value outside ``always`` (the keys every build shows) goes at zero, as a fresh build has it."""
    counts[value] -= 1
    if not counts[value] and value not in always:
        del counts[value]


def _money(at_risk: dict[str, tuple[str, Decimal]]) -> dict[str, Decimal]:
    """Money at risk per currency, summed afresh (a sum taken apart again would keep the removed
    amounts' decimal places: 10.50 + 1.5 - 10.50 is 1.50, not 1.5)."""
    money: dict[str, Decimal] = {}
    for currency, amount in at_risk.values():
        money[currency] = money.get(currency, Decimal(0)) + amount
    return dict(sorted(money.items()))


def _estimated(ranked: list[tuple[dict, dict]]) -> list[tuple[dict, dict]]:
    return [(o, a) for o, a in ranked if is_estimated(a)]


def _first(row: tuple):
    return row[0]


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
                    None, build, orders, now, key, self._memo, self._overview)
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

