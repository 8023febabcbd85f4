"""Hints already worked out, so a page sent again seconds later costs no rule work.

A hint depends on the stored order, the UI language, the buyer's settings and the time; the key
holds the order's store version, the language, the settings and the current minute, so a cached
hint is never more than a minute old and never outlives a change to the order or to a setting. It holds a whole store's worth of hints (up
to ``size``), so the API's full list asked again within the minute costs no rule work either.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime

from companion import rules


class HintCache:
    def __init__(self, size: int = 25_000):
        self.size = size
        self._entries: OrderedDict[tuple, dict] = OrderedDict()

    def hint(self, order: dict, version: int, now: datetime, lang: str, stall_days: int = rules.STALL_DAYS) -> dict:
        key = (order.get("order_id"), version, lang, stall_days, int(now.timestamp()) // 60)
        hint = self._entries.get(key)
        if hint is None:
            hint = rules.hint_for(order, now, lang, stall_days)
            self._entries[key] = hint
            if len(self._entries) > self.size:
                self._entries.popitem(last=False)
        else:
            self._entries.move_to_end(key)
        return hint
