"""Captured data in the shapes it really comes in: components recognised by what they carry, not by
their key; status codes before status texts; a status text nobody knows is ``unknown`` plus a
warning, never a guess. Inputs are the real captures reshaped; expected values are written by hand
from the real data (see tests/fixtures/pages/captured/, copies of the shared real samples)."""

from __future__ import annotations

import copy
import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from companion.parsing import parse_page

CAP = Path(__file__).resolve().parents[1] / "fixtures" / "pages" / "captured"
WHEN = datetime(2026, 9, 7, 15, tzinfo=timezone.utc)
PREFIX = "pc_om_list_order_"

# The real My Orders capture, read by eye: id -> (status, order date, total in BRL, store)
LIST = {
    "8212313961591322": ("completed", "2026-07-15", "132.74", "Vega Store"),
    "8211748238135282": ("completed", "2026-05-18", "87.82", "NANO Store"),
    "8212611134562621": ("completed", "2026-06-26", "335.07", "XENON Store"),
    "8211781299384136": ("completed", "2026-05-27", "400.20", "Bravo Store"),
    "8210505692320516": ("completed", "2026-04-08", "45.87", "LIMA Store"),
    "8211589415816822": ("completed", "2026-04-19", "13.97", "Jade Store"),
    "8212268452148012": ("completed", "2026-07-15", "277.33", "Tango Store"),
    "8214398062177351": ("awaiting_delivery", "2026-09-01", "31.93", "LIMA Store"),
    "8211736227630231": ("completed", "2026-04-23", "287.99", "Tango Store"),
    "8214779947343229": ("awaiting_delivery", "2026-09-01", "87.15", "LIMA Store"),
}


def load(name: str):
    return json.loads((CAP / name).read_text(encoding="utf-8"))


def real_list() -> dict:
    return load("order-list.mtop.json")


def components() -> dict:
    return real_list()["data"]["data"]


def assert_real_list(result) -> None:
    assert result.page_kind == "order_list", result.warnings
    got = {o["order_id"]: (o["status"], o["order_date"], o["total"]["amount"], o["store"]) for o in result.orders}
    assert got == LIST
    assert all(o["total"]["currency"] == "BRL" for o in result.orders)
    assert result.warnings == []


def _rekeyed(prefix: str) -> dict:
    return {(prefix + k[len(PREFIX):] if k.startswith(PREFIX) else k): v for k, v in components().items()}


SHAPES = {
    "keys_v2": lambda: {**real_list(), "data": {**real_list()["data"], "data": _rekeyed("pc_om_list_order_v2_")}},
    "keys_order_list_item": lambda: {**real_list(), "data": {**real_list()["data"], "data": _rekeyed("order_list_item_")}},
    "keys_opaque": lambda: {"data": {"data": {f"c{i}": v for i, v in enumerate(components().values())}}},
    "list_of_components": lambda: {**real_list(), "data": {**real_list()["data"], "data": list(components().values())}},
    "nested_one_deeper": lambda: {**real_list(), "data": {**real_list()["data"], "data": {"body": {"components": components()}}}},
    "data_data_no_api": lambda: {"data": {"data": components()}},
    "data_only": lambda: {"data": components()},
    "bare_components": lambda: components(),
    "bare_list": lambda: list(components().values()),
    "fields_only": lambda: {"data": {"data": {k: v["fields"] for k, v in components().items()}}},
}


@pytest.mark.parametrize("shape", SHAPES, ids=list(SHAPES))
def test_list_components_are_found_by_content(shape):
    assert_real_list(parse_page("", SHAPES[shape](), WHEN))


@pytest.mark.parametrize("text", [
    "mtopjsonp3({data});", "mtopjsonp3({data})", " mtopjsonp12( {data} ) ;\n", "window.cb.x({data});  \n",
])
def test_list_as_jsonp_text(text):
    body = text.replace("{data}", json.dumps(real_list(), ensure_ascii=False))
    assert_real_list(parse_page("https://www.aliexpress.com/p/order/index.html", body, WHEN))


def test_component_named_by_type_only():
    """An orderId and a type naming a list order is enough, whatever else the card lacks."""
    card = {"type": "pc_om_list_order", "tag": "pc_om_list_order", "id": "8212313961591322",
            "fields": {"orderId": "8212313961591322", "storeName": "Vega Store"}}
    result = parse_page("", {"data": {"data": {"whatever": card}}}, WHEN)
    assert result.page_kind == "order_list"
    assert [(o["order_id"], o["store"]) for o in result.orders] == [("8212313961591322", "Vega Store")]


def test_non_order_components_are_not_orders():
    """The header, body and page components of the real list hold no order; alone they give none, and say so."""
    comps = {k: v for k, v in components().items() if not k.startswith(PREFIX)}
    result = parse_page("", {"api": "mtop.aliexpress.trade.buyer.order.list", "data": {"data": comps}}, WHEN)
    assert result.page_kind == "order_list" and result.orders == []
    assert any("holds no order" in w for w in result.warnings), result.warnings


def test_unreadable_order_data_is_never_silent():
    """Order ids in a layout nobody knows: zero orders, and a warning that says so."""
    data = {"api": "mtop.aliexpress.trade.buyer.order.list",
            "data": {"data": {"x1": {"fields": {"orderNo": "8212313961591322", "state": "???"}}}}}
    result = parse_page("", data, WHEN)
    assert result.orders == [] and result.warnings


# ---- order detail and tracking ------------------------------------------------------------------
DETAIL = {  # the real detail capture, read by eye
    "order_id": "8212313961591322", "status": "completed", "status_text": "Completed", "order_date": "2026-07-15",
    "paid_at": "2026-07-15", "shipped_at": "2026-07-16", "completed_at": "2026-07-28",
    "total": {"amount": "132.74", "currency": "BRL"},
    "protection": {"ends_at": "2026-09-04T00:00:00-07:00", "source": "page", "days": None},
    "estimated_delivery_at": "2026-08-03", "coupon_deadline_at": "2026-08-03",
}


def detail_blocks() -> list[dict]:
    return list(load("order-detail.mtop.json")["data"]["data"].values())


DETAIL_SHAPES = {
    "keys_opaque": lambda: {"api": "mtop.aliexpress.trade.buyer.order.detail",
                            "data": {"data": {f"block_{i}": b for i, b in enumerate(detail_blocks())}}},
    "list_of_blocks": lambda: {"data": {"data": detail_blocks()}},
    "nested_one_deeper": lambda: {"data": {"data": {"blocks": {str(i): b for i, b in enumerate(detail_blocks())}}}},
    "bare_list": lambda: detail_blocks(),
    "fields_only": lambda: {"data": {f"b{i}": b["fields"] for i, b in enumerate(detail_blocks())}},
}


@pytest.mark.parametrize("shape", DETAIL_SHAPES, ids=list(DETAIL_SHAPES))
def test_detail_blocks_are_found_by_content(shape):
    result = parse_page("", DETAIL_SHAPES[shape](), WHEN)
    assert result.page_kind == "order_detail", result.warnings
    (order,) = result.orders
    assert {key: order[key] for key in DETAIL} == DETAIL
    assert "OPEN_DISPUTE" in order["buttons"]
    assert result.warnings == []


@pytest.mark.parametrize("wrap", [
    lambda m: {"data": {"result": {"logistics": m}}},
    lambda m: {"module": m},
    lambda m: [m],
    lambda m: m,
])
def test_tracking_found_by_its_package_list(wrap):
    module = load("tracking.mtop.json")["data"]["module"]
    result = parse_page("", wrap(module), WHEN)
    assert result.page_kind == "tracking"
    (order,) = result.orders
    assert order["order_id"] == "8212313961591322"
    assert order["delivered_at"] == "2026-07-28" and order["tracking_number"] == "AA000000000BR"
    assert order["protection"]["ends_at"] == "2026-09-03T00:00:00-07:00"


def test_tracking_order_id_from_an_encoded_api_url():
    """The API call names the order only in its URL-encoded ``data`` parameter."""
    module = copy.deepcopy(load("tracking.mtop.json")["data"]["module"])
    module.pop("fastDeliveryInfoDTO")  # the tipsLink that names the order lives there
    url = ("https://acs.aliexpress.com/h5/mtop.ae.ld.querydetail/1.0/?api=mtop.ae.ld.querydetail"
           "&data=%7B%22tradeOrderId%22%3A%228212313961591322%22%7D")
    result = parse_page(url, {"api": "mtop.ae.ld.querydetail", "data": {"module": module}}, WHEN)
    assert [o["order_id"] for o in result.orders] == ["8212313961591322"]


def test_private_blocks_are_not_read():
    """The buyer's address blocks never reach an order, whatever they are keyed or nested as."""
    detail = load("order-detail.mtop.json")
    detail["data"]["data"] = {f"k{i}": b for i, b in enumerate(detail["data"]["data"].values())}
    dumped = json.dumps(parse_page("", detail, WHEN).to_json(), ensure_ascii=False)
    for private in ("Comprador Exemplo", "11999999999", "Rua Exemplo", "Bairro Exemplo", "00000-000", "Cidade Exemplo"):
        assert private not in dumped


# ---- status: codes first, then texts; an unknown text is unknown -------------------------------
def card(status_text: str | None, buttons=("REPURCHASE", "DELETE"), **codes) -> dict:
    """The real Vega Store card with another status text, buttons and status codes."""
    comp = copy.deepcopy(components()[PREFIX + "8212313961591322"])
    fields = comp["fields"]
    if status_text is None:
        fields.pop("statusText")
    else:
        fields["statusText"] = status_text
    fields["buttons"] = [{"type": b, "text": b.title()} for b in buttons]
    fields.update(codes)
    return {"api": "mtop.aliexpress.trade.buyer.order.list", "data": {"data": {PREFIX + "8212313961591322": comp}}}


def status_of(data, url: str = "") -> tuple[str, list[str]]:
    result = parse_page(url, data, WHEN)
    (order,) = result.orders
    return order["status"], result.warnings


@pytest.mark.parametrize("text,expected", [
    ("Expired", "closed"),  # closed because the time to pay ran out
    ("Payment failed", "awaiting_payment"),
    ("Order closed", "closed"),
    ("Refunded", "closed"),
    ("Awaiting confirmation", "awaiting_delivery"),
    ("Awaiting shipment", "awaiting_shipment"),
    ("Shipped", "awaiting_delivery"),
    ("Delivered", "awaiting_delivery"),  # not confirmed yet: protection still runs
    ("Order cancelled", "closed"),
    ("Pending payment", "awaiting_payment"),
])
def test_statuses_seen_on_real_accounts(text, expected):
    assert status_of(card(text)) == (expected, [])


@pytest.mark.parametrize("url,text,expected", [
    ("https://aliexpress.ru/order-list", "Доставлен", "awaiting_delivery"),
    ("https://aliexpress.ru/order-list", "Истёк срок оплаты", "closed"),
    ("https://fr.aliexpress.com/p/order/index.html", "Livrée", "awaiting_delivery"),
    ("https://fr.aliexpress.com/p/order/index.html", "Expirée", "closed"),
    ("https://de.aliexpress.com/p/order/index.html", "Abgelaufen", "closed"),
    ("https://de.aliexpress.com/p/order/index.html", "Zugestellt", "awaiting_delivery"),
    ("https://es.aliexpress.com/p/order/index.html", "Reembolsado", "closed"),
    ("https://pt.aliexpress.com/p/order/index.html", "Entregue", "awaiting_delivery"),
    ("https://he.aliexpress.com/p/order/index.html", "פג תוקף", "closed"),
])
def test_the_same_statuses_in_other_languages(url, text, expected):
    assert status_of(card(text), url) == (expected, [])


@pytest.mark.parametrize("codes,text,expected", [
    ({"orderStatus": "WAIT_BUYER_ACCEPT_GOODS"}, "Completed", "awaiting_delivery"),
    ({"status": "WAIT_BUYER_ACCEPT_GOODS"}, "Order closed", "awaiting_delivery"),
    ({"tradeStatus": "FINISH"}, "Awaiting delivery", "completed"),
    ({"statusCode": "IN_ISSUE"}, "Completed", "in_dispute"),
    ({"orderStatus": "SOMETHING_NEW"}, "Completed", "completed"),  # a code nobody knows says nothing: the text decides
])
def test_status_code_before_status_text(codes, text, expected):
    assert status_of(card(text, **codes))[0] == expected


def test_button_code_before_status_text():
    """A "Confirm received" button (type CONFIRM_GOODS) means the parcel is still coming."""
    assert status_of(card("Completed", buttons=("CONFIRM_GOODS", "TRACKING")))[0] == "awaiting_delivery"


def test_detail_status_code_before_title():
    detail = load("order-detail.mtop.json")
    status_block = detail["data"]["data"]["detail_order_status_block_111818"]["fields"]
    status_block["orderStatus"] = "WAIT_BUYER_ACCEPT_GOODS"
    (order,) = parse_page("", detail, WHEN).orders
    assert order["status_text"] == "Completed" and order["status"] == "awaiting_delivery"


@pytest.mark.parametrize("buttons", [("REPURCHASE", "DELETE"), ("CANCEL",), ()])
def test_unknown_status_text_is_unknown_with_a_warning(buttons):
    status, warnings = status_of(card("Awaiting the courier's mood", buttons=buttons))
    assert status == "unknown"
    assert any("Awaiting the courier's mood" in w for w in warnings), warnings


def test_no_text_and_no_code_falls_back_to_buttons():
    assert status_of(card(None, buttons=("CANCEL",)))[0] == "awaiting_shipment"
    assert status_of(card(None, buttons=("REPURCHASE",)))[0] == "unknown"
