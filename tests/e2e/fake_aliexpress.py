"""The fake AliExpress (and one non-AliExpress shop) the browser reaches through --host-resolver-rules.

Pages come from tests/fixtures/pagegen.py with order dates relative to today, so the real companion's
rules give a mix of severities. A small script in the page makes "View orders" append more cards,
the way the real page does after its own fetch.

Besides the current www.aliexpress.com list and detail pages it serves the other order pages the
content script claims: the old trade.aliexpress.com/orderList.htm, the aliexpress.ru order list and
the tracking page, each as pagegen renders it (the DOM a browser holds once the page has drawn)."""

from __future__ import annotations

import json
import re
import ssl
import subprocess
from datetime import date, timedelta
from pathlib import Path

from aiohttp import web

from tests.fixtures.pagegen import format_date, render_order_list, render_ru_list, render_trade_list, render_tracking, synthetic_orders

DETAIL_FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "pages" / "order_detail" / "awaiting_delivery_en.html"
DETAIL_ORDER_ID = "8212313961591322"
TRACKING_CAPTURE = Path(__file__).resolve().parents[1] / "fixtures" / "pages" / "captured" / "tracking.mtop.json"
TRACKING_ORDER_ID = "8190000000004242"

PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8ffff3f0005fe02fea7d6a0c40000000049454e44ae426082")

FIRST_PAGE = {"n": 6, "seed": 11, "days_ago": 12}
MORE_PAGE = {"n": 6, "seed": 29, "days_ago": 30}

# Roughly the look of the real list (white cards on grey), so screenshots show the badge in context.
PAGE_STYLE = """<style>
body { margin: 0; background: #f5f5f5; font: 14px/1.4 "Open Sans", Roboto, Arial, sans-serif; color: #191919; }
.es--header--7a1b, .es--sidebar--44aa, .comet-tabs, footer, #J_xiaomi_dialog { display: none !important; }
.es--container--0d9e { max-width: 980px; margin: 0 auto; padding: 16px; }
.order-item { background: #fff; border-radius: 12px; padding: 16px 20px; margin: 0 0 12px; }
.order-item-header { display: flex; justify-content: space-between; align-items: flex-start; }
.order-item-header-status { display: flex; align-items: center; }
.order-item-header-status-text { font-size: 18px; font-weight: 700; }
.order-item-header-right { display: flex; gap: 16px; color: #757575; font-size: 13px; }
.order-item-header-right a { color: #191919; }
.order-item-header-right-copy { margin-left: 6px; color: #2e7ef2; }
.order-item-store-name { margin: 12px 0 8px; font-weight: 600; }
.order-item-store-name a { color: #191919; text-decoration: none; }
.order-item-content { display: flex; justify-content: space-between; gap: 16px; }
.order-item-content-body { display: flex; gap: 12px; }
.order-item-content-img { width: 80px; height: 80px; border-radius: 8px; background: #eee; }
.order-item-content-info-name a { color: #191919; text-decoration: none; }
.order-item-content-info-sku { color: #757575; font-size: 12px; }
.order-item-content-opt { text-align: right; }
.order-item-btns { display: grid; gap: 6px; margin-top: 8px; }
.comet-btn { border: 1px solid #ccc; border-radius: 16px; background: #fff; padding: 5px 14px; font-size: 13px; }
.comet-btn-primary { background: #fd384f; border-color: #fd384f; color: #fff; }
.order-more { text-align: center; margin: 16px 0; }
svg.comet-icon { width: 12px; height: 12px; }
</style>"""

MORE_SCRIPT = """<script>
(function () {
  var button = document.querySelector('[data-pl="order_more"] button');
  var page = 0;
  button.addEventListener('click', function () {
    page += 1;
    fetch('/__cards?set=more&page=' + page).then(function (r) { return r.text(); }).then(function (html) {
      document.querySelector('.order-wrap').insertAdjacentHTML('beforeend', html);
    });
  });
})();
</script>"""


def orders_for(n: int, seed: int, days_ago: int) -> list[dict]:
    return synthetic_orders(n, seed, start=date.today() - timedelta(days=days_ago))


def cards_html(orders: list[dict]) -> str:
    area = render_order_list(orders, noise=False)
    match = re.search(r'<div class="order-wrap">(.*)</div><div class="order-more"', area, re.S)
    assert match, "pagegen's order area changed shape"
    return match.group(1)


def without_bundle(page: str) -> str:
    # The real page's bundle is not ours to serve; dropping it keeps the console free of load errors.
    return re.sub(r'<script src="https://assets\.alicdn\.com[^"]*"[^>]*></script>', "", page)


def list_page(orders: list[dict], lang: str = "en") -> str:
    page = without_bundle(render_order_list(orders, lang=lang))
    return page.replace("</head>", PAGE_STYLE + "</head>").replace("</body>", MORE_SCRIPT + "</body>")


async def order_list(request: web.Request) -> web.Response:
    which = request.query.get("set", "main")
    if which == "empty":
        orders: list[dict] = []
    else:
        orders = orders_for(**FIRST_PAGE)
    return web.Response(text=list_page(orders), content_type="text/html")


async def order_detail(request: web.Request) -> web.Response:
    page = without_bundle(DETAIL_FIXTURE.read_text(encoding="utf-8"))
    return web.Response(text=page.replace("</head>", PAGE_STYLE + "</head>"), content_type="text/html")


async def cards(request: web.Request) -> web.Response:
    if request.query.get("set") == "bulk":
        n, seed = int(request.query.get("n", "60")), int(request.query.get("seed", "1"))
        return web.Response(text=cards_html(orders_for(n, seed, 5)), content_type="text/html")
    page = int(request.query.get("page", "1"))
    spec = dict(MORE_PAGE, seed=MORE_PAGE["seed"] + page, days_ago=MORE_PAGE["days_ago"] + 12 * page)
    return web.Response(text=cards_html(orders_for(**spec)), content_type="text/html")


async def anything_else(request: web.Request) -> web.Response:
    if request.path.endswith((".jpg", ".png", ".webp")):
        return web.Response(body=PIXEL, content_type="image/png")
    if request.path.endswith(".js"):
        return web.Response(text="", content_type="text/javascript")
    if request.path == "/favicon.ico":
        return web.Response(body=PIXEL, content_type="image/png")
    return web.Response(text="<!doctype html><title>Shop</title><p>Nothing here.</p>", content_type="text/html")


# ---- the other page kinds: old trade list, aliexpress.ru list, tracking ----

# (status as the page shows it, buttons (class suffixes), days left on the protection countdown or None)
TRADE_SPECS = (
    ("Awaiting delivery", ["confirmOrderReceived", "logisticsTracking"], 25),
    ("Awaiting delivery", ["confirmOrderReceived", "logisticsTracking"], 10),
    ("Awaiting delivery", ["confirmOrderReceived", "logisticsTracking"], 5),
    ("Awaiting delivery", ["confirmOrderReceived", "logisticsTracking"], 2),
    ("Finished", ["leaveFeedback"], None),
    ("Awaiting Shipment", ["cancelOrder"], None),
)
# (status as the page shows it, buttons, days until "Подтвердите получение до …" or None)
RU_SPECS = (
    ("Ожидает подтверждения", ["Подтвердить получение", "Отследить"], 30),
    ("Ожидает подтверждения", ["Подтвердить получение", "Отследить"], 6),
    ("Ожидает подтверждения", ["Подтвердить получение", "Отследить"], 1),
    ("Завершено", ["Удалить"], None),
    ("Ожидает отправки", ["Отменить заказ"], None),
)
TRACKING_REFUND_IN_DAYS = 6
RU_ITEMS = (("Наушники беспроводные", "1 234,56 руб.", 1, "Цвет: Чёрный"), ("Лампа настольная", "499,00 руб.", 2, "Цвет: Белый"),
            ("Кабель USB-C", "99,00 руб.", 1, ""), ("Чехол для телефона", "245,10 руб.", 3, "Модель: X"))
TRADE_ITEMS = (("Bluetooth Earphones", "US $ 6.17", 2, "Color: Black"), ("LED Strip 5m", "US $ 3.99", 1, "Length: 5m"),
               ("HDMI Cable 2m", "US $ 4.50", 1, ""), ("Silicone Watch Band", "US $ 2.75", 3, "Color: Red"))


def trade_orders() -> list[dict]:
    """Orders for render_trade_list, dated relative to today, one per TRADE_SPECS row."""
    today, orders = date.today(), []
    for i, (status, buttons, days_left) in enumerate(TRADE_SPECS):
        day = today - timedelta(days=20 + 7 * i)
        title, price, qty, sku = TRADE_ITEMS[i % len(TRADE_ITEMS)]
        orders.append({
            "id": f"8001234567{8900 + i}", "date": f"{9 + i:02d}:{14 + i:02d} {day.strftime('%b')}. {day.day} {day.year}",
            "store": f"Store {chr(65 + i)} Co.", "amount": price, "status": status, "items": [(title, price, qty, sku)],
            "buttons": buttons, "lefttime": days_left * 86_400_000 if days_left else None})
    return orders


def ru_orders() -> list[dict]:
    """Orders for render_ru_list, dated relative to today, one per RU_SPECS row."""
    today, orders = date.today(), []
    for i, (status, buttons, days_left) in enumerate(RU_SPECS):
        title, price, qty, sku = RU_ITEMS[i % len(RU_ITEMS)]
        orders.append({
            "id": f"501234567890{4200 + i}", "date": format_date(today - timedelta(days=15 + 9 * i), "ru"), "status": status,
            "store": f"Магазин {i + 1}", "items": [(title, price, qty, sku)], "total": price,
            "track": f"RU{123456780 + i}CN" if days_left else None,
            "danger": f"Подтвердите получение до {format_date(today + timedelta(days=days_left), 'ru')}" if days_left else None,
            "buttons": buttons})
    return orders


def tracking_capture() -> dict:
    """The real tracking capture, still on its way, with its deadlines moved relative to today."""
    capture = json.loads(TRACKING_CAPTURE.read_text(encoding="utf-8"))
    today = date.today()
    package = capture["data"]["module"]["trackingDetailLineList"][0]
    package["detailList"] = [e for e in package["detailList"] if e.get("fulfillStage") not in ("1700", "1600")]
    eta = today + timedelta(days=2)
    package["etaInfo"] = {"etaSceneCode": "ESTIMATE", "etaTitleRichText": f"<strong>Estimated delivery: {eta.strftime('%b')} {eta.day}</strong>"}
    refund = today + timedelta(days=TRACKING_REFUND_IN_DAYS)
    capture["data"]["module"]["fastDeliveryInfoDTO"]["fdContentList"] = [
        f"Refund if no delivery before {format_date(refund, 'en')}", "Refund if package lost"]
    return capture


async def trade_list(request: web.Request) -> web.Response:
    return web.Response(text=render_trade_list(trade_orders()), content_type="text/html")


async def ru_list(request: web.Request) -> web.Response:
    return web.Response(text=render_ru_list(ru_orders()), content_type="text/html")


async def tracking(request: web.Request) -> web.Response:
    page = without_bundle(render_tracking(tracking_capture()))
    return web.Response(text=page.replace("</head>", PAGE_STYLE + "</head>"), content_type="text/html")


def make_app() -> web.Application:
    app = web.Application()
    app.router.add_get("/p/order/index.html", order_list)
    app.router.add_get("/p/order/detail.html", order_detail)
    app.router.add_get("/__cards", cards)
    app.router.add_get("/orderList.htm", trade_list)
    app.router.add_get("/order-list", ru_list)
    app.router.add_get("/p/tracking/index.html", tracking)
    app.router.add_route("GET", "/{tail:.*}", anything_else)
    return app


def self_signed(folder: Path, names: tuple[str, ...] = ("www.aliexpress.com",)) -> ssl.SSLContext:
    """A throwaway certificate for ``names`` (subjectAltName: every host mapped to the fake site)."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "2", "-subj", f"/CN={names[0]}",
                    "-addext", "subjectAltName=" + ",".join(f"DNS:{name}" for name in names)], check=True, capture_output=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context
