"""From an order's assessment to the hint the buyer sees: summary, why, and the actions for its state."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from functools import lru_cache

from babel.dates import format_date, format_time

from companion.i18n import RTL
from companion.rules.catalog import t
from companion.datetimes import instant
from companion.rules.dates import add_days
from companion.rules.deadlines import (
    DELIVERY_CUT_DAYS,
    ESCALATE_AFTER_DAYS,
    LONG_WAIT_DAYS,
    SELLER_ANSWER_DAYS,
    Assessment,
    check_url,
)
from companion.rules.carriers import links as tracking_links
from companion.rules.followups import STALL_DAYS, escalated, follow_ups
from companion.rules.texts import context_for, render

QUALITY_PROBLEMS = ("not_as_described", "damaged", "wrong_item", "wrong_colour", "missing_quantity")
# Guide 000: Return goods (a full refund, the item shipped back) is worth it for these; a wrong colour asks for a
# part (guide 002) and missing pieces for the pieces, so they keep to Refund only.
RETURN_WORTH_IT = ("not_as_described", "damaged", "wrong_item")
EVA_PHRASES = ("phrase_live_agent", "phrase_contact_agent", "phrase_alimebot")
EXTENSION_FROM_DAYS = 7  # ask 5-7 days ahead: the seller may take 48 h and must approve it
EXTENSION_UNTIL_DAYS = 4  # at 3 days or less a dispute is the safe move


@lru_cache(maxsize=4096)
def _format_day(year: int, month: int, day: int, lang: str) -> str:
    # Russian "medium" ends in "г.", which doubles the full stop of the sentence around it.
    return format_date(datetime(year, month, day), "d MMM y" if lang == "ru" else "medium", locale=lang)


@lru_cache(maxsize=4096)
def _format_clock(hour: int, minute: int, lang: str) -> str:
    return format_time(time(hour, minute), "HH:mm", locale=lang)


def when(moment: datetime | None, lang: str, tz) -> str:
    """A date for the UI: the calendar date when the moment is a midnight in its own zone, else date and time."""
    if moment is None:
        return ""
    if (moment.hour, moment.minute, moment.second) == (0, 0, 0):
        return _format_day(moment.year, moment.month, moment.day, lang)
    local = moment.astimezone(tz)
    offset = local.utcoffset() or timedelta(0)
    hours, rest = divmod(int(offset.total_seconds()) // 60, 60)
    label = "UTC" if not offset else f"UTC{'+' if offset > timedelta(0) else '-'}{abs(hours)}" + (f":{rest:02d}" if rest else "")
    naive = local.replace(tzinfo=None)
    clock = f"{_format_clock(naive.hour, naive.minute, lang)} {label}"
    if lang in RTL:
        # Isolated left to right: inside a Hebrew sentence "07:00 UTC+2" would otherwise be drawn "UTC+2 07:00" / "2+UTC".
        clock = f"\u2066{clock}\u2069"
    return f"{_format_day(naive.year, naive.month, naive.day, lang)}, {clock}"


def when_deadline(moment: datetime | None, lang: str, tz) -> str:
    """A deadline for the UI, read in the buyer's zone: the date alone when it falls at 00:00 there
    ("before Sep 4" in Los Angeles), else date and time ("Sep 4, 10:00 UTC+3" in Jerusalem), so "ends
    today" / "tomorrow" always agree with it."""
    if moment is None:
        return ""
    local = moment.astimezone(tz)
    if (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0):
        return _format_day(local.year, local.month, local.day, lang)
    return when(local, lang, tz)


def _iso(moment: datetime | None, tz) -> str | None:
    return moment.astimezone(tz).isoformat() if moment is not None else None


# ---- summary and why --------------------------------------------------------------------------

def days_words(a: Assessment, lang: str) -> str:
    """"Protection ends today / tomorrow / N days left", or in the past tense once the deadline has passed.
    ``days_left`` counts calendar days in the buyer's zone to ``last_day`` (rules/dates.py)."""
    days = a.days_left
    if a.reached(a.deadline):
        if days >= 0:
            return t(lang, "summary.expired_now")
        if days == -1:
            return t(lang, "summary.expired_yesterday")
        return t(lang, "summary.expired_days", n=-days)
    if days == 0:
        return t(lang, "summary.last_day")
    if days == 1:
        return t(lang, "summary.ends_tomorrow")
    return t(lang, "summary.days_left", n=days)


def qualifier_key(a: Assessment) -> str | None:
    """Which word goes with the date: the page's own (exact), the buyer's own, or ours (estimated)."""
    if a.deadline is None:
        return None
    if a.source == "override":
        return "qualifier.override"
    return "qualifier.page" if a.exact else "qualifier.rule"


def _count_summary(a: Assessment, lang: str) -> str:
    main = days_words(a, lang)
    qualifier = qualifier_key(a)
    return t(lang, "summary.compose", main=main, qualifier=t(lang, qualifier)) if qualifier else main


def summary(a: Assessment, lang: str) -> str:
    state = a.state
    if state in ("unpaid", "cancelled", "closed"):
        return t(lang, f"summary.{state}")
    if a.source == "override" and a.days_left is not None:
        return _count_summary(a, lang)
    if state == "awaiting_return":
        return t(lang, "summary.awaiting_return")
    if a.defect_until is not None:
        return t(lang, "summary.completed_defect")
    if a.may_have_closed and not a.exact and (a.earliest is not None or state == "completed"):
        return t(lang, "summary.may_have_closed")
    if state == "dispute":
        if a.dispute_days is None or a.dispute_days <= 0 or a.dispute_assumed:
            return t(lang, "summary.dispute")
        key = "summary.dispute_escalate" if a.dispute_days >= ESCALATE_AFTER_DAYS else "summary.dispute_days"
        return t(lang, key, n=a.dispute_days)
    if state == "completed":
        if a.severity == "done":
            return t(lang, "summary.completed_done")
        if a.days_left is None:
            return t(lang, "summary.completed_unknown")
        if a.days_left == 0:
            return t(lang, "summary.completed_last_day")
        if a.days_left == 1:
            return t(lang, "summary.completed_tomorrow")
        return t(lang, "summary.completed_days", n=a.days_left)
    if state == "not_shipped":
        return t(lang, "summary.not_shipped")
    if a.outlasted is not None:
        return t(lang, "summary.outlasted")
    if a.days_left is None:
        return t(lang, "summary.unknown" if state == "unknown" else "summary.no_deadline")
    return _count_summary(a, lang)


def why(a: Assessment, lang: str) -> str:
    tz = a.shown_tz
    date = when_deadline(a.deadline, lang, tz)
    state, basis = a.state, a.basis
    if state in ("unpaid", "cancelled", "closed", "awaiting_return"):
        return t(lang, f"why.{state}")
    if basis == "override":
        return t(lang, "why.override", date=date)
    if state == "dispute":
        low, high = SELLER_ANSWER_DAYS
        if a.dispute_days is None or a.dispute_assumed:
            return t(lang, "why.dispute_unknown_date", low=low, high=high)
        if a.dispute_days >= ESCALATE_AFTER_DAYS:
            return t(lang, "why.dispute_escalate", n=a.dispute_days, low=low, high=high)
        return t(lang, "why.dispute", low=low, high=high)
    if state == "completed":
        if a.defect_until is not None:
            return t(lang, "why.completed_defect", date=when_deadline(a.defect_until, lang, tz))
        if a.completed is None:
            return t(lang, "why.completed_unknown")
        if a.may_have_closed:
            key = "why.completed_may_have_closed" if basis == "completion_estimated" else "why.completed_maybe_today"
            return t(lang, key, completed=when(a.completed, lang, tz), date=when_deadline(a.earliest, lang, tz))
        key = "why.completed" if basis == "completion" else "why.completed_estimated"
        return t(lang, key, completed=when(a.completed, lang, tz), date=date)
    if state == "not_shipped":
        return t(lang, "why.not_shipped")
    if a.outlasted is not None:
        return t(lang, "why.outlasted", seen=when(a.seen_open, lang, tz), date=when_deadline(a.outlasted, lang, tz))
    if a.may_have_closed and not a.exact and a.earliest is not None:
        return t(lang, "why.may_have_closed", date=when_deadline(a.earliest, lang, tz))
    if basis == "page":
        return t(lang, "why.page", date=date)
    if basis == "page_rule":
        return t(lang, "why.page_rule", date=date)
    if basis == "delivery_scan":
        return t(lang, "why.delivery_scan", delivered=when(a.delivered, lang, tz), n=DELIVERY_CUT_DAYS, date=date)
    if basis in ("page_days", "default"):
        start = {"shipped_at": "shipped", "order_date": "ordered", "paid_at": "paid"}.get(a.start_field, "shipped")
        length = "stated" if basis == "page_days" else "default"
        return t(lang, f"why.rule.{start}.{length}", n=a.length_days, start=when(a.start, lang, tz), date=date)
    return t(lang, "why.unknown" if state == "unknown" else "why.no_deadline")


# ---- actions ----------------------------------------------------------------------------------
#
# Each state lists its actions most useful first: the first PRIMARY_ACTIONS are shown, the others carry
# ``more: true`` (the extension and the dashboard put them behind a "More" button).

PRIMARY_ACTIONS = 3


def _action(lang: str, ctx: dict, key: str, variant: str | None = None, *, template: str | None = None,
            text_variant: str = "text", problem: str | None = None, note: str | None = None,
            after: tuple[str, ...] = (), **values) -> dict:
    """One action card; ``note`` (a catalog key) goes before its explanation, the keys in ``after`` follow it."""
    out = {"key": key}
    if variant:
        out["variant"] = variant
    if values:
        out["title"], out["explanation"] = _words(lang, key, variant, note, after, values)
    else:
        out["title"], out["explanation"] = _bare_words(lang, key, variant, note, after)
    path = template if template is not None else (f"{key}.{variant}" if variant else key)
    text, for_eva = render(path, ctx, variant=text_variant, problem=problem)
    if text:
        out["text"] = text
        out["for_eva"] = for_eva
    return out


def _words(lang: str, key: str, variant: str | None, note: str | None, after: tuple[str, ...], values: dict) -> tuple[str, str]:
    """An action's title and explanation in ``lang``."""
    base = f"action.{key}.{variant}" if variant else f"action.{key}"
    parts = ([note] if note else []) + [f"{base}.explanation"] + list(after)
    return t(lang, f"{base}.title", **values), " ".join(t(lang, part, **values) for part in parts)


@lru_cache(maxsize=1024)
def _bare_words(lang: str, key: str, variant: str | None, note: str | None, after: tuple[str, ...]) -> tuple[str, str]:
    # without values they read the same for every order: a page's hints ask for the same few dozen
    return _words(lang, key, variant, note, after, {})


def _live_agent(lang: str, ctx: dict, problem: str) -> list[dict]:
    return [_action(lang, ctx, "live_agent", "menu", problem=problem),
            *(_action(lang, ctx, "live_agent", phrase) for phrase in EVA_PHRASES)]


def _quality_disputes(lang: str, ctx: dict, note: str | None = None) -> list[dict]:
    # Guide 002: the form's first question, "did you receive the order?", may be answered yes: it does not
    # confirm receipt. Guide 000: Refund only or Return goods, and what each costs.
    return [_action(lang, ctx, "open_dispute", problem, note=note,
                    after=("action.note.form_received",) + (("action.note.refund_or_return",) if problem in RETURN_WORTH_IT else ()))
            for problem in QUALITY_PROBLEMS]


def _not_received(lang: str, ctx: dict, a: Assessment, note: str | None = None) -> dict:
    delivered = a.delivered is not None
    return _action(lang, ctx, "open_dispute", "not_received",
                   text_variant="text_when_delivered" if delivered else "text", note=note)


def _mark_more(out: list[dict]) -> list[dict]:
    for i, action in enumerate(out):
        action["more"] = i >= PRIMARY_ACTIONS
    return out


def _list_actions(a: Assessment, ctx: dict, lang: str) -> list[dict]:
    state, sev = a.state, a.severity
    got_it = a.received is True
    if state in ("unpaid", "cancelled", "closed") or sev == "done":
        return []  # nothing paid, already refunded, or the window has closed: no dispute to offer
    if state == "not_shipped":
        return [_action(lang, ctx, "contact_seller", "ship_date"), _action(lang, ctx, "cancel_order")]
    if state in ("dispute", "awaiting_return"):
        out = []
        if a.dispute_days is None or a.dispute_days >= ESCALATE_AFTER_DAYS:
            out.append(_action(lang, ctx, "escalate_dispute"))
        out += [_action(lang, ctx, "refuse_partial_offer"), _action(lang, ctx, "dont_close_dispute")]
        return out + _live_agent(lang, ctx, "dispute")

    # Past the page's own date, or past our earliest estimate: the Open dispute button may be gone.
    gone = sev == "expired" or a.may_have_closed
    note = "action.note.button_may_be_gone" if gone else None
    agent = _live_agent(lang, ctx, "not_as_described" if got_it else "not_received") if sev in ("urgent", "expired") else []
    if state == "completed" and a.defect_until is not None:
        return _quality_disputes(lang, ctx, "action.note.defect_window")  # the 90-day reminder covers defects only
    if state == "completed":
        out = []
        if a.received is not True:
            out.append(_not_received(lang, ctx, a, note))
        quality = _quality_disputes(lang, ctx, note) if a.received is not False else []
        # received: the quality disputes come first; unknown: the likeliest one, then an agent, then the rest
        return out + quality[:1] + agent[:1] + quality[1:] + agent[1:]

    days = a.days_left
    expired = sev == "expired"
    ending = (days is not None and days <= 3) or a.outlasted is not None or (a.may_have_closed and a.earliest is not None)
    late = a.estimated_delivery is not None and a.reached(a.estimated_delivery)
    waited_long = a.shipped is not None and a.days_since(a.shipped) > LONG_WAIT_DAYS
    arrived = got_it or a.delivered is not None
    first: list[dict] = []   # what to do now
    later: list[dict] = []   # the rest, in order of use
    if not got_it:
        # Don't push a non-delivery dispute before the promised delivery time, unless protection is ending.
        if ending or a.delivered is not None or late or waited_long or a.received is False:
            first.append(_not_received(lang, ctx, a, note))
        if (days is not None and EXTENSION_UNTIL_DAYS <= days <= EXTENSION_FROM_DAYS
                and a.delivered is None and a.received is None):
            first.append(_action(lang, ctx, "request_extension"))
    if arrived or (ending and a.received is None):
        quality = _quality_disputes(lang, ctx, note)
        if arrived:
            first += quality[:1]
            later += quality[1:]
        else:
            later += quality  # not known to have arrived: quality disputes are a maybe, behind "More"
    if expired and not got_it and a.delivered is None:
        # Guide 000: once protection has ended, the seller and a live agent are what is left (no guarantee).
        first.append(_action(lang, ctx, "contact_seller", "after_expiry"))
    if agent:
        first.append(agent[0])
        later += agent[1:]
    if not expired:
        first.append(_action(lang, ctx, "dont_confirm_receipt"))
    if not got_it and a.coupon_deadline is not None and a.reached(a.coupon_deadline) and a.delivered is None:
        first.append(_action(lang, ctx, "claim_delay_coupon", date=when(a.coupon_deadline, lang, a.shown_tz)))
    if not got_it and a.delivered is None and a.shipped is not None and not expired:
        first.append(_action(lang, ctx, "contact_seller", "where"))
    # The agent phrases and the other quality disputes go after everything of the first kind.
    return first + later


def actions(a: Assessment, ctx: dict, lang: str) -> list[dict]:
    """The actions for the order's state, most useful first; all after the first three say ``more: true``."""
    return _mark_more(_list_actions(a, ctx, lang))


def tracking_view(order: dict, a: Assessment) -> dict:
    """Where to follow the parcel, and how long it has not moved (whole days since the last event)."""
    view = tracking_links(order)
    last = instant(order.get("last_event_at"))
    view["last_event_at"] = order.get("last_event_at") if last is not None else None
    view["quiet_days"] = a.days_since(last) if last is not None and a.reached(last) else None
    return view


def build_hint(order: dict, a: Assessment, lang: str, stall_days: int = STALL_DAYS, with_actions: bool = True) -> dict:
    """The hint; without ``with_actions`` it has no ``actions`` key: a badge does not show them, and their texts
    are most of a hint's making and of its size (the panel asks for the order when it opens)."""
    ctx = context_for(order, a)
    hint = a.as_dict()
    hint["severity_label"] = t(lang, f"severity.{a.severity}")
    hint["state_label"] = t(lang, f"state.{a.state}")
    qualifier = qualifier_key(a)
    hint["deadline_kind"] = {"qualifier.page": "exact", "qualifier.rule": "estimated",
                             "qualifier.override": "own"}.get(qualifier)
    hint["deadline_label"] = t(lang, qualifier) if qualifier else None
    hint["deadline_date"] = a.date_only if a.deadline is not None else None
    hint["deadline_text"] = when_deadline(a.deadline, lang, a.shown_tz) or None
    hint["earliest_deadline"] = _iso(a.earliest, a.shown_tz)
    hint["check_url"] = check_url(order.get("order_id")) if a.may_have_closed else None
    # No delivery scan seen: if the parcel was delivered, AliExpress cut protection to days after the scan
    hint["unless_delivered"] = a.state == "active" and a.delivered is None
    hint["summary"] = summary(a, lang)
    hint["why"] = why(a, lang)
    hint["dispute_window_ends"] = _iso(a.window_end, a.shown_tz)
    if a.dispute_opened is not None:
        hint["escalate_from"] = _iso(add_days(a.dispute_opened, ESCALATE_AFTER_DAYS), a.shown_tz)
    if with_actions:
        hint["actions"] = actions(a, ctx, lang)
    if a.state in ("dispute", "awaiting_return") and escalated(order, a):
        # the case log says it was escalated: no "escalate now" (rules/followups.py follows what comes next)
        if with_actions:
            hint["actions"] = _mark_more([act for act in hint["actions"] if act["key"] != "escalate_dispute"])
        if a.dispute_days is not None and a.dispute_days > 0:
            hint["summary"] = t(lang, "summary.dispute_days", n=a.dispute_days)
            hint["why"] = t(lang, "why.dispute")
    hint["follow_ups"] = follow_ups(order, a, ctx, lang, when_deadline, stall_days)
    hint["tracking"] = tracking_view(order, a)
    return hint
