"""The extension speaks the companion's UI languages: its _locales/ folders, its own language list,
RTL list and alias, and its options page match companion/i18n/languages.py (read-only: the
extension has no build step, so it cannot import the table)."""

from __future__ import annotations

import re
from pathlib import Path

from companion.i18n import ALIASES, LANGUAGES, RTL

EXTENSION = Path(__file__).resolve().parents[2] / "extension"


def js_list(source: str, name: str) -> list[str]:
    match = re.search(rf"\bconst {name}\s*=\s*\[([^\]]*)\]", source)
    assert match, f"extension/lib/i18n.js has no {name} list"
    return re.findall(r"""["']([^"']+)["']""", match.group(1))


def test_locales_folders_are_the_ui_languages():
    folders = sorted(p.name for p in (EXTENSION / "_locales").iterdir() if p.is_dir())
    assert folders == sorted(LANGUAGES)
    assert all((EXTENSION / "_locales" / code / "messages.json").is_file() for code in folders)


def test_the_extensions_lists_match_the_table():
    source = (EXTENSION / "lib" / "i18n.js").read_text(encoding="utf-8")
    assert sorted(js_list(source, "SUPPORTED")) == sorted(LANGUAGES)
    assert sorted(js_list(source, "RTL")) == sorted(RTL)
    for alias, code in ALIASES.items():
        assert re.search(rf"""===\s*["']{alias}["']\)\s*return\s*["']{code}["']""", source), (alias, code)


def test_the_options_page_offers_every_language():
    html = (EXTENSION / "options" / "options.html").read_text(encoding="utf-8")
    select = re.search(r'<select id="lang">(.*?)</select>', html, re.S)
    assert select
    offered = dict(re.findall(r'<option value="([^"]+)"[^>]*>([^<]*)</option>', select.group(1)))
    offered.pop("auto", None)
    assert offered == {code: language.name for code, language in LANGUAGES.items()}
