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

# The longest text the store keeps in each field, and the most entries in each list: every place
# where data enters (a page, a capture, an import, a backup, the buyer's edit) holds to these, so no
# page, however odd, can make the store keep megabytes in one field. Text is cut to its limit where
# a cut text still says something (a name, a title); a value that cannot be cut (a date, an amount,
# a currency code) is dropped instead.
TEXT_LIMITS = {
    "status_text": 300, "store": 300, "tracking_number": 300, "carrier": 100,
    "title": 500, "sku": 300,  # of each item
    "amount": 32, "currency": 16,  # of a price or the total
    "button": 64,  # each action code
    "date": 40,  # any ISO 8601 date or time
    "note": 4000,  # the buyer's own
    "page_kind": 40, "history_status": 40,  # bookkeeping: seen_on, protection_sources, status_history
}
LIST_LIMITS = {"items": 200, "buttons": 30, "status_history": 20, "seen_on": 20, "protection_sources": 20}

_CUT_FIELDS = ("status_text", "store", "tracking_number", "carrier")
_PAGE_DATES = (*DATE_FIELDS, "estimated_delivery_at", "coupon_deadline_at", "last_event_at")


def clip(value: object, field: str) -> str | None:
    """``value`` cut to ``TEXT_LIMITS[field]``; None for anything but non-empty text."""
    return value[:TEXT_LIMITS[field]] if isinstance(value, str) and value else None


def _too_long(value: object, field: str) -> bool:
    return isinstance(value, str) and len(value) > TEXT_LIMITS[field]


def _fit_money(money: object, where: str, cut: list[str]) -> object:
    if not isinstance(money, dict):
        return money
    if _too_long(money.get("amount"), "amount"):
        cut.append(f"{where} (dropped)")
        return None
    if _too_long(money.get("currency"), "currency"):
        cut.append(f"{where} currency (dropped)")
        return {**money, "currency": None}
    return money


def fit_order(order: dict) -> tuple[dict, list[str]]:
    """A page's order within the limits (``TEXT_LIMITS``, ``LIST_LIMITS``) and what had to give:
    the order itself when nothing did (no copy), else a copy with texts cut and uncuttable values
    dropped, and the fields named, for a warning the buyer sees."""
    cut: list[str] = []
    fitted = dict(order)
    for key in _CUT_FIELDS:
        if _too_long(order.get(key), key):
            fitted[key] = order[key][:TEXT_LIMITS[key]]
            cut.append(f"{key} (shortened)")
    for key in _PAGE_DATES:
        if _too_long(order.get(key), "date"):
            fitted[key] = None
            cut.append(f"{key} (dropped)")
    protection = order.get("protection")
    if isinstance(protection, dict) and _too_long(protection.get("ends_at"), "date"):
        fitted["protection"] = {**protection, "ends_at": None}
        cut.append("protection end (dropped)")
    fitted["total"] = _fit_money(order.get("total"), "total", cut)
    items = order.get("items")
    if isinstance(items, list):
        if len(items) > LIST_LIMITS["items"]:
            cut.append(f"items beyond the first {LIST_LIMITS['items']} (dropped)")
        kept = []
        for n, item in enumerate(items[:LIST_LIMITS["items"]], 1):
            if isinstance(item, dict):
                item = dict(item)
                for key in ("title", "sku"):
                    if _too_long(item.get(key), key):
                        item[key] = item[key][:TEXT_LIMITS[key]]
                        cut.append(f"item {n} {key} (shortened)")
                item["price"] = _fit_money(item.get("price"), f"item {n} price", cut)
            kept.append(item)
        fitted["items"] = kept
    buttons = order.get("buttons")
    if isinstance(buttons, list) and (len(buttons) > LIST_LIMITS["buttons"] or any(_too_long(b, "button") for b in buttons)):
        fitted["buttons"] = [b for b in buttons[:LIST_LIMITS["buttons"]] if not _too_long(b, "button")]
        cut.append("buttons (some dropped)")
    return (fitted, cut) if cut else (order, [])


def fit_orders(orders: list[dict]) -> tuple[list[dict], list[str]]:
    """``fit_order`` for each order of a page, and one warning per order that had to give."""
    fitted, warnings = [], []
    for order in orders:
        order, cut = fit_order(order) if isinstance(order, dict) else (order, [])
        fitted.append(order)
        if cut:
            oid = order.get("order_id")
            shown = oid[:32] if isinstance(oid, str) else "?"
            warnings.append(f"order {shown}: longer than Order Guard keeps: {', '.join(cut[:6])}"
                            + (f" and {len(cut) - 6} more" if len(cut) > 6 else ""))
    return fitted, warnings


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
