"""POST /api/v1/pages with the page's own data beside its DOM, the reading counts, and POST /api/v1/report."""

from __future__ import annotations

import json
from pathlib import Path

from companion.parsing import CRASH

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
LIST_URL = "https://www.aliexpress.com/p/order/index.html"
OLD_LIST_URL = "https://trade.aliexpress.com/orderList.htm"


def capture() -> dict:
    return json.loads((PAGES / "captured" / "order-list.mtop.json").read_text(encoding="utf-8"))


def cards_without_words(data: dict) -> str:
    """Cards of the current layout whose labels are in a language no vocabulary knows: only the
    order link is readable."""
    ids = [v["fields"]["orderId"] for k, v in data["data"]["data"].items() if k.startswith("pc_om_list_order_")]
    cards = "".join(f'<div class="order-item"><div class="order-item-header"><div class="order-item-header-status">'
                    f'<span class="order-item-header-status-text">Stato sconosciuto</span></div>'
                    f'<div class="order-item-header-right"><a href="https://www.aliexpress.com/p/order/detail.html?orderId={i}">'
                    f'Dettagli</a></div></div></div>' for i in ids)
    return f'<div class="order-list">{cards}</div>'


async def test_captured_data_fills_what_the_dom_could_not_say(companion):
    data = capture()
    resp = await companion.request("POST", "/api/v1/pages", json={
        "url": LIST_URL, "html": cards_without_words(data), "captured_at": "2026-09-07T15:00:00Z", "captures": [data]})
    assert resp.status == 200
    body = await resp.json()
    got = {o["order_id"]: o for o in body["orders"]}
    assert len(got) == 10
    assert not [w for w in body["warnings"] if w.startswith(CRASH)]
    assert not [oid for oid, o in got.items() if o["hint"].get("internal_error")]  # "!= done" holds for the fallback too
    # values read off the capture by a person (see tests/parsing/test_real_captures.py)
    assert got["8212313961591322"]["status"] == "completed" and got["8212313961591322"]["total"]["amount"] == "132.74"
    assert got["8214398062177351"]["status"] == "awaiting_delivery"
    assert got["8214398062177351"]["hint"]["severity"] != "done"
    assert got["8212313961591322"]["hint"]["severity"] == "done"
    assert body["reading"] == {"seen": 10, "read": 10}


async def test_without_the_capture_the_same_cards_are_counted_as_unread(companion):
    resp = await companion.request("POST", "/api/v1/pages", json={
        "url": LIST_URL, "html": cards_without_words(capture()), "captured_at": "2026-09-07T15:00:00Z"})
    body = await resp.json()
    # a crash would read nothing and warn "could not read" too: the ten ids must still come from the links
    assert not [w for w in body["warnings"] if w.startswith(CRASH)]
    shown = [v["fields"]["orderId"] for k, v in capture()["data"]["data"].items() if k.startswith("pc_om_list_order_")]
    assert len(shown) == 10 and sorted(o["order_id"] for o in body["orders"]) == sorted(shown)
    assert body["reading"] == {"seen": 10, "read": 0}  # ids only: no status, no date, nothing to work a deadline from
    assert any("could not read" in w for w in body["warnings"])


async def test_bad_captures_are_a_400(companion):
    for bad in ("x", [1, 2], [{}] * 21):
        resp = await companion.request("POST", "/api/v1/pages", json={"url": LIST_URL, "html": "<p/>", "captures": bad})
        assert resp.status == 400
        assert (await resp.json())["error"]["code"] == "bad_field"


async def test_report_holds_structure_and_no_text(companion):
    html = (PAGES / "trade_list" / "real_2015_page_13_ru.html").read_text(encoding="utf-8")
    resp = await companion.request("POST", "/api/v1/report", json={"url": OLD_LIST_URL, "html": html})
    assert resp.status == 200
    report = (await resp.json())["report"]
    assert report["page_kind"] == "trade_list" and report["reading"] == {"seen": 10, "read": 10}
    dumped = json.dumps(report, ensure_ascii=False)
    for private in ("66224024961401", "BoBo Jin", "Ожидается", "CP2102"):
        assert private not in dumped


async def test_report_needs_the_pairing_token_and_a_page(companion):
    resp = await companion.request("POST", "/api/v1/report", auth=False, json={"url": OLD_LIST_URL, "html": "<p/>"})
    assert resp.status in (401, 403)
    resp = await companion.request("POST", "/api/v1/report", json={"url": OLD_LIST_URL})
    assert resp.status == 400 and (await resp.json())["error"]["code"] == "missing_field"


async def test_a_status_the_capture_explains_is_not_warned_about(companion):
    data = capture()
    body = await (await companion.request("POST", "/api/v1/pages", json={
        "url": LIST_URL, "html": cards_without_words(data), "captured_at": "2026-09-07T15:00:00Z", "captures": [data]})).json()
    assert body["warnings"] == []


async def test_the_answer_says_how_long_the_companion_worked_on_it(companion):
    """The extension reports it beside its own steps (scripts/bench's browser rows): a Server-Timing entry."""
    resp = await companion.request("POST", "/api/v1/pages", json={
        "url": LIST_URL, "html": cards_without_words(capture()), "captured_at": "2026-09-07T15:00:00Z"})
    assert resp.status == 200
    entries = dict(entry.strip().split(";dur=") for entry in resp.headers["Server-Timing"].split(","))
    assert list(entries) == ["companion", "body", "read", "store", "toolbar", "answer"]
    assert all(float(ms) >= 0 for ms in entries.values())
    assert float(entries["companion"]) >= sum(float(entries[part]) for part in ("body", "read", "store", "answer"))
    refused = await companion.request("POST", "/api/v1/pages", json={"url": LIST_URL})
    assert refused.status == 400 and refused.headers["Server-Timing"].startswith("companion;dur=")
