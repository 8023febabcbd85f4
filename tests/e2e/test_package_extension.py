"""scripts/package-extension makes a zip a store takes: manifest at the root, only extension files."""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_package_extension_zip():
    out = subprocess.run([str(ROOT / "scripts" / "package-extension")], cwd=ROOT, check=True, capture_output=True, text=True)
    manifest = json.loads((ROOT / "extension" / "manifest.json").read_text(encoding="utf-8"))
    path = ROOT / "dist" / f"order-guard-extension-{manifest['version']}.zip"
    assert str(path.relative_to(ROOT)) in out.stdout
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        assert json.loads(zf.read("manifest.json")) == manifest
    assert {"background.js", "content/orders.js", "_locales/he/messages.json", "icons/icon-128.png"} <= names
    assert not [n for n in names if n.startswith((".", "tests/", "node_modules/")) or "/." in n or n.endswith((".test.js", ".md"))]
    # Every file of the extension, but the notes for people reading the source (extension/README.md).
    on_disk = {p.relative_to(ROOT / "extension").as_posix() for p in (ROOT / "extension").rglob("*")
               if p.is_file() and p.suffix != ".md"}
    assert names == on_disk
    assert path.stat().st_size < 200_000
