"""Big stores on the real server: a 20,000-order restore leaves the loop free (health keeps
answering), a 50,000-order backup restores, and idle or slow connections are closed."""

from __future__ import annotations

import asyncio
import http.client
import json
import socket
import threading
import time
from pathlib import Path

import orjson
import pytest
from aiohttp.test_utils import TestServer

from companion.config import Settings
from companion.exports.backup import backup_document
from companion.server import app as server_app
from tests.conftest import FROZEN_NOW, free_port
from tests.reliability.servers import CompanionProcess


def _order(order_id: str, i: int) -> dict:
    """A stored order as a backup holds it (about 1 KB, like one read from a list page)."""
    return {
        "order_id": order_id, "status": "awaiting_delivery", "status_text": "Awaiting delivery",
        "order_date": "2026-09-%02d" % (1 + i % 28), "paid_at": None, "shipped_at": None, "delivered_at": None,
        "completed_at": None, "store": f"Store {i % 500}",
        "items": [{"title": f"Case HDMI Magnetic Mouse {i}", "quantity": 1, "price": {"amount": "152.40", "currency": "USD"},
                   "sku": "Color: Red"}],
        "total": {"amount": "155.98", "currency": "USD"}, "tracking_number": None,
        "protection": {"ends_at": None, "source": "page", "days": 60}, "estimated_delivery_at": None,
        "coupon_deadline_at": None, "buttons": ["CONFIRM_GOODS", "TRACKING"], "received": None,
        "dispute_opened_at": None, "note": None, "deadline_override": None,
        "first_seen": "2026-11-24T12:00:00+00:00", "last_seen": "2026-11-24T12:00:00+00:00",
        "status_history": [{"status": "awaiting_delivery", "status_text": "Awaiting delivery", "at": "2026-11-24T12:00:00+00:00"}],
        "seen_on": ["order_list"],
        "protection_sources": {"order_list": {"ends_at": None, "days": 60, "at": "2026-11-24T12:00:00+00:00"}},
    }


def backup_bytes(n: int, first: int = 8200000000000000) -> bytes:
    docs = [_order(str(first + i), i) for i in range(n)]
    return orjson.dumps(backup_document(docs, FROZEN_NOW, "test"))


def post_raw(server: CompanionProcess, path: str, body: bytes, timeout: float = 120) -> tuple[int, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    try:
        conn.request("POST", path, body=body, headers={"Content-Type": "application/json",
                                                       "Authorization": f"Bearer {server.token}"})
        resp = conn.getresponse()
        return resp.status, json.loads(resp.read() or b"null")
    finally:
        conn.close()


def test_health_answers_while_20000_orders_are_restored(tmp_path):
    body = backup_bytes(20_000)
    assert len(body) > 16 * 1024 * 1024  # 20,000 orders are more than the 16 MB of every other route
    server = CompanionProcess(tmp_path / "data").start()
    try:
        result: dict = {}

        def restore():
            result["answer"] = post_raw(server, "/api/v1/import", body)

        health = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        health.request("GET", "/api/v1/health")
        health.getresponse().read()  # connected and warm
        worker = threading.Thread(target=restore)
        worker.start()
        samples: list[int] = []
        while worker.is_alive():
            health.request("GET", "/api/v1/health")
            resp = health.getresponse()
            resp.read()
            samples.append(resp.status)
            assert resp.status == 200
            time.sleep(0.002)
        worker.join()
        health.close()
        status, answer = result["answer"]
        assert status == 200, answer
        assert answer["imported"] == answer["added"] == 20_000
        # how fast health answers during the restore is a figure: ./scripts/bench --only restore prints it
        assert samples, "health was never asked while the restore ran: the test proves nothing"
        assert server.call("GET", "/api/v1/health", auth=False)[1]["orders"] == 20_000
    finally:
        server.stop()


def test_a_backup_of_50000_orders_restores_and_other_routes_keep_16_mb(tmp_path):
    body = backup_bytes(50_000)
    server = CompanionProcess(tmp_path / "data").start()
    try:
        started = time.perf_counter()
        status, answer = post_raw(server, "/api/v1/import", body)
        took = time.perf_counter() - started
        assert status == 200, answer
        assert answer == {"imported": 50_000, "added": 50_000, "updated": 0, "unchanged": 0}
        print(f"\nrestore of 50,000 orders ({len(body) / 1e6:.1f} MB) took {took:.2f} s; server peak memory {_peak_mb(server)}")
        assert server.call("GET", "/api/v1/health", auth=False)[1]["orders"] == 50_000
        status, answer = post_raw(server, "/api/v1/import", body)  # again: nothing changes
        assert status == 200 and answer["unchanged"] == 50_000
        # the larger limit is the restore's alone: a page of 17 MB is refused before it is read
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
            sock.sendall(f"POST /api/v1/pages HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
                         f"Authorization: Bearer {server.token}\r\nContent-Type: application/json\r\n"
                         f"Content-Length: {17 * 1024 * 1024}\r\n\r\n".encode())
            assert b" 413 " in sock.recv(200)
    finally:
        server.stop()


def _peak_mb(server: CompanionProcess) -> str:
    try:
        status = Path(f"/proc/{server.proc.pid}/status").read_text()
    except OSError:
        return "unknown"
    kb = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")), None)
    return f"{kb / 1024:.0f} MB" if kb else "unknown"


def _closed_after(sock: socket.socket, limit: float, dribble: bytes = b"") -> float:
    """Seconds until the server closes ``sock`` (sending one byte of ``dribble`` every 0.2 s)."""
    start = time.monotonic()
    sock.settimeout(0.2)
    sent = 0
    while time.monotonic() - start < limit:
        if sent < len(dribble):
            try:
                sock.sendall(dribble[sent:sent + 1])
                sent += 1
            except OSError:
                return time.monotonic() - start
        try:
            data = sock.recv(4096)
        except socket.timeout:
            continue
        except OSError:
            return time.monotonic() - start
        if data == b"":  # closed (any answer before the close is read and ignored)
            return time.monotonic() - start
    raise AssertionError(f"the connection was still open after {limit} s")


def test_the_real_server_closes_an_idle_connection(tmp_path):
    server = CompanionProcess(tmp_path / "data").start()
    try:
        idle = socket.create_connection(("127.0.0.1", server.port))
        after = _closed_after(idle, server_app.IDLE_TIMEOUT_SECONDS + 5)
        idle.close()
        assert server_app.IDLE_TIMEOUT_SECONDS - 1 <= after <= server_app.IDLE_TIMEOUT_SECONDS + 3
        assert server.call("GET", "/api/v1/health", auth=False)[0] == 200  # and it still serves
    finally:
        server.stop()


@pytest.fixture
async def quick_server(tmp_path):
    """The app as `order-guard serve` runs it, with 1-second timeouts so the test is short."""
    port = free_port()
    app = server_app.init_app(Settings(data_dir=tmp_path / "data", port=port), clock=lambda: FROZEN_NOW, body_timeout=1.0)
    server = TestServer(app, host="127.0.0.1", port=port)
    await server.start_server(**{**server_app.server_options(), "keepalive_timeout": 1.0})
    yield port, app
    await server.close()


async def _in_thread(fn, *args):
    return await asyncio.get_running_loop().run_in_executor(None, fn, *args)


async def test_idle_slow_headers_and_slow_bodies_are_cut(quick_server, caplog):
    port, app = quick_server
    from companion.server.keys import TOKEN

    def connect():
        return socket.create_connection(("127.0.0.1", port))

    # an idle connection: closed after the idle timeout
    sock = connect()
    assert 0.5 <= await _in_thread(_closed_after, sock, 6) <= 3
    sock.close()
    # headers that trickle in a byte at a time never finish: closed on the same clock
    sock = connect()
    headers = f"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Slow: {'a' * 100}\r\n\r\n".encode()
    assert await _in_thread(_closed_after, sock, 6, headers) <= 3
    sock.close()
    # a body that trickles in: cut after the body timeout, the rest of the server unharmed
    sock = connect()
    sock.sendall(f"POST /api/v1/import HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {app[TOKEN]}\r\n"
                 f"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n".encode())
    assert await _in_thread(_closed_after, sock, 6, b'{"orders": [' + b" " * 200) <= 3
    sock.close()
    assert "its request body (POST /api/v1/import) was not in after 1 s" in caplog.text
    assert "unhandled error" not in caplog.text
    # a request that keeps to the rules still gets its answer on a kept-alive connection
    def two_requests():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            for _ in range(2):
                conn.request("GET", "/api/v1/health")
                resp = conn.getresponse()
                resp.read()
                assert resp.status == 200
        finally:
            conn.close()
    await _in_thread(two_requests)



async def test_an_edit_made_while_a_restore_merges_is_kept(make_companion, monkeypatch):
    """The merge runs in a worker thread on a snapshot; a change the loop makes meanwhile must not
    be overwritten by what the snapshot said."""
    from companion.service import orders as service_orders

    comp = await make_companion()
    oid = "8200000000000007"
    resp = await comp.request("POST", "/api/v1/import", json=json.loads(backup_bytes(10)))
    assert resp.status == 200
    loop = asyncio.get_running_loop()
    real_merge = service_orders.backup.merge_backup
    calls = []

    def merge_while_the_buyer_edits(current, incoming):
        if not calls:  # first run: the buyer's edit lands while the thread works on its snapshot
            asyncio.run_coroutine_threadsafe(comp.store.update_user_fields(oid, {"note": "edited meanwhile"}), loop).result(10)
        calls.append(len(incoming))
        return real_merge(current, incoming)

    monkeypatch.setattr(service_orders.backup, "merge_backup", merge_while_the_buyer_edits)
    newer = json.loads(backup_bytes(10))
    for doc in newer["orders"]:
        doc["note"], doc["last_seen"] = "from the backup", "2026-11-24T13:00:00+00:00"
    newer["orders"][7]["note"] = None  # the backup has no note for this order: the edit must stay
    resp = await comp.request("POST", "/api/v1/import", json=newer)
    assert resp.status == 200, await resp.text()
    assert len(calls) == 2  # merged again once the edit was seen
    assert comp.store.get(oid)["note"] == "edited meanwhile"
    assert comp.store.get("8200000000000006")["note"] == "from the backup"


async def test_a_restore_that_is_not_json_is_refused_and_changes_nothing(make_companion):
    """The restore decodes its body itself, in a worker thread: bad JSON is the same 400 as elsewhere."""
    comp = await make_companion()
    assert (await comp.request("POST", "/api/v1/import", json=json.loads(backup_bytes(3)))).status == 200
    for body in (b'{"orders": [', backup_bytes(3)[:-2], b'{"orders": [NaN]}', b"\xff"):
        resp = await comp.request("POST", "/api/v1/import", data=body, headers={"Content-Type": "application/json"})
        assert resp.status == 400 and (await resp.json())["error"]["code"] == "bad_json", body[:40]
    resp = await comp.request("POST", "/api/v1/import", data=b"{}", headers={"Content-Type": "text/plain"})
    assert resp.status == 415
    assert comp.store.count() == 3 and comp.store.writes == 1
