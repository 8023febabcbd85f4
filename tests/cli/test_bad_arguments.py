"""Every bad argument is one plain line and a non-zero exit, and nothing is made before the check."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from companion import cli

PY = sys.executable


def run(*args, env=None):
    return subprocess.run([PY, "-m", "companion", *args], capture_output=True, text=True, timeout=60,
                          env={**os.environ, **(env or {})})


def one_line(result) -> str:
    assert result.returncode != 0 and result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize("command", ["token", "serve", "open", "autostart on"])
def test_a_data_folder_that_is_a_file(tmp_path, command):
    afile = tmp_path / "notes.txt"
    afile.write_text("mine")
    line = one_line(run(*command.split(), "--data-dir", str(afile)))
    assert line == f"order-guard: the data folder {afile} is a file, not a folder; choose another --data-dir"
    assert afile.read_text() == "mine" and sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_data_folder_under_a_file(tmp_path):
    afile = tmp_path / "notes.txt"
    afile.write_text("mine")
    line = one_line(run("token", "--data-dir", str(afile / "data")))
    assert line == f"order-guard: the data folder {afile / 'data'} cannot be made: {afile} is a file; choose another --data-dir"


def test_import_with_a_data_folder_that_is_a_file(tmp_path):
    afile = tmp_path / "notes.txt"
    afile.write_text("mine")
    har = tmp_path / "orders.har"
    har.write_text('{"log": {"entries": []}}')
    assert "is a file, not a folder" in one_line(run("import", str(har), "--data-dir", str(afile)))


@pytest.mark.parametrize("args, says", [
    (["serve", "--port", "abc"], "order-guard serve: argument --port: must be a number from 1 to 65535, not 'abc'"),
    (["serve", "--port", "0"], "order-guard serve: argument --port: must be between 1 and 65535, not 0"),
    (["open", "--port", "65536"], "order-guard open: argument --port: must be between 1 and 65535, not 65536"),
    (["serve", "--data-dir"], "order-guard serve: argument --data-dir: expected one argument"),
    (["serve", "--nonsense"], "order-guard: unrecognized arguments: --nonsense"),
    (["autostart", "maybe"], "order-guard autostart: argument action: invalid choice: 'maybe'"),
])
def test_bad_arguments_create_nothing(tmp_path, args, says):
    data = tmp_path / "data"
    line = one_line(run(*args, env={"ORDER_GUARD_DATA_DIR": str(data)}))
    assert line.startswith(says)
    assert not data.exists()


def test_an_empty_data_dir_is_refused(tmp_path):
    assert one_line(run("token", "--data-dir", "")) == "order-guard: --data-dir needs a folder"


def test_no_command_prints_usage_and_exits_2():
    result = run()
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("usage: order-guard")
    assert "autostart" in result.stderr and "serve" in result.stderr


def test_parse_refuses_a_too_large_file_before_reading_it(tmp_path, capsys, monkeypatch):
    from companion import parsing

    big = tmp_path / "big.html"
    with big.open("wb") as fh:  # sparse: as large as the limit says, without writing it
        fh.truncate(parsing.MAX_CHARS + 1)
    opened = []
    real_open = type(big).open
    monkeypatch.setattr(type(big), "open", lambda self, *a, **k: opened.append(self) or real_open(self, *a, **k))
    assert cli.main(["parse", str(big)]) == 2
    assert opened == []
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"order-guard: {big} is larger than 20 MB, more than any saved order page; it was not read"]


def test_parse_reads_a_file_at_the_limit(tmp_path, capsys):
    from companion import parsing

    page = tmp_path / "page.html"
    page.write_bytes(b"<html><body>" + b" " * (parsing.MAX_CHARS - len(b"<html><body></body></html>")) + b"</body></html>")
    assert page.stat().st_size == parsing.MAX_CHARS
    assert cli.main(["parse", str(page)]) == 0
    assert '"page_kind": "unknown"' in capsys.readouterr().out
