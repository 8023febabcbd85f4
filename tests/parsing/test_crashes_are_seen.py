"""The catch-alls keep the companion up, but a crash is never hidden from the tests: the parser
reports it as a warning of its own kind, the rules mark their fallback hint."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from companion import rules
from companion.parsing import CRASH, base, parse_page, registry
from companion.parsing.families import trade_list

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
PAIRS = sorted(PAGES.glob("*/*.expected.json"))
WHEN = datetime(2026, 9, 7, 15, tzinfo=timezone.utc)


def _parsed(expected: Path):
    spec = json.loads(expected.read_text(encoding="utf-8"))
    stem = expected.name[: -len(".expected.json")]
    source = next(p for p in expected.parent.iterdir() if p.name.startswith(stem + ".") and p != expected)
    return parse_page(spec["url"], source.read_text(encoding="utf-8"), datetime.fromisoformat(spec["captured_at"]))


def test_no_fixture_page_crashes_the_parser():
    assert len(PAIRS) >= 40, "the fixture pages were not found: nothing was checked"
    crashed = [p.name for p in PAIRS if _parsed(p).crashed]
    assert crashed == []


def test_a_family_that_raises_is_reported_not_hidden(monkeypatch):
    def broken(html, ctx):
        raise KeyError("a bug")

    index = registry.FAMILIES.index(trade_list.FAMILY)
    families = list(registry.FAMILIES)
    families[index] = base.Family(trade_list.FAMILY.kind, trade_list.FAMILY.urls, trade_list.FAMILY.markers, broken, many=True)
    monkeypatch.setattr(registry, "FAMILIES", tuple(families))
    html = (PAGES / "trade_list" / "real_2015_page_13_ru.html").read_text(encoding="utf-8")
    result = parse_page("https://trade.aliexpress.com/orderList.htm", html, WHEN)
    assert result.crashed and result.orders == []
    assert result.warnings[0].startswith(CRASH) and "KeyError" in result.warnings[0]
    assert result.seen == 10, "the buyer is still told how many orders went unread"


@pytest.mark.parametrize("lang", ["en", "he", "ru"])
def test_no_fixture_order_falls_back_to_the_rules_catch_all(lang):
    fell_back, checked = [], 0
    for path in PAIRS:
        for order in _parsed(path).orders:
            checked += 1
            if rules.hint_for(order, WHEN, lang).get("internal_error"):
                fell_back.append((path.name, order["order_id"]))
    assert checked >= 100, f"only {checked} orders read from the fixture pages: too few to show anything"
    assert fell_back == []


def test_the_rules_fallback_is_marked(monkeypatch):
    def broken(*args):
        raise ValueError("a bug")

    monkeypatch.setattr(rules, "build_hint", broken)
    hint = rules.hint_for({"order_id": "12345678", "status": "completed"}, WHEN, "en")
    assert hint["internal_error"] is True and hint["actions"] == []
