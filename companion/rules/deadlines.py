"""When an order's protection ends, how sure we are, and how urgent that is. Pure date math, no texts.

Every number here comes from the AliExpress rules and guides that docs/rules.md cites and explains to users.
Where sources disagree we take the value that warns the buyer earlier, with two deliberate exceptions
that follow the page: a deadline the page states beats our estimate from shipment + length (the page
knows about extensions), and a length the page states beats the 60-day default.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone, tzinfo

from companion.datetimes import PACIFIC, instant
from companion.rules.dates import add_days, whole_days

DEFAULT_PROTECTION_DAYS = 60  # shortest common length (60-90 days); used only when the page states none
MAX_PROTECTION_DAYS = 365  # anything longer is a parsing accident, not a length
DELIVERY_CUT_DAYS = 5  # after a "delivered" scan: 5 days (old help page) beats 7 (seed 002)
DISPUTE_AFTER_COMPLETION_DAYS = 15
ESCALATE_AFTER_DAYS = 3
LONG_WAIT_DAYS = 60  # seed 000: no parcel 60 days after shipment -> dispute

SEVERITY_ORDER = ("expired", "urgent", "soon", "watch", "ok", "done")
_RANK = {sev: i for i, sev in enumerate(SEVERITY_ORDER)}

_ACTIVE_BUTTONS = frozenset(("CONFIRM_GOODS", "OPEN_DISPUTE", "EXTEND_PROTECTION"))


@dataclass(slots=True)
class Assessment:
    """Everything the hint texts need; ``as_dict`` is the cheap public part."""

    state: str  # unpaid | closed | not_shipped | active | completed | dispute | unknown
    severity: str
    days_left: int | None = None
    deadline: datetime | None = None
    exact: bool = False
    source: str | None = None  # page | rule | override
    basis: str | None = None  # page | page_rule | page_days | default | delivery_scan | override | completion | completion_estimated
    start: datetime | None = None
    start_field: str | None = None  # shipped_at | order_date | paid_at
    length_days: int | None = None
    window_end: datetime | None = None
    received: bool | None = None
    shipped: datetime | None = None
    delivered: datetime | None = None
    completed: datetime | None = None
    dispute_opened: datetime | None = None
    dispute_days: int | None = None
    estimated_delivery: datetime | None = None
    coupon_deadline: datetime | None = None
    outlasted: datetime | None = None  # our estimate, proven wrong: the order was seen open after it
    seen_open: datetime | None = None
    now: datetime | None = None
    shown_tz: tzinfo = timezone.utc  # the caller's zone: deadlines are given in it

    def as_dict(self) -> dict:
        deadline = self.deadline.astimezone(self.shown_tz).isoformat() if self.deadline is not None else None
        return {"severity": self.severity, "days_left": self.days_left, "deadline": deadline,
                "exact": self.exact, "source": self.source}


def severity_for(days_left: int) -> str:
    if days_left < 0:
        return "expired"
    if days_left <= 3:
        return "urgent"
    if days_left <= 7:
        return "soon"
    if days_left <= 14:
        return "watch"
    return "ok"


def more_urgent(a: str, b: str) -> str:
    return a if _RANK.get(a, 9) <= _RANK.get(b, 9) else b


def _field(order: dict, key: str) -> datetime | None:
    return instant(order.get(key))


def _history_at(order: dict, status: str) -> datetime | None:
    """The day the store first saw ``status`` (its Pacific midnight): a later bound for when it really
    began. The capture's time of day is not information about the order, and the day's start is
    the earlier, safer bound."""
    history = order.get("status_history")
    if type(history) is not list:
        return None
    for entry in history:
        if type(entry) is dict and entry.get("status") == status:
            seen = instant(entry.get("at"))
            return seen.astimezone(PACIFIC).replace(hour=0, minute=0, second=0, microsecond=0) if seen else None
    return None


def _state(order: dict, status: object, shipped: datetime | None, dispute_opened: datetime | None) -> str:
    if status == "awaiting_payment":
        return "unpaid"
    if status == "closed":
        return "closed"
    if status == "in_dispute" or (dispute_opened is not None and status != "completed"):
        return "dispute"
    if status == "completed":
        return "completed"
    if status == "awaiting_shipment":
        return "active" if shipped is not None else "not_shipped"
    if status == "awaiting_delivery" or shipped is not None:
        return "active"
    # Status text unknown (e.g. a locale the parser can't read): the buttons still tell.
    buttons = order.get("buttons")
    if type(buttons) is list and buttons:
        codes = {b for b in buttons if type(b) is str}
        if "PAY" in codes:
            return "unpaid"
        if codes & _ACTIVE_BUTTONS:
            return "active"
        if "CANCEL" in codes:
            return "not_shipped"
    if order.get("order_date") or order.get("protection"):
        return "active"
    return "unknown"


def _protection_deadline(order: dict, a: Assessment) -> None:
    """Fill deadline/source/basis for an order whose protection clock may be running."""
    prot = order.get("protection")
    prot = prot if type(prot) is dict else {}
    days = prot.get("days")
    if type(days) is not int or not 0 < days <= MAX_PROTECTION_DAYS:
        days = None
    sources = order.get("protection_sources")
    sources = [src for src in sources.values() if type(src) is dict] if type(sources) is dict else []
    for src in sources:  # two pages can state different lengths: the shorter warns earlier
        other = src.get("days")
        if type(other) is int and 0 < other <= MAX_PROTECTION_DAYS and (days is None or other < days):
            days = other
    for field in ("shipped_at", "order_date", "paid_at"):
        # No shipment date: the order date is earlier, so counting from it warns earlier.
        start = a.shipped if field == "shipped_at" else _field(order, field)
        if start is not None:
            a.start, a.start_field = start, field
            break
    computed = None
    if a.start is not None:
        a.length_days = days or DEFAULT_PROTECTION_DAYS
        computed = add_days(a.start, a.length_days)

    ends = instant(prot.get("ends_at"))
    if prot.get("source", "page") == "page":
        # Pages can disagree by a day (tracking "before Sep 3", detail "before Sep 4"): the earlier.
        for src in sources:
            other = instant(src.get("ends_at"))
            if other is not None and (ends is None or other < ends):
                ends = other
    if ends is not None and prot.get("source", "page") == "page":
        a.deadline, a.source, a.exact, a.basis = ends, "page", True, "page"
    elif ends is not None:
        # Computed by the parser: an estimate like ours, so the earlier one stands.
        if computed is not None and computed < ends:
            a.deadline, a.basis = computed, ("page_days" if days else "default")
        else:
            a.deadline, a.basis = ends, "page_rule"
        a.source = "rule"
    elif computed is not None:
        a.deadline, a.source, a.basis = computed, "rule", ("page_days" if days else "default")

    if a.delivered is not None:
        cut = add_days(a.delivered, DELIVERY_CUT_DAYS)
        if a.deadline is None or cut < a.deadline:
            a.deadline, a.source, a.exact, a.basis = cut, "rule", False, "delivery_scan"


def _apply_override(order: dict, a: Assessment) -> bool:
    override = _field(order, "deadline_override")
    if override is None:
        return False
    a.deadline, a.source, a.exact, a.basis = override, "override", False, "override"
    return True


def evaluate(order: object, now: datetime) -> Assessment:
    """The full assessment of one order at ``now``. Never raises on odd input."""
    if type(now) is not datetime:
        now = datetime.now(timezone.utc)
    shown_tz = now.tzinfo or timezone.utc
    now = now.astimezone(timezone.utc) if now.tzinfo is not None else now.replace(tzinfo=timezone.utc)
    if type(order) is not dict:
        order = {}
    status = order.get("status")
    shipped = _field(order, "shipped_at")
    dispute_opened = _field(order, "dispute_opened_at")
    state = _state(order, status, shipped, dispute_opened)
    received = order.get("received")
    a = Assessment(state=state, severity="ok", now=now, shown_tz=shown_tz, shipped=shipped,
                   received=received if type(received) is bool else None)

    if state in ("unpaid", "closed"):
        a.severity = "done"  # nothing paid or already refunded: no protection to watch
        return a

    if state == "dispute":
        a.dispute_opened = dispute_opened or _history_at(order, "in_dispute")
        severity = "watch"
        if a.dispute_opened is not None:
            a.dispute_days = whole_days(now, a.dispute_opened)
            if a.dispute_days >= ESCALATE_AFTER_DAYS:
                severity = "soon"
        # A dispute opened in time freezes the clock, so protection no longer sets the deadline.
        if _apply_override(order, a):
            a.days_left = whole_days(a.deadline, now)
            severity = more_urgent(severity, severity_for(a.days_left))
        a.severity = severity
        return a

    if state == "completed":
        a.completed = _field(order, "completed_at")
        if a.completed is not None:
            a.basis = "completion"
        else:
            # Completion happened no later than when we first saw it, nor than the protection end.
            _protection_deadline(order, a)
            candidates = [t for t in (_history_at(order, "completed"),
                                      a.deadline if a.deadline is not None and a.deadline <= now else None)
                          if t is not None]
            a.completed = min(candidates) if candidates else None
            a.basis = "completion_estimated"
            a.start = a.start_field = a.length_days = None
        a.exact, a.source, a.deadline = False, None, None
        if a.completed is not None:
            a.window_end = add_days(a.completed, DISPUTE_AFTER_COMPLETION_DAYS)
            a.deadline, a.source = a.window_end, "rule"
        _apply_override(order, a)
        if a.deadline is None:
            a.severity = "watch"
            return a
        days = whole_days(a.deadline, now)
        if days < 0:
            a.severity = "done"
        else:
            a.days_left, a.severity = days, severity_for(days)
        return a

    if state == "not_shipped":
        # Protection starts at shipment; a seller who never ships gets the order closed and refunded.
        if _apply_override(order, a):
            a.days_left = whole_days(a.deadline, now)
            a.severity = severity_for(a.days_left)
        return a

    a.delivered = _field(order, "delivered_at")
    a.estimated_delivery = _field(order, "estimated_delivery_at")
    a.coupon_deadline = _field(order, "coupon_deadline_at")
    _protection_deadline(order, a)
    _apply_override(order, a)
    if a.deadline is None:
        a.severity = "watch"  # the clock may be running and we can't see its end
        return a
    a.days_left = whole_days(a.deadline, now)
    if a.days_left < 0 and a.source == "rule":
        seen = _field(order, "last_seen")
        if seen is not None and seen > a.deadline:
            # Still open after our estimated end: the real protection is longer or was extended.
            # Not "expired" (that would tell the buyer to give up), but its end may be any day.
            a.outlasted, a.seen_open = a.deadline, seen
            a.deadline = a.days_left = a.source = None
            a.severity = "urgent"
            return a
    if a.source != "override":
        a.window_end = add_days(a.deadline, DISPUTE_AFTER_COMPLETION_DAYS)
    a.severity = severity_for(a.days_left)
    return a


def assess(order: object, now: datetime) -> dict:
    """Just ``severity``, ``days_left``, ``deadline``, ``exact``, ``source``: cheap enough for thousands of orders."""
    return evaluate(order, now).as_dict()
