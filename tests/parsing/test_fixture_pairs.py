"""One test per fixture pair: tests/fixtures/pages/<family>/<case>.(html|json) + <case>.expected.json.

The expected files are the truth set: values a person read off the page, checked by eye
(docs/fixture-review.md says who checked what). Nothing writes them from the parser's output.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from companion.model import PAGE_FIELDS
from companion.parsing import parse_page, registry

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
PAIRS = sorted(PAGES.glob("*/*.expected.json"))
BUYER = ("Comprador Exemplo", "11999999999", "Rua Exemplo", "Bairro Exemplo", "00000-000")


def _source(expected: Path) -> Path:
    stem = expected.name[: -len(".expected.json")]
    return next(p for p in expected.parent.iterdir() if p.name.startswith(stem + ".") and p.name != expected.name
                and p.name[len(stem) + 1:] in ("html", "json"))


def _comparable(order: dict) -> dict:
    """Button codes are a set: the page shows them side by side, their order means nothing."""
    return {**order, "buttons": sorted(order.get("buttons") or [])}


@pytest.mark.parametrize("expected_path", PAIRS, ids=[f"{p.parent.name}/{p.name[:-14]}" for p in PAIRS])
def test_fixture_pair(expected_path: Path):
    spec = json.loads(expected_path.read_text(encoding="utf-8"))
    text = _source(expected_path).read_text(encoding="utf-8")
    parsed = parse_page(spec["url"], text, datetime.fromisoformat(spec["captured_at"]))
    result = parsed.to_json()
    assert not parsed.crashed, result["warnings"]
    assert result["page_kind"] == spec["page_kind"]
    assert [o["order_id"] for o in result["orders"]] == [o["order_id"] for o in spec["orders"]]
    for got, want in zip(result["orders"], spec["orders"]):
        assert tuple(got) == PAGE_FIELDS
        got, want = _comparable(got), _comparable(want)
        wrong = {key: (got.get(key), want.get(key)) for key in PAGE_FIELDS if got.get(key) != want.get(key)}
        assert not wrong, f"order {want['order_id']}: field: (read, on the page) {wrong}"
    assert result["warnings"] == spec["warnings"]
    dumped = json.dumps(result, ensure_ascii=False)
    for private in BUYER:
        assert private not in dumped


def test_every_family_and_language_is_covered():
    families = {p.parent.name for p in PAIRS}
    assert families >= set(registry.KINDS) | {"captured"}, "every family of the registry has fixture pairs"
    for family in families:
        assert sum(1 for p in PAIRS if p.parent.name == family) >= 3, family
    for lang in ("en", "ru", "he", "es", "pt", "fr", "de"):
        assert sum(1 for p in PAIRS if p.name[: -len(".expected.json")].endswith("_" + lang)
                   or f"_{lang}_" in p.name) >= 2, lang


def test_real_2015_pages_hold_forty_orders():
    real = sorted((PAGES / "trade_list").glob("real_2015_page_*_ru.expected.json"))
    assert len(real) == 4
    assert sum(len(json.loads(p.read_text(encoding="utf-8"))["orders"]) for p in real) == 40


def test_pii_fixture_really_holds_the_buyer():
    page = (PAGES / "order_list" / "real_capture_page_en.html").read_text(encoding="utf-8")
    detail = (PAGES / "order_detail" / "real_capture_page_en.html").read_text(encoding="utf-8")
    assert "Comprador Exemplo" in page and "11999999999" in page
    assert "Rua Exemplo" in detail and "Comprador Exemplo" in detail
