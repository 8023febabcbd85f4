"""scripts/package-extension makes what the stores take: for Chrome and for Firefox, the manifest at the root
with the companion's version, only the extension's files, each browser's own background."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

from companion import __version__

ROOT = Path(__file__).resolve().parents[2]


def extension_files(root: Path) -> set[str]:
    """Every file of the extension, but the notes for people reading the source (extension/README.md)."""
    return {p.relative_to(root / "extension").as_posix() for p in (root / "extension").rglob("*")
            if p.is_file() and p.suffix != ".md"}


def package(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(root / "scripts" / "package-extension")], cwd=root, capture_output=True, text=True, timeout=300)


def test_chrome_and_firefox_packages():
    out = package(ROOT)
    assert out.returncode == 0, out.stderr
    source = json.loads((ROOT / "extension" / "manifest.json").read_text(encoding="utf-8"))
    chrome = ROOT / "dist" / f"order-guard-chrome-{__version__}.zip"
    firefox = ROOT / "dist" / f"order-guard-firefox-{__version__}.zip"
    assert out.stdout.splitlines()[0].startswith(f"dist/order-guard-chrome-{__version__}.zip (")
    assert out.stdout.splitlines()[1].startswith(f"dist/order-guard-firefox-{__version__}.zip (")

    with zipfile.ZipFile(chrome) as zf:
        names = set(zf.namelist())
        manifest = json.loads(zf.read("manifest.json"))
    # Chrome's: the service worker, no Firefox settings; the rest as written
    assert manifest["background"] == {"service_worker": "background.js", "type": "module"}
    assert "browser_specific_settings" not in manifest
    assert {k: v for k, v in manifest.items() if k != "background"} == \
        {k: v for k, v in source.items() if k not in ("background", "browser_specific_settings")}
    assert names == extension_files(ROOT)
    assert not [n for n in names if n.startswith((".", "tests/", "node_modules/")) or "/." in n or n.endswith((".test.js", ".md"))]
    assert chrome.stat().st_size < 200_000

    with zipfile.ZipFile(firefox) as zf:
        files = {n for n in zf.namelist() if not n.endswith("/")}
        manifest = json.loads(zf.read("manifest.json"))
    # Firefox's: the event page, its add-on id, no Chrome minimum
    assert manifest["background"] == {"scripts": ["background.js"], "type": "module"}
    assert manifest["browser_specific_settings"]["gecko"]["id"] == "order-guard@order-guard.local"
    assert "minimum_chrome_version" not in manifest
    assert manifest["version"] == __version__
    assert files == extension_files(ROOT)


def scratch_copy(tmp_path: Path, version: str, *, pyproject_version: str | None = None) -> Path:
    """The parts of the repository the script reads, with another companion version."""
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "extension", root / "extension")
    shutil.copytree(ROOT / "scripts", root / "scripts", ignore=shutil.ignore_patterns("__pycache__"))
    (root / "companion").mkdir()
    init = (ROOT / "companion" / "__init__.py").read_text(encoding="utf-8")
    (root / "companion" / "__init__.py").write_text(init.replace(f'__version__ = "{__version__}"', f'__version__ = "{version}"'))
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (root / "pyproject.toml").write_text(pyproject.replace(f'version = "{__version__}"', f'version = "{pyproject_version or version}"', 1))
    (root / "node_modules").symlink_to(ROOT / "node_modules")
    return root


def test_the_packages_carry_the_companions_version(tmp_path):
    root = scratch_copy(tmp_path, "0.3.0rc1")
    out = package(root)
    assert out.returncode == 0, out.stderr
    with zipfile.ZipFile(root / "dist" / "order-guard-chrome-0.3.0rc1.zip") as zf:
        chrome = json.loads(zf.read("manifest.json"))
    with zipfile.ZipFile(root / "dist" / "order-guard-firefox-0.3.0rc1.zip") as zf:
        firefox = json.loads(zf.read("manifest.json"))
    # stores take numbers only: a pre-release keeps its numbers, and Chrome shows the whole name
    assert (chrome["version"], chrome["version_name"]) == ("0.3.0", "0.3.0rc1")
    assert firefox["version"] == "0.3.0" and "version_name" not in firefox
    assert json.loads((root / "extension" / "manifest.json").read_text())["version"] == __version__  # the source is left alone


def test_versions_that_disagree_are_refused(tmp_path):
    root = scratch_copy(tmp_path, "0.3.0", pyproject_version="0.4.0")
    out = package(root)
    assert out.returncode == 1 and not (root / "dist").exists()
    assert out.stderr.strip() == ("package-extension: pyproject.toml says version 0.4.0, companion/__init__.py says 0.3.0: "
                                  "make them agree")


def test_pyproject_and_the_companion_agree():
    import tomllib

    assert tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"] == __version__
