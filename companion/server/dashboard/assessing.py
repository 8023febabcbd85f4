"""The dashboard's few needs from the rules, in one place: ``assess`` for every order (cached by
the overview), ``hint_for`` only for what is on screen."""

from __future__ import annotations

from datetime import datetime

from companion import rules

assess = rules.assess
urgency_key = rules.urgency_key


def hint(order: dict, now: datetime, lang: str) -> dict:
    return rules.hint_for(order, now, lang)


