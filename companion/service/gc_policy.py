"""When Python's cyclic garbage collector may run in the companion's server process.

Reading a page builds a BeautifulSoup tree of thousands of short-lived objects. Every 700 new
objects start a collection, and now and then one of them walks the whole heap, every stored order
included. Two things keep that off the path of a page:

* a parse runs with the collector paused; its tree is collected by the next collection after it;
* once the server has started (store loaded, templates compiled), what exists is collected once
  and then frozen: it lives as long as the process, and later collections skip it.

Both act on the whole process, so freezing is for ``order-guard serve`` (one app per process),
not for code that starts and stops many apps in one process, like the tests.
Reference counting still frees everything that is not in a cycle at once.
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from typing import Callable, Iterator, TypeVar

from aiohttp import web

T = TypeVar("T")

_lock = threading.Lock()
_depth = 0  # parses under way in any thread
_resume = False  # whether the collector was on when the first of them started
_freezing = False  # this process is a server that freezes what lasts (``freeze_after_start``)


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


def freeze_after_start(app: web.Application) -> None:
    """For the server process: once ``app`` has started, collect, then freeze what is left."""
    async def freeze(app: web.Application) -> None:
        global _freezing
        gc.collect()
        gc.freeze()
        _freezing = True

    app.on_startup.append(freeze)


def freeze_survivors() -> None:
    """After a bulk change made with the collector paused (a restore): what it made is kept as
    long as the process lives, like the store loaded at start, so it is frozen too. Otherwise the
    first collection after the pause would walk all of it at once, and no thread, the event loop
    included, runs while a collection does. Only in a server process (``freeze_after_start``).
    Frozen objects are still freed by reference counting when they go; documents hold no cycles."""
    if _freezing:
        gc.freeze()
