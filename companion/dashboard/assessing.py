"""The bridge to the rules: ``assess`` for every order, ``hint_for`` for the ones on screen.

Until ``rules.assess`` exists, a rough stand-in derives the same shape from the stored deadline
so the dashboard can be built and tested; it is used only when the rules lack ``assess``.
"""

from __future__ import annotations

from datetime import datetime, timezone

from companion import rules
from companion.store.times import parse_iso


def _fallback_assess(order: dict, now: datetime) -> dict:
    if order.get("status") in ("completed", "closed") or order.get("received"):
        return {"severity": "done", "days_left": None, "deadline": None, "exact": False, "source": None}
    override = parse_iso(order.get("deadline_override"))
    stated = parse_iso((order.get("protection") or {}).get("ends_at"))
    deadline = override or stated
    if deadline is None:
        return {"severity": "watch", "days_left": None, "deadline": None, "exact": False, "source": None}
    days = (deadline - now).days
    severity = ("expired" if deadline < now else "urgent" if days <= 3 else "soon" if days <= 10
                else "watch" if days <= 21 else "ok")
    return {"severity": severity, "days_left": max(days, 0), "deadline": deadline.isoformat(),
            "exact": stated is not None and override is None, "source": "override" if override else "page"}


def assess(order: dict, now: datetime) -> dict:
    real = getattr(rules, "assess", None)
    return real(order, now) if real is not None else _fallback_assess(order, now)


def hint(order: dict, now: datetime, lang: str) -> dict:
    h = rules.hint_for(order, now, lang)
    if getattr(rules, "assess", None) is None:  # stub rules: keep the stand-in's numbers
        h = {**h, **_fallback_assess(order, now)}
    return h


def urgency_key(assessment: dict) -> tuple:
    return rules.urgency_key(assessment)


def deadline_instant(assessment: dict) -> datetime:
    """The deadline as an aware datetime, for sorting (assessments carry it as ISO text)."""
    return parse_iso(assessment.get("deadline")) or datetime.max.replace(tzinfo=timezone.utc)
