"""No file of the repository names a path of one machine: a home folder, the workspace it was made in,
a temporary folder or a folder beside the clone. Such a path works on one computer and fails, or reads
someone else's files, on every other."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MACHINE_PATH = re.compile(r"""(?<![\w.\-~])(?:/(?:home|Users)/\w|/root(?:/|\b)|/work/|/tmp/|/var/tmp/|/var/folders/|"""
                          r"""[A-Za-z]:\\\\?(?:Users|Documents and Settings)\\|\.\./shared\b)""")
# What must stay, and why: file -> a text on the line that makes that line fine ("" for the whole file).
ALLOWED = {
    "tests/test_machine_paths.py": "",  # this test's own patterns and examples
    # a Windows path in a test of the Startup entry: the quoting of "%" and spaces is what is tested
    "tests/install/test_autostart.py": "C:\\\\Users\\\\Buyer\\\\100",
    # the test that no test reads ../shared: its docstring and pattern name it
    "tests/test_self_contained.py": "shared",
    # the newcomer's note that ../shared is not needed
    "README.md": "such as `../shared`",
}


def tracked_files() -> list[str]:
    """Committed files and new ones not yet added (what the next commit may hold), without the ignored."""
    out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                         cwd=ROOT, capture_output=True, check=True).stdout
    return [name for name in out.decode().split("\0") if name]


def test_no_tracked_file_names_a_path_of_one_machine():
    offenders = []
    for name in tracked_files():
        if name == "package-lock.json":  # npm's own file: registry URLs only
            continue
        try:
            text = (ROOT / name).read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError):
            continue  # images, fonts; a file deleted but not yet committed
        for number, line in enumerate(text.splitlines(), 1):
            if MACHINE_PATH.search(line) and not (name in ALLOWED and ALLOWED[name] in line):
                offenders.append(f"{name}:{number}: {line.strip()[:160]}")
    assert offenders == []


def test_the_check_sees_such_paths():
    for line in ("source = '/work/shared/real-samples'", 'open("/home/anna/x")', "cd /root && ls", "out = '/tmp/list.html'",
                 'p = "C:\\\\Users\\\\anna\\\\x"', "Path('../shared/design.md')"):
        assert MACHINE_PATH.search(line), line
    for line in ("https://www.aliexpress.com/home/page", "/usr/bin/chromium", "#!/usr/bin/env bash", "~/.config/autostart",
                 "tmp_path / 'x'", "node_modules/.bin/web-ext"):
        assert not MACHINE_PATH.search(line), line
