"""The `order-guard` command as a user runs it."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from companion import cli, config

from tests.conftest import free_port

PY = sys.executable


def run(*args, env=None, timeout=30):
    return subprocess.run([PY, "-m", "companion", *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def test_token_is_stable_and_private(tmp_path):
    first = run("token", "--data-dir", str(tmp_path))
    second = run("token", "--data-dir", str(tmp_path))
    assert first.returncode == 0 and len(first.stdout.strip()) >= 32
    assert first.stdout == second.stdout
    mode = stat.S_IMODE((tmp_path / "token").stat().st_mode)
    assert mode == 0o600


def test_data_dir_from_environment(tmp_path):
    result = run("token", env={"ORDER_GUARD_DATA_DIR": str(tmp_path / "env")})
    assert result.returncode == 0
    assert (tmp_path / "env" / "token").exists()


def test_data_dir_defaults_to_platform_user_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("ORDER_GUARD_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert config.resolve_data_dir(None) == tmp_path / "xdg" / "order-guard"
    assert config.resolve_data_dir(str(tmp_path / "x")) == (tmp_path / "x").resolve()


def test_refuses_non_loopback_host_without_allow_remote(tmp_path):
    result = run("serve", "--host", "0.0.0.0", "--data-dir", str(tmp_path))
    assert result.returncode == 2
    assert "only listens on this computer" in result.stderr and "--allow-remote" in result.stderr


def test_bad_port_is_a_plain_message(tmp_path):
    result = run("serve", "--port", "70000", "--data-dir", str(tmp_path))
    assert result.returncode == 2 and "--port" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_answers_and_binds_loopback_only(tmp_path):
    port = free_port()
    proc = subprocess.Popen([PY, "-m", "companion", "serve", "--port", str(port), "--data-dir", str(tmp_path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 20
        body = None
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=1) as resp:
                    body = json.loads(resp.read())
                    break
            except OSError:
                time.sleep(0.05)
        assert body and body["status"] == "ok"
        listening = Path("/proc/net/tcp").read_text().splitlines()[1:]
        ours = [line.split()[1] for line in listening if line.split()[1].endswith(f":{port:04X}") and line.split()[3] == "0A"]
        assert ours == [f"0100007F:{port:04X}"]  # 127.0.0.1 only
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=10)
    assert f"http://127.0.0.1:{port}/" in out
    assert "Traceback" not in err


def test_port_in_use_is_a_plain_message(tmp_path):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        result = run("serve", "--port", str(port), "--data-dir", str(tmp_path))
    assert result.returncode == 1
    assert "already running" in result.stderr and "Traceback" not in result.stderr


def test_parse_missing_file_is_a_plain_message(capsys):
    assert cli.main(["parse", "/nonexistent/page.html"]) == 1
    assert "cannot read" in capsys.readouterr().err


def test_parse_bad_captured_at(tmp_path, capsys):
    page = tmp_path / "p.html"
    page.write_text("<html></html>")
    assert cli.main(["parse", str(page), "--captured-at", "tomorrow"]) == 2
    assert "ISO 8601" in capsys.readouterr().err


def test_parse_prints_json(tmp_path, capsys):
    page = tmp_path / "p.html"
    page.write_text("<html><body>hello</body></html>")
    assert cli.main(["parse", str(page), "--url", "https://example.com/"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"page_kind", "orders", "warnings", "reading"}
    assert out["page_kind"] == "unknown" and out["orders"] == []
