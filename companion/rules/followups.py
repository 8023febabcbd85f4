"""What comes after the first step: the follow-ups of a case, each with its own deadline.

From the buyer's case log (``case``: extension asked, dispute opened, offer, decision...) and what
the pages showed, each follow-up is ``{"kind", "due", "exact", "title", "explanation", "text"?,
"evidence"?}``, the most pressing (earliest ``due``) first. The clocks come from the guides
(docs/rules.md, "Cases"): 48 hours for the seller to answer an extension request, escalate after
3 days without agreement, 5 days for the seller to answer a dispute, 10 days to ship a return,
refunds in business days by payment method.

The promise is the product's: a ``due`` is never later than the real one. A day the buyer picked
without a time counts from the start of that day where the buyer is, and makes the follow-up
``exact: false``; so does every deadline that is itself an estimate.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from companion.datetimes import instant, is_date_only
from companion.model import to_decimal
from companion.rules.case_entries import KINDS
from companion.rules.catalog import t
from companion.rules.dates import add_days, add_days_early
from companion.rules.deadlines import DELIVERY_CUT_DAYS, ESCALATE_AFTER_DAYS, Assessment
from companion.rules.texts import render

EXTENSION_ANSWER_HOURS = 48  # the seller may take 48 hours to answer an extension request
SELLER_ANSWER_DAYS = 5  # newer sources say 5, seed 000 says 5-15: the earlier
RETURN_SHIP_DAYS = 10  # "return goods": 10 days to ship it back, or the money goes to the seller
STALL_DAYS = 10  # no tracking event for this long: the parcel has stopped (issue 16); the buyer's setting
STALL_DAYS_MIN, STALL_DAYS_MAX = 5, 30  # what the setting may be: less is ordinary transit, more outlasts protection
STALL_ANSWER_HOURS = 48  # then the seller has as long as for any request before the dispute
RETURN_CHECK_DAYS = 10  # Order Guard's own: look at the return's tracking after as long again
# refund after a decision, the latest business day by method (seed 000); unknown method: the longest
REFUND_BUSINESS_DAYS = {"card": 15, "paypal": 5, "balance": 3}
REFUND_UNKNOWN_DAYS = max(REFUND_BUSINESS_DAYS.values())

# What to collect for each dispute reason (seeds 000, 002, 004): the unboxing video is the strongest
EVIDENCE = {
    "not_received": ("tracking_page", "seller_chat"),
    "not_as_described": ("unboxing_video", "item_photos", "listing_screenshot", "seller_chat"),
    "damaged": ("unboxing_video", "item_photos", "label_photo", "seller_chat"),
    "wrong_item": ("unboxing_video", "item_photos", "label_photo", "seller_chat"),
    "wrong_colour": ("item_photos", "listing_screenshot", "seller_chat"),
    "missing_quantity": ("unboxing_video", "item_photos", "label_photo", "seller_chat"),
}
_OPEN_STATES = ("active", "unknown")
_DISPUTE_STATES = ("dispute", "awaiting_return")


def _moment(value: object, tz) -> tuple[datetime | None, bool]:
    """(when, exact) for a date or time the buyer entered: a bare day starts where the buyer is."""
    if is_date_only(value):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return None, False
        return datetime(day.year, day.month, day.day, tzinfo=tz), False
    moment = instant(value)
    return (moment, True) if moment is not None else (None, False)


class _Entry:
    __slots__ = ("kind", "at", "exact", "raw")

    def __init__(self, raw: dict, at: datetime, exact: bool):
        self.kind, self.at, self.exact, self.raw = raw["kind"], at, exact, raw

    def amount(self):
        return to_decimal(self.raw.get("amount")) if self.raw.get("amount") is not None else None


def _entries(order: dict, tz) -> list[_Entry]:
    log = order.get("case")
    out = []
    for raw in log if type(log) is list else []:
        if type(raw) is dict and raw.get("kind") in KINDS:
            at, exact = _moment(raw.get("at"), tz)
            if at is not None:
                out.append(_Entry(raw, at, exact))
    out.sort(key=lambda e: e.at)  # a step recorded late still counts on its own day
    return out


def _latest(entries: list[_Entry], *kinds: str, after: datetime | None = None) -> _Entry | None:
    found = [e for e in entries if e.kind in kinds and (after is None or e.at >= after)]
    return found[-1] if found else None


def escalated(order: dict, a: Assessment) -> bool:
    """Whether the buyer recorded an escalation of the order's current dispute (none before it counts)."""
    entries = _entries(order, a.shown_tz)
    opened = _latest(entries, "dispute_opened")
    since = opened.at if opened is not None else a.dispute_opened
    return _latest(entries, "escalated", after=since) is not None


def add_business_days(moment: datetime, days: int) -> datetime:
    """``days`` working days (Monday to Friday) later, at the same wall-clock time. Holidays are
    not known here; they only make the real day later, so this day is never after it."""
    out = moment
    for _ in range(days):
        out = add_days(out, 1)
        while out.weekday() >= 5:
            out = add_days(out, 1)
    return out


def _stated_since(order: dict, since: datetime) -> tuple[list[datetime], list[datetime]]:
    """The protection ends the pages stated before ``since`` and after it (from ``protection_sources``)."""
    before, after = [], []
    sources = order.get("protection_sources")
    for src in sources.values() if type(sources) is dict else []:
        if type(src) is not dict:
            continue
        ends, seen = instant(src.get("ends_at")), instant(src.get("at"))
        if ends is None or seen is None:
            continue
        (after if seen > since else before).append(ends)
    return before, after


class _Builder:
    def __init__(self, order: dict, a: Assessment, ctx: dict, lang: str, when: Callable, stall_days: int):
        self.order, self.a, self.ctx, self.lang, self.when = order, a, ctx, lang, when
        self.stall_days = stall_days
        self.out: list[dict] = []

    def date(self, moment: datetime | None) -> str:
        return self.when(moment, self.lang, self.a.shown_tz)

    def add(self, kind: str, due: datetime, exact: bool, *, template: str | None = None, variant: str = "text",
            problem: str | None = None, ctx: dict | None = None, evidence: str | None = None, **values) -> None:
        item = {"kind": kind, "due": due.astimezone(self.a.shown_tz).isoformat(), "exact": bool(exact),
                "overdue": self.a.reached(due),
                "title": t(self.lang, f"followup.{kind}.title"),
                "explanation": t(self.lang, f"followup.{kind}.explanation", date=self.date(due), **values)}
        if template:
            text, for_eva = render(template, ctx or self.ctx, variant=variant, problem=problem)
            if text:
                item["text"], item["for_eva"] = text, for_eva
        if evidence:
            item["reason"] = evidence
            item["evidence"] = [{"key": key, "label": t(self.lang, f"evidence.{key}")} for key in EVIDENCE[evidence]]
        self.out.append(item)


def _dispute_variant(a: Assessment) -> str:
    return "text_when_delivered" if a.delivered is not None else "text"


def _extension(b: _Builder, entries: list[_Entry]) -> None:
    a = b.a
    ext = _latest(entries, "extension_requested")
    if ext is None or a.state not in _OPEN_STATES or a.received is True:
        return
    if _latest(entries, *KINDS[1:], after=ext.at):  # a dispute or anything later: the extension is past
        return
    answer_by = ext.at + timedelta(hours=EXTENSION_ANSWER_HOURS)
    if not a.reached(answer_by):
        b.add("extension_answer", answer_by, ext.exact)
        return
    before, after = _stated_since(b.order, ext.at)
    if after and before and max(after) > max(before):
        return  # a page read since shows a later end: granted, and the badge already counts from it
    # Not moved, or no page read since: the dispute, before protection ends.
    ends = a.deadline if a.deadline is not None and not a.reached(a.deadline) else None
    kind = "extension_not_seen" if not after else "extension_not_granted"
    b.add(kind, ends or answer_by, ext.exact and (ends is None or a.exact), template="open_dispute.not_received",
          variant=_dispute_variant(a), evidence="not_received", asked=b.date(ext.at))


def _dispute(b: _Builder, entries: list[_Entry]) -> None:
    a = b.a
    opened_entry = _latest(entries, "dispute_opened")
    if opened_entry is not None:
        opened, exact = opened_entry.at, opened_entry.exact
    elif a.state in _DISPUTE_STATES:
        opened, exact = _moment(b.order.get("dispute_opened_at"), a.shown_tz)
        if opened is None and a.dispute_opened is not None:
            opened, exact = a.dispute_opened, False  # the day the store first saw the dispute
    else:
        return
    if opened is None or a.state in ("cancelled", "closed", "unpaid"):
        return
    if _latest(entries, "decision_refund", "decision_return", "decision_rejected", "refund_received", after=opened):
        return
    escalated = _latest(entries, "escalated", after=opened)
    offer = _latest(entries, "offer_received", after=opened)
    if offer is not None and (escalated is None or escalated.at < offer.at):
        asked = (opened_entry.amount() if opened_entry is not None else None) or to_decimal((b.order.get("total") or {}).get("amount")
                                                                                          if type(b.order.get("total")) is dict else None)
        got = offer.amount()
        if got is None or asked is None or got < asked:
            ctx = dict(b.ctx)
            if opened_entry is not None and opened_entry.amount() is not None:
                ctx["amount"] = _money(opened_entry.raw["amount"], b.order)
            b.add("refuse_offer", offer.at, offer.exact, template="refuse_partial_offer", ctx=ctx)
    if escalated is None:
        b.add("escalate", add_days(opened, ESCALATE_AFTER_DAYS), exact, template="escalate_dispute")
        b.add("seller_answer", add_days(opened, SELLER_ANSWER_DAYS), exact)


def _money(amount: str, order: dict) -> str:
    total = order.get("total")
    currency = total.get("currency") if type(total) is dict else None
    if type(currency) is str and currency.isascii() and currency.isalpha() and len(currency) == 3:
        return f"{amount} {currency.upper()}"
    return amount


def _decision(b: _Builder, entries: list[_Entry]) -> None:
    a = b.a
    decision = _latest(entries, "decision_refund", "decision_return", "decision_rejected")
    if decision is None:
        return
    received = _latest(entries, "refund_received", after=decision.at)
    if received is not None:
        return
    if decision.kind == "decision_return":
        shipped = _latest(entries, "return_shipped", after=decision.at)
        if shipped is None:
            b.add("ship_return", add_days(decision.at, RETURN_SHIP_DAYS), decision.exact)
        else:
            number = shipped.raw.get("tracking_number")
            kind = "return_tracking" if number else "return_tracking_unknown"
            b.add(kind, add_days(shipped.at, RETURN_CHECK_DAYS), shipped.exact, number=number or "")
        return
    if decision.kind != "decision_refund":
        return
    method = decision.raw.get("method")
    days = REFUND_BUSINESS_DAYS.get(method, REFUND_UNKNOWN_DAYS)
    # weekdays as the buyer's calendar has them: the same moment is a Friday in one zone and a Saturday in another
    due = add_business_days(decision.at.astimezone(a.shown_tz), days)
    if not a.reached(due):
        b.add("refund_expected", due, decision.exact, n=days)
        return
    ctx = dict(b.ctx)
    ctx["decision_date"] = f"{decision.at:%b} {decision.at.day}, {decision.at.year}"
    opened = _latest(entries, "dispute_opened")
    ctx["dispute_date"] = f"{opened.at:%b} {opened.at.day}, {opened.at.year}" if opened is not None else None
    if decision.raw.get("amount") is not None:
        ctx["amount"] = _money(decision.raw["amount"], b.order)
    b.add("refund_late", due, decision.exact, template="case.refund_late", ctx=ctx, n=days)


def _delivered_not_received(b: _Builder, entries: list[_Entry]) -> None:
    a = b.a
    if a.delivered is None or a.received is True or a.state not in _OPEN_STATES:
        return
    if _latest(entries, "dispute_opened", "extension_requested", after=a.delivered):
        return  # the buyer acted after the scan: the follow-ups of that step apply
    due = a.deadline or add_days_early(a.delivered, DELIVERY_CUT_DAYS)
    b.add("delivered_not_received", due, a.exact and a.deadline is not None, template="open_dispute.not_received",
          variant="text_when_delivered", evidence="not_received")


def _stalled(b: _Builder, entries: list[_Entry]) -> None:
    """No tracking event for the buyer's ``stall_days``: a message to the seller, then the non-delivery dispute."""
    a = b.a
    if a.state not in _OPEN_STATES or a.received is True or a.delivered is not None:
        return
    last, exact = _moment(b.order.get("last_event_at"), a.shown_tz)
    if last is None or _latest(entries, "dispute_opened", after=last):
        return
    stopped = add_days(last, b.stall_days)
    if not a.reached(stopped):
        return
    ctx = dict(b.ctx)
    ctx["last_event"] = f"{last:%b} {last.day}, {last.year}"
    b.add("parcel_stalled", stopped, exact, template="case.stalled", ctx=ctx, days=b.stall_days)
    dispute = stopped + timedelta(hours=STALL_ANSWER_HOURS)
    if a.deadline is not None and a.deadline < dispute:
        dispute, exact = a.deadline, exact and a.exact
    b.add("stalled_dispute", dispute, exact, template="open_dispute.not_received", evidence="not_received")


def follow_ups(order: dict, a: Assessment, ctx: dict, lang: str, when: Callable, stall_days: int = STALL_DAYS) -> list[dict]:
    """Every follow-up of this order, the most pressing first (overdue ones, then the earliest due).
    ``when(moment, lang, tz)`` writes a date for the UI (hints.when_deadline: the date alone at a
    midnight where the buyer is, else date and time); ``stall_days`` is the buyer's setting (the
    service reads it; see ``STALL_DAYS_MIN``, ``STALL_DAYS_MAX``)."""
    b = _Builder(order, a, ctx, lang, when, stall_days)
    entries = _entries(order, a.shown_tz)
    for step in (_extension, _dispute, _decision, _delivered_not_received, _stalled):
        step(b, entries)
    b.out.sort(key=lambda item: instant(item["due"]))
    return b.out


# The dashboard's case filters: what the buyer is waiting for, or must do, by the follow-ups' kinds
CASE_FILTERS = ("seller", "refund", "escalate")


def waiting_for(ups: list[dict]) -> set[str]:
    """Which case filters an order's follow-ups put it in: ``seller`` (an answer is awaited: the
    48 hours of an extension, a dispute before its 3 days), ``refund`` (decided, not received, or a
    return on its way), ``escalate`` (3 days passed without agreement, or a low offer to refuse)."""
    out = set()
    for up in ups:
        kind, overdue = up.get("kind"), up.get("overdue")
        if kind == "extension_answer" or (kind == "escalate" and not overdue):
            out.add("seller")
        if kind in ("refund_expected", "refund_late", "return_tracking", "return_tracking_unknown"):
            out.add("refund")
        if (kind == "escalate" and overdue) or kind == "refuse_offer":
            out.add("escalate")
    return out
