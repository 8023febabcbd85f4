"""`order-guard open`: a fresh one-time dashboard link for the running companion, which opens one
session; `--print` only prints it. `serve` prints one too. Refuses a program that is not our companion."""

from __future__ import annotations

import re
import socket
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer

from tests.cli.test_cli import run
from tests.conftest import free_port
from tests.reliability.servers import CompanionProcess

LINK = re.compile(r"http://127\.0\.0\.1:(\d+)/login\?once=([A-Za-z0-9_-]+)")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(url: str, cookie: str | None = None):
    opener = urllib.request.build_opener(NoRedirect)
    req = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with opener.open(req, timeout=10) as resp:
            return resp.status, dict(resp.headers), resp.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read().decode()


def test_open_print_gives_a_link_that_works_once(tmp_path):
    companion = CompanionProcess(tmp_path / "data").start()
    try:
        result = run("open", "--print", "--data-dir", str(companion.data_dir))
        assert result.returncode == 0, result.stderr
        link = result.stdout.strip()
        match = LINK.fullmatch(link)
        assert match and int(match.group(1)) == companion.port  # the running companion's port, from its folder
        status, headers, _ = get(link)
        assert status == 303 and headers["Location"] == "/"
        cookie = headers["Set-Cookie"].split(";")[0]
        status, _, page = get(companion.base + "/", cookie)
        assert status == 200 and companion.token in page  # the buyer's own dashboard, with the pairing offer
        status, headers, page = get(link)  # the same link a second time
        assert status == 403 and "Set-Cookie" not in headers and companion.token not in page
        status, _, page = get(companion.base + "/")  # another user, no cookie
        assert status == 401 and companion.token not in page and "order-guard open" in page
        second = run("open", "--print", "--data-dir", str(companion.data_dir)).stdout.strip()
        assert second != link and get(second)[0] == 303
    finally:
        companion.stop()


def test_open_refuses_a_program_that_does_not_know_the_token(tmp_path):
    seen = []

    class Impostor(BaseHTTPRequestHandler):
        def do_POST(self):
            seen.append(self.path)
            body = b'{"proof": "0000"}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    port = free_port()
    server = HTTPServer(("127.0.0.1", port), Impostor)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        result = run("open", "--port", str(port), "--data-dir", str(tmp_path / "data"))
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode == 1
    assert f"something else is answering on port {port}" in result.stderr.lower()
    assert "login?once" not in result.stdout and seen == ["/api/v1/hello"]


def test_open_without_a_companion_says_to_start_it(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = run("open", "--port", str(port), "--data-dir", str(tmp_path / "data"))
    assert result.returncode == 1 and "order-guard serve" in result.stderr


def test_serve_prints_a_one_time_link_and_the_pairing_code(tmp_path):
    import subprocess
    import sys
    import time

    from companion.config import pairing_code

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "companion", "serve", "--port", str(port), "--data-dir", str(tmp_path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=10)
    assert LINK.search(out) and LINK.search(out).group(1) == str(port)
    assert f"Pairing code for the extension: {pairing_code((tmp_path / 'token').read_text().strip())}" in out
