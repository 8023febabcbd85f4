"""When Python's cyclic garbage collector may run in the companion's server process (and how soon
the event loop gets its turn back from a worker thread during a bulk job, ``loop_first``).

Reading a page builds a BeautifulSoup tree of thousands of short-lived objects. Every 700 new
objects start a collection, and now and then one of them walks the whole heap, every stored order
included. Two things keep that off the path of a page:

* a page's parse runs with the collector paused, and the pause lasts until just after its answer
  has gone out (``paused_past_answer``): the tree is collected then, while the buyer looks at the badges;
* once the server has started (store loaded, templates compiled), what exists is collected once
  and then frozen: it lives as long as the process, and later collections skip it.

Both act on the whole process, so freezing is for ``order-guard serve`` (one app per process),
not for code that starts and stops many apps in one process, like the tests.
Reference counting still frees everything that is not in a cycle at once.
"""

from __future__ import annotations

import asyncio
import gc
import sys
import threading
from contextlib import contextmanager
from typing import Callable, Iterator

from aiohttp import web


class _ProcessWide:
    """A setting of the whole process, held while any of its users needs it: the first to come
    sets it, the last to go gives back what the process had. Any thread may come and go."""

    def __init__(self, hold: Callable[[], object], give_back: Callable[[object], None]):
        self._hold, self._give_back = hold, give_back
        self._lock = threading.Lock()
        self._depth = 0
        self._before: object = None

    @contextmanager
    def held(self) -> Iterator[None]:
        with self._lock:
            if self._depth == 0:
                self._before = self._hold()
            self._depth += 1
        try:
            yield
        finally:
            with self._lock:
                self._depth -= 1
                if self._depth == 0:
                    self._give_back(self._before)


def _disable() -> bool:
    enabled = gc.isenabled()
    gc.disable()
    return enabled


def _enable_if(enabled: object) -> None:
    if enabled:
        gc.enable()


_collector_off = _ProcessWide(_disable, _enable_if)
_freezing = False  # this process is a server that freezes what lasts (``freeze_after_start``)

# How soon the event loop gets its turn back from a worker thread busy with a bulk job. Only one
# thread of the process runs Python at a time; when the loop has something to do (a request came)
# while a worker runs, the interpreter lets the worker go on for up to its switch interval before
# handing over, and an answer needs a few such turns. During a bulk job (a restore of thousands of
# orders) the interval is shortened: the loop waits less for each turn, the worker loses a little
# to the extra switches.
BULK_SWITCH_SECONDS = 0.001


def _shorten_switches() -> float:
    before = sys.getswitchinterval()
    sys.setswitchinterval(min(before, BULK_SWITCH_SECONDS))
    return before


_bulk = _ProcessWide(_shorten_switches, sys.setswitchinterval)


def paused():
    """The collector paused while this is held (by any thread; nested uses are counted)."""
    return _collector_off.held()


def loop_first():
    """The shorter switch interval of a bulk job while this is held (nested uses are counted)."""
    return _bulk.held()


# How long after a page's answer its garbage waits to be collected: long enough for the answer to have gone out.
ANSWER_GRACE_SECONDS = 0.05
_pending: list[Callable[[], None]] = []  # the releases of pauses held past an answer, earliest first


@contextmanager
def paused_past_answer() -> Iterator[None]:
    """The collector paused from here until ``ANSWER_GRACE_SECONDS`` after the block ends (on the event loop).

    A page's tree is thousands of objects in cycles, garbage once it is read: whichever collection
    comes first after a pause frees them, and that takes a while. Paused past the answer,
    that collection comes once the answer has gone out, not while the buyer waits for the badges.
    A new page ends the pauses still held for the ones before it and collects their garbage first,
    so pages sent back to back (a scan) keep no more than one page's garbage at a time: there,
    each page pays for the one before it, as it did when the pause ended with the parse."""
    if _pending:
        release_pending()
        # The pause ended with no allocation while the collector was on: nothing was collected. The two young
        # generations: what outlived one such collection (a request's objects, still alive then) is not left to
        # pile up while pages keep coming. Not while something else holds the collector off (a restore: it
        # freezes what it made instead of having it walked).
        if gc.isenabled():
            gc.collect(1)
    hold = _collector_off.held()
    hold.__enter__()
    done = False

    def release() -> None:
        nonlocal done
        if not done:
            done = True
            if release in _pending:
                _pending.remove(release)
            hold.__exit__(None, None, None)

    _pending.append(release)
    try:
        yield
    except BaseException:
        release()
        raise
    try:
        asyncio.get_running_loop().call_later(ANSWER_GRACE_SECONDS, release)
    except RuntimeError:  # no loop running: nothing is sent after this
        release()


def release_pending() -> None:
    """End every pause still held past an answer (a new page, or the app's cleanup)."""
    for release in list(_pending):
        release()


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
