"""./scripts/run: its arguments are checked before it prints or makes anything; it offers autostart once."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "run_from_source.py"


def load():
    spec = importlib.util.spec_from_file_location("run_from_source", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(tmp_path, *args):
    """What ./scripts/run executes once .venv is ready; no terminal, so it never asks."""
    env = {**os.environ, "ORDER_GUARD_DATA_DIR": str(tmp_path / "data"), "HOME": str(tmp_path / "home")}
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=60,
                          env=env, stdin=subprocess.DEVNULL)


def test_help_starts_nothing(tmp_path):
    result = run(tmp_path, "--help")
    assert result.returncode == 0 and result.stdout.startswith("usage: order-guard serve")
    assert "Load the extension" not in result.stdout and "Pairing code" not in result.stdout
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize("args, says", [
    (["--port", "abc"], "order-guard serve: argument --port: must be a number from 1 to 65535, not 'abc'"),
    (["--data-dir"], "order-guard serve: argument --data-dir: expected one argument"),
    (["--host", "0.0.0.0"], "order-guard: refusing to listen on 0.0.0.0"),
])
def test_a_bad_argument_is_one_line_and_nothing_more(tmp_path, args, says):
    result = run(tmp_path, *args)
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith(says)
    assert not (tmp_path / "data").exists()


def test_a_data_folder_that_is_a_file(tmp_path):
    afile = tmp_path / "notes.txt"
    afile.write_text("mine")
    result = run(tmp_path, "--data-dir", str(afile))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == f"order-guard: the data folder {afile} is a file, not a folder; choose another --data-dir\n"


def test_the_shell_script_hands_every_argument_on():
    text = (ROOT / "scripts" / "run").read_text(encoding="utf-8")
    assert text.rstrip().endswith('exec .venv/bin/python scripts/run_from_source.py "$@"')
    assert subprocess.run(["bash", "-n", str(ROOT / "scripts" / "run")]).returncode == 0


@pytest.fixture
def linux_home(tmp_path):
    (tmp_path / "run").mkdir()
    return {"home": tmp_path / "home", "env": {"XDG_RUNTIME_DIR": str(tmp_path / "run")}, "platform": "linux"}


def test_yes_registers_the_installed_entry_point_and_is_not_asked_again(tmp_path, linux_home):
    module = load()
    questions = []
    data = tmp_path / "data"
    said = module.offer_autostart(data, ["--port", "8790"], interactive=True,
                                  ask=lambda q: questions.append(q) or "y", **linux_home)
    assert said == "asked-yes" and len(questions) == 1 and "log in" in questions[0]
    from companion.install import autostart

    state = autostart.state(**linux_home)
    entry_point = str(Path(os.path.abspath(sys.executable)).parent / "order-guard")
    assert state.registered and state.command == [entry_point, "serve", "--no-browser", "--port", "8790"]

    def never(_):
        raise AssertionError("asked twice")
    assert module.offer_autostart(data, [], interactive=True, ask=never, **linux_home) == "already-on"


def test_no_is_remembered(tmp_path, linux_home):
    module = load()
    data = tmp_path / "data"
    assert module.offer_autostart(data, [], interactive=True, ask=lambda q: "", **linux_home) == "asked-no"

    def never(_):
        raise AssertionError("asked twice")
    assert module.offer_autostart(data, [], interactive=True, ask=never, **linux_home) == "asked-before"
    from companion.install import autostart

    assert not autostart.state(**linux_home).registered


def test_a_run_without_a_terminal_never_asks_and_asks_later(tmp_path, linux_home):
    module = load()
    data = tmp_path / "data"

    def never(_):
        raise AssertionError("asked without a terminal")
    assert module.offer_autostart(data, [], interactive=False, ask=never, **linux_home) == "not-interactive"
    assert not data.exists()
    assert module.offer_autostart(data, [], interactive=True, ask=lambda q: "n", **linux_home) == "asked-no"
