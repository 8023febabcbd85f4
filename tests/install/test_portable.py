"""The buyer's path runs where POSIX does not: with the platform patched to Windows (no fcntl, no
os.getuid) the data folder, the token, the one-time links, the folder lock and autostart still work."""

from __future__ import annotations

import importlib
import os
import re
import sys
import types

import pytest

import fcntl as real_fcntl
from companion import config
from companion.install import autostart
from companion.store import lock


@pytest.fixture
def windows(monkeypatch):
    """sys.platform 'win32', no fcntl to import, no os.getuid, and an msvcrt whose locking is flock."""
    calls = []

    def locking(fd, mode, nbytes):
        calls.append(mode)
        real_fcntl.flock(fd, real_fcntl.LOCK_EX | real_fcntl.LOCK_NB if mode == fake.LK_NBLCK else real_fcntl.LOCK_UN)

    fake = types.SimpleNamespace(LK_NBLCK=2, LK_UNLCK=0, locking=locking)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.delattr(os, "getuid")
    monkeypatch.setitem(sys.modules, "fcntl", None)  # `import fcntl` raises ImportError, as on Windows
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    windows_lock = importlib.reload(lock)
    yield types.SimpleNamespace(lock=windows_lock, calls=calls)
    monkeypatch.undo()
    importlib.reload(lock)


def test_the_folder_lock_falls_back_to_msvcrt(windows, tmp_path):
    assert windows.lock.fcntl is None
    first = windows.lock.FolderLock(tmp_path).acquire("serve", port=8778)
    with pytest.raises(windows.lock.FolderBusy) as busy:
        windows.lock.FolderLock(tmp_path).acquire("import")
    assert busy.value.holder["role"] == "serve" and busy.value.holder["port"] == 8778
    first.release()
    windows.lock.FolderLock(tmp_path).acquire("import").release()
    assert windows.calls and set(windows.calls) == {2, 0}


def test_data_folder_token_and_links_without_getuid(windows, tmp_path):
    data = config.ensure_data_dir(config.resolve_data_dir(str(tmp_path / "data")))
    token = config.load_or_create_token(data)
    assert config.load_or_create_token(data) == token
    nonce = config.mint_login_nonce(data)
    assert config.consume_login_nonce(data, nonce) and not config.consume_login_nonce(data, nonce)


def test_autostart_picks_the_startup_folder(windows, tmp_path, monkeypatch):
    monkeypatch.setenv("APPDATA", str(tmp_path / "Roaming"))
    state = autostart.enable(["C:\\Python\\pythonw.exe", "-m", "companion", "serve", "--no-browser"], home=tmp_path)
    assert state.place.kind == "startup" and state.place.path.is_file()
    assert autostart.state(home=tmp_path).command == ["C:\\Python\\pythonw.exe", "-m", "companion", "serve", "--no-browser"]


def test_no_posix_only_call_without_a_fallback():
    """The calls that do not exist on Windows appear only behind a getattr or an ImportError fallback."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "companion"
    unguarded = []
    for path in sorted(root.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for name in ("os.getuid()", "os.geteuid()", "os.fork(", "os.killpg(", "os.setsid(", "signal.SIGKILL"):
            if name in text:
                unguarded.append(f"{path.relative_to(root)}: {name}")
        for module in re.findall(r"^\s*import (pwd|grp|resource|termios)\b", text, re.MULTILINE):
            unguarded.append(f"{path.relative_to(root)}: import {module}")
        if "import fcntl" in text and "except ImportError" not in text:
            unguarded.append(f"{path.relative_to(root)}: import fcntl")
    assert unguarded == []
