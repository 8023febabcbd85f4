"""Nothing acknowledged is ever lost: SIGKILL at random moments, and a disk that fills up."""

from __future__ import annotations

import json
import random
import resource
import signal
import threading

from tests.reliability.servers import LIST_URL, CompanionProcess, list_capture

ROUNDS = 20


def test_sigkill_at_random_moments_loses_no_acknowledged_order(tmp_path):
    rng = random.Random(20261124)
    acknowledged: set[str] = set()
    next_id = 8300000000000000
    server = CompanionProcess(tmp_path / "data")
    for round_no in range(ROUNDS):
        server.start()
        stop = threading.Event()
        answered = threading.Event()
        lock = threading.Lock()

        def post_pages():
            nonlocal next_id
            while not stop.is_set():
                with lock:
                    ids = [str(next_id + i) for i in range(10)]
                    next_id += 10
                try:
                    status, body = server.call("POST", "/api/v1/pages", {"url": LIST_URL, "data": list_capture(ids)}, timeout=5)
                except OSError:
                    return  # the server died mid-request: that post was never acknowledged
                if status == 200:
                    with lock:
                        acknowledged.update(o["order_id"] for o in body["orders"])
                    answered.set()

        workers = [threading.Thread(target=post_pages) for _ in range(3)]
        for w in workers:
            w.start()
        answered.wait(timeout=10)  # the first post of a fresh process is slower: let posts flow first
        threading.Event().wait(rng.uniform(0.0, 0.3))
        server.kill()
        stop.set()
        for w in workers:
            w.join(timeout=10)

    server.start()
    try:
        status, body = server.call("GET", "/api/v1/orders")
        assert status == 200
        stored = {o["order_id"] for o in body["orders"]}
        assert acknowledged, "no post succeeded: the test proved nothing"
        assert acknowledged <= stored, f"lost {len(acknowledged - stored)} acknowledged orders"
        status, health = server.call("GET", "/api/v1/health", auth=False)
        assert health["problems"] == []
    finally:
        server.stop()
    snapshot = tmp_path / "data" / "orders.json"
    if snapshot.exists():
        json.loads(snapshot.read_text())  # valid JSON, TinyDB format
    for entry in (tmp_path / "data" / "journal").glob("*.json"):
        json.loads(entry.read_text())


def _tiny_disk():
    """Runs in the server process: any file over 64 KB fails with EFBIG, like a full disk."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))


def test_full_disk_gives_a_clear_error_and_keeps_previous_data(tmp_path):
    server = CompanionProcess(tmp_path / "data", preexec_fn=_tiny_disk).start()
    try:
        small = [str(8400000000000000 + i) for i in range(3)]
        status, body = server.call("POST", "/api/v1/pages", {"url": LIST_URL, "data": list_capture(small)})
        assert status == 200 and len(body["orders"]) == 3
        big = [str(8400000000001000 + i) for i in range(300)]
        status, body = server.call("POST", "/api/v1/pages", {"url": LIST_URL, "data": list_capture(big)})
        assert status == 507
        assert body["error"]["code"] == "storage_failed"
        status, body = server.call("GET", "/api/v1/orders")
        assert sorted(o["order_id"] for o in body["orders"]) == small
        status, _ = server.call("PATCH", f"/api/v1/orders/{small[0]}", {"note": "still works"})
        assert status == 200
    finally:
        server.stop()
    again = CompanionProcess(tmp_path / "data").start()
    try:
        status, body = again.call("GET", "/api/v1/orders")
        assert sorted(o["order_id"] for o in body["orders"]) == small
        assert [o["note"] for o in body["orders"] if o["order_id"] == small[0]] == ["still works"]
    finally:
        again.stop()
