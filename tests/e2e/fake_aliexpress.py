"""The fake AliExpress (and one non-AliExpress shop) the browser reaches through --host-resolver-rules.

Pages come from tests/fixtures/pagegen.py with order dates relative to today, so the real companion's
rules give a mix of severities. A small script in the page makes "View orders" append more cards,
the way the real page does after its own fetch."""

from __future__ import annotations

import re
import ssl
import subprocess
from datetime import date, timedelta
from pathlib import Path

from aiohttp import web

from tests.fixtures.pagegen import render_order_list, synthetic_orders

DETAIL_FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "pages" / "order_detail" / "awaiting_delivery_en.html"
DETAIL_ORDER_ID = "8212313961591322"

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


def make_app() -> web.Application:
    app = web.Application()
    app.router.add_get("/p/order/index.html", order_list)
    app.router.add_get("/p/order/detail.html", order_detail)
    app.router.add_get("/__cards", cards)
    app.router.add_route("GET", "/{tail:.*}", anything_else)
    return app


def self_signed(folder: Path) -> ssl.SSLContext:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "2", "-subj", "/CN=www.aliexpress.com"], check=True, capture_output=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context
