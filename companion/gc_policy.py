"""When Python's cyclic garbage collector may run in the companion.

Reading a page builds a BeautifulSoup tree of thousands of short-lived objects. Every 700 new
objects start a collection, and every hundredth of those walks the whole heap, stored orders
included: on a 60-order page that is 5-15% of the parse. So a parse runs with the collector
paused (its tree is collected right after), and what the store loaded at start-up, which lives
as long as the process, is frozen out of later collections. Reference counting still frees
everything that is not in a cycle at once; only the cycle hunt waits.
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from typing import Callable, Iterator, TypeVar

T = TypeVar("T")

_lock = threading.Lock()
_depth = 0  # parses under way in any thread
_resume = False  # whether the collector was on when the first of them started


@contextmanager
def paused() -> Iterator[None]:
    global _depth, _resume
    with _lock:
        if _depth == 0:
            _resume = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _resume:
                gc.enable()


def with_collector_paused(fn: Callable[..., T]) -> Callable[..., T]:
    """``fn`` run with the collector paused (for ``run_in_executor``)."""
    def run(*args) -> T:
        with paused():
            return fn(*args)
    return run


def freeze_loaded() -> None:
    """Start-up is done: keep what exists now out of every later collection."""
    gc.freeze()


def thaw() -> None:
    """Shut-down: hand the frozen objects back, so an app that stops (tests start hundreds) leaves
    nothing behind."""
    gc.unfreeze()
