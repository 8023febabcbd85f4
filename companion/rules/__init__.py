"""Turns stored orders into deadlines and hints. Pure functions, no I/O, no HTML.
(Stub until the rules land.)
"""

from __future__ import annotations

from datetime import datetime

SEVERITY_ORDER = ("expired", "urgent", "soon", "watch", "ok", "done")


def hint_for(order: dict, now: datetime, lang: str = "en") -> dict:
    """The hint for one order as of ``now`` (tz-aware), UI texts in ``lang``."""
    return {
        "severity": "ok",
        "days_left": None,
        "deadline": None,
        "exact": False,
        "summary": "",
        "why": "",
        "actions": [],
    }


def urgency_key(hint: dict) -> tuple:
    """Sort key: most urgent first."""
    sev = hint.get("severity", "ok")
    rank = SEVERITY_ORDER.index(sev) if sev in SEVERITY_ORDER else len(SEVERITY_ORDER)
    days = hint.get("days_left")
    return (rank, days if days is not None else 10**6)
