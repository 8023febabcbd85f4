"""What every page family does alike: its declaration to the registry, an item, a quantity,
the buyer's private blocks removed, a tracking number checked."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from companion.parsing.text import clean

# "x2", "× 2", "2 шт.", "2 pcs", or a cell holding only the number.
_QTY = re.compile(r"[x×]\s*(\d{1,5})(?!\d)|(?<!\d)(\d{1,5})\s*(?:шт|pcs|pieces|piece|יח)", re.IGNORECASE)
_BARE_QTY = re.compile(r"^\s*(\d{1,5})\s*$")

# Blocks that hold the buyer's name, address or phone, by class or data-testid: removed before
# anything is read, so no family can put them into an order.
_PRIVATE = re.compile(r"address|receiver|recipient|contact|buyer-info|user-info|phone|Delivery__person", re.IGNORECASE)


@dataclass(frozen=True)
class Family:
    """One page family as the registry knows it.

    ``urls``: regular expressions any of which names a page of this family (the strongest signal);
    ``markers``: strings (or tuples of strings, all needed) whose presence in the HTML suggests the
    family when there is no URL;
    ``anchors``: the language-independent things a page of this family shows once per order (the
    plausibility check counts them, see ``plausibility``)."""

    kind: str
    urls: tuple[str, ...]
    markers: tuple[str | tuple[str, ...], ...]
    parse: Callable
    many: bool  # a list page (several orders) or a single-order page
    anchors: tuple[str, ...] = ()
    refuse_urls: tuple[str, ...] = ()
    # Addresses of real pages of this family: the registry, the extension's page detection and the
    # manifest's match patterns are all tested against them.
    examples: tuple[str, ...] = ()

    def url_matches(self, url: str) -> bool:
        return bool(url) and any(re.search(p, url) for p in self.urls) and not any(re.search(p, url) for p in self.refuse_urls)

    def content_matches(self, html: str) -> bool:
        return any(marker in html if isinstance(marker, str) else all(m in html for m in marker) for marker in self.markers)


def quantity(value: str | None) -> int | None:
    """'x2' / '× 2' / '2 шт.' / '2' -> 2; None when the text states no quantity."""
    value = clean(value or "")
    m = _QTY.search(value)
    if m:
        return int(m.group(1) or m.group(2))
    m = _BARE_QTY.match(value)
    return int(m.group(1)) if m else None


def item(title: str | None, qty: int | None, price: dict | None, sku: str | None = None) -> dict:
    out = {"title": clean(title or "") or None, "quantity": qty if isinstance(qty, int) and not isinstance(qty, bool) and qty > 0 else None,
           "price": price}
    sku = clean(sku or "")
    if sku:
        out["sku"] = sku
    return out


def drop_private(tree) -> None:
    """Removes every block that holds the buyer's name, address or phone."""
    for el in tree.find_all(class_=_PRIVATE):
        el.decompose()
    for el in tree.find_all(attrs={"data-testid": _PRIVATE}):
        el.decompose()


def tracking_number(value: str | None) -> str | None:
    """The first token of a shown tracking number when it looks like one (letters and digits)."""
    token = clean(value or "").split(" ")[0]
    if 6 <= len(token) <= 40 and token.isascii() and token.isalnum() and any(ch.isdigit() for ch in token):
        return token
    return None
