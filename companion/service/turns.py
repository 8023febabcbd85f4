"""How soon the event loop gets its turn back from a worker thread busy with a bulk job.

Only one thread of the process runs Python at a time. When the loop has something to do (a
request arrived) while a worker thread runs, the interpreter lets the worker go on for up to its
switch interval before handing over, and an answer needs a few such turns. During a bulk job (a
restore of thousands of orders) the interval is shortened, so the loop waits less for each turn;
the worker loses a little time to the extra switches. Process-wide, so nested jobs are counted and
the interval the process had comes back when the last one ends.
"""

from __future__ import annotations

import sys
import threading
from contextlib import contextmanager
from typing import Iterator

BULK_SWITCH_SECONDS = 0.001

_lock = threading.Lock()
_depth = 0
_previous = sys.getswitchinterval()


@contextmanager
def loop_first() -> Iterator[None]:
    global _depth, _previous
    with _lock:
        if _depth == 0:
            _previous = sys.getswitchinterval()
            sys.setswitchinterval(min(_previous, BULK_SWITCH_SECONDS))
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                sys.setswitchinterval(_previous)
