"""A second process that reads half of a big page's new order cards.

BeautifulSoup builds a Python object per element while holding the GIL, so a 60-card page costs
the same on one thread or two; a second process uses the machine's second core. The helper is a
plain child process (`python -m companion.parse_helper`) speaking one JSON line per request on its
stdin/stdout: it shares nothing with the server's threads and ends when its stdin closes, which
also happens when the server is killed. It is started in the background after the server starts
and only offered to the parser once it has answered. If it dies or hangs, pages are read in the
server alone, as before, and a new helper is started for the next page.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import threading
from datetime import datetime

from companion.parsing import card_chunks

log = logging.getLogger(__name__)

ANSWER_TIMEOUT_SECONDS = 20


def serve(stdin=sys.stdin, stdout=sys.stdout) -> None:
    """The helper's side: read requests, answer each with the cards it read."""
    from companion import warmup
    from companion.parsing import current_list
    from companion.parsing.context import Context

    warmup.warm_up()
    stdout.write('{"ready": true}\n')
    stdout.flush()
    for line in stdin:
        try:
            request = json.loads(line)
            ctx = Context(request["url"], datetime.fromisoformat(request["captured_at"]), lang=request["lang"])
            results = card_chunks.read_batch(request["chunks"], ctx, current_list.read_card)
            answer = {"results": results}
        except Exception as exc:  # one bad request must not end the helper
            answer = {"error": f"{type(exc).__name__}: {exc}"[:300]}
        stdout.write(json.dumps(answer, ensure_ascii=False) + "\n")
        stdout.flush()


class _Answer:
    """What the parser waits on: the helper's answer to one request."""

    def __init__(self, helper: "ParseHelper"):
        self.helper = helper

    def result(self, timeout: float = ANSWER_TIMEOUT_SECONDS) -> list[tuple]:
        try:
            return self.helper.receive(timeout)
        finally:
            self.helper.lock.release()


class ParseHelper:
    def __init__(self):
        self.proc: subprocess.Popen | None = None
        self.lock = threading.Lock()  # one page at a time; a second page meanwhile is read in the server

    def start(self) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "companion.parse_helper"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                     encoding="utf-8", bufsize=1)
        threading.Thread(target=self._wait_ready, args=(self.proc,), daemon=True, name="parse-helper-start").start()

    def _wait_ready(self, proc: subprocess.Popen) -> None:
        line = proc.stdout.readline()
        if line.strip() == '{"ready": true}' and proc is self.proc:
            card_chunks.helper = self.submit
        else:
            log.warning("the parse helper did not start; pages are read in the server alone")

    def submit(self, chunks: list[str], ctx) -> _Answer | None:
        if not self.lock.acquire(blocking=False):
            return None
        proc = self.proc
        try:
            if proc is None or proc.poll() is not None:
                raise BrokenPipeError("helper gone")
            proc.stdin.write(json.dumps({"chunks": chunks, "url": ctx.url, "captured_at": ctx.captured_at.isoformat(),
                                         "lang": ctx.lang}, ensure_ascii=False) + "\n")
            proc.stdin.flush()
        except (OSError, ValueError):
            self.lock.release()
            self.restart()
            return None
        return _Answer(self)

    def receive(self, timeout: float) -> list[tuple]:
        proc = self.proc
        answer: dict = {}

        def read() -> None:
            line = proc.stdout.readline() if proc is not None else ""
            answer.update(json.loads(line) if line else {"error": "helper ended"})

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        reader.join(timeout)
        if reader.is_alive() or "results" not in answer:
            # hung or broken: the caller reads these cards itself; the next page gets a new helper
            self.restart()
            raise RuntimeError(answer.get("error", "parse helper timed out"))
        return [(order, warnings) for order, warnings in answer["results"]]

    def restart(self) -> None:
        self.stop()
        try:
            self.start()
        except OSError as exc:
            log.warning("could not restart the parse helper: %s", exc)

    def stop(self) -> None:
        if card_chunks.helper == self.submit:
            card_chunks.helper = None
        proc, self.proc = self.proc, None
        if proc is not None:
            try:
                proc.stdin.close()
                proc.wait(timeout=2)
            except (OSError, subprocess.TimeoutExpired):
                proc.kill()
                proc.wait()
            proc.stdout.close()

    def pid(self) -> int | None:
        return self.proc.pid if self.proc is not None else None


if __name__ == "__main__":
    serve()
