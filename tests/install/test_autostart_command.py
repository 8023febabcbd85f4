"""`order-guard autostart on|off|status` as a buyer runs it, in a temporary home on this machine's platform."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from companion.install import autostart


def run(home: Path, *args, env=None):
    base = {k: v for k, v in os.environ.items() if k not in ("XDG_CONFIG_HOME", "ORDER_GUARD_DATA_DIR")}
    env = {**base, "HOME": str(home), "APPDATA": str(home / "AppData"), **(env or {})}
    return subprocess.run([sys.executable, "-m", "companion", "autostart", *args], capture_output=True, text=True,
                          timeout=60, env=env)


@pytest.fixture
def home(tmp_path):
    path = tmp_path / "home"
    path.mkdir()
    return path


def test_on_status_off_tell_the_truth(home, tmp_path):
    first = run(home, "status")
    assert first.returncode == 0 and first.stdout.startswith("Order Guard does not start by itself when you log in.")
    data = tmp_path / "my data"
    on = run(home, "on", "--port", "8790", "--data-dir", str(data))
    assert on.returncode == 0, on.stderr
    assert on.stdout.startswith("Order Guard starts by itself when you log in (")
    state = autostart.state(home=home, env={"APPDATA": str(home / "AppData"), "XDG_RUNTIME_DIR": os.environ.get("XDG_RUNTIME_DIR", "")})
    assert state.registered and state.place.path.is_file() and str(state.place.path).startswith(str(home))
    assert state.command[-6:] == ["serve", "--no-browser", "--port", "8790", "--data-dir", str(data)]
    assert Path(state.command[0]).is_absolute()
    # what it registered is a command that runs: the installed entry point
    started = subprocess.run([*state.command, "--help"], capture_output=True, text=True, timeout=60)
    assert started.returncode == 0 and started.stdout.startswith("usage: order-guard serve")
    assert not data.exists()  # registering starts nothing and makes no data folder
    assert "starts by itself" in run(home, "status").stdout
    off = run(home, "off")
    assert off.returncode == 0 and off.stdout.startswith("Order Guard no longer starts by itself when you log in.")
    assert not state.place.path.exists()
    assert run(home, "status").stdout.startswith("Order Guard does not start by itself")


def test_the_data_folder_of_the_environment_is_written_into_the_entry(home, tmp_path):
    data = tmp_path / "env-data"
    on = run(home, "on", env={"ORDER_GUARD_DATA_DIR": str(data)})
    assert on.returncode == 0, on.stderr
    assert f"--data-dir {data}" in on.stdout  # the companion started at login does not see this environment
