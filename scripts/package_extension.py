"""What scripts/package-extension does: the store uploads of the extension, both with the companion's
version (companion/__init__.py, the same as pyproject.toml's) in their manifest:

- dist/order-guard-chrome-<version>.zip: Chrome Web Store and Edge Add-ons; the background is the
  service worker, and Firefox's settings are left out;
- dist/order-guard-firefox-<version>.zip: addons.mozilla.org, built by `web-ext build` from the same
  files and checked by `web-ext lint`; the background is the event page Firefox runs.

Only the files the extension loads go in (no tests, no dotfiles, no notes, no editor or OS junk).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "extension"
DIST = ROOT / "dist"
WEB_EXT = ROOT / "node_modules" / ".bin" / "web-ext"
JUNK_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}
JUNK_SUFFIXES = (".map", ".md", ".orig", ".rej", ".swp", "~", ".test.js")
ALLOWED_SUFFIXES = (".js", ".json", ".html", ".css", ".png", ".svg")


def fail(message: str) -> None:
    sys.exit(f"package-extension: {message}")


def companion_version() -> str:
    text = (ROOT / "companion" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([^"]+)"$', text, re.MULTILINE)
    if not found:
        fail("companion/__init__.py names no __version__")
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    if declared != found.group(1):
        fail(f"pyproject.toml says version {declared}, companion/__init__.py says {found.group(1)}: make them agree")
    return found.group(1)


def extension_files() -> list[tuple[Path, str]]:
    files = []
    for path in sorted(SOURCE.rglob("*")):
        rel = path.relative_to(SOURCE)
        if path.is_dir() or any(part.startswith(".") for part in rel.parts) or path.name in JUNK_NAMES:
            continue
        if path.name.endswith(JUNK_SUFFIXES) or not path.name.endswith(ALLOWED_SUFFIXES):
            print(f"package-extension: leaving out {rel}", file=sys.stderr)
            continue
        files.append((path, rel.as_posix()))
    return files


def check_named_files(manifest: dict, names: set[str]) -> None:
    """Everything the manifest names must be there, or the store (and the browser) would reject it."""
    named = set(manifest["background"].get("scripts", [])) | {manifest["background"].get("service_worker", "background.js")}
    for script in manifest["content_scripts"]:
        named |= set(script["js"])
    named |= set(manifest["icons"].values()) | {manifest["action"]["default_popup"], manifest["options_ui"]["page"]}
    missing = named - names
    if missing:
        fail(f"the manifest names files that are missing: {sorted(missing)}")


def for_chrome(manifest: dict, version: str) -> dict:
    out = {key: value for key, value in manifest.items() if key != "browser_specific_settings"}
    out["background"] = {key: value for key, value in manifest["background"].items() if key != "scripts"}
    return with_version(out, version, display_name=True)


def for_firefox(manifest: dict, version: str) -> dict:
    out = {key: value for key, value in manifest.items() if key != "minimum_chrome_version"}
    out["background"] = {key: value for key, value in manifest["background"].items() if key != "service_worker"}
    return with_version(out, version, display_name=False)


def with_version(manifest: dict, version: str, *, display_name: bool) -> dict:
    """Stores take 1 to 4 dot-separated numbers; a pre-release (0.2.0rc1) keeps its numbers, and Chrome
    shows the whole name beside them."""
    numbers = re.match(r"\d+(?:\.\d+){0,3}", version)
    if not numbers:
        fail(f"the version {version!r} does not start with numbers")
    out = dict(manifest, version=numbers.group(0))
    if display_name and numbers.group(0) != version:
        out["version_name"] = version
    return out


def write_zip(out: Path, files: list[tuple[Path, str]], manifest: dict) -> None:
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path, rel in files:
            # Fixed timestamps: the same sources give the same zip.
            info = zipfile.ZipInfo(rel, date_time=(2020, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            data = (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode() if rel == "manifest.json" else path.read_bytes()
            zf.writestr(info, data)


def build_firefox(files: list[tuple[Path, str]], manifest: dict, version: str) -> Path:
    if not WEB_EXT.exists():
        fail("the Firefox package is built by web-ext (npm); run ./scripts/test once, or npm ci, to install it")
    name = f"order-guard-firefox-{version}.zip"
    with tempfile.TemporaryDirectory(prefix="order-guard-firefox-") as tmp:
        stage = Path(tmp) / "extension"
        for path, rel in files:
            (stage / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, stage / rel)
        (stage / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        lint = subprocess.run([str(WEB_EXT), "lint", "--source-dir", str(stage), "--output", "json", "--no-input"],
                              capture_output=True, text=True)
        try:
            report = json.loads(lint.stdout)
        except ValueError:
            fail(f"web-ext lint did not answer: {(lint.stderr or lint.stdout)[-500:]}")
        for finding in report["errors"] + report["warnings"]:
            print(f"package-extension: Firefox {finding['_type']} {finding['code']}: {finding['message']}", file=sys.stderr)
        if report["summary"]["errors"]:
            fail("web-ext lint found errors in the Firefox package (above)")
        build = subprocess.run([str(WEB_EXT), "build", "--source-dir", str(stage), "--artifacts-dir", str(DIST),
                                "--filename", name, "--overwrite-dest", "--no-input"], capture_output=True, text=True)
        if build.returncode != 0:
            fail(f"web-ext build failed: {(build.stderr or build.stdout)[-1000:]}")
    return DIST / name


def main() -> int:
    version = companion_version()
    source = json.loads((SOURCE / "manifest.json").read_text(encoding="utf-8"))
    files = extension_files()
    check_named_files(source, {rel for _, rel in files})
    DIST.mkdir(exist_ok=True)
    chrome = DIST / f"order-guard-chrome-{version}.zip"
    write_zip(chrome, files, for_chrome(source, version))
    firefox = build_firefox(files, for_firefox(source, version), version)
    for out in (chrome, firefox):
        print(f"{out.relative_to(ROOT)} ({out.stat().st_size // 1024} KB, {len(files)} files)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
