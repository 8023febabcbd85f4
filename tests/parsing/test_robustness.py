"""Garbage in never raises; unknown pages say why; the CLI prints JSON for HTML and captured data."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from companion import cli
from companion.parsing import parse_page
from tests.fixtures import pagegen

WHEN = datetime(2026, 9, 7, tzinfo=timezone.utc)
PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"

GARBAGE = [
    "", "   ", "\x00\x01\x02\xff" * 50, "<html><body><div class='order-item'><div class='order-item-header'>", "<" * 5000,
    "<div>" * 3000 + "x", "{", "[1, 2, 3]", '{"api": 5}', '{"api": "mtop.aliexpress.trade.buyer.order.list", "data": []}',
    {"data": {"data": {"pc_om_list_order_1": "nope"}}}, {"data": {"data": {"pc_om_list_order_1": {"fields": {"orderId": ["x"], "orderLines": "x"}}}}},
    {"api": "mtop.ae.ld.querydetail", "data": {"module": {"trackingDetailLineList": [None, 3, {"detailList": "x"}]}}},
    [None, {}, []], 42, None, b"<html>\xff\xfe</html>", "not html at all",
    pagegen.render_order_list(pagegen.synthetic_orders(5, 3))[:3000],
    '"pc_om_list_order_5": {"fields": {"orderId": 5}}',
]


@pytest.mark.parametrize("content", GARBAGE, ids=range(len(GARBAGE)))
@pytest.mark.parametrize("url", ["", "https://www.aliexpress.com/p/order/index.html", "https://trade.aliexpress.com/orderList.htm", None])
def test_garbage_never_raises(content, url):
    parsed = parse_page(url, content, WHEN)
    # parse_page never raises (its catch-all turns a crash into a warning): a crash is a bug here too
    assert not parsed.crashed, parsed.warnings
    result = parsed.to_json()
    json.dumps(result)
    assert result["page_kind"] in ("order_list", "order_detail", "tracking", "trade_list", "trade_detail", "ru_list", "ru_detail", "unknown")
    assert result["orders"] or result["warnings"]  # nothing read: a warning says why, whatever the page kind


def test_unknown_page_says_why():
    result = parse_page("https://example.com/", "<html><body><p>Hello</p></body></html>", WHEN)
    assert result.page_kind == "unknown" and result.orders == []
    assert "not a recognized AliExpress order page" in result.warnings[0]


def test_naive_captured_at_is_accepted():
    result = parse_page("", (PAGES / "captured" / "tracking.mtop.json").read_text(), datetime(2026, 9, 7))
    assert result.orders[0]["delivered_at"] == "2026-07-28"


def test_cli_parses_html_and_json(capsys):
    assert cli.main(["parse", str(PAGES / "order_detail" / "real_capture_area_no_url_en.html"), "--captured-at", "2026-09-07T15:00:00Z"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["page_kind"] == "order_detail" and out["orders"][0]["shipped_at"] == "2026-07-16"
    assert cli.main(["parse", str(PAGES / "captured" / "order-list.mtop.json")]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["page_kind"] == "order_list" and len(out["orders"]) == 10
    assert cli.main(["parse", str(PAGES / "order_list" / "synthetic_area_he.html"),
                     "--url", "https://he.aliexpress.com/p/order/index.html"]) == 0
    assert json.loads(capsys.readouterr().out)["orders"][0]["status_text"] == "ממתין לתשלום"
