"""A report of a page Order Guard could not read, safe to attach to a bug.

It keeps the page's structure (tags, class names, which attributes an element has) and what
was and was not read, and replaces every text and every other attribute value by its length
and script ("12 Cyrillic"), so no name, address, title or number leaves the machine. Captured
page data is kept the same way: its keys, and for each value its type, length and script.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timezone
from urllib.parse import urlsplit

from bs4 import Comment, Doctype, NavigableString, Tag

from companion.parsing.lean_builder import lean_soup

FORMAT = 1
MAX_NODES = 30_000
MAX_DEPTH = 80
_LONG_DIGITS = re.compile(r"\d{4,}")
_SKIP_TEXT = ("script", "style", "noscript", "template")


def _script(ch: str) -> str:
    if ch.isdigit():
        return "Digit"
    if ch.isspace():
        return ""
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return "Other"
    first = name.split(" ")[0]
    if first in ("LATIN", "CYRILLIC", "HEBREW", "ARABIC", "GREEK", "HANGUL", "HIRAGANA", "KATAKANA", "THAI", "DEVANAGARI"):
        return first.capitalize()
    if first == "CJK":
        return "Han"
    return "Punct" if unicodedata.category(ch)[0] in "PSZ" else "Other"


def describe(value: str) -> str:
    """'Заказ №: 6459…' -> '19 Cyrillic+Digit+Punct': the length and the scripts, nothing else."""
    counts: dict[str, int] = {}
    for ch in value[:5000]:
        script = _script(ch)
        if script:
            counts[script] = counts.get(script, 0) + 1
    scripts = "+".join(sorted(counts, key=lambda s: -counts[s])[:4]) or "blank"
    return f"{len(value)} {scripts}"


def _class_token(token: str) -> str:
    # Class names are structure, but some carry a product or order number ("tdxProductId1432…").
    return _LONG_DIGITS.sub("#", token)[:80]


def _element(el: Tag, depth: int, budget: list[int]) -> dict:
    budget[0] -= 1
    node: dict = {"tag": el.name}
    classes = el.get("class")
    if classes:
        node["class"] = [_class_token(c) for c in (classes if isinstance(classes, list) else str(classes).split())][:20]
    attrs = {}
    for name, value in el.attrs.items():
        if name == "class":
            continue
        value = " ".join(value) if isinstance(value, list) else str(value)
        attrs[name[:40]] = describe(value)
    if attrs:
        node["attrs"] = attrs
    children = []
    for child in el.contents:
        if budget[0] <= 0:
            node["cut"] = "node limit reached"
            break
        if isinstance(child, Tag):
            if depth >= MAX_DEPTH:
                node["cut"] = "depth limit reached"
                break
            children.append(_element(child, depth + 1, budget))
        elif isinstance(child, (Comment, Doctype)):
            continue
        elif isinstance(child, NavigableString) and child.strip():
            budget[0] -= 1
            children.append({"text": describe(str(child).strip()) if el.name not in _SKIP_TEXT else f"{len(child)} code"})
    if children:
        node["children"] = children
    return node


def _data_shape(value, depth: int = 0, budget: list[int] | None = None):
    budget = budget if budget is not None else [MAX_NODES]
    budget[0] -= 1
    if budget[0] <= 0 or depth > 30:
        return "cut"
    if isinstance(value, dict):
        return {_class_token(str(k))[:60]: _data_shape(v, depth + 1, budget) for k, v in list(value.items())[:300]}
    if isinstance(value, list):
        return [_data_shape(v, depth + 1, budget) for v in value[:100]]
    if isinstance(value, bool) or value is None:
        return type(value).__name__
    if isinstance(value, (int, float)):
        return f"number {len(str(value))}"
    return f"string {describe(str(value))}"


def _url_shape(url: str) -> dict:
    try:
        parts = urlsplit(url or "")
    except ValueError:
        return {"given": bool(url)}
    path = "/".join(_LONG_DIGITS.sub("#", seg) for seg in parts.path.split("/"))
    query = sorted({pair.split("=", 1)[0][:40] for pair in parts.query.split("&") if pair})
    return {"host": (parts.hostname or "")[:100], "path": path[:300], "query_keys": query}


def _safe_warning(text: str) -> str:
    """Warnings quote order ids and status texts: keep the sentence, not what it quotes."""
    text = re.sub(r"'[^']*'|\"[^\"]*\"", lambda m: f"<{describe(m.group(0)[1:-1])}>", text)
    return _LONG_DIGITS.sub("#", text)


def _read_summary(orders: list[dict]) -> list[dict]:
    out = []
    for order in orders:
        fields = sorted(k for k, v in order.items() if k not in ("order_id", "items", "buttons") and v not in (None, "", [], "unknown"))
        out.append({"fields_read": fields, "items": len(order.get("items") or []),
                    "items_with_title": sum(1 for i in order.get("items") or [] if i.get("title")),
                    "buttons": sorted(order.get("buttons") or []), "status": order.get("status")})
    return out


def build(url: str, content, parsed) -> dict:
    """The report of one page (HTML text or captured data) and of what ``parse_page`` read of it."""
    report: dict = {
        "order_guard_report": FORMAT,
        "made_at": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "url": _url_shape(url),
        "page_kind": parsed.page_kind,
        "reading": parsed.reading(),
        "warnings": [_safe_warning(w) for w in parsed.warnings],
        "orders_read": _read_summary(parsed.orders),
    }
    if isinstance(content, (dict, list)):
        report["data"] = _data_shape(content)
    elif isinstance(content, str):
        report["size"] = len(content)
        budget = [MAX_NODES]
        try:
            tree = lean_soup(content)
            report["structure"] = [_element(el, 0, budget) for el in tree.contents if isinstance(el, Tag)]
        except RecursionError:
            report["structure"] = "too deeply nested"
    return report
