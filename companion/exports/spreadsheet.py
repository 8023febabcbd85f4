"""CSV of every order with its deadline, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io

from companion.model import first_item_title

CSV_COLUMNS = (
    "order_id", "status", "status_text", "store", "first_item", "items", "total_amount", "total_currency",
    "order_date", "shipped_at", "delivered_at", "deadline", "days_left", "severity", "exact",
    "received", "dispute_opened_at", "deadline_override", "note", "tracking_number", "last_seen",
)


def _cell(value) -> str:
    """Spreadsheet-safe text: page-derived strings starting with = + - @ would run as formulas
    in Excel/LibreOffice (CSV injection), so they get a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def to_csv(orders: list[dict], assessments: dict[str, dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for order in orders:
        a = assessments.get(order["order_id"], {})
        total = order.get("total") or {}
        row = {
            **{key: order.get(key) for key in CSV_COLUMNS if key in order},
            "first_item": first_item_title(order),
            "items": len(order.get("items") or []),
            "total_amount": total.get("amount"),
            "total_currency": total.get("currency"),
            "deadline": a.get("deadline"),
            "days_left": a.get("days_left"),
            "severity": a.get("severity"),
            "exact": a.get("exact"),
        }
        # numbers are ours, not the page's: no apostrophe even when negative
        writer.writerow([str(row[c]) if c in ("days_left", "items") and row.get(c) is not None else _cell(row.get(c))
                         for c in CSV_COLUMNS])
    # A BOM makes Excel read UTF-8 (Hebrew, Cyrillic titles) instead of the local code page.
    return "\ufeff" + out.getvalue()
