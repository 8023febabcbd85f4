"""The dashboard's few needs from the rules, in one place: ``assess`` for every order (cached by
the overview), ``hint_for`` only for what is on screen, and deadlines as datetimes for sorting."""

from __future__ import annotations

from datetime import datetime, timezone

from companion import rules
from companion.store.times import parse_iso

assess = rules.assess
urgency_key = rules.urgency_key


def hint(order: dict, now: datetime, lang: str) -> dict:
    return rules.hint_for(order, now, lang)


def deadline_instant(assessment: dict) -> datetime:
    """The deadline as an aware datetime (assessments carry ISO text); no deadline sorts last."""
    return parse_iso(assessment.get("deadline")) or datetime.max.replace(tzinfo=timezone.utc)
