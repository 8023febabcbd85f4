"""Hints already worked out, kept for as long as they read the same.

A hint depends on the stored order, the UI language, the buyer's settings, the buyer's zone and the
time. The key holds the order's store version, the language, the settings and the zone, so a kept hint
never outlives a change to the order or to a setting; for the time, each hint is kept with the span
the rules say it holds for (``rules.hint_until``: from the moment it was made up to the next instant
any part of it would read otherwise: a day boundary where the buyer is, a count of days, a follow-up
falling due). Asked for outside that span, it is worked out again.

A badge's hint (``with_actions`` false: no ``actions``, which a page's answer leaves for the panel to
ask for) is kept under its own key, beside the whole hint of the same order.

Hints are kept encoded as JSON, which is how the API sends them; for the API's list of orders
(``listed``), as the JSON of the whole ``{**order, "hint": hint}``, so that list is put together
from kept bytes. It holds a whole store's worth of hints (up to ``size``).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable
from datetime import datetime

import orjson

from companion import rules

# (made at, holds until or None for ever, the JSON (empty until the list needs it, when ``hint`` made it),
# where the hint starts in it or -1 when it is the hint alone, the JSON as a fragment for ``orjson.dumps`` or
# None when it is the hint alone, the hint itself once ``hint`` has handed it out or None: a page's orders and
# the toolbar's are asked for again and again, and reading their JSON back each time cost a re-sent page more
# than the rest of its answer)
_Entry = tuple[datetime, "datetime | None", bytes, int, "orjson.Fragment | None", "dict | None"]


class HintCache:
    def __init__(self, size: int = 25_000):
        self.size = size
        self._entries: OrderedDict[tuple, _Entry] = OrderedDict()

    def _put(self, key: tuple, entry: _Entry) -> None:
        self._entries[key] = entry
        self._entries.move_to_end(key)
        if len(self._entries) > self.size:
            self._entries.popitem(last=False)

    def _holding(self, key: tuple, now: datetime) -> _Entry | None:
        entry = self._entries.get(key)
        if entry is None or not entry[0] <= now or (entry[1] is not None and now >= entry[1]):
            return None
        self._entries.move_to_end(key)
        return entry

    def kept(self, order_id: str, version: int, now: datetime, lang: str, stall_days: int = rules.STALL_DAYS,
             with_actions: bool = True) -> dict | None:
        """The hint ``hint`` would give for the order at ``version``, when one is kept for ``now``; else None."""
        key = (order_id, version, lang, stall_days, now.tzinfo, with_actions)
        entry = self._holding(key, now)
        if entry is None:
            return None
        if entry[5] is not None:
            return entry[5]
        data, start = entry[2], entry[3]
        hint = orjson.loads(data if start < 0 else memoryview(data)[start:-1])
        self._entries[key] = (*entry[:5], hint)
        return hint

    def hint(self, order: dict, version: int, now: datetime, lang: str, stall_days: int = rules.STALL_DAYS,
             with_actions: bool = True) -> dict:
        hint = self.kept(order.get("order_id"), version, now, lang, stall_days, with_actions)
        if hint is not None:
            return hint
        key = (order.get("order_id"), version, lang, stall_days, now.tzinfo, with_actions)
        hint, until = rules.hint_until(order, now, lang, stall_days, with_actions)
        self._put(key, (now, until, b"", -1, None, hint))  # its JSON is made when the list first needs it
        return hint

    def listed(self, order_ids: Iterable[str], version: Callable[[str], int], now: datetime, lang: str,
               stall_days: int, load: Callable[[str], dict | None]) -> list[orjson.Fragment]:
        """For each order, ``{**order, "hint": hint}`` as JSON (what ``orjson.dumps`` makes of it),
        ``order`` being ``load(order_id)`` at ``version(order_id)``; an order ``load`` no longer finds
        is left out."""
        out = []
        tz, holding = now.tzinfo, self._holding
        for order_id in order_ids:
            key = (order_id, version(order_id), lang, stall_days, tz, True)
            entry = holding(key, now)
            if entry is not None and entry[4] is not None:
                out.append(entry[4])
                continue
            order = load(order_id)
            if order is None:
                continue
            if entry is not None:  # the hint alone was kept (asked for one order): the same hint
                since, until, hint = entry[0], entry[1], entry[2] or orjson.dumps(entry[5])
            else:
                answer, until = rules.hint_until(order, now, lang, stall_days)
                since, hint = now, orjson.dumps(answer)
            if "hint" in order:  # not a stored field; should one come through, ``{**order, ...}`` keeps its place
                out.append(orjson.Fragment(orjson.dumps({**order, "hint": orjson.Fragment(hint)})))
                continue
            head = orjson.dumps(order)[:-1] + (b',"hint":' if order else b'"hint":')
            data = head + hint + b"}"
            fragment = orjson.Fragment(data)
            self._put(key, (since, until, data, len(head), fragment, entry[5] if entry is not None else None))
            out.append(fragment)
        return out
