"""When an order's protection ends, how sure we are, and how urgent that is. Pure date math, no texts.

The one promise: a deadline shown is never later than the real one (docs/rules.md, "What the truth is").
Every deadline here is the *earliest* the real one can be, given what the pages showed; when that earliest
moment has passed but the real end may still be ahead, or nothing bounds it, the assessment says so
(``may_have_closed``) instead of giving a number.

Every number here comes from the AliExpress rules and guides that docs/rules.md cites and explains to users.
Where sources disagree we take the value that warns the buyer earlier, with two deliberate exceptions
that follow the page: a deadline the page states beats our estimate from shipment + length (the page
knows about extensions), and a length the page states beats the 60-day default.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo

from companion.datetimes import PACIFIC, instant, is_date_only
from companion.rules.dates import add_days, add_days_early, calendar_days_left, day_start_after, last_day, whole_days

# Each constant names its guide (the files in the product's seeds folder; docs/rules.md, "The guides' advice").
DEFAULT_PROTECTION_DAYS = 60  # guide 000: 60-90 days from shipment; the shortest, used only when the page states none
MAX_PROTECTION_DAYS = 365  # anything longer is a parsing accident, not a length
# After a "delivered" scan: 5 days (old help page) beats guide 002's week after the parcel reaches the local
# post office, which can only come later than the scan.
DELIVERY_CUT_DAYS = 5
DISPUTE_AFTER_COMPLETION_DAYS = 15  # guide 000: a dispute until 15 days after the order is Completed
ESCALATE_AFTER_DAYS = 3  # guide 003: "don't wait more than three days", escalate
# Guide 000: the seller has 5-15 days to answer a dispute. Stated as a range in the texts, never counted down:
# the guide does not say which applies, and escalating after ESCALATE_AFTER_DAYS comes first anyway.
SELLER_ANSWER_DAYS = (5, 15)
LONG_WAIT_DAYS = 60  # guide 000: no parcel 60 days after shipment -> dispute
# The detail page's own reminder (docs/rules.md, "The guides' advice"): "you can open a dispute within 90 days
# after order was placed" for a defective item or one not as described. While it may run, a completed order is
# not "done": the buyer is sent to the order's page.
DEFECT_DISPUTE_DAYS = 90

SEVERITY_ORDER = ("expired", "urgent", "soon", "watch", "ok", "done")
_RANK = {sev: i for i, sev in enumerate(SEVERITY_ORDER)}

_ACTIVE_BUTTONS = frozenset(("CONFIRM_GOODS", "OPEN_DISPUTE", "EXTEND_PROTECTION"))
# Words in a status text that tell a cancelled order from one closed otherwise, and a dispute waiting for
# the buyer to send the item back. Lower case; the parser's status stays the contract, these only refine it.
_CANCEL_WORDS = ("cancel", "отмен", "בוטל", "ביטול", "annul", "storn")
_RETURN_WORDS = ("return", "возврат", "החזר", "devol", "retour", "rücksend")
_CLOCK_SLACK = 1 / 24  # the two readings of "N days" (dates.add_days_early) differ by up to an hour
DETAIL_URL = "https://www.aliexpress.com/p/order/detail.html?orderId={order_id}"


@dataclass(slots=True)
class Assessment:
    """Everything the hint texts need; ``as_dict`` is the cheap public part."""

    # unpaid | cancelled | closed | not_shipped | active | completed | dispute | awaiting_return | unknown
    state: str
    severity: str
    days_left: int | None = None  # calendar days in the buyer's zone to ``last_day`` (0 = today, 1 = tomorrow)
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
    # No page or buyer gave the day: ``dispute_opened`` is the earliest it can have been (so escalation is offered
    # on time) and ``dispute_days`` a count no text may state as the dispute's age.
    dispute_assumed: bool = False
    estimated_delivery: datetime | None = None
    coupon_deadline: datetime | None = None
    outlasted: datetime | None = None  # our estimate, proven wrong: the order was seen open after it
    seen_open: datetime | None = None
    defect_until: datetime | None = None  # the 15 days have passed; the 90 days from the order for a defect have not
    # The earliest the real deadline can be has passed (``earliest``), or nothing bounds it (``earliest`` None),
    # yet the real one may still be ahead: no number is given, the buyer is sent to the order's page.
    may_have_closed: bool = False
    earliest: datetime | None = None
    last_day: date | None = None  # the last calendar day (buyer's zone) to act on, beside ``days_left``
    date_only: str | None = None  # "YYYY-MM-DD" when the deadline is a date without a time (page or own)
    order_id: str | None = None
    now: datetime | None = None
    shown_tz: tzinfo = timezone.utc  # the caller's zone: deadlines are given in it
    # The first instant after ``now`` at which anything read off the clock (below) turns out otherwise,
    # so the hint stays what it is until then (None: never). Every look at ``now`` goes through
    # ``reached``, ``days_since``, ``days_to`` or ``calendar_days_to``, which note it.
    changes: datetime | None = None

    def _changes_at(self, moment: datetime | None) -> None:
        if moment is not None and (self.changes is None or moment < self.changes):
            self.changes = moment

    def reached(self, moment: datetime) -> bool:
        """``now >= moment``; when not yet, it turns true at ``moment``."""
        if self.now >= moment:
            return True
        self._changes_at(moment)
        return False

    def days_since(self, earlier: datetime) -> int:
        """Whole days from ``earlier`` to now (``whole_days``); one more at the next 24-hour mark."""
        days = whole_days(self.now, earlier)
        self._changes_at(_shifted(earlier, days + 1))
        return days

    def days_to(self, later: datetime) -> int:
        """Whole days from now to ``later`` (``whole_days``); one fewer just after the next 24-hour mark."""
        days = whole_days(later, self.now)
        self._changes_at(_shifted(later, -days, _TICK))
        return days

    def calendar_days_to(self, deadline: datetime) -> int:
        """``calendar_days_left`` to ``deadline``: counted from today in the buyer's zone, which ends at its next midnight."""
        self._changes_at(day_start_after(self.now, self.shown_tz) or self.now)
        return calendar_days_left(deadline, self.now, self.shown_tz)

    def as_dict(self) -> dict:
        deadline = self.deadline.astimezone(self.shown_tz).isoformat() if self.deadline is not None else None
        return {"severity": self.severity, "days_left": self.days_left, "deadline": deadline,
                "exact": self.exact, "source": self.source, "state": self.state,
                "may_have_closed": self.may_have_closed,
                "last_day": self.last_day.isoformat() if self.last_day is not None else None}


_TICK = timedelta(microseconds=1)


def _shifted(moment: datetime, days: int, plus: timedelta = timedelta(0)) -> datetime | None:
    """``days`` times 24 hours (and ``plus``) from ``moment``, in UTC; None beyond what a datetime
    holds (a change that is never reached)."""
    try:
        return moment.astimezone(timezone.utc) + timedelta(days=days) + plus
    except OverflowError:
        return None


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


def check_url(order_id: object) -> str | None:
    """The order's detail page, where AliExpress shows its exact dates."""
    if type(order_id) is str and order_id.isascii() and order_id.isdigit() and len(order_id) <= 32:
        return DETAIL_URL.format(order_id=order_id)
    return None


def _field(order: dict, key: str) -> datetime | None:
    return instant(order.get(key))


def _history(order: dict) -> list[tuple[str, datetime]]:
    history = order.get("status_history")
    if type(history) is not list:
        return []
    out = []
    for entry in history:
        if type(entry) is dict and type(entry.get("status")) is str:
            seen = instant(entry.get("at"))
            if seen is not None:
                out.append((entry["status"], seen))
    return out


def _history_at(order: dict, status: str) -> datetime | None:
    """The day the store first saw ``status`` (its Pacific midnight): a later bound for when it really
    began. The capture's time of day is not information about the order, and the day's start is
    the earlier, safer bound."""
    for seen_status, seen in _history(order):
        if seen_status == status:
            return seen.astimezone(PACIFIC).replace(hour=0, minute=0, second=0, microsecond=0)
    return None


def _earliest_dispute(order: dict, shipped: datetime | None) -> datetime | None:
    """The earliest a dispute no page dated can have been opened: after the last time the order was seen not in
    dispute and after shipment (guide 000: the Open dispute button appears once the order is shipped), else after
    payment or the order. The first time it was seen in dispute is only the latest it can have been."""
    first_seen = _history_at(order, "in_dispute")
    bounds = [seen for status, seen in _history(order)
              if status != "in_dispute" and (first_seen is None or seen < first_seen)]
    bounds += [t for t in (shipped, _field(order, "paid_at"), _field(order, "order_date")) if t is not None]
    return max(bounds) if bounds else None


def _text_has(order: dict, words: tuple[str, ...]) -> bool:
    text = order.get("status_text")
    return type(text) is str and any(word in text.lower() for word in words)


def _state(order: dict, status: object, shipped: datetime | None, dispute_opened: datetime | None) -> str:
    if status == "awaiting_payment":
        return "unpaid"
    if status == "closed":
        return "cancelled" if _text_has(order, _CANCEL_WORDS) else "closed"
    if status == "in_dispute" or (dispute_opened is not None and status != "completed"):
        return "awaiting_return" if _text_has(order, _RETURN_WORDS) else "dispute"
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


def _case_dispute_opened(order: dict) -> datetime | None:
    """The earliest dispute the buyer recorded in the case log (rules/followups.py reads the rest)."""
    log = order.get("case")
    days = [instant(e.get("at")) for e in log if type(e) is dict and e.get("kind") == "dispute_opened"] if type(log) is list else []
    days = [d for d in days if d is not None]
    return min(days) if days else None


def _stated_dates(order: dict, prot: dict) -> list[tuple[str, datetime, str]]:
    """(captured at, stated end, raw value) for every page that stated an end date."""
    out = []
    sources = order.get("protection_sources")
    if type(sources) is dict:
        for src in sources.values():
            if type(src) is dict:
                ends = instant(src.get("ends_at"))
                if ends is not None:
                    out.append((src.get("at") if type(src.get("at")) is str else "", ends, src.get("ends_at")))
    if not out:
        ends = instant(prot.get("ends_at"))
        if ends is not None:
            out.append(("", ends, prot.get("ends_at")))
    return out


def _protection_deadline(order: dict, a: Assessment) -> None:
    """Fill deadline/source/basis for an order whose protection clock may be running: the earliest the
    real end can be. ``exact`` only when that is what the newest page showed (a later page knows about
    an extension or a delivery an older one could not)."""
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
        computed = add_days_early(a.start, a.length_days)

    if prot.get("source", "page") == "page":
        stated = _stated_dates(order, prot)
        if stated:
            # Pages can disagree (tracking "before Sep 3", detail "before Sep 4"): the earlier. It is exact
            # only if it is what the newest page said.
            _, ends, raw = min(stated, key=lambda s: s[1])
            newest = max(stated, key=lambda s: s[0])[1]
            a.deadline, a.source, a.exact, a.basis = ends, "page", ends == newest, "page"
            a.date_only = raw if is_date_only(raw) else None
    else:
        ends = instant(prot.get("ends_at"))
        if ends is not None:
            # Computed by the parser: an estimate like ours, so the earlier one stands.
            if computed is not None and computed < ends:
                a.deadline, a.basis = computed, ("page_days" if days else "default")
            else:
                a.deadline, a.basis = ends, "page_rule"
            a.source = "rule"
    if a.deadline is None and computed is not None:
        a.deadline, a.source, a.basis = computed, "rule", ("page_days" if days else "default")

    if a.delivered is not None:
        cut = add_days_early(a.delivered, DELIVERY_CUT_DAYS)
        if a.deadline is None or cut < a.deadline:
            a.deadline, a.source, a.exact, a.basis = cut, "rule", False, "delivery_scan"
            a.date_only = None


def _apply_override(order: dict, a: Assessment) -> bool:
    raw = order.get("deadline_override")
    override = instant(raw)
    if override is None:
        return False
    if is_date_only(raw):
        # A day the buyer typed: before that day begins where the buyer is (no earlier day is left out,
        # and "before Nov 24" reads the same in every zone), shown as that date, never as a time.
        day = date.fromisoformat(raw)
        override = datetime(day.year, day.month, day.day, tzinfo=a.shown_tz)
    a.deadline, a.source, a.exact, a.basis = override, "override", False, "override"
    a.date_only = raw if is_date_only(raw) else None
    a.may_have_closed, a.earliest = False, None
    return True


def _count(a: Assessment) -> None:
    """days_left, last_day and severity for a known deadline: calendar days in the buyer's zone."""
    a.last_day = last_day(a.deadline, a.shown_tz)
    a.days_left = a.calendar_days_to(a.deadline)
    # The colour follows whichever count warns earlier: calendar days (the words) or whole 24-hour
    # periods (3 days 19 hours left is already "urgent", though its last day is 4 calendar days away).
    a.severity = "expired" if a.reached(a.deadline) else severity_for(min(a.days_left, a.days_to(a.deadline)))


def _may_have_closed(a: Assessment, earliest: datetime | None, severity: str) -> None:
    """No number: the real deadline is at least ``earliest`` (None: nothing bounds it), which has passed
    or is unknown, while the real one may still be ahead."""
    a.may_have_closed, a.earliest = True, earliest
    a.deadline = a.days_left = a.last_day = a.date_only = None
    a.exact, a.source, a.severity = False, None, severity


def _done_unless_defect(order: dict, a: Assessment) -> None:
    """The 15 days after completion have surely passed: done, unless the order was placed less than
    DEFECT_DISPUTE_DAYS ago, when the order page may still take a dispute for a defect. Only a known order
    date can tell; without one the order is done, as the general rule says."""
    raw = order.get("order_date")
    placed = _field(order, "order_date")
    until = add_days_early(placed, DEFECT_DISPUTE_DAYS) if placed is not None else None
    # a date-only order day may have been any time that day: over for sure one day later
    if until is not None and not a.reached(add_days(add_days(until, 1 if is_date_only(raw) else 0), _CLOCK_SLACK)):
        _may_have_closed(a, a.window_end, "watch")
        a.defect_until = until
    else:
        a.severity = "done"


def _completed(order: dict, a: Assessment) -> None:
    """The dispute window of a completed order: 15 days after completion."""
    raw = order.get("completed_at")
    a.completed = instant(raw)
    a.exact = False
    if a.completed is not None:
        a.basis = "completion"
        a.window_end = add_days_early(a.completed, DISPUTE_AFTER_COMPLETION_DAYS)
        a.deadline, a.source = a.window_end, "rule"
        if _apply_override(order, a):
            _count(a)
            return
        # a date-only completion day may have been any time that day: closed for sure one day later
        latest = add_days(add_days(a.window_end, 1 if is_date_only(raw) else 0), _CLOCK_SLACK)
        if not a.reached(a.deadline):
            _count(a)
        elif a.reached(latest):
            _done_unless_defect(order, a)
        else:
            _may_have_closed(a, a.window_end, "watch")
        return
    # Completion day unknown. It came after every date the order had before (order, payment, shipment)
    # and after every time it was seen not yet completed; it came no later than the first time it was
    # seen completed. The earliest bound gives the deadline; only the latest can close it for sure.
    a.basis = "completion_estimated"
    lower = [t for t in (_field(order, "order_date"), _field(order, "paid_at"), a.shipped) if t is not None]
    lower += [seen for status, seen in _history(order) if status != "completed"]
    upper = [seen for status, seen in _history(order) if status == "completed"]
    a.completed = max(lower) if lower else None
    if _apply_override(order, a):
        _count(a)
        return
    earliest = add_days_early(a.completed, DISPUTE_AFTER_COMPLETION_DAYS) if a.completed is not None else None
    if earliest is not None and not a.reached(earliest):
        a.window_end = a.deadline = earliest
        a.source = "rule"
        _count(a)
    elif upper and a.reached(add_days(add_days(min(upper), DISPUTE_AFTER_COMPLETION_DAYS), _CLOCK_SLACK)):
        a.window_end = a.deadline = earliest
        a.source = "rule" if earliest is not None else None
        _done_unless_defect(order, a)
    else:
        _may_have_closed(a, earliest, "watch")


def evaluate(order: object, now: datetime) -> Assessment:
    """The full assessment of one order at ``now``. Never raises on odd input."""
    clockless = type(now) is not datetime
    if clockless:
        now = datetime.now(timezone.utc)
    shown_tz = now.tzinfo or timezone.utc
    now = now.astimezone(timezone.utc) if now.tzinfo is not None else now.replace(tzinfo=timezone.utc)
    if type(order) is not dict:
        order = {}
    status = order.get("status")
    shipped = _field(order, "shipped_at")
    dispute_opened = _field(order, "dispute_opened_at") or _case_dispute_opened(order)
    state = _state(order, status, shipped, dispute_opened)
    received = order.get("received")
    oid = order.get("order_id")
    a = Assessment(state=state, severity="ok", now=now, shown_tz=shown_tz, shipped=shipped,
                   received=received if type(received) is bool else None,
                   order_id=oid if type(oid) is str else None)
    if clockless:
        a.changes = now  # read off the computer's clock: it holds for no time at all

    if state == "unpaid":
        a.severity = "ok"  # nothing paid yet, nothing at risk: pay, or let it close by itself
        return a
    if state in ("cancelled", "closed"):
        a.severity = "done"  # refunded or never paid: no protection to watch
        return a

    if state in ("dispute", "awaiting_return"):
        if dispute_opened is not None:
            a.dispute_opened = dispute_opened
        else:
            a.dispute_opened, a.dispute_assumed = _earliest_dispute(order, shipped), True
        severity = "urgent" if state == "awaiting_return" else "watch"
        if a.dispute_opened is not None:
            a.dispute_days = a.days_since(a.dispute_opened)
            if a.dispute_days >= ESCALATE_AFTER_DAYS:
                severity = more_urgent(severity, "soon")
        # A dispute opened in time freezes the clock, so protection no longer sets the deadline.
        if _apply_override(order, a):
            _count(a)
            severity = more_urgent(severity, a.severity)
        a.severity = severity
        return a

    if state == "completed":
        _completed(order, a)
        return a

    if state == "not_shipped":
        # Protection starts at shipment; a seller who never ships gets the order closed and refunded.
        if _apply_override(order, a):
            _count(a)
        return a

    a.delivered = _field(order, "delivered_at")
    a.estimated_delivery = _field(order, "estimated_delivery_at")
    a.coupon_deadline = _field(order, "coupon_deadline_at")
    _protection_deadline(order, a)
    if _apply_override(order, a):
        _count(a)
        return a
    if a.deadline is None:
        # the clock may be running and nothing bounds its end
        _may_have_closed(a, None, "watch")
        return a
    if a.reached(a.deadline) and not a.exact:
        # Our earliest bound has passed, but the real end may be later (a longer length, an extension).
        seen = _field(order, "last_seen")
        if seen is not None and seen > a.deadline:
            # Still open after our estimated end: the real protection is longer or was extended.
            a.outlasted, a.seen_open = a.deadline, seen
        # Not "expired" (that would tell the buyer to give up), but its end may be any day.
        _may_have_closed(a, a.deadline, "urgent")
        return a
    a.window_end = add_days(a.deadline, DISPUTE_AFTER_COMPLETION_DAYS)
    _count(a)
    if a.severity == "expired":
        # The page's own date has passed: "expired" as of that page. An extension granted since, or the
        # 15 days after the completion that followed, may still leave room: the buyer is sent to check.
        a.may_have_closed, a.earliest = True, a.deadline
    return a


def assess(order: object, now: datetime) -> dict:
    """Just ``severity``, ``days_left``, ``deadline``, ``exact``, ``source`` (and ``state``,
    ``may_have_closed``, ``last_day``): cheap enough for thousands of orders."""
    return evaluate(order, now).as_dict()
