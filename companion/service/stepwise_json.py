"""A backup's JSON text decoded one order at a time, in a worker thread that never holds the
interpreter for long.

A decoder is one call into C: while it runs, no other thread of the process runs, the event loop
included, however the call was started. Decoding a backup of thousands of orders in one call would
stop the loop for as long as that takes. Here the top-level object and its ``orders`` list are
walked in Python and each value is decoded by its own ``raw_decode`` call, so the interpreter can
switch back to the loop between two orders. The result is what ``json.loads`` gives, with the
limits of the API's own decoder: no NaN or Infinity, the text must be UTF-8.
"""

from __future__ import annotations

import json
import re

_SPACE = re.compile(r"[ \t\n\r]*")


class NotJson(ValueError):
    """The text is not valid JSON."""


def _no_constant(name: str):
    raise NotJson(f"{name} is not a JSON number")


_DECODER = json.JSONDecoder(parse_constant=_no_constant)


def loads(raw: bytes | str, stepwise_key: str = "orders") -> object:
    """``raw`` decoded; the list under ``stepwise_key`` of a top-level object item by item.
    NotJson for anything that is not JSON."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, (bytes, bytearray)) else raw
        return _Walker(text, stepwise_key).document()
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, bad UTF-8, an integer of thousands of digits
        raise NotJson(str(exc)[:200]) from None


RELEASE_STEP = 200  # decoded items freed per call into C by ``release``


def release(document: object, stepwise_key: str = "orders") -> None:
    """Frees the list ``loads`` decoded item by item, a slice at a time. Freeing thousands of
    decoded orders at once (the last reference to the document dropped) is one cascade of
    deallocations in C, during which no other thread, the event loop included, runs."""
    items = document.get(stepwise_key) if isinstance(document, dict) else None
    if isinstance(items, list):
        while items:
            del items[-RELEASE_STEP:]


class _Walker:
    def __init__(self, text: str, key: str):
        self.text, self.key, self.pos = text, key, 0

    def space(self) -> None:
        self.pos = _SPACE.match(self.text, self.pos).end()

    def take(self, char: str) -> bool:
        self.space()
        if self.text.startswith(char, self.pos):
            self.pos += 1
            return True
        return False

    def value(self) -> object:
        self.space()
        value, self.pos = _DECODER.raw_decode(self.text, self.pos)
        return value

    def document(self) -> object:
        self.space()
        value = self.object() if self.text.startswith("{", self.pos) else self.value()
        self.space()
        if self.pos != len(self.text):
            raise NotJson(f"extra data at character {self.pos}")
        return value

    def object(self) -> dict:
        self.pos += 1
        out: dict = {}
        if self.take("}"):
            return out
        while True:
            self.space()
            if not self.text.startswith('"', self.pos):
                raise NotJson(f"expected a name in double quotes at character {self.pos}")
            key = self.value()
            if not self.take(":"):
                raise NotJson(f"expected ':' at character {self.pos}")
            self.space()
            out[key] = self.items() if key == self.key and self.text.startswith("[", self.pos) else self.value()
            if self.take(","):
                continue
            if self.take("}"):
                return out
            raise NotJson(f"expected ',' or '}}' at character {self.pos}")

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
            raise NotJson(f"expected ',' or ']' at character {self.pos}")
