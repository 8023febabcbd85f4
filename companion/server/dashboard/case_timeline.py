"""The order page's case timeline: what the pages showed (status changes, shipment, delivery scan),
the buyer's case entries (each with its number, for undo) and the follow-ups' deadlines, in time order."""

from __future__ import annotations

from datetime import datetime, timezone

from companion.datetimes import instant

_PAGE_DATES = ("order_date", "paid_at", "shipped_at", "delivered_at", "completed_at")


def _when(value) -> datetime:
    moment = instant(value)
    if moment is None:
        return datetime.max.replace(tzinfo=timezone.utc)
    try:
        return moment.astimezone(timezone.utc)
    except (OverflowError, ValueError):
        return datetime.max.replace(tzinfo=timezone.utc)


def build(order: dict, hint: dict) -> list[dict]:
    """Rows ``{"at", "source": page | entry | due, ...}``, earliest first."""
    rows = []
    for field in _PAGE_DATES:
        if order.get(field):
            rows.append({"at": order[field], "source": "page", "field": field})
    for h in order.get("status_history") or []:
        if isinstance(h, dict) and h.get("at"):
            rows.append({"at": h["at"], "source": "page", "status": h.get("status"), "status_text": h.get("status_text")})
    for n, entry in enumerate(order.get("case") or []):
        rows.append({"at": entry.get("at"), "source": "entry", "n": n, "entry": entry})
    for up in hint.get("follow_ups") or []:
        rows.append({"at": up.get("due"), "source": "due", "follow_up": up})
    rows.sort(key=lambda row: _when(row["at"]))
    return rows
