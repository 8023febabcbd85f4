"""Shared builders for rules tests: one frozen clock, orders built from a few fields."""

from __future__ import annotations

from datetime import datetime, timezone

NOW = datetime(2026, 8, 20, 12, 0, tzinfo=timezone.utc)  # Thursday; Pacific is on daylight time (UTC-7)


def make_order(**fields) -> dict:
    order = {
        "order_id": "8100000000000001",
        "status": "awaiting_delivery",
        "status_text": "Awaiting delivery",
        "order_date": None, "paid_at": None, "shipped_at": None, "delivered_at": None, "completed_at": None,
        "store": "Tango Store",
        "items": [{"title": "USB-C cable 2 m", "quantity": 1, "price": {"amount": "4.59", "currency": "USD"}}],
        "total": {"amount": "132.74", "currency": "BRL"},
        "tracking_number": None, "protection": None, "estimated_delivery_at": None, "coupon_deadline_at": None,
        "buttons": [], "received": None, "dispute_opened_at": None, "note": None, "deadline_override": None,
        "first_seen": None, "last_seen": None, "status_history": [], "seen_on": [],
    }
    order.update(fields)
    return order


def page_protection(ends_at=None, days=None, source="page") -> dict:
    return {"ends_at": ends_at, "source": source, "days": days}
