"""The list page cut into one text chunk per order card, each parsed once.

BeautifulSoup's cost is per node, so the tree it builds must hold only what is read: the cards,
not the header, recommendations, footer, scripts, styles or svg around them. The cards are found
with string search (cheap), and each card's text is remembered by content hash: when "View
orders" adds cards and the extension sends the area again, only the new cards are parsed.
New cards are parsed together in one tree; a chunk's surplus closing tags are cut off, and a card
left open is caught by counting the cards.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from typing import Callable

from bs4 import Tag

from companion.parsing.context import Context
from companion.parsing.html import JUNK
from companion.parsing.lean_builder import lean_soup

# A literal search finds "order-item" as a whole class name fast; each hit is then checked to sit in
# the class attribute of a div (a regex that starts at every "<div" costs more than the rest of the search on a large page).
_CARD_CLASS = re.compile(r'order-item[\s"]')
_CLASS_ATTR_BEFORE = re.compile(r'\sclass\s*=\s*$', re.IGNORECASE)
# What follows the last card on the page: the "View orders" button, pagination, footer.
_AREA_END = ('data-pl="order_more"', 'class="order-more"', "comet-pagination", "<footer")
_CACHE_SIZE = 4000
ReadCard = Callable[[Tag, Context], "dict | None"]
_cache: OrderedDict[bytes, tuple[dict | None, list[str]]] = OrderedDict()


def split(html: str) -> list[str]:
    """One chunk of text per card, svg/scripts/styles/comments removed; [] when no card is found."""
    starts = card_starts(html)
    if not starts:
        return []
    end = len(html)
    for marker in _AREA_END:
        at = html.find(marker, starts[-1])
        if at != -1:
            tag = html.rfind("<", starts[-1], at + 1)
            end = min(end, tag if tag > starts[-1] else at)
    bounds = starts[1:] + [end]
    return [_own_part(JUNK.sub("", html[a:b])) for a, b in zip(starts, bounds)]


def card_starts(html: str) -> list[int]:
    """Where each ``<div class="… order-item …">`` opens."""
    starts = []
    for m in _CARD_CLASS.finditer(html):
        at = m.start()
        quote = html.rfind('"', 0, at)  # the class value's opening quote
        if quote == -1 or (quote + 1 < at and html[at - 1] not in " \t\n\r"):
            continue
        if not _CLASS_ATTR_BEFORE.search(html, max(0, quote - 24), quote):
            continue
        tag = html.rfind("<", 0, quote)
        if (tag != -1 and html[tag + 1:tag + 4].lower() == "div" and html[tag + 4:tag + 5] in (" ", "\t", "\n", "\r")
                and ">" not in html[tag:quote] and (not starts or starts[-1] != tag)):
            starts.append(tag)
    return starts


_TRAILING_CLOSE = re.compile(r"(?:\s*</div\s*>)+\s*$", re.IGNORECASE)


def _own_part(chunk: str) -> str:
    """Drop the closing tags of the wrappers around the list that follow the last card, so a card
    reads the same whether it is last on the page or has more cards after it ("View orders")."""
    extra = chunk.count("</div") - chunk.count("<div")
    if extra <= 0:
        return chunk
    tail = _TRAILING_CLOSE.search(chunk)
    if tail is None:
        return chunk
    closers = tail.group(0).count("</div")
    keep = max(closers - extra, 0)
    return chunk[:tail.start()] + "</div>" * keep


def _key(chunk: str, ctx: Context) -> bytes:
    digest = hashlib.blake2b(digest_size=20)
    # the language and the capture day change how texts like "3 days left" read
    digest.update(f"{ctx.lang}|{ctx.captured_at.date().isoformat()}|".encode())
    digest.update(chunk.encode("utf-8", "surrogatepass"))
    return digest.digest()


def _copy(order: dict | None) -> dict | None:
    if order is None:
        return None
    return {**order, "items": [dict(item) for item in order["items"]], "buttons": list(order["buttons"]),
            "protection": dict(order["protection"]) if order.get("protection") else order.get("protection")}


def read_batch(chunks: list[str], ctx: Context, read_card: ReadCard) -> list[tuple]:
    """(order or None, warnings) for each chunk, all parsed in one tree.

    The cards end up side by side in the tree's body; a card left open would swallow the next
    one, which the count shows."""
    cards = _top_cards(lean_soup("".join(chunks)))
    if len(cards) != len(chunks):  # read each card on its own
        cards = [next(iter(_top_cards(lean_soup(chunk))), None) for chunk in chunks]
    out = []
    for card in cards:
        before = len(ctx.warnings)
        order = read_card(card, ctx) if card is not None else None
        out.append((order, ctx.warnings[before:]))
        del ctx.warnings[before:]
    return out


def _top_cards(tree) -> list[Tag]:
    """The cards lxml put side by side in its implied body."""
    body = tree.body
    return [el for el in (body.contents if body is not None else ())
            if isinstance(el, Tag) and el.name == "div" and "order-item" in (el.attrs.get("class") or ())]


def read(chunks: list[str], ctx: Context, read_card: ReadCard) -> list[dict]:
    """The orders of ``chunks`` in page order. The results of this page are held here while it is
    read, so a page of more cards than the cache keeps loses none of them to eviction."""
    keys = [_key(chunk, ctx) for chunk in chunks]
    found: dict[bytes, tuple[dict | None, list[str]]] = {}
    fresh = []
    for i, key in enumerate(keys):
        if key in found:
            continue
        hit = _cache.get(key)
        if hit is None:
            fresh.append(i)
            found[key] = (None, [])
        else:
            found[key] = hit
            _cache.move_to_end(key)
    if fresh:
        results = read_batch([chunks[i] for i in fresh], ctx, read_card)
        for i, (order, warnings) in zip(fresh, results):
            found[keys[i]] = _cache[keys[i]] = (order, warnings)  # fresh from the reader: nobody else holds it
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    orders = []
    for key in keys:
        order, warnings = found[key]
        for warning in warnings:
            ctx.warn(warning)
        if order is not None:
            orders.append(_copy(order))
    return orders
