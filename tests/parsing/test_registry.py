"""The registry owns every URL test: each family's example addresses pick that family, and the
extension's page detection and manifest match patterns agree with the same list."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from companion.parsing import registry

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = [(family, url) for family in registry.FAMILIES for url in family.examples]


def extension_kind(family) -> str:
    """The extension's three page categories."""
    return "tracking" if family.kind == "tracking" else "list" if family.many else "detail"


def test_every_family_declares_examples_urls_and_markers():
    for family in registry.FAMILIES:
        assert family.examples and family.urls and family.markers, family.kind


@pytest.mark.parametrize("family, url", EXAMPLES, ids=[f"{f.kind}:{u}" for f, u in EXAMPLES])
def test_an_example_address_picks_its_family(family, url):
    assert registry.by_url(url) is family


def test_an_address_of_no_family_picks_none():
    for url in ("https://www.aliexpress.com/item/1005001.html", "https://example.com/p/order/list", ""):
        assert registry.by_url(url) is None


def test_the_extensions_page_detection_agrees_with_the_registry():
    script = ("const pages = require(process.argv[1]); const urls = JSON.parse(process.argv[2]);"
              "console.log(JSON.stringify(urls.map((u) => pages.pageKind(u))));")
    urls = [url for _, url in EXAMPLES]
    out = subprocess.run(["node", "-e", script, str(ROOT / "extension" / "lib" / "pages.js"), json.dumps(urls)],
                         capture_output=True, text=True, check=True, timeout=60)
    got = json.loads(out.stdout)
    assert got == [extension_kind(family) for family, _ in EXAMPLES]


def _match_pattern(pattern: str) -> re.Pattern:
    """A WebExtension match pattern ("https://*.aliexpress.com/p/order/index.html*") as a regex."""
    scheme, rest = pattern.split("://", 1)
    host, _, path = rest.partition("/")
    host_re = r"(?:[^/]+\.)?" + re.escape(host[2:]) if host.startswith("*.") else re.escape(host)
    path_re = ".*".join(re.escape(part) for part in ("/" + path).split("*"))
    return re.compile(f"^{re.escape(scheme)}://{host_re}{path_re}$")


def test_the_manifest_loads_the_content_script_on_every_example():
    manifest = json.loads((ROOT / "extension" / "manifest.json").read_text(encoding="utf-8"))
    scripts = [entry for entry in manifest["content_scripts"] if "content/orders.js" in entry.get("js", [])]
    patterns = [_match_pattern(p) for entry in scripts for p in entry["matches"]]
    missing = [url for _, url in EXAMPLES if not any(p.match(url) for p in patterns)]
    assert missing == []
