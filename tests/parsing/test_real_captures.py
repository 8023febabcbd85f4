"""The real captures parse to exactly the values they hold (checked by hand, not by snapshot)."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from companion.parsing import parse_page
from tests.fixtures import pagegen

CAP = Path(__file__).resolve().parents[1] / "fixtures" / "pages" / "captured"
WHEN = datetime(2026, 9, 7, 15, tzinfo=timezone.utc)

LIST = [  # id, status_text, date, total, store, items [(qty, price)], buttons
    ("8212313961591322", "Completed", "2026-07-15", "132.74", "Vega Store", [(1, "126.59")], ["REPURCHASE", "DELETE"]),
    ("8211748238135282", "Completed", "2026-05-18", "87.82", "NANO Store", [(1, "37.79"), (1, "35.10")], ["REPURCHASE", "DELETE"]),
    ("8212611134562621", "Completed", "2026-06-26", "335.07", "XENON Store", [(1, "328.65")], ["REPURCHASE", "DELETE"]),
    ("8211781299384136", "Completed", "2026-05-27", "400.20", "Bravo Store", [(1, "448.85")], ["REPURCHASE", "DELETE"]),
    ("8210505692320516", "Completed", "2026-04-08", "45.87", "LIMA Store", [(1, "31.69")], ["REPURCHASE", "DELETE"]),
    ("8211589415816822", "Completed", "2026-04-19", "13.97", "Jade Store", [(1, "10.70")], ["REPURCHASE", "DELETE"]),
    ("8212268452148012", "Completed", "2026-07-15", "277.33", "Tango Store", [(1, "304.53")], ["REPURCHASE", "DELETE"]),
    ("8214398062177351", "Awaiting delivery", "2026-09-01", "31.93", "LIMA Store", [(2, "13.90")], ["CONFIRM_GOODS", "TRACKING"]),
    ("8211736227630231", "Completed", "2026-04-23", "287.99", "Tango Store", [(1, "287.99")], ["REPURCHASE", "DELETE"]),
    ("8214779947343229", "Awaiting delivery", "2026-09-01", "87.15", "LIMA Store", [(2, "37.99")], ["CONFIRM_GOODS", "TRACKING"]),
]


def load(name: str):
    return json.loads((CAP / name).read_text(encoding="utf-8"))


def test_list_capture_all_ten_orders():
    result = parse_page("", load("order-list.mtop.json"), WHEN)
    assert result.page_kind == "order_list" and result.warnings == []
    got = {o["order_id"]: o for o in result.orders}
    assert len(got) == 10
    for oid, status_text, day, total, store, items, buttons in LIST:
        order = got[oid]
        assert order["status_text"] == status_text
        assert order["status"] == ("completed" if status_text == "Completed" else "awaiting_delivery")
        assert order["order_date"] == day
        assert order["total"] == {"amount": total, "currency": "BRL"}
        assert order["store"] == store
        assert [(i["quantity"], i["price"]["amount"]) for i in order["items"]] == items
        assert all(i["price"]["currency"] == "BRL" and i["title"] for i in order["items"])
        assert order["buttons"] == buttons


def test_list_capture_html_rendering_agrees_with_json():
    data = load("order-list.mtop.json")
    from_json = parse_page("", data, WHEN).orders
    fields = [v["fields"] for k, v in data["data"]["data"].items() if k.startswith("pc_om_list_order_")]
    from_html = parse_page("https://www.aliexpress.com/p/order/index.html", pagegen.render_order_list(fields), WHEN).orders
    assert sorted(o["order_id"] for o in from_json) == sorted(row[0] for row in LIST)  # both empty would agree, too
    assert [o["order_id"] for o in from_html] == [o["order_id"] for o in from_json]
    for h, j in zip(from_html, from_json):
        for key in ("status", "status_text", "order_date", "store", "total", "buttons", "protection"):
            assert h[key] == j[key], key
        if len(j["items"]) == 1:  # several items show only pictures on the list page
            assert h["items"] == j["items"]
        else:
            assert len(h["items"]) == len(j["items"])


def test_detail_capture_dates_and_deadlines():
    (order,) = parse_page("", load("order-detail.mtop.json"), WHEN).orders
    assert order["order_id"] == "8212313961591322"
    assert order["shipped_at"] == "2026-07-16"
    assert order["completed_at"] == "2026-07-28"
    assert order["order_date"] == order["paid_at"] == "2026-07-15"
    assert order["estimated_delivery_at"] == "2026-08-03"
    assert order["coupon_deadline_at"] == "2026-08-03"
    assert order["protection"] == {"ends_at": "2026-09-04T00:00:00-07:00", "source": "page", "days": None}
    assert order["total"] == {"amount": "132.74", "currency": "BRL"}
    assert "OPEN_DISPUTE" in order["buttons"]


def test_tracking_capture_says_sep_3_and_delivered_jul_28():
    result = parse_page("", load("tracking.mtop.json"), WHEN)
    assert result.page_kind == "tracking"
    (order,) = result.orders
    assert order["order_id"] == "8212313961591322"
    assert order["protection"]["ends_at"] == "2026-09-03T00:00:00-07:00"  # the detail page says Sep 4
    assert order["delivered_at"] == "2026-07-28"
    assert order["tracking_number"] == "AA000000000BR"


def test_fragment_2023_buyer_protection_days():
    text = (CAP / "order-list-component.fragment.json").read_text(encoding="utf-8")
    (order,) = parse_page("", text, WHEN).orders
    assert order["status"] == "completed" and order["status_text"] == "Finished"
    assert order["total"] == {"amount": "4.59", "currency": "USD"}
    assert order["protection"] == {"ends_at": None, "source": "page", "days": 75}


def test_captured_data_never_leaks_address():
    for name in ("order-detail.mtop.json", "tracking.mtop.json"):
        dumped = json.dumps(parse_page("", load(name), WHEN).to_json(), ensure_ascii=False)
        for private in ("Comprador", "Rua Exemplo", "11999999999", "00000-000", "Cidade Exemplo"):
            assert private not in dumped
