"""A second process that reads part of a page while the server's own thread reads the rest.

Reading a list page is pure Python work (BeautifulSoup), and only one thread of a process runs Python at
a time: a page of many new cards takes one core however many the computer has. When "View orders" brings
sixty new cards, ``parsing.card_chunks`` hands half of them to this process (``Context.elsewhere``) and
reads the other half meanwhile; the buyer's badges come sooner by nearly half of the reading.

The helper is started once the server has started (``attach``), and is used only once it says it is
ready; it is never waited for. It reads one batch at a time, with its collector off, and collects after
each answer, while the server goes on. Anything that goes wrong (not started yet, busy with another
page, no answer in time, gone) costs only the help: that half is read in the server as before, and a
helper that is gone is started again, at most ``RESTARTS`` times.

The work is handed over through a pipe by the thread that reads the page: no thread of this process
has to wait for its turn to run Python before the helper can begin.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import pickle
import signal
import threading
import time
from typing import Any, Callable

from aiohttp import web

log = logging.getLogger(__name__)

ANSWER_TIMEOUT_S = 5.0  # a batch the helper has not read by then is read here (and the helper started again)
RESTARTS = 3
# How long the helper waits for the next batch before it collects the last one's garbage: a collection at
# once would run while the server works out the page's hints, on the other core of a computer that has two.
IDLE_BEFORE_COLLECTING_S = 0.05


def _serve(conn) -> None:
    """The helper process: answers each (function, arguments) with ("ok", result) or ("failed", why), until the
    server closes the pipe or is gone."""
    # Ctrl-C in the terminal reaches the whole process group: the server stops, and closes the pipe
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        _answer(conn)
    except (EOFError, OSError):  # the server went away, at start or between batches
        pass


def _answer(conn) -> None:
    from companion.parsing import sample

    sample.sample_orders()  # month names and vocabularies loaded before the first batch (the rules are not needed here)
    gc.collect()
    gc.freeze()
    gc.disable()
    conn.send(("ready", None))
    uncollected = 0
    while True:
        task = conn.recv()
        if task is None:
            return
        try:
            fn, args = task
            answer = ("ok", fn(*args))
        except Exception as exc:  # noqa: BLE001 - the server reads that half itself and says nothing more
            answer = ("failed", f"{type(exc).__name__}: {exc}"[:300])
        try:
            conn.send(answer)
        except (ValueError, TypeError, pickle.PicklingError) as exc:  # an answer pickle cannot carry: read in the server
            conn.send(("failed", f"{type(exc).__name__}"))
        uncollected += 1
        # the batch's tree is freed once the server has had a moment for its answer, or at the latest after the
        # next batch (pages one after another: a scan)
        if uncollected > 1 or not conn.poll(IDLE_BEFORE_COLLECTING_S):
            gc.collect()
            uncollected = 0


class _Pending:
    def __init__(self, owner: "ReaderProcess"):
        self._owner = owner
        self._done = False

    def result(self) -> Any:
        """What the helper returned, or None when it did not answer (in time, or at all)."""
        if self._done:
            return None
        self._done = True
        return self._owner._collect()


class ReaderProcess:
    def __init__(self):
        self._lock = threading.Lock()  # one batch at a time; a second page meanwhile reads on its own
        self._conn = None
        self._process = None
        self._ready = False
        self.starts = 0
        self.batches = 0  # batches the helper read (for tests and the benchmark)

    def start(self) -> None:
        if self.starts > RESTARTS:
            return
        self.starts += 1
        context = multiprocessing.get_context("spawn")  # a fresh interpreter: the server's threads are not copied
        ours, theirs = context.Pipe()
        process = context.Process(target=_serve, args=(theirs,), name="order-guard-reader", daemon=True)
        process.start()
        theirs.close()
        self._conn, self._process, self._ready = ours, process, False

    def ready(self) -> bool:
        """Whether the helper has said it is ready (without waiting for it)."""
        if not self._ready and self._conn is not None:
            try:
                if self._conn.poll():
                    self._ready = self._conn.recv()[0] == "ready"
            except (EOFError, OSError):
                self._gone()
        return self._ready

    def wait_ready(self, timeout: float) -> bool:
        """For the benchmark and the tests: wait until the helper is ready (or ``timeout`` seconds)."""
        end = time.monotonic() + timeout
        while not self.ready() and time.monotonic() < end and self._conn is not None:
            time.sleep(0.01)
        return self._ready

    def __call__(self, fn: Callable, args: tuple) -> _Pending | None:
        """``Context.elsewhere``: hands ``fn(*args)`` to the helper; None when it cannot take it now."""
        if not self._lock.acquire(blocking=False):
            return None
        try:
            if not self.ready():
                self._lock.release()
                return None
            self._conn.send((fn, args))
        except Exception:  # noqa: BLE001 - a pipe that broke, arguments pickle cannot carry: read here
            self._gone()
            self._lock.release()
            return None
        return _Pending(self)

    def _collect(self) -> Any:
        try:
            if not self._conn.poll(ANSWER_TIMEOUT_S):
                log.warning("the reader process gave no answer in %.0f s; reading in the server", ANSWER_TIMEOUT_S)
                self._gone()
                return None
            status, value = self._conn.recv()
            if status != "ok":
                log.warning("the reader process could not read a batch (%s); reading in the server", value)
                return None
            self.batches += 1
            return value
        except Exception:  # noqa: BLE001 - it died, or sent what cannot be read
            self._gone()
            return None
        finally:
            self._lock.release()

    def _gone(self) -> None:
        """Forget a helper that broke, and start another, ready for the pages after this one."""
        process, conn = self._process, self._conn
        self._conn, self._ready = None, False
        if conn is not None:
            conn.close()
        if process is not None and process.is_alive():
            process.kill()
        if process is not None:
            process.join(1)
            try:
                self.start()
            except Exception:  # noqa: BLE001 - no second process here: pages are read in the server alone
                log.exception("could not start the reader process again")

    def stop(self) -> None:
        with self._lock:
            conn, process = self._conn, self._process
            self._conn, self._process, self._ready = None, None, False
        if conn is not None:
            try:
                conn.send(None)
            except OSError:
                pass
            conn.close()
        if process is not None:
            process.join(2)
            if process.is_alive():
                process.kill()
                process.join(1)


def attach(app: web.Application, service_key) -> ReaderProcess:
    """For the server process (``order-guard serve``): a reader process started once the app has started,
    handed to the service as its second reader, and stopped with the app."""
    reader = ReaderProcess()

    async def begin(app: web.Application) -> None:
        reader.start()
        app[service_key].elsewhere = reader

    async def end(app: web.Application) -> None:
        app[service_key].elsewhere = None
        reader.stop()

    app.on_startup.append(begin)
    app.on_cleanup.insert(0, end)
    return reader
