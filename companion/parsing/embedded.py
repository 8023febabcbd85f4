"""Captured page data found inside a saved page's ``<script>`` tags (``window.runParams = {…}``)."""

from __future__ import annotations

import json
import re

from companion.parsing.families import captured

MARKERS = ("mtop.aliexpress.trade.buyer.order", "pc_om_list_order_", "mtop.ae.ld.querydetail", "detail_order_status_block")
_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.IGNORECASE | re.DOTALL)
_MAX_TRIES = 40


def has_data(html: str) -> bool:
    return any(marker in html for marker in MARKERS)


def _objects(script: str):
    """JSON objects in a script, outermost first; JS that is not JSON is skipped."""
    decoder = json.JSONDecoder()
    pos, tries = script.find("{"), 0
    while pos >= 0 and tries < _MAX_TRIES:
        tries += 1
        try:
            value, end = decoder.raw_decode(script, pos)
        except ValueError:
            pos = script.find("{", pos + 1)
            continue
        yield value
        pos = script.find("{", end)


def find(html: str) -> list:
    """Every piece of order data (a kind ``captured.kind_of`` recognizes) in the page's scripts."""
    found = []
    for m in _SCRIPT.finditer(html):
        script = m.group(1)
        if not any(marker in script for marker in MARKERS):
            continue
        for value in _objects(script):
            data = _unwrap(value)
            if data is not None:
                found.append(data)
    return found


def _unwrap(value, depth: int = 0):
    if captured.kind_of(value) is not None:
        return value
    if isinstance(value, dict) and depth < 4:
        for child in value.values():
            if isinstance(child, (dict, list)):
                data = _unwrap(child, depth + 1)
                if data is not None:
                    return data
    return None
