"""The English texts to copy: templates from texts/messages.toml filled with one order's details.

Every text is built only from what is known about the order. A template marks the parts that need a
detail with square brackets: ``[ It was {waiting_since}.]`` is dropped whole when the order has no
such date, so no text ever says "some time ago" or shows a placeholder. A placeholder outside the
brackets always has a value (see ``context_for``). Titles that are not in Latin script are left
out: the text says "the item" instead (support reads English, through machine translation).
"""

from __future__ import annotations

import re
import string
import tomllib
import unicodedata
from functools import lru_cache
from pathlib import Path

from companion.i18n import fill

TEMPLATES_FILE = Path(__file__).with_name("texts") / "messages.toml"
EVA_LIMIT = 140
ITEM_MAX = 40

PLACEHOLDERS = ("order_id", "item", "amount", "waiting_since", "dispute_age", "coupon_date", "problem",
                "decision_date", "dispute_date", "last_event")  # the last three: case follow-ups (rules/followups.py)
# Placeholders that always have a value; every other one may be unknown and must sit inside [...].
ALWAYS_KNOWN = ("amount", "problem")

_OPTIONAL = re.compile(r"\[([^\[\]]*)\]")

# Punctuation a title may carry, in plain ASCII; anything else outside ASCII is dropped.
_ASCII_PUNCT = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u00d7": "x", "\u2026": " ", "\u2122": "", "\u00ae": "", "\u00a9": "", "\u2120": "", "\u00a0": " ", "\u3000": " ", "\u00b7": " ", "\u2022": " ",
    "\uff08": "(", "\uff09": ")", "\uff0c": ",", "\uff1a": ":", "\u3001": ",", "\u3010": "(", "\u3011": ")",
}


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


@lru_cache(maxsize=1024)
def placeholders_in(text: str) -> frozenset[str]:
    # the texts are the templates' own (and their optional parts): a few hundred, asked for on every hint
    return frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)


def required_placeholders(text: str) -> set[str]:
    """The placeholders outside every optional ``[...]`` part (parts may nest)."""
    while (stripped := _OPTIONAL.sub("", text)) != text:
        text = stripped
    return placeholders_in(text)


def shorten(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word boundary where one is near; no ellipsis mark
    (a cut name reads as a name, and a mark would clash with the full stop after it)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: max(limit, 0)]
    if len(text) > limit and text[limit:limit + 1] != " ":
        space = cut.rfind(" ")
        if space >= limit // 2:
            cut = cut[:space]
    return cut.rstrip(" ,.;:-(/+&")


def english_title(title: str) -> str | None:
    """The title in plain ASCII, or None when it is not in Latin script (or holds no word at all)."""
    if title.isascii():  # most titles: nothing to normalize or transliterate
        return _plain(title)
    # Punctuation first: NFKC would make "..." of an ellipsis and "TM" of a trademark sign.
    text = unicodedata.normalize("NFKC", "".join(_ASCII_PUNCT.get(ch, ch) for ch in title))
    out = []
    for ch in text:
        if ch.isascii():
            out.append(ch)
            continue
        if ch.isalpha():
            if not unicodedata.name(ch, "").startswith("LATIN"):
                return None  # Cyrillic, Hebrew, CJK...: name it "the item"
            base = "".join(c for c in unicodedata.normalize("NFKD", ch) if c.isascii())
            out.append(base)
        elif ch.isdigit():
            out.append(str(unicodedata.digit(ch, "")))
        # other symbols (trademark, emoji, stars) are dropped
    return _plain("".join(out))


_BRACES = str.maketrans({"{": "(", "}": ")", "[": "(", "]": ")", "\\": " ", "`": "'"})


def _plain(text: str) -> str | None:
    """An ASCII title made fit for a message, or None when it holds no word."""
    # Braces would be read as placeholders; brackets as optional parts; quotes and control characters
    # do not belong in a one-line message.
    plain = text.translate(_BRACES)
    if not plain.isprintable():
        plain = "".join(c if c.isprintable() else " " for c in plain)
    plain = re.sub(r"\.{2,}", " ", plain)  # a typed "..." would clash with the full stop after the name
    plain = " ".join(plain.split()).strip(" ,.;:-/+&*#|~_")
    letters = 0
    for c in plain:
        letters += c.isalpha()
        if letters == 2:
            return plain
    return None


def _item_title(order: dict) -> str | None:
    items = order.get("items")
    if type(items) is not list:
        return None
    titles = [i.get("title") for i in items if type(i) is dict and type(i.get("title")) is str and i.get("title").strip()]
    if not titles:
        return None
    title = english_title(titles[0])
    return shorten(title, ITEM_MAX) or None if title else None


def _amount(order: dict) -> str | None:
    total = order.get("total")
    if type(total) is not dict:
        return None
    amount, currency = total.get("amount"), total.get("currency")
    if type(amount) is not str or not amount or len(amount) > 20 or not all(c in "0123456789.," for c in amount):
        return None
    if not any(c.isdigit() and c != "0" for c in amount):
        return None  # "0.00" is no amount to ask for
    if type(currency) is str and currency.isascii() and currency.isalpha() and len(currency) == 3:
        return f"{amount} {currency.upper()}"
    return amount


def _ago(days: int | None) -> str | None:
    if days is None or days < 0:
        return None
    if days == 0:
        return "today"
    return "1 day ago" if days == 1 else f"{days} days ago"


def context_for(order: dict, a) -> dict:
    """Placeholder values for one order (``a`` is its Assessment): None where the order does not tell."""
    order_id = order.get("order_id")
    since_ship = a.days_since(a.shipped) if a.shipped is not None else None
    waiting = None
    if since_ship is not None and since_ship >= 0:
        waiting = f"shipped {_ago(since_ship)}"
    elif a.shipped is None:
        ordered = a.start if a.start_field in ("order_date", "paid_at") else None
        if ordered is not None and a.reached(ordered):
            verb = "ordered" if a.start_field == "order_date" else "paid"
            waiting = f"{verb} {_ago(a.days_since(ordered))}"
    coupon = a.coupon_deadline
    return {
        "order_id": order_id if type(order_id) is str and order_id.isascii() and order_id.isdigit() and len(order_id) <= 32 else None,
        "item": _item_title(order),
        "amount": _amount(order) or "the full price",
        "waiting_since": waiting,
        "dispute_age": None if a.dispute_assumed else _ago(a.dispute_days),
        "coupon_date": f"{coupon:%b} {coupon.day}, {coupon.year}" if coupon is not None else None,
        "problem": "",
    }


def _known(value: object) -> bool:
    return type(value) is str and value != ""


def _resolve(raw: str, values: dict) -> str:
    """Drop each optional ``[...]`` part that names a placeholder with no value; unwrap the others."""
    def part(match: re.Match) -> str:
        inner = match.group(1)
        return inner if all(_known(values.get(name)) for name in placeholders_in(inner)) else ""

    while True:  # innermost first: "[Order {order_id}[ ({item})]. ]"
        resolved = _OPTIONAL.sub(part, raw)
        if resolved == raw:
            return resolved
        raw = resolved


@lru_cache(maxsize=4096)
def _resolved(raw: str, known: frozenset[str]) -> str:
    """``raw`` with its optional parts resolved for an order that knows the placeholders in ``known``:
    which parts stay depends on nothing else, and a page of orders asks for the same few combinations."""
    return _resolve(raw, dict.fromkeys(known, "known"))


@lru_cache(maxsize=512)
def _entry(path: str, variant: str) -> tuple[str, bool, tuple[str, ...]] | None:
    """Template ``path``'s text for ``variant`` (else its ``text``), whether it is for Eva, its placeholders."""
    entry = template(path)
    raw = entry.get(variant) or entry.get("text")
    if type(raw) is not str:
        return None
    return raw, entry.get("for_eva") is True, tuple(placeholders_in(raw))


def render(path: str, ctx: dict, *, variant: str = "text", problem: str | None = None) -> tuple[str | None, bool]:
    """The filled text of template ``path`` and whether it is meant for Eva (then at most 140 characters)."""
    try:
        found = _entry(path, variant)
    except ValueError:  # a malformed template (a lone brace): this text is left out, not the whole hint
        return None, template(path).get("for_eva") is True
    if found is None:
        return None, False
    raw, for_eva, names = found
    # a placeholder not in ``ctx`` (a typo in a template) becomes "": see companion.i18n.fill
    values = {name: ctx.get(name) for name in names}
    if "problem" in values:
        values["problem"] = template("problems").get(problem, "") if problem else ""

    def filled() -> str:  # collapsing spaces: an empty {problem} must not leave a double space
        clean = {k: v for k, v in values.items() if _known(v)}
        resolved = _resolved(raw, frozenset(clean))
        return " ".join(fill(resolved, clean).split())

    try:
        text = filled()
        if for_eva and len(text) > EVA_LIMIT:
            # Make room by cutting the item title, then by dropping it; never cut the order number.
            item = values.get("item") or ""
            room = len(item) - (len(text) - EVA_LIMIT)
            values["item"] = shorten(item, room) if room >= 8 else None
            text = filled()
            if len(text) > EVA_LIMIT:
                text = shorten(text, EVA_LIMIT)
    except (ValueError, AttributeError):  # a malformed template (see fill), an item that is not text
        return None, for_eva
    return text, for_eva
