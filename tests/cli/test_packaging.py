"""`pip install .` must carry the data folders, not only the code (a non-editable install)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from companion.i18n import LANGUAGES

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_holds_templates_static_files_and_catalogs(tmp_path):
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                             "-w", str(tmp_path), str(ROOT)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    wheel = next(tmp_path.glob("order_guard-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    catalogs = tuple(f"companion/i18n/locales/{code}" for code in LANGUAGES)
    for data_dir in ("companion/server/dashboard/templates", "companion/server/dashboard/static",
                     "companion/parsing/vocab", "companion/rules/texts", "companion/install/templates", *catalogs):
        on_disk = {f"{data_dir}/{p.name}" for p in (ROOT / data_dir).iterdir() if p.is_file()}
        assert on_disk and on_disk <= names, f"missing from the wheel: {sorted(on_disk - names)}"
    assert any(name.endswith("entry_points.txt") for name in names)
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)
