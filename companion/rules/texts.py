"""The English texts to copy: templates from texts/messages.toml filled with one order's details."""

from __future__ import annotations

import string
import tomllib
from functools import lru_cache
from pathlib import Path

from companion.i18n import fill
from companion.rules.dates import whole_days

TEMPLATES_FILE = Path(__file__).with_name("texts") / "messages.toml"
EVA_LIMIT = 140
ITEM_MAX = 40
ELLIPSIS = "…"

PLACEHOLDERS = ("order_id", "item", "store", "amount", "days_since_shipment", "waiting_since",
                "dispute_age", "coupon_date", "problem")


@lru_cache(maxsize=1)
def templates() -> dict:
    with TEMPLATES_FILE.open("rb") as fh:
        return tomllib.load(fh)


@lru_cache(maxsize=512)
def template(path: str) -> dict:
    """The table at a dotted path, e.g. ``open_dispute.not_received``; {} when absent (read-only)."""
    node: object = templates()
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node if isinstance(node, dict) else {}


def all_template_paths() -> list[str]:
    """Every table that holds a ``text`` (used by tests and docs)."""
    out = []

    def walk(node: dict, prefix: str) -> None:
        if "text" in node:
            out.append(prefix)
        for key, value in node.items():
            if isinstance(value, dict):
                walk(value, f"{prefix}.{key}" if prefix else key)

    walk(templates(), "")
    return out


def placeholders_in(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def shorten(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word boundary where one is near."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    if limit <= 1:
        return ELLIPSIS[:limit]
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,.;:-(") + ELLIPSIS


def _item_title(order: dict) -> str | None:
    items = order.get("items")
    if type(items) is not list:
        return None
    titles = [i.get("title") for i in items if type(i) is dict and type(i.get("title")) is str and i.get("title").strip()]
    if not titles:
        return None
    # A title may carry characters a plain-English message should not (newlines, braces for format).
    title = titles[0].replace("{", "(").replace("}", ")")
    return shorten(title, ITEM_MAX)


def _amount(order: dict) -> str | None:
    total = order.get("total")
    if type(total) is not dict:
        return None
    amount, currency = total.get("amount"), total.get("currency")
    if type(amount) is not str or not amount or len(amount) > 20 or not all(c in "0123456789.," for c in amount):
        return None
    if type(currency) is str and currency.isalpha() and len(currency) == 3:
        return f"{amount} {currency.upper()}"
    return amount


def _ago(days: int | None) -> str | None:
    if days is None or days < 0:
        return None
    if days == 0:
        return "today"
    return "1 day ago" if days == 1 else f"{days} days ago"


def context_for(order: dict, a) -> dict:
    """Placeholder values for one order (``a`` is its Assessment), each with a readable fallback."""
    now = a.now
    order_id = order.get("order_id")
    store = order.get("store")
    since_ship = whole_days(now, a.shipped) if a.shipped is not None else None
    if since_ship is not None and since_ship >= 0:
        waiting = f"shipped {_ago(since_ship)}"
    else:
        ordered = a.start if a.start_field in ("order_date", "paid_at") else None
        waiting = f"ordered {_ago(whole_days(now, ordered))}" if ordered is not None and now >= ordered else "shipped some time ago"
    coupon = a.coupon_deadline
    return {
        "order_id": order_id if type(order_id) is str and order_id.isdigit() and len(order_id) <= 32 else "(see order page)",
        "item": _item_title(order) or "my item",
        "store": shorten(store.replace("{", "(").replace("}", ")"), 40) if type(store) is str and store.strip() else "the seller",
        "amount": _amount(order) or "the full price",
        "days_since_shipment": str(since_ship) if since_ship is not None and since_ship >= 0 else "many",
        "waiting_since": waiting,
        "dispute_age": _ago(a.dispute_days) or "some days ago",
        "coupon_date": f"{coupon:%b} {coupon.day}, {coupon.year}" if coupon is not None else "the guaranteed date",
        "problem": "",
    }


def render(path: str, ctx: dict, *, variant: str = "text", problem: str | None = None) -> tuple[str | None, bool]:
    """The filled text of template ``path`` and whether it is meant for Eva (then ≤ 140 characters)."""
    entry = template(path)
    raw = entry.get(variant) or entry.get("text")
    if type(raw) is not str:
        return None, False
    for_eva = entry.get("for_eva") is True
    values = dict(ctx)  # a placeholder not in it (a typo in a template) becomes "": see companion.i18n.fill
    if problem:
        values["problem"] = template("problems").get(problem, "")

    def filled() -> str:  # collapsing spaces: an empty {problem} must not leave a double space
        return " ".join(fill(raw, values).split())

    try:
        text = filled()
        if for_eva and len(text) > EVA_LIMIT:
            # Make room by cutting the item title, then by dropping it; never cut the order number.
            item = values.get("item", "")
            room = len(item) - (len(text) - EVA_LIMIT)
            values["item"] = shorten(item, room) if room >= 8 else "item"
            text = filled()
            if len(text) > EVA_LIMIT:
                text = shorten(text, EVA_LIMIT)
    except (ValueError, AttributeError):  # a malformed template (see fill), an item that is not text
        return None, for_eva
    return text, for_eva
