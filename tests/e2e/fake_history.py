"""A whole order history on the fake AliExpress, for "Read all my orders" and "Make deadlines exact".

``/p/order/index.html?set=history&h=<name>`` is a My Orders page showing the first batch of a history; its
"View orders" button fetches the next batch from ``/__history/cards`` and appends it, the way the real page
does; once the last batch is in, the button goes away. The active tab states the total ("View all (137)").

A history (``HISTORIES``) has its own order ids, so tests sharing one companion do not meet each other's orders:
- 137 orders in 14 batches (ten each, seven in the last); batches 4, 8 and 12 begin with the last order of the
  batch before, as the real list repeats an order when it moves between loads;
- batch ``fail_batch`` answers 500 the first time it is asked for (the page keeps its button; a second click
  loads it); ``rate_batch`` answers 429 every time, and the page shows AliExpress's "too many requests" text;
- the newest ``open_orders`` are awaiting delivery, their protection stated only as a length on the list (so
  their deadline is an estimate until their own page is read); the rest were closed long ago;
- ``login``: batch 3 answers 401 and the page opens its sign-in dialog, as when the session has expired;
- ``hidden``: a short history whose page carries a sign-in form it does not show;
- ``/p/order/detail.html?orderId=<id>`` of an open order is its detail page with the exact protection date,
  ``captcha``: the newest open order's detail page is a slider check instead.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from aiohttp import web

from tests.fixtures.pagegen import BUTTON_TEXT, PROTECTION_TEXT, STATUS_TEXT, format_date, render_order_list, synthetic_orders

DETAIL_FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "pages" / "order_detail" / "awaiting_delivery_en.html"
FIXTURE_ID = "8212313961591322"
FIXTURE_TITLE = "Neo XENON 2.1 de Gama Omega eco Cabo Xenon XENON Pixel 8K@60Hz 4K@120Hz Tango Xenon HD e HD Indigo alfa TV Ultra PS5 Tango"
FIXTURE_SKU = "Color: HDMI-compatible 2.1, Length: 2m"


@dataclass
class History:
    prefix: int  # two digits in every order id of this history
    n: int = 137
    batches: int = 14
    open_orders: int = 12
    fail_batch: int | None = 5
    rate_batch: int | None = None
    login_batch: int | None = None  # answers 401, and the page shows its sign-in dialog
    repeats: tuple[int, ...] = (4, 8, 12)  # batches (1-based) that begin with the previous batch's last order
    captcha: bool = True
    hidden_login: bool = False  # the page carries a sign-in form it does not show (as a page may, for later)
    served: dict[int, int] = field(default_factory=dict)  # batch -> times asked for

    def ids(self) -> list[str]:
        return [f"83{self.prefix:02d}{i:012d}" for i in range(1, self.n + 1)]

    def split(self) -> list[list[int]]:
        """Indexes of the orders in each batch (1-based batches in the list), repeats included."""
        size = -(-self.n // self.batches)
        parts = [list(range(start, min(start + size, self.n))) for start in range(0, self.n, size)]
        for batch in self.repeats:
            if 1 < batch <= len(parts):
                parts[batch - 1] = [parts[batch - 2][-1], *parts[batch - 1]]
        return parts

    def open_ids(self) -> list[str]:
        return self.ids()[: self.open_orders]

    def captcha_id(self) -> str | None:
        return self.open_ids()[0] if self.captcha and self.open_orders else None

    def orders(self) -> list[dict]:
        """pagegen orders (mtop fields), newest first: open ones ordered in the last weeks, the rest long closed."""
        today = date.today()
        base = synthetic_orders(self.n, seed=self.prefix, start=today - timedelta(days=5))
        for index, (order, order_id) in enumerate(zip(base, self.ids())):
            order["orderId"] = order_id
            status = "awaiting_delivery" if index < self.open_orders else "closed"
            order["statusText"] = STATUS_TEXT["en"][status]
            order["buttons"] = [{"type": code, "text": BUTTON_TEXT["en"][code]}
                                for code in (("CONFIRM_GOODS", "TRACKING") if status == "awaiting_delivery" else ("DELETE",))]
            day = today - timedelta(days=5 + 2 * index) if status == "awaiting_delivery" else today - timedelta(days=200 + index)
            order["orderDateText"] = format_date(day, "en")
            for line in order["orderLines"]:
                line["itemTags"] = ([{"type": "BUYER_PROTECTION", "desc": PROTECTION_TEXT["en"].format(days=75)}]
                                    if status == "awaiting_delivery" else [])
        return base

    def ordered_on(self, order_id: str) -> date:
        index = self.ids().index(order_id)
        return date.today() - timedelta(days=5 + 2 * index)

    def refund_by(self, order_id: str) -> date:
        """The date the order's own page states (its exact deadline)."""
        return self.ordered_on(order_id) + timedelta(days=70)


HISTORIES: dict[str, History] = {}


def history(name: str) -> History:
    """The history of that name; the built-in ones are made on first use with fresh counters."""
    if name not in HISTORIES:
        specs = {"main": dict(prefix=11), "pause": dict(prefix=12, captcha=False), "stop": dict(prefix=13, captcha=False),
                 "rate": dict(prefix=14, rate_batch=3, fail_batch=None, captcha=False),
                 "login": dict(prefix=16, n=40, batches=4, open_orders=0, fail_batch=None, repeats=(), captcha=False, login_batch=3),
                 "hidden": dict(prefix=15, n=20, batches=2, open_orders=0, fail_batch=None, repeats=(), captcha=False, hidden_login=True),
                 "bench": dict(prefix=20, n=1000, batches=100, open_orders=0, fail_batch=None, repeats=(), captcha=False)}
        match = re.fullmatch(r"bench(\d{1,5})", name)
        spec = specs.get(name) or (dict(prefix=21, n=int(match.group(1)), batches=max(1, int(match.group(1)) // 10), open_orders=0,
                                        fail_batch=None, repeats=(), captcha=False) if match else None)
        if spec is None:
            raise web.HTTPNotFound(text="no such history")
        HISTORIES[name] = History(**spec)
    return HISTORIES[name]


def cards_of(orders: list[dict]) -> str:
    area = render_order_list(orders, noise=False)
    match = re.search(r'<div class="order-wrap">(.*)</div><div class="order-more"', area, re.S)
    assert match, "pagegen's order area changed shape"
    return match.group(1)


HISTORY_SCRIPT = """<script>
(function () {
  var name = %(name)s, next = 2, last = %(last)s;
  var more = document.querySelector('[data-pl="order_more"]');
  var button = more.querySelector('button');
  if (next > last) more.remove();
  button.addEventListener('click', function () {
    fetch('/__history/cards?h=' + encodeURIComponent(name) + '&batch=' + next).then(function (r) {
      if (r.status === 401) {
        document.body.insertAdjacentHTML('beforeend', '<div class="login-dialog"><p>Sign in to continue</p>' +
          '<input id="fm-login-id" type="text"><input id="fm-login-password" type="password"></div>');
        return null;
      }
      if (r.status === 429) {
        var toast = document.createElement('div');
        toast.className = 'comet-toast';
        toast.textContent = 'Too many requests. Please try again later.';
        document.body.appendChild(toast);
        return null;
      }
      return r.ok ? r.text() : null;  // a failed load: the button stays, as on the real page
    }).then(function (html) {
      if (html === null) return;
      document.querySelector('.order-wrap').insertAdjacentHTML('beforeend', html);
      next += 1;
      if (next > last) more.remove();
    });
  });
})();
</script>"""


def list_page(name: str, page_style: str, without_bundle) -> str:
    h = history(name)
    orders, parts = h.orders(), h.split()
    page = without_bundle(render_order_list([orders[i] for i in parts[0]]))
    active = 'comet-tabs-nav-item-active">View all<'
    assert active in page, "pagegen's tabs changed shape"
    page = page.replace(active, f'comet-tabs-nav-item-active">View all ({h.n})<', 1)
    if h.hidden_login:
        page = page.replace("</body>", '<div class="login-later" style="display:none"><input type="password" name="pw"></div></body>')
    script = HISTORY_SCRIPT % {"name": repr(name).replace("'", '"'), "last": len(parts)}
    return page.replace("</head>", page_style + "</head>").replace("</body>", script + "</body>")


async def cards(request: web.Request) -> web.Response:
    h = history(request.query.get("h", "main"))
    batch = int(request.query.get("batch", "2"))
    parts = h.split()
    if not 1 <= batch <= len(parts):
        return web.Response(status=404, text="no such batch")
    h.served[batch] = h.served.get(batch, 0) + 1
    if batch == h.login_batch:
        return web.Response(status=401, text="Sign in")
    if batch == h.rate_batch:
        return web.Response(status=429, text="Too many requests")
    if batch == h.fail_batch and h.served[batch] == 1:
        return web.Response(status=500, text="Something went wrong")
    orders = h.orders()
    return web.Response(text=cards_of([orders[i] for i in parts[batch - 1]]), content_type="text/html")


CAPTCHA_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Verification</title></head><body>
<div id="root"><div class="order-detail-captcha"><p>Please slide to verify</p><div id="nocaptcha"><div class="nc_wrapper">
<span class="nc_iconfont btn_slide">&gt;</span></div></div></div></div></body></html>"""


def detail_page(order_id: str, page_style: str, without_bundle) -> str | None:
    """The history order's detail page (the real saved page with this order's id and dates), the captcha page
    for the one that has it, or None when no history holds the order."""
    for h in HISTORIES.values():
        if order_id in h.open_ids():
            if order_id == h.captcha_id():
                return CAPTCHA_PAGE
            ordered = h.ordered_on(order_id)
            page = without_bundle(DETAIL_FIXTURE.read_text(encoding="utf-8")).replace(FIXTURE_ID, order_id)
            # what the list shows of the order, the detail page shows the same (the saved page is another order's)
            order = next(o for o in h.orders() if o["orderId"] == order_id)
            line = order["orderLines"][0]
            sku = ", ".join(f"{a['name']}: {a['text']}" for a in line["skuAttrs"])
            for old, new in (("Vega Store", order["storeName"]), (FIXTURE_TITLE, line["itemTitle"]), ("R$126,59", line["itemPriceText"]),
                             ("R$132,74", order["totalPriceText"]), ("x1<", f"x{line['quantity']}<"), (FIXTURE_SKU, sku)):
                page = page.replace(old, html.escape(str(new)))
            for old, new in (("Nov 23, 2026", h.refund_by(order_id) + timedelta(days=3)), ("Nov 20, 2026", h.refund_by(order_id)),
                             ("Oct 30, 2026", ordered + timedelta(days=28)), ("Oct 28, 2026", ordered + timedelta(days=26)),
                             ("Oct 4, 2026", ordered + timedelta(days=2)), ("Oct 2, 2026", ordered)):
                page = page.replace(old, format_date(new, "en"))
            return page.replace("</head>", page_style + "</head>")
    return None
