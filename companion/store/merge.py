"""How a new capture of an order combines with what is already known.

Rules: a page updates what it shows and never erases what it does not show (a list page has
no shipment date; that must not wipe the one the detail page gave). A capture older than the
last one only fills gaps. What the buyer entered is never touched here. Only whitelisted
fields are kept, so nothing else a page carried (names, addresses) can reach the disk.
"""

from __future__ import annotations

from datetime import datetime, timezone

from companion.datetimes import stored_date_ok
from companion.store import case_log
from companion.model import (DATE_FIELDS, LIST_LIMITS, META_FIELDS, PAGE_FIELDS, STATUSES, TEXT_LIMITS, USER_FIELDS,
                             clip, is_order_id)

HISTORY_LIMIT = LIST_LIMITS["status_history"]
_ITEM_KEYS = ("title", "quantity", "price", "sku")
_MONEY_KEYS = ("amount", "currency")


def _clean_money(value):
    if not isinstance(value, dict):
        return None
    amount, currency = value.get("amount"), value.get("currency")
    if not isinstance(amount, str) or len(amount) > TEXT_LIMITS["amount"]:
        return None
    currency = currency if isinstance(currency, str) and len(currency) <= TEXT_LIMITS["currency"] else None
    return {"amount": amount, "currency": currency or None}


def _clean_items(items) -> list:
    out = []
    if not isinstance(items, list):
        return out
    for item in items[:LIST_LIMITS["items"]]:
        if not isinstance(item, dict):
            continue
        clean = {}
        clean["title"] = clip(item.get("title"), "title")
        qty = item.get("quantity")
        clean["quantity"] = qty if isinstance(qty, int) and not isinstance(qty, bool) and 0 <= qty < 10**6 else None
        clean["price"] = _clean_money(item.get("price"))
        sku = clip(item.get("sku"), "sku")
        if sku:
            clean["sku"] = sku
        out.append(clean)
    return out


def clean_date(value, now: datetime) -> str | None:
    """A page's date as stored: the ISO text when it is a date from 2000 to three years ahead
    (``datetimes.stored_date_ok``), else None (a year 9999 or an unreadable text is not kept: it
    would break every conversion that reads it later)."""
    return value if isinstance(value, str) and len(value) <= TEXT_LIMITS["date"] and stored_date_ok(value, now) else None


def _clean_protection(value, now: datetime):
    if not isinstance(value, dict):
        return None
    ends_at = clean_date(value.get("ends_at"), now)
    days = value.get("days")
    days = days if isinstance(days, int) and not isinstance(days, bool) and 0 < days < 1000 else None
    if ends_at is None and days is None:
        return None
    source = value.get("source") if value.get("source") in ("page", "rule") else "page"
    return {"ends_at": ends_at, "source": source, "days": days}


_TEXT_FIELDS = ("status_text", "store", "tracking_number", "carrier")
PAGE_DATE_FIELDS = (*DATE_FIELDS, "estimated_delivery_at", "coupon_deadline_at", "last_event_at")


def sanitize_page_order(order: dict, now: datetime | None = None) -> dict | None:
    """Keep only the contract's fields, with the right types. None when there is no valid id
    (``model.is_order_id``: ASCII digits, no leading zero). A date outside 2000..``now`` + three
    years is dropped, the rest of the order kept; ``now`` defaults to the computer's clock."""
    order_id = order.get("order_id")
    if not is_order_id(order_id):
        return None
    now = now or datetime.now(timezone.utc)
    clean: dict = {"order_id": order_id}
    status = order.get("status")
    clean["status"] = status if status in STATUSES else "unknown"
    for key in _TEXT_FIELDS:
        clean[key] = clip(order.get(key), key)
    for key in PAGE_DATE_FIELDS:
        clean[key] = clean_date(order.get(key), now)
    clean["items"] = _clean_items(order.get("items"))
    clean["total"] = _clean_money(order.get("total"))
    clean["protection"] = _clean_protection(order.get("protection"), now)
    buttons = order.get("buttons")
    clean["buttons"] = ([b for b in buttons[:LIST_LIMITS["buttons"]] if isinstance(b, str) and b and len(b) <= TEXT_LIMITS["button"]]
                        if isinstance(buttons, list) else [])
    return clean


def _titled(items: list) -> int:
    return sum(1 for item in items if item.get("title"))


def _latest_protection(sources: dict) -> dict | None:
    """What the pages last showed: the newest deadline and the newest stated length, each from the
    latest capture that had one (a list page's "75 days" does not erase the detail page's date)."""
    def newest(key: str):
        shown = [(src.get("at") or "", src[key]) for src in sources.values() if isinstance(src, dict) and src.get(key)]
        return max(shown)[1] if shown else None

    ends_at, days = newest("ends_at"), newest("days")
    return {"ends_at": ends_at, "source": "page", "days": days} if (ends_at or days) else None


# Which kind of page each parser family is, for ``read_at``: when the order was last read on a list,
# on its own page, on its tracking page.
READ_KINDS = {"order_list": "list", "trade_list": "list", "ru_list": "list",
              "order_detail": "detail", "trade_detail": "detail", "ru_detail": "detail", "tracking": "tracking"}


def empty_read_at() -> dict:
    return {kind: None for kind in ("list", "detail", "tracking")}


def read_at_of(doc: dict) -> dict:
    """``read_at`` as stored, every kind present (orders stored before it have none)."""
    read = empty_read_at()
    stored = doc.get("read_at")
    if isinstance(stored, dict):
        read.update({kind: stored[kind] for kind in read if isinstance(stored.get(kind), str)})
    return read


def merge_order(old: dict | None, new: dict, page_kind: str, captured_at: str) -> dict:
    """Return a new stored document; ``old`` is never modified."""
    if old is None:
        doc = {key: None for key in PAGE_FIELDS}
        doc.update({"items": [], "buttons": [], "order_id": new["order_id"], "status": "unknown"})
        doc.update({"received": None, "dispute_opened_at": None, "note": None, "deadline_override": None})
        doc.update({"first_seen": captured_at, "last_seen": captured_at, "status_history": [],
                    "seen_on": [], "protection_sources": {}})
    else:
        doc = dict(old)
    newer = old is None or (old.get("last_seen") or "") <= captured_at

    for key in (*_TEXT_FIELDS, *PAGE_DATE_FIELDS):
        value = new.get(key)
        if value is not None and (newer or doc.get(key) is None):
            doc[key] = value
    if new["status"] != "unknown" and (newer or doc.get("status") in (None, "unknown")):
        doc["status"] = new["status"]
    if new["total"] is not None and (newer or doc.get("total") is None):
        doc["total"] = new["total"]
    if new["items"] and (_titled(new["items"]) >= _titled(doc.get("items") or []) and (newer or not doc.get("items"))):
        doc["items"] = new["items"]
    if new["buttons"] and newer:
        doc["buttons"] = new["buttons"]

    # Protection: keep what each kind of page said, and when. Which one to believe when pages
    # disagree (tracking says Sep 3, detail Sep 4) is a rule, not the store's call.
    sources = dict(doc.get("protection_sources") or {})
    prot = new.get("protection")
    if prot and (newer or page_kind not in sources):
        sources[page_kind] = {"ends_at": prot.get("ends_at"), "days": prot.get("days"), "at": captured_at}
    doc["protection_sources"] = sources
    doc["protection"] = _latest_protection(sources)

    history = list(doc.get("status_history") or [])
    if doc["status"] != "unknown" and (not history or history[-1].get("status") != doc["status"]) and newer:
        history.append({"status": doc["status"], "status_text": doc.get("status_text"), "at": captured_at})
        history = history[-HISTORY_LIMIT:]
    doc["status_history"] = history
    seen = list(doc.get("seen_on") or [])
    if page_kind not in seen:
        seen.append(page_kind)
    doc["seen_on"] = seen
    read = read_at_of(doc)
    kind = READ_KINDS.get(page_kind)
    if kind and (read[kind] or "") < captured_at:
        read[kind] = captured_at
    doc["read_at"] = read
    if newer:
        doc["last_seen"] = captured_at
    if captured_at < (doc.get("first_seen") or captured_at):
        doc["first_seen"] = captured_at
    return doc


def public_view(doc: dict) -> dict:
    """The stored order as the API shows it (internal bookkeeping left out)."""
    keys = PAGE_FIELDS + USER_FIELDS + META_FIELDS
    view = {key: doc.get(key) for key in keys}
    view["case"] = case_log.entries(doc)  # orders stored before the case log have none: an empty one
    view["read_at"] = read_at_of(doc)
    return view


BOOKKEEPING = ("last_seen", "read_at")


def page_data_changed(before: dict | None, after: dict | None) -> bool:
    """Whether a stored order changed beyond when it was last seen and read: what a page told anew."""
    if before is None or after is None:
        return before is not after

    def told(doc: dict) -> dict:
        # What each page said, without when it said it: the same words read again are nothing new. Nor are the
        # buttons: each kind of page shows its own set (the detail page more), and a status change moves them anyway.
        sources = doc.get("protection_sources") or {}
        said = {kind: {k: v for k, v in src.items() if k != "at"} if isinstance(src, dict) else src for kind, src in sources.items()}
        kept = {key: value for key, value in doc.items() if key not in BOOKKEEPING and key != "buttons"}
        return {**kept, "protection_sources": said}

    return told(before) != told(after)
