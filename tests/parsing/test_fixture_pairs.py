"""One test per fixture pair: tests/fixtures/pages/<family>/<case>.(html|json) + <case>.expected.json."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from companion.model import PAGE_FIELDS
from companion.parsing import parse_page

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
PAIRS = sorted(PAGES.glob("*/*.expected.json"))
BUYER = ("Comprador Exemplo", "11999999999", "Rua Exemplo", "Bairro Exemplo", "00000-000")


def _source(expected: Path) -> Path:
    stem = expected.name[: -len(".expected.json")]
    return next(p for p in expected.parent.iterdir() if p.name.startswith(stem + ".") and p.name != expected.name
                and p.name[len(stem) + 1:] in ("html", "json"))


@pytest.mark.parametrize("expected_path", PAIRS, ids=[f"{p.parent.name}/{p.name[:-14]}" for p in PAIRS])
def test_fixture_pair(expected_path: Path):
    spec = json.loads(expected_path.read_text(encoding="utf-8"))
    text = _source(expected_path).read_text(encoding="utf-8")
    result = parse_page(spec["url"], text, datetime.fromisoformat(spec["captured_at"])).to_json()
    assert result["page_kind"] == spec["page_kind"]
    assert result["warnings"] == spec["warnings"]
    assert result["orders"] == spec["orders"]
    for order in result["orders"]:
        assert tuple(order) == PAGE_FIELDS
    dumped = json.dumps(result, ensure_ascii=False)
    for private in BUYER:
        assert private not in dumped


def test_every_family_and_language_is_covered():
    families = {p.parent.name for p in PAIRS}
    assert families >= {"order_list", "order_detail", "tracking", "trade_list", "trade_detail", "ru_list", "ru_detail", "captured"}
    for family in families:
        assert sum(1 for p in PAIRS if p.parent.name == family) >= 3, family
    for lang in ("en", "ru", "he", "es", "pt", "fr", "de"):
        assert sum(1 for p in PAIRS if p.name[: -len(".expected.json")].endswith("_" + lang)
                   or f"_{lang}_" in p.name) >= 2, lang


def test_pii_fixture_really_holds_the_buyer():
    page = (PAGES / "order_list" / "real_capture_page_en.html").read_text(encoding="utf-8")
    detail = (PAGES / "order_detail" / "real_capture_page_en.html").read_text(encoding="utf-8")
    assert "Comprador Exemplo" in page and "11999999999" in page
    assert "Rua Exemplo" in detail and "Comprador Exemplo" in detail
