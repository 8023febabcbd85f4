"""The fake AliExpress (and one non-AliExpress shop) the browser reaches through --host-resolver-rules.

Pages come from tests/fixtures/pagegen.py with order dates relative to today, so the real companion's
rules give a mix of severities. A small script in the page makes "View orders" append more cards,
the way the real page does after its own fetch.

Besides the current www.aliexpress.com list and detail pages it serves the other order pages the
content script claims: the old trade.aliexpress.com/orderList.htm, the aliexpress.ru order list and
the tracking page, each as pagegen renders it (the DOM a browser holds once the page has drawn).

Three more kinds of page, for what the extension does beyond reading the DOM:
- ``/p/order/index.html?via=fetch|xhr|xhr-json|jsonp``: a My Orders page that draws its cards from the real
  ``mtop.aliexpress.trade.buyer.order.list`` capture, fetched from ``/h5/…`` through fetch, XMLHttpRequest or
  a JSONP script calling ``mtopjsonp1(…)`` the way lib-mtop does, and labelled in Italian, a language the
  companion has no words for: only the captured data can tell the orders' statuses;
- ``/p/order/index.html?set=partial``: a few readable cards among cards that show their order id and
  nothing else a reader knows;
- ``/p/order/index.html?set=dispute``: a short list whose first order is in dispute (the page says
  "Dispute in progress"), so the companion knows no day it was opened;
- ``trade.aliexpress.com/orderList.htm?layout=2015``: the real saved 2015 list (the parser fixture real_2015_page_13_ru.html)."""

from __future__ import annotations

import json
import re
import ssl
import subprocess
from datetime import date, timedelta
from pathlib import Path

from aiohttp import web

from tests.e2e import fake_history
from tests.e2e.fake_cdn import PIXEL, served as from_the_cdn
from tests.fixtures.pagegen import BUTTON_TEXT, STATUS_TEXT, as_mtop, format_date, render_order_list, render_ru_list, render_trade_list, render_tracking, synthetic_orders

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DETAIL_FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "pages" / "order_detail" / "awaiting_delivery_en.html"
DETAIL_ORDER_ID = "8212313961591322"
TRACKING_CAPTURE = Path(__file__).resolve().parents[1] / "fixtures" / "pages" / "captured" / "tracking.mtop.json"
TRACKING_ORDER_ID = "8190000000004242"


FIRST_PAGE = {"n": 6, "seed": 11, "days_ago": 12}
MORE_PAGE = {"n": 6, "seed": 29, "days_ago": 30}
DISPUTE_PAGE = {"n": 3, "seed": 61, "days_ago": 20}

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


def dispute_orders() -> list[dict]:
    """DISPUTE_PAGE's orders, the first of them in dispute as the page shows it."""
    orders = orders_for(**DISPUTE_PAGE)
    orders[0]["statusText"] = STATUS_TEXT["en"]["in_dispute"]
    orders[0]["buttons"] = [{"type": code, "text": BUTTON_TEXT["en"][code]} for code in ("VIEW_DISPUTE", "TRACKING")]
    return orders


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
    via = request.query.get("via")
    if via in VARIANT_IDS:
        return web.Response(text=capture_page(via), content_type="text/html")
    which = request.query.get("set", "main")
    if which == "partial":
        return web.Response(text=partial_page(), content_type="text/html")
    if which == "dispute":
        return web.Response(text=list_page(dispute_orders()), content_type="text/html")
    if which == "history":  # a whole order history behind "View orders" (fake_history)
        return web.Response(text=fake_history.list_page(request.query.get("h", "main"), PAGE_STYLE, without_bundle), content_type="text/html")
    if which == "empty":
        orders: list[dict] = []
    else:
        orders = orders_for(**FIRST_PAGE)
    return web.Response(text=list_page(orders), content_type="text/html")


async def order_detail(request: web.Request) -> web.Response:
    history_page = fake_history.detail_page(request.query.get("orderId", ""), PAGE_STYLE, without_bundle)
    if history_page is not None:
        return web.Response(text=history_page, content_type="text/html")
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
    # where no CDN of its own was started (tests/e2e/fake_cdn.py), this site serves its files
    if request.path.endswith((".jpg", ".png", ".webp", ".js")):
        return await from_the_cdn(request)
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
    if request.query.get("layout") == "2015":
        return web.Response(text=trade_2015_page(), content_type="text/html")
    return web.Response(text=render_trade_list(trade_orders()), content_type="text/html")


async def ru_list(request: web.Request) -> web.Response:
    return web.Response(text=render_ru_list(ru_orders()), content_type="text/html")


async def tracking(request: web.Request) -> web.Response:
    page = without_bundle(render_tracking(tracking_capture()))
    return web.Response(text=page.replace("</head>", PAGE_STYLE + "</head>"), content_type="text/html")


# ---- a My Orders page drawn from the page's own data (fetch / XHR / JSONP), labelled in Italian ----

LIST_API = "mtop.aliexpress.trade.buyer.order.list"
LIST_CAPTURE = FIXTURES / "pages" / "captured" / "order-list.mtop.json"
# Each transport gets its own order ids, so a badge can only come from what that page's own data said.
CAPTURE_VARIANTS = {"fetch": 1, "xhr": 2, "xhr-json": 3, "jsonp": 4, "fetch-json": 6}
# Drawn at once from data in the page; the page fetches the same list again only when "Aggiorna" is clicked.
LATE_VARIANT = "late"
VARIANT_IDS = {**CAPTURE_VARIANTS, LATE_VARIANT: 5}
# A private block as the real responses carry them (addressVO, logisticsReceiverInfo): the page gets it,
# the companion must never see it.
BUYER = {"buyerName": "Comprador Exemplo", "mobileNo": "+55 11 99999-9999", "addressDetail": "Rua Exemplo, 123, Bairro Exemplo"}


def capture_for(via: str) -> tuple[dict, str]:
    """The real order-list capture with this variant's order ids and a private block added, and its exact text."""
    text = LIST_CAPTURE.read_text(encoding="utf-8")
    shift = VARIANT_IDS[via] * 10**13
    for order_id in sorted(set(re.findall(r'"orderId": "(\d+)"', text))):
        text = re.sub(rf"(?<!\d){order_id}(?!\d)", str(int(order_id) + shift), text)
    data = json.loads(text)
    comps = data["data"]["data"]
    first = next(k for k in comps if k.startswith("pc_om_list_order_"))
    comps[first]["fields"]["receiverInfo"] = {"fullName": BUYER["buyerName"], "phone": BUYER["mobileNo"]}
    data["data"]["global"]["buyerContact"] = dict(BUYER)
    return data, json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def capture_orders(via: str) -> list[dict]:
    """(order id, statusText) of the variant's orders, in the order the page draws them."""
    data, _ = capture_for(via)
    comps = data["data"]["data"]
    return [comps[key]["fields"] for key in data["data"]["hierarchy"]["structure"]["pc_om_list_body_109702"]]


CAPTURE_PAGE = r"""<!DOCTYPE html><html lang="it"><head><meta charset="utf-8"><title>I miei ordini</title>{style}</head>
<body><div id="root"><div class="es--container--0d9e"><button type="button" id="refresh">Aggiorna</button>
<div class="order-main"><div class="order-wrap"></div></div></div></div>
<script>window.__INITIAL__ = {initial};</script>
<script>
(function () {{
  var VIA = {via};
  var URL = "/h5/{api}/1.0/?jsv=2.7.2&appKey=12574478&t=" + Date.now() + "&api={api}&v=1.0&dataType=json&variant=" + VIA;
  var IT = {{
    status: {{ "Completed": "Completato", "Awaiting delivery": "In attesa di consegna" }},
    buttons: {{ REPURCHASE: "Aggiungi al carrello", DELETE: "Elimina", CONFIRM_GOODS: "Conferma ricezione", TRACKING: "Traccia l'ordine" }},
    months: {{ Jan: "gen", Feb: "feb", Mar: "mar", Apr: "apr", May: "mag", Jun: "giu", Jul: "lug", Aug: "ago", Sep: "set", Oct: "ott", Nov: "nov", Dec: "dic" }}
  }};
  function esc(text) {{
    var span = document.createElement("span");
    span.textContent = text == null ? "" : String(text);
    return span.innerHTML.replace(/"/g, "&quot;");
  }}
  function date(text) {{
    var m = /^(\w{{3}}) (\d+), (\d{{4}})$/.exec(text || "");
    return m ? m[2] + " " + IT.months[m[1]] + " " + m[3] : "";
  }}
  function card(f) {{
    var line = (f.orderLines || [])[0] || {{}};
    var buttons = (f.buttons || []).map(function (b) {{
      return '<button type="button" class="comet-btn order-item-btn"><span>' + esc(IT.buttons[b.type] || "") + "</span></button>";
    }}).join("");
    return '<div class="order-item"><div class="order-item-header"><div class="order-item-header-status">' +
      '<span class="order-item-header-status-text">' + esc(IT.status[f.statusText] || "Sconosciuto") + "</span></div>" +
      '<div class="order-item-header-right"><div class="order-item-header-right-info">' +
      "<div>Data dell'ordine: " + esc(date(f.orderDateText)) + "</div>" +
      "<div>Numero d'ordine: " + esc(f.orderId) + '<span class="order-item-header-right-copy">Copia</span></div></div>' +
      '<a href="https://www.aliexpress.com/p/order/detail.html?orderId=' + esc(f.orderId) + '" target="_blank">Dettagli</a></div></div>' +
      '<div class="order-item-store"><div class="order-item-store-name"><a href="#"><span>' + esc(f.storeName) + "</span></a></div></div>" +
      '<div class="order-item-content"><div class="order-item-content-body"><div class="order-item-content-info">' +
      '<div class="order-item-content-info-name"><a href="#"><span title="' + esc(line.itemTitle) + '">' + esc(line.itemTitle) + "</span></a></div>" +
      '<span class="order-item-content-info-number-quantity">x' + esc(line.quantity) + "</span></div></div>" +
      '<div class="order-item-content-opt"><span class="order-item-content-opt-price-total">Totale: <div>' + esc(f.totalPriceText) + "</div></span>" +
      '<div class="order-item-btns">' + buttons + "</div></div></div></div>";
  }}
  function render(data) {{
    var comps = data.data.data;
    var ids = data.data.hierarchy.structure.pc_om_list_body_109702;
    document.querySelector(".order-wrap").innerHTML = ids.map(function (id) {{ return card(comps[id].fields); }}).join("");
  }}
  window.__received = null;
  if (VIA === "late") {{
    render(window.__INITIAL__);
    document.getElementById("refresh").addEventListener("click", function () {{
      fetch(URL).then(function (r) {{ return r.text(); }}).then(function (text) {{ window.__received = text; }});
    }});
  }} else if (VIA === "fetch") {{
    fetch(URL).then(function (r) {{ return r.text(); }}).then(function (text) {{
      window.__received = text;
      render(JSON.parse(text));
    }});
  }} else if (VIA === "fetch-json") {{
    fetch(URL).then(function (r) {{ return r.json(); }}).then(function (data) {{
      window.__received = JSON.stringify(data);
      window.__drawnAt = performance.now();
      render(data);
    }});
  }} else if (VIA === "xhr" || VIA === "xhr-json") {{
    var xhr = new XMLHttpRequest();
    xhr.open("GET", URL);
    if (VIA === "xhr-json") xhr.responseType = "json";
    xhr.onload = function () {{
      window.__received = VIA === "xhr-json" ? JSON.stringify(xhr.response) : xhr.responseText;
      render(VIA === "xhr-json" ? xhr.response : JSON.parse(xhr.responseText));
    }};
    xhr.send();
  }} else {{
    // lib-mtop's JSONP: the script's src names the callback, the callback is set, then the script is added
    var name = "mtopjsonp1";
    var script = document.createElement("script");
    script.src = URL + "&type=jsonp&callback=" + name;
    script.async = true;
    window[name] = function (data) {{
      window.__received = JSON.stringify(data);
      window[name] = undefined;
      try {{ delete window[name]; }} catch (e) {{}}
      script.parentNode && script.parentNode.removeChild(script);
      render(data);
    }};
    document.head.appendChild(script);
  }}
}})();
</script></body></html>"""


def capture_page(via: str) -> str:
    initial = capture_for(via)[1].replace("</", "<\\/") if via == LATE_VARIANT else "null"
    return CAPTURE_PAGE.format(style=PAGE_STYLE, via=json.dumps(via), api=LIST_API, initial=initial)


async def mtop_list(request: web.Request) -> web.Response:
    """The order-list API as the page's own code calls it: JSON, or JSONP when a callback is named. ``set=bulk``:
    the data the /__cards bulk cards of the same ``n`` and ``seed`` are drawn from."""
    if request.query.get("set") == "bulk":
        n, seed = int(request.query.get("n", "60")), int(request.query.get("seed", "1"))
        return web.json_response(as_mtop(orders_for(n, seed, 5)))
    _, text = capture_for(request.query.get("variant", "fetch"))
    callback = request.query.get("callback")
    if callback:
        assert re.fullmatch(r"mtopjsonp\d+", callback), callback
        return web.Response(text=f"{callback}({text})", content_type="application/javascript")
    return web.Response(text=text, content_type="application/json")


# ---- a list with cards the companion can't read ----

PARTIAL_READABLE = {"n": 3, "seed": 47, "days_ago": 8}
PARTIAL_UNREADABLE = 7
PARTIAL_UNREADABLE_IDS = [str(8199000000000001 + i) for i in range(PARTIAL_UNREADABLE)]
# A card the page shows (its order id is in its details link) in a layout nothing knows: no status, date,
# store, items or total where a reader looks for them.
UNREADABLE_CARD = ('<div class="order-item"><div class="order-item-header"><div class="order-item-header-right">'
                   '<a href="https://www.aliexpress.com/p/order/detail.html?orderId={id}" target="_blank"></a></div></div>'
                   '<div class="es--card--9a8b"><div class="es--pic--1f2e"></div><div class="es--line--3c4d"></div></div></div>')


def partial_page() -> str:
    readable = cards_html(orders_for(**PARTIAL_READABLE)).split('<div class="order-item">')[1:]
    unreadable = [UNREADABLE_CARD.format(id=order_id) for order_id in PARTIAL_UNREADABLE_IDS]
    cards = []
    for card in readable:  # readable and unreadable cards mixed
        cards.append('<div class="order-item">' + card)
        cards += [unreadable.pop(0) for _ in range(min(2, len(unreadable)))]
    cards += unreadable
    page = list_page([])
    return page.replace('<div class="order-wrap"></div>', f'<div class="order-wrap">{"".join(cards)}</div>', 1)


# ---- the real 2015 trade.aliexpress.com list ----

TRADE_2015 = FIXTURES / "pages" / "trade_list" / "real_2015_page_13_ru.html"


def trade_2015_page() -> str:
    # The saved page's own scripts (and their ali_order_13_files/ folder) are not ours to serve.
    page = TRADE_2015.read_text(encoding="utf-8")
    return re.sub(r"<script\b[^>]*>.*?</script>", "", page, flags=re.S | re.I)


def trade_2015_ids() -> list[str]:
    return re.findall(r'<tbody class="ae-order"[^>]*data-orderid="(\d+)"', TRADE_2015.read_text(encoding="utf-8"))


def make_app() -> web.Application:
    app = web.Application()
    app.router.add_get("/p/order/index.html", order_list)
    app.router.add_get("/p/order/detail.html", order_detail)
    app.router.add_get("/__cards", cards)
    app.router.add_get("/__history/cards", fake_history.cards)
    app.router.add_get("/orderList.htm", trade_list)
    app.router.add_get("/order-list", ru_list)
    app.router.add_get("/p/tracking/index.html", tracking)
    app.router.add_get(f"/h5/{LIST_API}/1.0/", mtop_list)
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
