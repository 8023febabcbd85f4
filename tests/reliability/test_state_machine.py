"""A Hypothesis state machine against the real companion process.

Rules: pages posted (the HTML and captured-data fixtures of tests/fixtures/pages/, and the real
My Orders capture carrying new or known order numbers), edits of the note, deletes, restores of a
fresh backup and of an earlier export, exports in every format, restarts and SIGKILLs.
After every step: no answer was a 5xx; the store holds exactly the orders acknowledged and not
deleted since, each with the note last acknowledged; the dashboard and the order pages render.

Short by default (CI); a long run:
    ORDER_GUARD_STATEFUL_EXAMPLES=40 ORDER_GUARD_STATEFUL_STEPS=60 pytest tests/reliability/test_state_machine.py -s
"""

from __future__ import annotations

import http.client
from collections import Counter
import json
import os
import shutil
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from hypothesis import HealthCheck, settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from companion.config import mint_login_nonce
from tests.reliability.servers import LIST_URL, CompanionProcess, list_capture

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
EXAMPLES = int(os.environ.get("ORDER_GUARD_STATEFUL_EXAMPLES", "5"))
STEPS = int(os.environ.get("ORDER_GUARD_STATEFUL_STEPS", "8"))
STEP_LOG: list[int] = []  # steps per example, for the long run's report
RULES: Counter = Counter()  # how often each rule ran


def _fixtures() -> list[dict]:
    """Every page fixture as the extension would post it."""
    out = []
    for expected in sorted(PAGES.glob("*/*.expected.json")):
        stem = expected.name[: -len(".expected.json")]
        meta = json.loads(expected.read_text(encoding="utf-8"))
        body = {"url": meta.get("url") or "https://www.aliexpress.com/"}
        if meta.get("captured_at"):
            body["captured_at"] = meta["captured_at"]
        html, data = expected.with_name(stem + ".html"), expected.with_name(stem + ".json")
        if html.exists():
            body["html"] = html.read_text(encoding="utf-8")
        elif data.exists():  # captured data; a fragment that is not JSON goes as text, as `order-guard parse` reads it
            text = data.read_text(encoding="utf-8")
            try:
                body["data"] = json.loads(text)
            except ValueError:
                body["html"] = text
        else:
            continue
        out.append({"name": f"{expected.parent.name}/{stem}", "body": body})
    return out


FIXTURES = _fixtures()
NOTES = st.one_of(st.none(), st.text(min_size=1, max_size=40))


def _when(value: str | None) -> datetime:
    return datetime.fromisoformat(value) if value else datetime.min.replace(tzinfo=timezone.utc)


class CompanionMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="og-stateful-"))
        self.server = CompanionProcess(self.root / "data").start()
        self.cookie: str | None = None
        self.present: dict[str, str | None] = {}  # order id -> the note last acknowledged
        self.exports: list[dict] = []  # the last backups exported
        self.next_id = 8600000000000000
        self.steps = 0

    # ---- talking to the server ---------------------------------------------------------------
    def call(self, method: str, path: str, body: object | None = None, *, raw: bool = False, auth: bool = True):
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=60)
        headers = {}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if auth:
            headers["Authorization"] = f"Bearer {self.server.token}"
        elif self.cookie:
            headers["Cookie"] = self.cookie
        try:
            conn.request(method, path, body=data, headers=headers)
            resp = conn.getresponse()
            payload = resp.read()
            cookie = resp.getheader("Set-Cookie")
        finally:
            conn.close()
        assert resp.status < 500, f"{method} {path} -> {resp.status}: {payload[:500]!r}"
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return resp.status, payload if raw else json.loads(payload or b"null")

    def login(self) -> None:
        """A dashboard session through a one-time link, as `order-guard open` makes one."""
        self.cookie = None
        status, _ = self.call("GET", f"/login?once={mint_login_nonce(self.server.data_dir)}", raw=True, auth=False)
        assert status == 303 and self.cookie

    def fresh_ids(self, n: int) -> list[str]:
        ids = [str(self.next_id + i) for i in range(n)]
        self.next_id += n
        return ids

    def acknowledged(self, orders: list[dict]) -> None:
        for order in orders:
            self.present.setdefault(order["order_id"], order.get("note"))

    # ---- rules -------------------------------------------------------------------------------
    @rule(page=st.sampled_from(FIXTURES))
    def post_fixture(self, page):
        RULES["post_fixture"] += 1
        status, body = self.call("POST", "/api/v1/pages", page["body"])
        assert status == 200, (page["name"], body)
        self.acknowledged(body["orders"])

    @rule(new=st.integers(0, 8), known=st.integers(0, 4), data=st.data())
    def post_capture(self, new, known, data):
        RULES["post_capture"] += 1
        ids = self.fresh_ids(new)
        if self.present and known:
            ids += data.draw(st.lists(st.sampled_from(sorted(self.present)), max_size=known, unique=True))
        if not ids:
            return
        status, body = self.call("POST", "/api/v1/pages", {"url": LIST_URL, "data": list_capture(ids)})
        assert status == 200, body
        assert {o["order_id"] for o in body["orders"]} >= set(ids)
        self.acknowledged(body["orders"])

    @precondition(lambda self: self.present)
    @rule(data=st.data(), note=NOTES)
    def edit(self, data, note):
        RULES["edit"] += 1
        oid = data.draw(st.sampled_from(sorted(self.present)))
        status, body = self.call("PATCH", f"/api/v1/orders/{oid}", {"note": note})
        assert status == 200, body
        assert body["note"] == note
        self.present[oid] = note

    @precondition(lambda self: self.present)
    @rule(data=st.data())
    def delete(self, data):
        RULES["delete"] += 1
        oid = data.draw(st.sampled_from(sorted(self.present)))
        status, body = self.call("DELETE", f"/api/v1/orders/{oid}")
        assert status == 200, body
        del self.present[oid]
        assert self.call("GET", f"/api/v1/orders/{oid}")[0] == 404

    @rule(new=st.integers(1, 6), notes=st.lists(NOTES, min_size=6, max_size=6), data=st.data())
    def restore_fresh_backup(self, new, notes, data):
        """A backup with new orders and copies of known ones, seen long ago."""
        RULES["restore_fresh_backup"] += 1
        known = data.draw(st.lists(st.sampled_from(sorted(self.present)), max_size=3, unique=True)) if self.present else []
        orders = [{"order_id": oid, "status": "awaiting_delivery", "last_seen": "2000-01-02T00:00:00+00:00",
                   "first_seen": "2000-01-02T00:00:00+00:00", "note": notes[i % 6]}
                  for i, oid in enumerate(self.fresh_ids(new) + known)]
        self.restore({"format": "order-guard-backup", "version": 1, "orders": orders})

    @precondition(lambda self: self.exports)
    @rule(data=st.data())
    def restore_earlier_export(self, data):
        """An earlier backup: deleted orders come back, newer notes stay."""
        RULES["restore_earlier_export"] += 1
        self.restore(data.draw(st.sampled_from(self.exports)))

    def restore(self, document: dict) -> None:
        stored = {o["order_id"]: o for o in self.call("GET", "/api/v1/orders")[1]["orders"]}
        status, body = self.call("POST", "/api/v1/import", document)
        assert status == 200, body
        assert body["imported"] == len({o["order_id"] for o in document["orders"]})
        for doc in document["orders"]:
            oid, old = doc["order_id"], stored.get(doc["order_id"])
            if old is None:
                self.present[oid] = doc.get("note")  # new, or a deleted order back from the backup
                continue
            # the copy seen on a page most recently wins; a note only the other copy has is kept
            newer, older = (doc, old) if _when(doc.get("last_seen")) > _when(old.get("last_seen")) else (old, doc)
            self.present[oid] = newer.get("note") if newer.get("note") is not None else older.get("note")

    @rule(fmt=st.sampled_from(["json", "csv", "ics"]))
    def export(self, fmt):
        RULES["export"] += 1
        status, raw = self.call("GET", f"/api/v1/export?format={fmt}", raw=True)
        assert status == 200
        if fmt == "json":
            document = json.loads(raw)
            assert {o["order_id"]: o.get("note") for o in document["orders"]} == self.present
            self.exports.append(document)
            del self.exports[:-3]

    @rule()
    def restart(self):
        RULES["restart"] += 1
        self.server.stop()
        self.server.start()
        self.cookie = None

    @rule()
    def sigkill(self):
        RULES["sigkill"] += 1
        self.server.kill()
        self.server.start()
        self.cookie = None

    # ---- after every step --------------------------------------------------------------------
    @invariant()
    def everything_acknowledged_is_there(self):
        self.steps += 1
        status, body = self.call("GET", "/api/v1/orders")
        assert status == 200
        stored = {o["order_id"]: o.get("note") for o in body["orders"]}
        assert set(stored) == set(self.present), (sorted(set(self.present) - set(stored)), sorted(set(stored) - set(self.present)))
        assert stored == self.present
        status, health = self.call("GET", "/api/v1/health", auth=False)
        assert status == 200 and health["problems"] == [] and health["orders"] == len(self.present)

    @invariant()
    def every_page_renders(self):
        if not self.cookie:
            self.login()
        for path in ["/", "/?severity=urgent", "/?page=2", "/?q=a"] + [f"/orders/{oid}" for oid in sorted(self.present)[-3:]]:
            status, page = self.call("GET", path, raw=True, auth=False)
            assert status == 200, (path, status, page[:300])

    def teardown(self):
        STEP_LOG.append(self.steps - 1)  # the invariants also run once before the first rule
        self.server.stop()
        shutil.rmtree(self.root, ignore_errors=True)


CompanionMachine.TestCase.settings = settings(max_examples=EXAMPLES, stateful_step_count=STEPS, deadline=None,
                                              suppress_health_check=list(HealthCheck), print_blob=True)
TestCompanionStateMachine = CompanionMachine.TestCase


def test_zz_report_steps():
    """Prints how many steps the machine ran (meaningful after the test above, in the same run)."""
    if STEP_LOG:
        print(f"\nstate machine: {len(STEP_LOG)} examples, {sum(STEP_LOG)} steps (most {max(STEP_LOG)}); "
              f"rules: {dict(RULES.most_common())}")
