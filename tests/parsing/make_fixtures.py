"""Writes the synthetic page fixtures (inputs only). Their expected files are written by hand, by
a person who read the page (see docs/fixture-review.md); nothing here writes or updates them.

Run: .venv/bin/python -m tests.parsing.make_fixtures
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

from tests.fixtures import pagegen as pg

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
CAPTURED_AT = "2026-09-07T15:00:00+00:00"
LIST_URL = "https://www.aliexpress.com/p/order/index.html"


def real(name: str) -> dict:
    return json.loads((PAGES / "captured" / name).read_text(encoding="utf-8"))


def real_list_orders() -> list[dict]:
    data = real("order-list.mtop.json")
    return [v["fields"] for k, v in data["data"]["data"].items() if k.startswith("pc_om_list_order_")]


def awaiting_detail(capture: dict) -> dict:
    """The real detail capture turned into an order still on its way (for a second detail case)."""
    c = copy.deepcopy(capture)
    comps = c["data"]["data"]
    status = comps["detail_order_status_block_111818"]["fields"]
    status.update(title="Awaiting delivery", reminder="Your order is on its way. Confirm received before Nov 23, 2026.")
    status["buttonVOList"] = [{"type": "CONFIRM_GOODS", "text": "Confirm received"}, {"type": "TRACKING", "text": "Track order"}]
    info = comps["detail_simple_order_info_component_111820"]["fields"]
    info.pop("orderEndTime")
    info.update(orderCreatTime="Oct 2, 2026", payTime="Oct 2, 2026", orderShipTime="Oct 4, 2026")
    comps["detail_order_services_sv3-8212313961591322"]["fields"]["data"][0]["content"] = \
        "Apply for R$5,00 coupon code if delayed by Oct 30, 2026 · Refund if no delivery before Nov 20, 2026 · Refund if package lost"
    comps["detail_product_block_111822"]["fields"]["productVOList"][0]["etaAndTrack"]["expectDeliveryDateTitle"] = \
        "Estimated delivery date: Oct 28, 2026"
    return c


def not_delivered(capture: dict) -> dict:
    c = copy.deepcopy(capture)
    pkg = c["data"]["module"]["trackingDetailLineList"][0]
    pkg["detailList"] = [e for e in pkg["detailList"] if e.get("fulfillStage") not in ("1700", "1600")]
    pkg["etaInfo"] = {"etaSceneCode": "ESTIMATE", "etaTitleRichText": "<strong>Estimated delivery: Aug 3</strong>"}
    c["data"]["module"]["fastDeliveryInfoDTO"]["fdContentList"] = ["Refund if no delivery before Sep 3, 2026", "Refund if package lost"]
    return c


TRADE_ORDERS = [
    {"id": "80012345678901", "date": "09:14 Mar. 16 2015", "store": "Shenzhen Gadget Co.", "amount": "US $ 12.34", "status": "Awaiting delivery",
     "items": [("Bluetooth Earphones", "US $ 6.17", 2, "Color: Black")], "buttons": ["confirmOrderReceived", "logisticsTracking"],
     "lefttime": 1209600000},
    {"id": "80012345678902", "date": "10:51 May. 31 2014", "store": "LED World", "amount": "US $ 3.99", "status": "Finished",
     "items": [("LED Strip 5m", "US $ 3.99", 1, "Length: 5m")], "buttons": ["leaveFeedback"]},
    {"id": "80012345678903", "date": "22:05 Jun. 2 2014", "store": "Cable Store", "amount": "US $ 1,204.50", "status": "Estado desconocido",
     "items": [("HDMI Cable", "US $ 1,204.50", 1, "")], "buttons": ["confirmOrderReceived"], "lefttime": 86400000},
]


def cases():
    """(family, case, content, url, captured_at)."""
    out = []
    orders = real_list_orders()
    out.append(("order_list", "real_capture_page_en", pg.render_order_list(orders, pii=True), LIST_URL, CAPTURED_AT))
    fragment = json.loads("{" + (PAGES / "captured" / "order-list-component.fragment.json").read_text(encoding="utf-8") + "}")
    out.append(("order_list", "fragment_2023_area_en", pg.render_order_list(list(f["fields"] for f in fragment.values()) + orders[8:], noise=False),
                LIST_URL, "2023-02-01T10:00:00+00:00"))
    out.append(("order_list", "no_url_sniffed_en", pg.render_order_list(pg.synthetic_orders(3, 11, "en"), noise=False), "", CAPTURED_AT))
    for lang in ("ru", "he", "es", "pt", "fr", "de"):
        host = {"ru": "ru", "he": "he", "es": "es", "pt": "pt", "fr": "fr", "de": "de"}[lang]
        out.append(("order_list", f"synthetic_page_{lang}", pg.render_order_list(pg.synthetic_orders(4, 21, lang), lang=lang, pii=True),
                    f"https://{host}.aliexpress.com/p/order/index.html", CAPTURED_AT))
        out.append(("order_list", f"synthetic_area_{lang}", pg.render_order_list(pg.synthetic_orders(3, 31, lang), lang=lang, noise=False),
                    LIST_URL, CAPTURED_AT))
    detail = real("order-detail.mtop.json")
    detail_url = "https://www.aliexpress.com/p/order/detail.html?orderId=8212313961591322"
    out.append(("order_detail", "real_capture_page_en", pg.render_order_detail(detail), detail_url, CAPTURED_AT))
    out.append(("order_detail", "real_capture_area_no_url_en", pg.render_order_detail(detail, noise=False), "", CAPTURED_AT))
    out.append(("order_detail", "awaiting_delivery_en", pg.render_order_detail(awaiting_detail(detail)), detail_url, "2026-10-20T08:00:00+00:00"))
    tracking = real("tracking.mtop.json")
    tr_url = "https://www.aliexpress.com/p/tracking/index.html?tradeOrderId=8212313961591322"
    out.append(("tracking", "real_capture_page_en", pg.render_tracking(tracking), tr_url, CAPTURED_AT))
    out.append(("tracking", "real_capture_area_en", pg.render_tracking(tracking, noise=False), tr_url, CAPTURED_AT))
    out.append(("tracking", "not_delivered_en", pg.render_tracking(not_delivered(tracking)), tr_url, "2026-07-25T00:00:00+00:00"))
    trade_url = "https://trade.aliexpress.com/orderList.htm"
    out.append(("trade_list", "mixed_en", pg.render_trade_list(TRADE_ORDERS), trade_url, "2015-03-20T12:00:00+00:00"))
    out.append(("trade_list", "area_no_url_en", pg.render_trade_list(TRADE_ORDERS[:2], noise=False), "", "2015-03-20T12:00:00+00:00"))
    out.append(("trade_list", "single_countdown_en", pg.render_trade_list(TRADE_ORDERS[2:]), trade_url, "2014-06-10T00:00:00+00:00"))
    td_url = "https://trade.aliexpress.com/order_detail.htm?orderId=80012345678901"
    out.append(("trade_detail", "awaiting_en", pg.render_trade_detail({
        "id": "80012345678901", "code": "WAIT_BUYER_ACCEPT_GOODS", "status": "Awaiting delivery", "store": "Shenzhen Gadget Co.",
        "dates": [("Order Date", "2015-03-16 09:14:02"), ("Payment Date", "2015-03-16 09:20:11"), ("Shipping Time", "2015-03-18 17:45:00")],
        "shipping": [("China Post Registered Air Mail", "RB123456789CN", "")], "items": [("Bluetooth Earphones", "US $ 6.17", 2, "Color: Black")],
        "total": "US $ 12.34", "reminder": "If you do not confirm receipt, the order completes automatically. Confirm received before 2015-05-17.",
        "icon": "Full refund if product is not received in 60 days", "buttons": ["confirmOrderReceived"]}), td_url, "2015-03-20T12:00:00+00:00"))
    out.append(("trade_detail", "finished_en", pg.render_trade_detail({
        "id": "80012345678902", "code": "FINISH", "status": "Finished", "store": "LED World",
        "dates": [("Order Date", "2014-05-31 10:51:32"), ("Payment Date", "2014-05-31 10:55:00"), ("Shipping Time", "2014-06-02 08:00:00")],
        "shipping": [("ePacket", "LN987654321CN", "")], "items": [("LED Strip 5m", "US $ 3.99", 1, "Length: 5m")], "total": "US $ 3.99",
        "icon": "Full refund if product is not received in 39 days"}), "https://trade.aliexpress.com/order_detail.htm?orderId=80012345678902",
        "2014-08-01T00:00:00+00:00"))
    out.append(("trade_detail", "unknown_text_code_fallback_fr", pg.render_trade_detail({
        "lang": "fr", "id": "80012345678903", "code": "WAIT_SELLER_SEND_GOODS", "status": "Statut inconnu", "store": "Cable Store",
        "dates": [("Date de commande", "2014-06-02 22:05:00")], "items": [("Câble HDMI", "1 204,50 €", 1, "")], "total": "1 204,50 €"}),
        "https://fr.aliexpress.com/order_detail.htm?orderId=80012345678903", "2014-06-10T00:00:00+00:00"))
    ru_orders = [
        {"id": "5012345678901234", "date": "23 нояб. 2026 г.", "status": "Ожидает подтверждения", "store": "Магазин Электроника",
         "items": [("Наушники беспроводные", "1 234,56 руб.", 1, "Цвет: Чёрный")], "total": "1 234,56 руб.", "track": "RU123456789CN",
         "danger": "Подтвердите получение до 12 дек. 2026", "buttons": ["Подтвердить получение", "Отследить"]},
        {"id": "5012345678905678", "date": "2 окт. 2026 г.", "status": "Завершено", "store": "Дом и сад",
         "items": [("Лампа", "499,00 руб.", 2, "Цвет: Белый"), ("Кабель", "99,00 руб.", 1, "")], "total": "1 097,00 руб.", "buttons": ["Удалить"]},
        {"id": "5012345678909999", "date": "1 дек. 2026 г.", "status": "Новый непонятный статус", "store": "Мелочи",
         "items": [("Брелок", "45,10 ₽", 1, "")], "total": "45,10 ₽", "buttons": ["Оплатить", "Отменить заказ"]},
    ]
    ru_url = "https://aliexpress.ru/order-list"
    out.append(("ru_list", "three_orders_ru", pg.render_ru_list(ru_orders), ru_url, "2026-12-05T09:00:00+03:00"))
    out.append(("ru_list", "area_no_url_ru", pg.render_ru_list(ru_orders[:2], noise=False), "", "2026-12-05T09:00:00+03:00"))
    out.append(("ru_list", "single_completed_ru", pg.render_ru_list(ru_orders[1:2]), ru_url + "?filter=archive", "2026-12-05T09:00:00+03:00"))
    for i, (o, rows) in enumerate([
        (ru_orders[0], [("Заказ оформлен", "23 нояб. 2026 г."), ("Оплачен", "23 нояб. 2026 г."), ("Отправлен", "25 нояб. 2026 г.")]),
        (ru_orders[1], [("Заказ оформлен", "2 октября 2026"), ("Отправлен", "4 октября 2026"), ("Завершён", "30 октября 2026")]),
        (ru_orders[2], [("Заказ оформлен", "01.12.2026")]),
    ]):
        name = ("awaiting_ru", "completed_ru", "unpaid_fallback_ru")[i]
        out.append(("ru_detail", name, pg.render_ru_detail(dict(o, rows=rows)), f"https://aliexpress.ru/order-list/{o['id']}", "2026-12-05T09:00:00+03:00"))
    return out


def captured_cases():
    return [
        ("captured", "order-list.mtop", "", CAPTURED_AT),
        ("captured", "order-detail.mtop", "", CAPTURED_AT),
        ("captured", "tracking.mtop", "", CAPTURED_AT),
        ("captured", "order-list-component.fragment", "", "2023-02-01T10:00:00+00:00"),
        ("captured", "synthetic_list_he", "https://he.aliexpress.com/p/order/index.html", CAPTURED_AT),
        ("captured", "embedded_in_script_en", LIST_URL, CAPTURED_AT),
    ]


def write_inputs() -> None:
    cap = PAGES / "captured"
    cap.mkdir(parents=True, exist_ok=True)
    # the real captures themselves are copies of the shared real samples, kept in the repository
    (cap / "synthetic_list_he.json").write_text(json.dumps(pg.as_mtop(pg.synthetic_orders(3, 5, "he")), ensure_ascii=False, indent=1), encoding="utf-8")
    data = json.dumps(real("order-list.mtop.json"), ensure_ascii=False)
    (cap / "embedded_in_script_en.html").write_text(
        f'<!DOCTYPE html><html><head><script>var a = {{x: 1}}; window._dida_config_._init_data_ = {{ "data": {data} }};</script></head>'
        '<body><div id="root"></div></body></html>', encoding="utf-8")
    for family, case, content, url, when in cases():
        folder = PAGES / family
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{case}.html").write_text(content, encoding="utf-8")
        meta = folder / f"{case}.expected.json"
        if not meta.exists():
            meta.write_text(json.dumps({"url": url, "captured_at": when}, indent=1), encoding="utf-8")
    for family, case, url, when in captured_cases():
        meta = PAGES / family / f"{case}.expected.json"
        if not meta.exists():
            meta.write_text(json.dumps({"url": url, "captured_at": when}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    write_inputs()
