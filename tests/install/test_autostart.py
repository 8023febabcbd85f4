"""`order-guard autostart`: each platform's entry, written into a temporary home and read back."""

from __future__ import annotations

import os
import plistlib
from pathlib import Path

import pytest

from companion.install import autostart


@pytest.fixture
def program(tmp_path) -> Path:
    """An installed entry point in a folder with a space, as under "Program Files" or a buyer's name."""
    path = tmp_path / "Order Guard" / "bin" / "order-guard"
    path.parent.mkdir(parents=True)
    path.write_text("#!/bin/sh\n")
    return path


@pytest.fixture
def home(tmp_path) -> Path:
    path = tmp_path / "home"
    path.mkdir()
    return path


def linux_env(tmp_path, *, systemd: bool) -> dict:
    runtime = tmp_path / "run"
    (runtime / "systemd" if systemd else runtime).mkdir(parents=True)
    return {"XDG_RUNTIME_DIR": str(runtime)}


def command(program: Path, data: str) -> list[str]:
    return [str(program), "serve", "--no-browser", "--data-dir", data]


def test_systemd_user_unit_where_systemd_runs_the_session(tmp_path, home, program):
    env = linux_env(tmp_path, systemd=True)
    data = str(tmp_path / "100% orders")
    state = autostart.enable(command(program, data), home=home, env=env, platform="linux")
    unit = home / ".config" / "systemd" / "user" / "order-guard.service"
    text = unit.read_text(encoding="utf-8")
    # quoted for the space, "%" doubled: systemd would read "%" as a specifier
    assert f'ExecStart="{program}" serve --no-browser --data-dir "{tmp_path}/100%% orders"' in text.splitlines()
    assert "WantedBy=default.target" in text.splitlines()
    link = unit.parent / "default.target.wants" / "order-guard.service"
    assert link.is_symlink() and os.readlink(link) == os.path.join("..", "order-guard.service") and link.resolve() == unit.resolve()
    assert state.registered and state.place.kind == "systemd"
    back = autostart.state(home=home, env=env, platform="linux")
    assert back.registered and back.command == command(program, data) and back.notes == ()
    assert autostart.status(home=home, env=env, platform="linux") is True
    assert not (home / ".config" / "autostart").exists()


def test_a_unit_without_its_link_is_not_registered(tmp_path, home, program):
    env = linux_env(tmp_path, systemd=True)
    autostart.enable(command(program, "d"), home=home, env=env, platform="linux")
    (home / ".config" / "systemd" / "user" / "default.target.wants" / "order-guard.service").unlink()
    state = autostart.state(home=home, env=env, platform="linux")
    assert not state.registered and "not enabled" in state.describe()


def test_xdg_autostart_entry_without_systemd(tmp_path, home, program):
    env = linux_env(tmp_path, systemd=False)
    data = str(tmp_path / 'say "hi" $HOME 5%')
    autostart.enable(command(program, data), home=home, env=env, platform="linux")
    entry = home / ".config" / "autostart" / "order-guard.desktop"
    lines = entry.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    # Desktop Entry Specification: quote, escape " $ with a backslash, "%%" for "%", then each backslash twice
    assert f'Exec="{program}" serve --no-browser --data-dir "{tmp_path}/say \\\\"hi\\\\" \\\\$HOME 5%%"' in lines
    assert "Type=Application" in lines and "Terminal=false" in lines
    back = autostart.state(home=home, env=env, platform="linux")
    assert back.registered and back.place.kind == "xdg" and back.command == command(program, data)
    assert not (home / ".config" / "systemd").exists()


def test_xdg_config_home_is_honoured(tmp_path, home, program):
    env = {**linux_env(tmp_path, systemd=False), "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    autostart.enable(command(program, "d"), home=home, env=env, platform="linux")
    assert (tmp_path / "cfg" / "autostart" / "order-guard.desktop").is_file()


def test_launch_agent_on_macos(tmp_path, home, program):
    data = str(tmp_path / "a<b & c")
    autostart.enable(command(program, data), home=home, env={}, platform="darwin")
    agent = home / "Library" / "LaunchAgents" / "org.orderguard.companion.plist"
    with agent.open("rb") as fh:
        plist = plistlib.load(fh)  # a plist macOS reads: the XML-special characters are escaped
    assert plist["Label"] == "org.orderguard.companion"
    assert plist["ProgramArguments"] == command(program, data)
    assert plist["RunAtLoad"] is True
    assert autostart.state(home=home, env={}, platform="darwin").registered


def test_startup_entry_on_windows(tmp_path, home, program):
    env = {"APPDATA": str(tmp_path / "Roaming")}
    pythonw = "C:\\Program Files\\Python312\\pythonw.exe"
    cmd = [pythonw, "-m", "companion", "serve", "--no-browser", "--data-dir", "C:\\Users\\Buyer\\100% orders"]
    autostart.enable(cmd, home=home, env=env, platform="win32")
    entry = tmp_path / "Roaming" / "Microsoft" / "Windows" / "Start Menu" / "Programs" / "Startup" / "Order Guard.cmd"
    raw = entry.read_bytes()
    assert raw.count(b"\r\n") == 2 and b"\n" not in raw.replace(b"\r\n", b"")  # a batch file's line ends
    assert raw.decode().splitlines()[1] == ('@start "Order Guard" /b "C:\\Program Files\\Python312\\pythonw.exe" -m companion '
                                            'serve --no-browser --data-dir "C:\\Users\\Buyer\\100%% orders"')
    state = autostart.state(home=home, env=env, platform="win32")
    assert state.registered and state.place.kind == "startup" and state.command == cmd
    assert "no longer there" in state.describe()  # that pythonw is not on this machine: said so


def test_off_removes_every_entry_and_status_says_so(tmp_path, home, program):
    env = linux_env(tmp_path, systemd=True)
    autostart.enable(command(program, "d"), home=home, env=env, platform="linux")
    state = autostart.disable(home=home, env=env, platform="linux")
    assert not state.registered and "no longer starts" in state.describe()
    assert list(home.rglob("order-guard*")) == []
    assert not autostart.state(home=home, env=env, platform="linux").registered
    assert autostart.status(home=home, env=env, platform="linux") is False


def test_switching_to_systemd_removes_the_old_xdg_entry(tmp_path, home, program):
    """One login must not start two companions."""
    autostart.enable(command(program, "d"), home=home, env=linux_env(tmp_path / "a", systemd=False), platform="linux")
    env = linux_env(tmp_path / "b", systemd=True)
    autostart.enable(command(program, "d"), home=home, env=env, platform="linux")
    assert not (home / ".config" / "autostart" / "order-guard.desktop").exists()
    assert autostart.state(home=home, env=env, platform="linux").notes == ()


def test_a_vanished_program_is_reported(tmp_path, home, program):
    env = linux_env(tmp_path, systemd=False)
    autostart.enable(command(program, "d"), home=home, env=env, platform="linux")
    program.unlink()  # e.g. the venv it was registered from was deleted
    state = autostart.state(home=home, env=env, platform="linux")
    assert "no longer there" in state.describe() and "autostart on" in state.describe()


def test_registered_command_is_the_entry_point_by_absolute_path(tmp_path, program):
    python = tmp_path / "Order Guard" / "bin" / "python3"
    python.write_text("")
    # run through the console script: that script
    assert autostart.serve_command(platform="linux", executable=str(python), argv0=str(program)) == \
        [str(program), "serve", "--no-browser"]
    # run as `python -m companion` from a venv: the script beside the interpreter
    assert autostart.serve_command(["--port", "8790"], platform="linux", executable=str(python), argv0="x/__main__.py") == \
        [str(program), "serve", "--no-browser", "--port", "8790"]
    # `pip install --user`: the script is elsewhere, the interpreter finds the package
    program.unlink()
    assert autostart.serve_command(platform="darwin", executable=str(python), argv0="x/__main__.py") == \
        [str(python), "-m", "companion", "serve", "--no-browser"]


def test_windows_starts_it_without_a_console_window(tmp_path):
    scripts = tmp_path / "Python" / "Scripts"
    scripts.mkdir(parents=True)
    (scripts / "python.exe").write_text("")
    (scripts / "pythonw.exe").write_text("")
    assert autostart.serve_command(platform="win32", executable=str(scripts / "python.exe")) == \
        [str(scripts / "pythonw.exe"), "-m", "companion", "serve", "--no-browser"]


def test_systemd_session_is_seen_from_the_runtime_folder(tmp_path):
    assert autostart.systemd_runs_session(linux_env(tmp_path / "a", systemd=True))
    assert not autostart.systemd_runs_session(linux_env(tmp_path / "b", systemd=False))


def test_templates_ship_with_the_package():
    from importlib import resources

    names = {p.name for p in resources.files("companion.install").joinpath("templates").iterdir()}
    assert names == {"order-guard.service", "order-guard.desktop", "order-guard.plist", "order-guard.cmd"}
