"""Every stored string has a length limit (``model.TEXT_LIMITS``), at every place data enters: a
posted page or capture, an imported file of saved responses, a restored backup and the buyer's
edit. A page's over-long value is cut (text) or dropped (a date, an amount, a currency) with a
warning the buyer sees; an over-long edit or backup note is refused."""

from __future__ import annotations

import copy
import io
import json
from datetime import datetime, timezone

from hypothesis import HealthCheck, given, settings, strategies as st

from companion.model import LIST_LIMITS, TEXT_LIMITS
from companion.service import importing
from companion.store.merge import sanitize_page_order
from tests.reliability.servers import LIST_URL, list_capture
from tests.reliability.test_big_stores import backup_bytes

ORDER = "8212313961591322"
HUGE = 5_000_000
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)


def longest_strings(value, path="") -> list[tuple[str, int]]:
    """(where, length) of every string in a stored document, keys included."""
    if isinstance(value, str):
        return [(path, len(value))]
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in longest_strings(key, f"{path}.<key>")
                + longest_strings(item, f"{path}.{key}")]
    if isinstance(value, list):
        return [found for item in value for found in longest_strings(item, f"{path}[]")]
    return []


def assert_within_limits(doc: dict) -> None:
    top = max(TEXT_LIMITS.values())
    assert all(length <= top for _, length in longest_strings(doc)), sorted(longest_strings(doc), key=lambda f: -f[1])[:3]
    for key in ("status_text", "store", "tracking_number"):
        assert doc.get(key) is None or len(doc[key]) <= TEXT_LIMITS[key]
    for item in doc.get("items") or []:
        assert item.get("title") is None or len(item["title"]) <= TEXT_LIMITS["title"]
        assert len(item.get("sku") or "") <= TEXT_LIMITS["sku"]
    assert len(doc.get("items") or []) <= LIST_LIMITS["items"] and len(doc.get("buttons") or []) <= LIST_LIMITS["buttons"]
    assert len(doc.get("note") or "") <= TEXT_LIMITS["note"]


async def send(comp, method: str, path: str, body: object):
    """A big JSON body, streamed as the browser would send it."""
    return await comp.request(method, path, data=io.BytesIO(json.dumps(body).encode()),
                              headers={"Content-Type": "application/json"})


def bloated_capture() -> dict:
    data = list_capture([ORDER])
    comp = next(v for k, v in data["data"]["data"].items() if k.startswith("pc_om_list_order_"))
    fields = comp["fields"]
    fields["storeName"] = "S" * HUGE
    fields["statusText"] = "Completed " + "x" * 1_000_000
    fields["orderLines"][0]["itemTitle"] = "T" * 1_000_000
    fields["currencyCode"] = fields["orderLines"][0]["currencyCode"] = "C" * 1_000
    return data


async def test_a_posted_capture_with_megabytes_in_its_fields_is_cut_and_says_so(make_companion):
    comp = await make_companion()
    resp = await send(comp, "POST", "/api/v1/pages", {"url": LIST_URL, "data": bloated_capture()})
    assert resp.status == 200, await resp.text()
    answer = await resp.json()
    assert any(w.startswith(f"order {ORDER}: longer than Order Guard keeps") and "store (shortened)" in w
               for w in answer["warnings"]), answer["warnings"]
    stored = comp.store.get(ORDER)
    assert stored["store"] == "S" * TEXT_LIMITS["store"]
    assert stored["items"][0]["title"] == "T" * TEXT_LIMITS["title"]
    assert_within_limits(stored)
    journal = max(comp.store.journal_dir.glob("*.json"), key=lambda p: p.name)
    assert journal.stat().st_size < 20_000  # nothing of the megabytes reached the disk


async def test_a_posted_html_page_with_a_huge_store_name_is_cut(make_companion):
    from tests.fixtures.pagegen import render_order_list, synthetic_orders

    orders = synthetic_orders(2, seed=5)
    html = render_order_list(orders, noise=False).replace(orders[0]["storeName"], "N" * 1_000_000, 1)
    comp = await make_companion()
    resp = await send(comp, "POST", "/api/v1/pages", {"url": LIST_URL, "html": html})
    assert resp.status == 200, await resp.text()
    answer = await resp.json()
    cut = [o for o in answer["orders"] if o["store"] and o["store"].startswith("NNN")]
    assert len(cut) == 1 and len(cut[0]["store"]) == TEXT_LIMITS["store"], [o["store"][:20] for o in answer["orders"]]
    assert any("store (shortened)" in w for w in answer["warnings"])


def test_an_imported_file_of_saved_responses_is_cut_and_says_so():
    raw = json.dumps([{"url": "https://acs.aliexpress.com/h5/mtop.aliexpress.trade.buyer.order.list/1.0/",
                       "json": bloated_capture()}])
    prepared = importing.prepare(raw, NOW)
    [order] = [o for page, _ in prepared.pages for o in page.orders]
    assert len(order["store"]) == TEXT_LIMITS["store"] and len(order["items"][0]["title"]) == TEXT_LIMITS["title"]
    assert any(w.startswith(f"order {ORDER}: longer than Order Guard keeps") for w in prepared.warnings)


async def test_an_edit_beyond_a_limit_is_refused(make_companion):
    comp = await make_companion()
    resp = await comp.request("POST", "/api/v1/pages", json={"url": LIST_URL, "data": list_capture([ORDER])})
    assert resp.status == 200
    for body in ({"note": "n" * (TEXT_LIMITS["note"] + 1)}, {"deadline_override": "2026-12-01T10:00:00" + " " * 40},
                 {"dispute_opened_at": "2026-11-20" + "0" * HUGE}):
        resp = await send(comp, "PATCH", f"/api/v1/orders/{ORDER}", body)
        assert resp.status == 400 and (await resp.json())["error"]["code"] == "bad_field", body.keys()
    resp = await comp.request("PATCH", f"/api/v1/orders/{ORDER}", json={"note": "n" * TEXT_LIMITS["note"]})
    assert resp.status == 200 and comp.store.get(ORDER)["note"] == "n" * TEXT_LIMITS["note"]


async def test_a_backup_with_megabytes_in_its_fields_is_cut_or_refused(make_companion):
    comp = await make_companion()
    doc = json.loads(backup_bytes(2))
    first, second = doc["orders"]
    first["store"] = "S" * HUGE
    first["total"]["currency"] = "C" * HUGE
    first["protection"]["ends_at"] = "2026-12-01" + "0" * HUGE
    first["status_history"][0]["status_text"] = "x" * HUGE
    first["status_history"].append({"status": "s" * HUGE, "at": "2026-11-24T12:00:00+00:00"})
    first["seen_on"] = ["k" * HUGE, "order_list"]
    first["protection_sources"] = {"k" * HUGE: {"ends_at": None, "days": 60}, "order_list": {"ends_at": None, "days": 60}}
    first["items"] = first["items"] * 300
    resp = await send(comp, "POST", "/api/v1/import", doc)
    assert resp.status == 200, await resp.text()
    stored = comp.store.get(first["order_id"])
    assert_within_limits(stored)
    assert stored["store"] == "S" * TEXT_LIMITS["store"] and stored["total"]["currency"] is None
    assert stored["seen_on"] == ["order_list"] and list(stored["protection_sources"]) == ["order_list"]
    assert [h["status"] for h in stored["status_history"]] == ["awaiting_delivery"]
    assert len(stored["items"]) == LIST_LIMITS["items"]
    # a note longer than the API takes: not a file Order Guard made, refused whole
    second["note"] = "n" * (TEXT_LIMITS["note"] + 1)
    resp = await send(comp, "POST", "/api/v1/import", doc)
    assert resp.status == 400 and "longer than 4000" in (await resp.json())["error"]["message"]


_text = st.one_of(st.text(max_size=5), st.builds(lambda c, n: c * n, st.sampled_from("aé€"), st.integers(0, 9000)))
_money = st.fixed_dictionaries({"amount": _text, "currency": _text})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(order=st.fixed_dictionaries({
    "order_id": st.just(ORDER), "status_text": _text, "store": _text, "tracking_number": _text, "order_date": _text,
    "items": st.lists(st.fixed_dictionaries({"title": _text, "sku": _text, "price": _money, "quantity": st.just(1)}), max_size=3),
    "total": _money, "buttons": st.lists(_text, max_size=40), "protection": st.fixed_dictionaries({"ends_at": _text, "days": st.just(60)})}))
def test_whatever_a_page_holds_the_store_keeps_it_within_the_limits(order):
    clean = sanitize_page_order(copy.deepcopy(order), NOW)
    assert_within_limits(clean)
    assert clean["total"] is None or len(clean["total"]["currency"] or "") <= TEXT_LIMITS["currency"]
