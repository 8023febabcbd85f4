"""The order record shared by parsing, store, rules and API.

Parsers produce orders as plain dicts with exactly the fields in ``PAGE_FIELDS``;
the store adds ``USER_FIELDS`` (what the buyer entered) and ``META_FIELDS`` (what the
store itself tracks). Everything is JSON-serializable; dates are ISO 8601 strings:
``YYYY-MM-DD`` when the page shows only a date, a full timestamp with offset otherwise.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

STATUSES = (
    "awaiting_payment",
    "awaiting_shipment",
    "awaiting_delivery",
    "completed",
    "closed",
    "in_dispute",
    "unknown",
)

DATE_FIELDS = ("order_date", "paid_at", "shipped_at", "delivered_at", "completed_at")

# Fields a page can tell; the contract the API and the CLI print (README), plus a few extras the
# rules use (estimated delivery, the guaranteed-delivery coupon date, button codes).
PAGE_FIELDS = (
    "order_id",
    "status",
    "status_text",
    *DATE_FIELDS,
    "store",
    "items",  # [{"title", "quantity", "price": {"amount", "currency"} | None}]
    "total",  # {"amount": "12.34", "currency": "USD"} | None
    "tracking_number",
    "protection",  # {"ends_at", "source": "page" | "rule", "days"} | None
    "estimated_delivery_at",
    "coupon_deadline_at",
    "buttons",  # language-independent action codes seen on the page, e.g. "CONFIRM_GOODS"
    "carrier",  # the carrier or shipping service the tracking page names, e.g. "J&T Express"
    "last_event_at",  # the newest tracking event: how long the parcel has not moved
)

# case: the buyer's case log, [{"kind", "at", ...}] (rules/case_entries.py, store/case_log.py)
USER_FIELDS = ("received", "dispute_opened_at", "note", "deadline_override", "case")

# protection_sources: {page kind: {"ends_at", "days", "at"}}, what each kind of page said and when
META_FIELDS = ("first_seen", "last_seen", "status_history", "seen_on", "protection_sources")

ALL_FIELDS = PAGE_FIELDS + USER_FIELDS + META_FIELDS


def empty_order(order_id: str) -> dict:
    """An order with every page field unknown."""
    order = {field: None for field in PAGE_FIELDS}
    order["order_id"] = order_id
    order["status"] = "unknown"
    order["items"] = []
    order["buttons"] = []
    return order


def is_order_id(value: object) -> bool:
    """6 to 32 ASCII digits, the first not a zero: ids are compared as text, so "0081…" and "81…"
    would be two orders where the buyer sees one number."""
    return (isinstance(value, str) and value.isascii() and value.isdigit() and 6 <= len(value) <= 32
            and value[0] != "0")


def first_item_title(order: dict) -> str:
    for item in order.get("items") or []:
        if isinstance(item, dict) and item.get("title"):
            return item["title"]
    return ""


def to_decimal(value) -> Decimal | None:
    """An amount as stored ("12.34") -> Decimal; None for anything that is not a finite number."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return amount if amount.is_finite() else None
