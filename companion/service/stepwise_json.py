"""A backup's JSON text decoded one order at a time, in a worker thread that never holds the
interpreter for long.

A decoder is one call into C: while it runs, no other thread of the process runs, the event loop
included, however the call was started. Decoding a backup of thousands of orders in one call would
stop the loop for as long as that takes. Here the top-level object and its ``orders`` list are
walked in Python and each value is decoded by its own ``raw_decode`` call, so the interpreter can
switch back to the loop between two orders. The bytes are turned into text a piece at a time too
(``_Walker.more``): the whole text decoded at once would be one more such call, longer the more
letters outside ASCII it holds. The result is what ``json.loads`` gives, with the limits of the
API's own decoder: no NaN or Infinity, the text must be UTF-8.
"""

from __future__ import annotations

import codecs
import json
import re

_SPACE = re.compile(r"[ \t\n\r]*")
_NUMBER_GOES_ON = re.compile(r"[0-9.eE+-]*")  # what may follow "10" in "10.5e-3"
PIECE_BYTES = 1 << 18  # bytes turned into text per step


class NotJson(ValueError):
    """The text is not valid JSON."""


def _no_constant(name: str):
    raise NotJson(f"{name} is not a JSON number")


_DECODER = json.JSONDecoder(parse_constant=_no_constant)


def loads(raw: bytes | str | list[bytes], stepwise_key: str = "orders") -> object:
    """``raw`` (the text, its UTF-8 bytes, or those bytes in pieces as they arrived) decoded; the
    list under ``stepwise_key`` of a top-level object item by item. NotJson for anything that is
    not JSON."""
    try:
        return _Walker(raw, stepwise_key).document()
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, bad UTF-8, an integer of thousands of digits
        raise NotJson(str(exc)[:200]) from None


RELEASE_STEP = 200  # decoded items freed per call into C by ``release``


def release(document: object, stepwise_key: str = "orders") -> None:
    """Frees the list ``loads`` decoded item by item, a slice at a time. Freeing thousands of
    decoded orders at once (the last reference to the document dropped) is one cascade of
    deallocations in C, during which no other thread, the event loop included, runs."""
    items = document.get(stepwise_key) if isinstance(document, dict) else None
    if isinstance(items, list):
        release_items(items)


def release_items(items: list) -> None:
    """Empties ``items`` a slice at a time (for a worker thread; see ``release``)."""
    while items:
        del items[-RELEASE_STEP:]


class _Walker:
    """Walks ``text``, a window on the document: ``base`` characters before it were walked and
    dropped; ``more`` turns the next bytes into text. Positions in messages count from the start."""

    def __init__(self, raw: bytes | str | list[bytes], key: str):
        self.key, self.pos, self.base = key, 0, 0
        if isinstance(raw, str):
            self.text, self.pieces = raw, []
        else:
            self.text = ""
            self.pieces = [raw] if isinstance(raw, (bytes, bytearray, memoryview)) else [p for p in raw if len(p)]
        self.piece, self.offset = 0, 0  # where the next bytes are: which piece, how far into it
        self.decoder = codecs.getincrementaldecoder("utf-8")("strict")

    @property
    def done(self) -> bool:
        return self.piece >= len(self.pieces)

    def more(self, at_least: int = 0) -> bool:
        """Drops what was walked and turns the next ``at_least`` bytes (at least a piece) into
        text; False at the end."""
        if self.done:
            return False
        want = max(at_least, PIECE_BYTES)
        parts = [self.text[self.pos:]]
        while want > 0 and not self.done:
            current = self.pieces[self.piece]
            taken = memoryview(current)[self.offset:self.offset + want]
            self.offset += len(taken)
            want -= len(taken)
            if self.offset >= len(current):
                self.piece, self.offset = self.piece + 1, 0
            parts.append(self.decoder.decode(taken, final=self.done))
        self.text = "".join(parts)
        self.base += self.pos
        self.pos = 0
        return True

    def at(self, char: str) -> bool:
        while self.pos >= len(self.text) and self.more():
            pass
        return self.text.startswith(char, self.pos)

    def where(self) -> int:
        return self.base + self.pos

    def space(self) -> None:
        while True:
            self.pos = _SPACE.match(self.text, self.pos).end()
            if self.pos < len(self.text) or not self.more():
                return

    def take(self, char: str) -> bool:
        self.space()
        if self.at(char):
            self.pos += 1
            return True
        return False

    def value(self) -> object:
        """One value, from one ``raw_decode`` call. A value cut by the end of the window fails, or
        (a number) ends where the window does or with only the rest of a number after it: the
        window then grows, twice as large each time, so that a value of any size costs no more
        than a few tries."""
        self.space()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.text, self.pos)
            except json.JSONDecodeError:
                if not self.more(2 * (len(self.text) - self.pos)):
                    raise
                continue
            # "10" read from "…10." at the end of the window may be "10.5" whole
            if _NUMBER_GOES_ON.match(self.text, end).end() == len(self.text) and self.more(2 * (len(self.text) - self.pos)):
                continue
            self.pos = end
            return value

    def document(self) -> object:
        self.space()
        value = self.object() if self.at("{") else self.value()
        self.space()
        if self.pos != len(self.text) or not self.done:
            raise NotJson(f"extra data at character {self.where()}")
        return value

    def object(self) -> dict:
        self.pos += 1
        out: dict = {}
        if self.take("}"):
            return out
        while True:
            self.space()
            if not self.at('"'):
                raise NotJson(f"expected a name in double quotes at character {self.where()}")
            key = self.value()
            if not self.take(":"):
                raise NotJson(f"expected ':' at character {self.where()}")
            self.space()
            out[key] = self.items() if key == self.key and self.at("[") else self.value()
            if self.take(","):
                continue
            if self.take("}"):
                return out
            raise NotJson(f"expected ',' or '}}' at character {self.where()}")

    def items(self) -> list:
        self.pos += 1
        out: list = []
        if self.take("]"):
            return out
        while True:
            out.append(self.value())
            if self.take(","):
                continue
            if self.take("]"):
                return out
            raise NotJson(f"expected ',' or ']' at character {self.where()}")
