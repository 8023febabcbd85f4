"""The bytes the extension sends for a page, made from a whole page the way the content script makes them.

``extension/content/orders.js`` sends, for a list page, the smallest element holding every order
card (``findArea``), and for a detail or tracking page ``#root`` (else ``main``, else ``body``); in
both cases from a copy without the blocks ``lib/privacy.js`` calls private (a class or data-testid
naming an address, a phone, a receiver…), as ``outerHTML``. Here lxml finds the same element and
serializes it, which is what a browser's ``outerHTML`` gives for this markup up to attribute quoting.
"""

from __future__ import annotations

import re

import lxml.html

# Must equal extension/lib/privacy.js WORDS (tests/js/privacy.test.js ties that to companion/parsing/base.py).
PRIVATE = re.compile("address|receiver|recipient|contact|buyer-info|user-info|phone|Delivery__person", re.IGNORECASE)


def _is_card(el) -> bool:
    return el.tag == "div" and "order-item" in (el.get("class") or "").split()


def list_area(html: str) -> str:
    doc = lxml.html.fromstring(html)
    cards = [el for el in doc.iter("div") if _is_card(el) and not any(_is_card(p) for p in el.iterancestors())]
    if not cards:
        raise ValueError("no order cards on this page")
    area = cards[0].getparent()
    while area is not None and not all(any(p is area for p in card.iterancestors()) for card in cards):
        area = area.getparent()
    return _serialized(area)


def detail_area(html: str) -> str:
    doc = lxml.html.fromstring(html)
    found = doc.get_element_by_id("root", None)
    if found is None:
        found = next(iter(doc.iter("main")), None)
    if found is None:
        found = doc.body
    return _serialized(found)


def _serialized(area) -> str:
    for el in list(area.iter()):
        if el is not area and isinstance(el.tag, str) and any(PRIVATE.search(el.get(k) or "") for k in ("class", "data-testid")):
            el.drop_tree()
    return lxml.html.tostring(area, encoding="unicode", with_tail=False)
