"""The suite stands on its own: no test reads ../shared or an absolute path outside the repository."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTSIDE = re.compile(r"""["'](?:/work/|/home/|\.\./shared)|parents\[\d\]\.parent\s*/\s*["']shared["']|["']shared["']\s*/\s*["']real-samples""")


def test_no_test_reads_outside_the_repository():
    offenders = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        if path.name == "test_machine_paths.py":  # the wider check of every file: its examples are such paths
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if OUTSIDE.search(line) and not line.lstrip().startswith("#"):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []
