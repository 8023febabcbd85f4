"""Turns stored orders into deadlines and hints. Pure functions, no I/O, no HTML.

- ``assess(order, now)``: severity, days_left, deadline, exact, source. Cheap (dashboard: thousands per view).
- ``hint_for(order, now, lang, stall_days)``: the assessment plus localized summary/why/actions and English texts to copy;
  ``stall_days`` is the buyer's "no movement for N days" setting (the service reads it, rules do no I/O).
- ``hint_until(order, now, lang, stall_days)``: the hint and the first instant it may read otherwise (it is the
  same for every moment from ``now`` up to that one, in ``now``'s zone), for caches of hints.
- ``urgency_key(hint)``: sort key, most urgent first.

How each number is worked out: deadlines.py and docs/rules.md.
"""

from __future__ import annotations

import logging
from datetime import datetime

from companion.i18n import ui_language
from companion.rules.catalog import t
from companion.rules.deadlines import SEVERITY_ORDER, assess, evaluate
from companion.rules.followups import STALL_DAYS, follow_ups
from companion.rules.hints import build_hint, when_deadline
from companion.rules.texts import context_for

__all__ = ["SEVERITY_ORDER", "STALL_DAYS", "assess", "follow_ups_for", "hint_for", "hint_until", "is_open", "urgency_key"]

# What the buyer can still act on: the dashboard's "open" filter and the calendar's events.
OPEN_SEVERITIES = ("urgent", "soon", "watch", "ok")

log = logging.getLogger(__name__)


def hint_for(order: dict, now: datetime, lang: str = "en", stall_days: int = STALL_DAYS) -> dict:
    """The hint for one order as of ``now`` (tz-aware), UI texts in ``lang``; copied texts stay English."""
    return hint_until(order, now, lang, stall_days)[0]


def hint_until(order: dict, now: datetime, lang: str = "en", stall_days: int = STALL_DAYS,
               with_actions: bool = True) -> tuple[dict, datetime | None]:
    """``hint_for`` and the first instant after ``now`` at which it may read otherwise (None: never).
    Every moment from ``now`` up to that instant, given in the same zone, has this very hint: the
    assessment notes each look at the clock (``Assessment.changes``). Without ``with_actions``, the
    hint a badge needs: all of it but ``actions`` (``build_hint``)."""
    lang = ui_language(lang)
    try:
        a = evaluate(order, now)
        return build_hint(order if type(order) is dict else {}, a, lang, stall_days, with_actions), a.changes
    except Exception:  # a bug here must cost one badge, not the whole page of hints
        log.exception("could not build a hint for order %r", order.get("order_id") if type(order) is dict else None)
        # ``internal_error`` marks this fallback so the tests can assert it never shows up; it holds for no time
        return {"severity": "watch", "severity_label": t(lang, "severity.watch"), "days_left": None, "internal_error": True,
                "deadline": None, "exact": False, "source": None, "dispute_window_ends": None,
                "summary": t(lang, "summary.unknown"), "why": t(lang, "why.unknown"), "actions": []}, now


def follow_ups_for(order: dict, now: datetime, lang: str = "en", stall_days: int = STALL_DAYS) -> list[dict]:
    """Just the case follow-ups of one order (the calendar's events), without the rest of the hint."""
    lang = ui_language(lang)
    a = evaluate(order, now)
    return follow_ups(order, a, context_for(order, a), lang, when_deadline, stall_days)


def has_follow_ups(order: dict) -> bool:
    """Whether an order can have follow-ups at all: a case log, a delivery scan, a dispute, or a tracking
    page read (a parcel that stops moving is one, with no case yet)."""
    return bool(order.get("case") or order.get("delivered_at") or order.get("status") == "in_dispute"
                or order.get("dispute_opened_at") or order.get("last_event_at"))


def is_open(assessment: dict) -> bool:
    return assessment.get("severity") in OPEN_SEVERITIES


def urgency_key(hint: dict) -> tuple:
    """Sort key: expired, urgent, soon, watch, ok, done; within each, fewer days left first."""
    sev = hint.get("severity") if isinstance(hint, dict) else None
    rank = SEVERITY_ORDER.index(sev) if sev in SEVERITY_ORDER else len(SEVERITY_ORDER)
    days = hint.get("days_left") if isinstance(hint, dict) else None
    return (rank, days if type(days) is int else 10**6)
