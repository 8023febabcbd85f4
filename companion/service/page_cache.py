"""Remembers the last pages parsed, by content hash.

The extension re-sends the order area whenever cards are added ("View orders"); a page sent
again unchanged must not be parsed again. The parse of a page depends only on its URL and
bytes (a countdown is relative to the moment the page was drawn, which the first capture
already recorded), so a hit returns the earlier result.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict

from companion.parsing import ParsedPage


class PageCache:
    def __init__(self, size: int = 32):
        self.size = size
        self._entries: OrderedDict[bytes, ParsedPage] = OrderedDict()

    @staticmethod
    def key(url: str, html: str) -> bytes:
        digest = hashlib.blake2b(url.encode("utf-8", "surrogatepass"), digest_size=20)
        digest.update(b"\0")
        digest.update(html.encode("utf-8", "surrogatepass"))
        return digest.digest()

    def get(self, key: bytes) -> ParsedPage | None:
        page = self._entries.get(key)
        if page is not None:
            self._entries.move_to_end(key)
        return page

    def put(self, key: bytes, page: ParsedPage) -> None:
        self._entries[key] = page
        self._entries.move_to_end(key)
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)
