"""Geometry of the timeline picture: one bar per open order, order date -> shipment -> deadline.

Pure arithmetic; the template draws it as inline SVG. The time axis is clamped so one very old
order can't squash every other bar into a sliver.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from babel.dates import format_date

from companion.service.overview import deadline_instant
from companion.datetimes import instant as parse_iso

WIDTH = 1000
LABEL_WIDTH = 230
ROW_HEIGHT = 26
TOP = 30
BOTTOM = 12
MAX_PAST_DAYS = 150
MAX_FUTURE_DAYS = 120
DEFAULT_WINDOW_DAYS = 75  # when the order date is unknown, draw the bar this long before the deadline


def _month_starts(start: date, end: date):
    day = date(start.year, start.month, 1)
    while day <= end:
        if day >= start:
            yield day
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def build(rows: list[tuple[dict, dict]], now: datetime, locale: str) -> dict | None:
    if not rows:
        return None
    bars = []
    for order, a in rows:
        end = deadline_instant(a)
        start = parse_iso(order.get("order_date")) or parse_iso(order.get("paid_at")) or end - timedelta(days=DEFAULT_WINDOW_DAYS)
        shipped = parse_iso(order.get("shipped_at"))
        bars.append((order, a, min(start, end), shipped, end))
    lo = max(min(b[2] for b in bars), now - timedelta(days=MAX_PAST_DAYS))
    hi = min(max(b[4] for b in bars), now + timedelta(days=MAX_FUTURE_DAYS))
    # keep some room on both sides of today so its line never sits on the edge
    lo, hi = min(lo, now - timedelta(days=14)), max(hi, now + timedelta(days=14))
    span = (hi - lo).total_seconds()
    plot = WIDTH - LABEL_WIDTH - 20

    def x(when: datetime) -> float:
        clamped = min(max(when, lo), hi)
        return round(LABEL_WIDTH + plot * (clamped - lo).total_seconds() / span, 1)

    out_rows = []
    for i, (order, a, start, shipped, end) in enumerate(bars):
        y = TOP + i * ROW_HEIGHT
        store = order.get("store") or ""
        out_rows.append({
            "order_id": order["order_id"],
            "label": f"…{order['order_id'][-6:]}" + (f" · {store[:22]}" if store else ""),
            "y": y,
            "x_start": x(start),
            "x_ship": x(shipped) if shipped and start <= shipped <= end else None,
            "x_end": x(end),
            "cut_left": start < lo,
            "severity": a.get("severity"),
            "days_left": a.get("days_left"),
            "deadline": a.get("deadline"),
            "exact": a.get("exact"),
            "kind": "own" if a.get("source") == "override" else ("exact" if a.get("exact") else "estimated"),
        })
    height = TOP + len(bars) * ROW_HEIGHT + BOTTOM
    ticks = [{"x": x(datetime(d.year, d.month, d.day, tzinfo=now.tzinfo)), "label": format_date(d, "MMM", locale=locale)}
             for d in _month_starts(lo.date(), hi.date())
             if x(datetime(d.year, d.month, d.day, tzinfo=now.tzinfo)) < WIDTH - 50]
    return {"width": WIDTH, "height": height, "rows": out_rows, "today_x": x(now), "ticks": ticks,
            "plot_left": LABEL_WIDTH, "plot_right": WIDTH - 20, "bottom": height - BOTTOM}
