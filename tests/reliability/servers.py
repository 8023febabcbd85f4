"""A real companion process for tests that kill it, fill its disk or hammer it."""

from __future__ import annotations

import copy
import json
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.conftest import free_port

# the real captures, copied into the repository: the suite reads nothing outside it
CAPTURED = Path(__file__).resolve().parents[1] / "fixtures" / "pages" / "captured"
LIST_CAPTURE = CAPTURED / "order-list.mtop.json"
LIST_URL = "https://www.aliexpress.com/p/order/index.html"


def list_capture(order_ids: list[str]) -> dict:
    """The real My Orders capture, with its orders replaced by copies carrying ``order_ids``."""
    data = json.loads(LIST_CAPTURE.read_text(encoding="utf-8"))
    components = data["data"]["data"]
    template_key = next(k for k in components if k.startswith("pc_om_list_order_"))
    template = components[template_key]
    for key in [k for k in components if k.startswith("pc_om_list_order_")]:
        del components[key]
    for order_id in order_ids:
        comp = copy.deepcopy(template)
        comp["fields"]["orderId"] = order_id
        comp["id"] = order_id
        components[f"pc_om_list_order_{order_id}"] = comp
    return data


class CompanionProcess:
    def __init__(self, data_dir: Path, port: int | None = None, preexec_fn=None):
        self.data_dir, self.port = Path(data_dir), port or free_port()
        self.preexec_fn = preexec_fn
        self.proc: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 20) -> "CompanionProcess":
        self.log_path = self.data_dir.parent / f"companion-{self.port}.log"
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "companion", "serve", "--port", str(self.port), "--data-dir", str(self.data_dir)],
                stdout=subprocess.DEVNULL, stderr=log, preexec_fn=self.preexec_fn)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"companion exited: {self.log_path.read_text(errors='replace')[-3000:]}")
            try:
                status, _ = self.call("GET", "/api/v1/health", auth=False, timeout=1)
                if status == 200:
                    return self
            except OSError:
                time.sleep(0.03)
        raise RuntimeError("companion did not start")

    @property
    def token(self) -> str:
        return (self.data_dir / "token").read_text().strip()

    def call(self, method: str, path: str, body: object | None = None, *, auth: bool = True, timeout: float = 30):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if auth:
            req.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return resp.status, json.loads(resp.read() or b"null")
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"null")

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
