"""Deadline sentences in page texts: "Refund if no delivery before Sep 4, 2026",
"coupon code if delayed by …", "Estimated delivery date: …", "not received in 75 days",
and countdowns (``lefttime`` milliseconds, "N days left") turned into absolute times.
"""

from __future__ import annotations

from datetime import timedelta

from companion.datetimes import instant
from companion.parsing import dates, vocab
from companion.parsing.context import Context

_STOPS = ("·", ";", "\n", "•", "|")


def _date_after(text: str, kind: str, ctx: Context):
    haystack = text.casefold()
    if len(haystack) != len(text):
        haystack = text.lower()
    for phrase in vocab.phrases(ctx.lang, kind):
        at = haystack.find(phrase)
        if at < 0:
            continue
        tail = text[at + len(phrase): at + len(phrase) + 48].lstrip(" :：\u00a0")
        for stop in _STOPS:
            tail = tail.split(stop, 1)[0]
        found = ctx.date(tail, kind)
        if found is not None:
            return found
    return None


def _days(text: str, kind: str, ctx: Context) -> int | None:
    for pattern in vocab.day_patterns(ctx.lang, kind):
        m = pattern.search(text)
        if m:
            days = int(m.group("days"))
            if 0 < days < 1000:
                return days
    return None


def set_protection(order: dict, ends_at: str | None = None, days: int | None = None) -> None:
    """Merge one more page-stated deadline into the order: the earliest end wins (warn earlier)."""
    prot = order.get("protection") or {"ends_at": None, "source": "page", "days": None}
    if ends_at:
        old = prot.get("ends_at")
        if not old or _instant(ends_at) < _instant(old):
            prot["ends_at"] = ends_at
    if days and (prot.get("days") is None or days < prot["days"]):
        prot["days"] = days
    if prot.get("ends_at") or prot.get("days"):
        order["protection"] = prot


def _instant(value: str):
    return instant(value) or dates.datetime.max.replace(tzinfo=dates.PACIFIC)


def _keep_earliest(order: dict, key: str, value: str | None) -> None:
    if value and (not order.get(key) or _instant(value) < _instant(order[key])):
        order[key] = value


def scan(order: dict, text: str, ctx: Context) -> None:
    """Read every deadline sentence in ``text`` into ``order``."""
    if not text or not any(map(str.isdigit, text)):
        return
    year_ref = ctx.captured_at
    refund = _date_after(text, "refund_before", ctx)
    if refund is not None:
        set_protection(order, ends_at=dates.pacific_iso(dates.infer_year(refund, year_ref) if refund.year is None else refund))
    days = _days(text, "protection_days", ctx)
    if days:
        set_protection(order, days=days)
    left = _days(text, "days_left", ctx)
    if left:
        set_protection(order, ends_at=(ctx.captured_at + timedelta(days=left)).isoformat())
    coupon = _date_after(text, "coupon_by", ctx)
    if coupon is not None and coupon.year is not None:
        _keep_earliest(order, "coupon_deadline_at", dates.iso_date(coupon))
    estimate = _date_after(text, "estimated", ctx)
    if estimate is not None:
        order["estimated_delivery_at"] = order.get("estimated_delivery_at") or dates.iso_date(dates.nearest_year(estimate, year_ref))


def countdown(order: dict, millis: object, ctx: Context) -> None:
    """A remaining-time countdown in milliseconds -> absolute deadline from the capture time."""
    try:
        ms = int(str(millis).strip())
    except (TypeError, ValueError):
        return
    if 0 < ms < 1000 * 86400 * 1000:
        set_protection(order, ends_at=(ctx.captured_at + timedelta(milliseconds=ms)).replace(microsecond=0).isoformat())


def delivered_date(text: str, ctx: Context, reference=None):
    """'Delivered：Jul. 28' -> DateText with the year taken from ``reference`` (or capture time)."""
    found = _date_after(text, "delivered", ctx)
    if found is None:
        return None
    return dates.infer_year(found, reference or ctx.captured_at)
