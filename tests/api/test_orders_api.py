"""API v1 order routes, with a parser stand-in so these tests don't depend on page layouts."""

from __future__ import annotations

import pytest

from companion import parsing
from companion.parsing import ParsedPage

LIST_URL = "https://www.aliexpress.com/p/order/index.html"


def order(order_id: str, **fields) -> dict:
    base = {"order_id": order_id, "status": "awaiting_delivery", "status_text": "Awaiting delivery",
            "order_date": "2026-10-01", "store": "Tango Store",
            "items": [{"title": "USB cable", "quantity": 1, "price": {"amount": "4.59", "currency": "USD"}}],
            "total": {"amount": "4.59", "currency": "USD"}}
    base.update(fields)
    return base


@pytest.fixture
def fake_parser(monkeypatch):
    pages: dict[str, ParsedPage] = {}

    def parse_page(url, content, captured_at, captures=()):
        return pages.get(content, ParsedPage(warnings=["unknown test page"]))

    monkeypatch.setattr(parsing, "parse_page", parse_page)
    return pages


async def post_page(comp, html: str, **extra):
    return await comp.request("POST", "/api/v1/pages", json={"url": LIST_URL, "html": html, **extra})


async def test_post_page_stores_orders_and_answers_with_hints(companion, fake_parser):
    fake_parser["list"] = ParsedPage("order_list", [order("8100000000000001"), order("8100000000000002")], [])
    resp = await post_page(companion, "list", captured_at="2026-11-20T10:00:00Z")
    assert resp.status == 200
    body = await resp.json()
    assert body["page_kind"] == "order_list"
    assert [o["order_id"] for o in body["orders"]] == ["8100000000000001", "8100000000000002"]
    assert all("hint" in o and "severity" in o["hint"] for o in body["orders"])
    assert not [o["order_id"] for o in body["orders"] if o["hint"].get("internal_error")]  # not hint_for's crash fallback
    assert body["orders"][0]["first_seen"] == "2026-11-20T10:00:00+00:00"

    listed = await (await companion.request("GET", "/api/v1/orders")).json()
    assert {o["order_id"] for o in listed["orders"]} == {"8100000000000001", "8100000000000002"}
    one = await companion.request("GET", "/api/v1/orders/8100000000000001")
    assert one.status == 200
    assert (await one.json())["store"] == "Tango Store"


async def test_unknown_page_answers_empty_with_warning(companion, fake_parser):
    resp = await post_page(companion, "<html>not an order page</html>")
    assert resp.status == 200
    body = await resp.json()
    assert body["orders"] == [] and body["warnings"]


@pytest.mark.parametrize("payload", [
    [], "text", 42, {"html": "x"}, {"url": 5, "html": "x"}, {"url": LIST_URL},
    {"url": LIST_URL, "html": 7}, {"url": LIST_URL, "html": "x", "captured_at": "yesterday"},
    {"url": LIST_URL, "html": "x", "captured_at": 12345}, {"url": LIST_URL, "data": "not-an-object"},
    {"url": "x" * 10000, "html": "x"},
])
async def test_bad_page_posts_are_400(companion, fake_parser, payload):
    resp = await companion.request("POST", "/api/v1/pages", json=payload)
    assert resp.status == 400
    err = (await resp.json())["error"]
    assert err["code"] and err["message"]


async def test_patch_user_fields(companion, fake_parser):
    fake_parser["list"] = ParsedPage("order_list", [order("8100000000000001")], [])
    await post_page(companion, "list")
    resp = await companion.request("PATCH", "/api/v1/orders/8100000000000001", json={
        "received": True, "dispute_opened_at": "2026-11-20", "note": "seller promised resend",
        "deadline_override": "2026-12-01T00:00:00-08:00"})
    assert resp.status == 200
    body = await resp.json()
    assert body["received"] is True
    assert body["dispute_opened_at"] == "2026-11-20"
    assert body["note"] == "seller promised resend"
    assert body["deadline_override"] == "2026-12-01T00:00:00-08:00"
    assert "hint" in body
    # clearing a field
    body = await (await companion.request("PATCH", "/api/v1/orders/8100000000000001", json={"note": None})).json()
    assert body["note"] is None and body["received"] is True


@pytest.mark.parametrize("payload", [
    {}, [], {"status": "completed"}, {"received": "yes"}, {"note": 5}, {"note": "x" * 5000},
    {"dispute_opened_at": "last week"}, {"deadline_override": 20261201},
])
async def test_patch_rejects_bad_fields(companion, fake_parser, payload):
    fake_parser["list"] = ParsedPage("order_list", [order("8100000000000001")], [])
    await post_page(companion, "list")
    resp = await companion.request("PATCH", "/api/v1/orders/8100000000000001", json=payload)
    assert resp.status == 400
    assert "error" in await resp.json()


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
@pytest.mark.parametrize("order_id", ["8100000000000009", "abc", "12", "1" * 40, "%2e%2e"])
async def test_missing_or_malformed_order_is_404(companion, method, order_id):
    kw = {"json": {"note": "x"}} if method == "PATCH" else {}
    resp = await companion.request(method, f"/api/v1/orders/{order_id}", **kw)
    assert resp.status == 404
    assert (await resp.json())["error"]["code"] == "not_found"


async def test_delete_order(companion, fake_parser):
    fake_parser["list"] = ParsedPage("order_list", [order("8100000000000001")], [])
    await post_page(companion, "list")
    resp = await companion.request("DELETE", "/api/v1/orders/8100000000000001")
    assert resp.status == 200
    assert (await companion.request("GET", "/api/v1/orders/8100000000000001")).status == 404


async def test_orders_survive_a_restart(make_companion, tmp_path, fake_parser):
    fake_parser["list"] = ParsedPage("order_list", [order("8100000000000001"), order("8100000000000002")], [])
    first = await make_companion(tmp_path / "d")
    await post_page(first, "list")
    await first.request("PATCH", "/api/v1/orders/8100000000000002", json={"note": "keep me"})
    await first.request("DELETE", "/api/v1/orders/8100000000000001")
    token = first.token
    await first.client.close()

    second = await make_companion(tmp_path / "d")
    assert second.token == token
    body = await (await second.request("GET", "/api/v1/orders")).json()
    assert [o["order_id"] for o in body["orders"]] == ["8100000000000002"]
    assert body["orders"][0]["note"] == "keep me"


async def test_private_fields_never_reach_the_data_folder(companion, fake_parser, tmp_path):
    """Whatever a parser hands over, only whitelisted order fields are stored."""
    leaky = order("8100000000000003", buyer_name="Maria Silva Santos", address="Rua das Flores 123",
                  phone="+55 11 91234-5678", html="<div>Maria Silva Santos</div>")
    leaky["items"][0]["receiver"] = "Maria Silva Santos"
    fake_parser["<div>Maria Silva Santos, Rua das Flores 123, +55 11 91234-5678</div>"] = ParsedPage("order_list", [leaky], [])
    resp = await post_page(companion, "<div>Maria Silva Santos, Rua das Flores 123, +55 11 91234-5678</div>")
    assert resp.status == 200
    body = await resp.text()
    await companion.client.close()  # compacts the journal into orders.json
    stored = b"".join(p.read_bytes() for p in (tmp_path / "data").rglob("*") if p.is_file())
    assert b"8100000000000003" in stored
    for secret in (b"Maria", b"Flores", b"91234"):
        assert secret not in stored
        assert secret.decode() not in body


async def test_same_page_sent_again_is_not_parsed_again(companion, monkeypatch):
    calls = []

    def parse_page(url, content, captured_at, captures=()):
        calls.append(content)
        return ParsedPage("order_list", [order("8100000000000001")], [])

    monkeypatch.setattr(parsing, "parse_page", parse_page)
    for _ in range(3):
        resp = await post_page(companion, "<div>same</div>")
        assert [o["order_id"] for o in (await resp.json())["orders"]] == ["8100000000000001"]
    await post_page(companion, "<div>changed</div>")
    assert calls == ["<div>same</div>", "<div>changed</div>"]
    assert companion.store.writes == 1  # re-sends within the hour only move last_seen: no write


async def test_disk_full_is_a_clear_error_and_keeps_data(companion, fake_parser, monkeypatch):
    import errno

    from companion.store import files

    fake_parser["a"] = ParsedPage("order_list", [order("8100000000000001", store="Before")], [])
    fake_parser["b"] = ParsedPage("order_list", [order("8100000000000001", store="After"), order("8100000000000002")], [])
    assert (await post_page(companion, "a")).status == 200

    def disk_full(path, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files, "write_atomic", disk_full)
    resp = await post_page(companion, "b")
    assert resp.status == 507
    err = (await resp.json())["error"]
    assert err["code"] == "storage_failed" and "No space left" in err["message"]
    resp = await companion.request("PATCH", "/api/v1/orders/8100000000000001", json={"note": "x"})
    assert resp.status == 507
    body = await (await companion.request("GET", "/api/v1/orders")).json()
    assert [(o["order_id"], o["store"], o["note"]) for o in body["orders"]] == [("8100000000000001", "Before", None)]


async def test_hints_follow_every_change_at_once(companion, fake_parser):
    fake_parser["list"] = ParsedPage("order_list", [order("8100000000000001", shipped_at="2026-11-01")], [])
    first = (await (await post_page(companion, "list")).json())["orders"][0]["hint"]
    # shipped Nov 1 (still PDT), no stated length: 60 days, to Dec 31 00:00 PST, or an hour earlier if counted
    # as 24-hour periods: the earlier, Dec 31 07:00 UTC; from Nov 24 (UTC) that day is 37 calendar days away
    assert (first["deadline"], first["days_left"], first["source"]) == ("2026-12-31T07:00:00+00:00", 37, "rule")
    again = (await (await post_page(companion, "list")).json())["orders"][0]["hint"]
    assert again == first
    resp = await companion.request("PATCH", "/api/v1/orders/8100000000000001",
                                   json={"deadline_override": "2026-11-26T00:00:00+00:00"})
    hint = (await resp.json())["hint"]
    assert (hint["deadline"], hint["days_left"], hint["source"]) == ("2026-11-26T00:00:00+00:00", 1, "override")
    listed = (await (await companion.request("GET", "/api/v1/orders")).json())["orders"][0]["hint"]
    assert listed == hint


async def test_orders_can_be_filtered_and_limited(companion, fake_parser):
    fake_parser["list"] = ParsedPage("order_list", [
        order("8100000000000001", shipped_at="2026-09-01"),  # old shipment: protection about to end
        order("8100000000000002", shipped_at="2026-11-20"),  # fresh: plenty of time
        order("8100000000000003", status="closed", status_text="Closed"),
    ], [])
    await post_page(companion, "list")
    body = await (await companion.request("GET", "/api/v1/orders?limit=0")).json()
    assert body == {"orders": [], "total": 3, "estimated": 2}  # the two open ones: no page gave their date
    everything = await (await companion.request("GET", "/api/v1/orders")).json()
    severities = [o["hint"]["severity"] for o in everything["orders"]]
    assert everything["total"] == 3 and severities[-1] == "done"
    first = await (await companion.request("GET", "/api/v1/orders?limit=1")).json()
    assert first["orders"] == everything["orders"][:1]
    only_done = await (await companion.request("GET", "/api/v1/orders?severity=done")).json()
    assert [o["order_id"] for o in only_done["orders"]] == ["8100000000000003"] and only_done["total"] == 1
    for bad in ("?severity=panic", "?limit=-1", "?limit=ten", "?limit=99999999999"):
        resp = await companion.request("GET", f"/api/v1/orders{bad}")
        assert resp.status == 400 and (await resp.json())["error"]["code"] == "bad_query"
