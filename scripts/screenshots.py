"""Screenshots of the panel a badge opens, for six order states, in English, Hebrew and Russian.

Runs what the browser tests run (tests/e2e): a real companion process, the fake AliExpress over https and
headless Chromium with the unpacked extension, paired as a buyer pairs. The UI language is the one the
extension's options page sets (the panel follows it, as it follows the browser's language on "auto"). Each
language runs in a buyer's zone of its own (ZONES), companion and browser alike.

States, with dates relative to today so the pictures stay true whenever the script runs:
  urgent        awaiting delivery, ordered 58 days ago, the page states 60 days: protection ends in 2-3 days
  may-have-closed  completed, seen only on the list, ordered 40 days ago: the 15 days after completion may be over
  dispute       "Dispute in progress" with no day it was opened: the panel asks when, states the seller's
                answer window and, assuming the earliest day (the order date), offers escalation
  unpaid        awaiting payment
  closed        closed (nothing to act on)
  expired       the detail page said "Refund if no delivery before" a day 4 days ago

Usage: ./scripts/screenshots [--out DIR] [--lang en,he,ru]
Writes <out>/panel-<state>-<lang>.png (the panel as it opens) and <out>/full/panel-<state>-<lang>.png (the same
panel unrolled to its whole length with "More" opened, to read every card).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aiohttp import web  # noqa: E402
from playwright.async_api import async_playwright  # noqa: E402

from tests.conftest import free_port  # noqa: E402
from tests.e2e.conftest import MAPPED_HOSTS, CompanionProcess, launch  # noqa: E402
from tests.e2e.panel_texts import texts_in  # noqa: E402
from tests.e2e.fake_aliexpress import (  # noqa: E402
    DETAIL_FIXTURE, DETAIL_ORDER_ID, PAGE_STYLE, anything_else, list_page, self_signed, without_bundle)
from tests.fixtures.pagegen import BUTTON_TEXT, PROTECTION_TEXT, STATUS_TEXT, format_date  # noqa: E402

BADGE = "order-guard-badge"
PANEL = "order-guard-panel .panel"
LANGS = ("en", "he", "ru")
# The detail fixture's "Refund if no delivery before" day (the earliest of its dates to act by); every date of
# the page moves with it.
DETAIL_DEADLINE = date(2026, 11, 20)
EXPIRED_DAYS_AGO = 4

# state -> (order id, status, days since the order, buttons, stated protection days, item)
LIST_STATES = {
    "urgent": ("8100000000000101", "awaiting_delivery", 58, ["CONFIRM_GOODS", "TRACKING"], 60, "Wireless Earbuds Bluetooth 5.3"),
    "may-have-closed": ("8100000000000102", "completed", 40, ["REPURCHASE", "DELETE"], None, "LED Strip 5 m USB"),
    "dispute": ("8100000000000103", "in_dispute", 30, ["VIEW_DISPUTE", "TRACKING"], None, "Magnetic Phone Holder"),
    "unpaid": ("8100000000000104", "awaiting_payment", 1, ["PAY", "CANCEL"], None, "USB-C Cable 2 m"),
    "closed": ("8100000000000105", "closed", 20, ["DELETE"], None, "Silicone Watch Band"),
}
STATES = (*LIST_STATES, "expired")


def list_orders(today: date) -> list[dict]:
    orders = []
    for order_id, status, days_ago, buttons, days, item in LIST_STATES.values():
        tags = [{"type": "BUYER_PROTECTION", "desc": PROTECTION_TEXT["en"].format(days=days)}] if days else []
        orders.append({
            "orderId": order_id, "statusText": STATUS_TEXT["en"][status], "orderDateTitle": "Order date",
            "orderDateText": format_date(today - timedelta(days=days_ago), "en"), "storeName": "Tango Store",
            "totalPriceText": "US $12.40", "currencyCode": "USD",
            "buttons": [{"type": code, "text": BUTTON_TEXT["en"][code]} for code in buttons],
            "orderLines": [{"itemTitle": item, "quantity": 1, "itemPriceText": "US $12.40", "currencyCode": "USD",
                            "skuAttrs": [{"name": "Color", "text": "Black"}], "itemTags": tags}],
        })
    return orders


def shifted_detail(today: date) -> str:
    """The detail fixture with every "Mon D, YYYY" moved so its refund day lies EXPIRED_DAYS_AGO in the past."""
    shift = (today - timedelta(days=EXPIRED_DAYS_AGO)) - DETAIL_DEADLINE

    def move(match: re.Match) -> str:
        day = datetime.strptime(match.group(0), "%b %d, %Y").date() + shift
        return format_date(day, "en")

    page = re.sub(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}, 20\d\d\b", move,
                  without_bundle(DETAIL_FIXTURE.read_text(encoding="utf-8")))
    return page.replace("</head>", PAGE_STYLE + "</head>")


def make_site(today: date) -> web.Application:
    async def orders(_request):
        return web.Response(text=list_page(list_orders(today)), content_type="text/html")

    async def detail(_request):
        return web.Response(text=shifted_detail(today), content_type="text/html")

    app = web.Application()
    app.router.add_get("/p/order/index.html", orders)
    app.router.add_get("/p/order/detail.html", detail)
    app.router.add_route("GET", "/{tail:.*}", anything_else)
    return app


VIEWPORT = {"width": 1280, "height": 1000}
UNROLLED = {"width": 1280, "height": 3000}


async def panel_shot(page, order_id: str, path: Path, full: Path) -> None:
    """The panel as it opens (``path``), then unrolled to its whole length (``full``), "More" opened."""
    host = page.locator(f'{BADGE}[data-order-guard-order-id="{order_id}"]')
    await host.wait_for(timeout=20000)
    await page.keyboard.press("Escape")
    # The badge near the top of the window leaves the panel room below it.
    await host.evaluate("(el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 80)")
    await host.locator(".badge").click()
    panel = page.locator(PANEL)
    await panel.wait_for()
    await texts_in(page)  # fetched as the panel opens: the picture is of the panel once they are in
    await panel.screenshot(path=str(path))
    more = panel.locator("button.more")
    if await more.count():
        await more.click()
    await page.set_viewport_size(UNROLLED)
    await panel.evaluate("(box) => box.style.setProperty('max-height', 'none', 'important')")
    await panel.screenshot(path=str(full))
    await page.set_viewport_size(VIEWPORT)
    await page.keyboard.press("Escape")


# The buyer's zone per language, for the companion (its dates) and the browser (the badge's day): Hebrew shows
# "UTC+2" beside a time, Russian "UTC+3".
ZONES = {"en": "America/New_York", "he": "Asia/Jerusalem", "ru": "Europe/Moscow"}


async def shoot(playwright, lang: str, out: Path, tmp: Path, port: int) -> list[Path]:
    """One companion and one browser in the language's zone, paired, the UI set to ``lang``; the six panels."""
    os.environ["TZ"] = ZONES[lang]  # inherited by the companion process and by Chromium
    (tmp / lang).mkdir()
    companion = CompanionProcess(tmp / lang / "data").start()
    written = []
    try:
        browser = await launch(playwright, tmp / lang / "profile", port)
        try:
            await browser.pair_via_dashboard(companion)
            await browser.set_options(lang=lang)
            page = await browser.new_page()
            await page.set_viewport_size(VIEWPORT)
            await page.goto(browser.ali("/p/order/index.html"))
            await page.wait_for_function(
                f"[...document.querySelectorAll('{BADGE}')].length === {len(LIST_STATES)}"
                f" && [...document.querySelectorAll('{BADGE}')].every((b) => b.getAttribute('lang') === '{lang}')",
                timeout=20000)
            for state, (order_id, *_rest) in LIST_STATES.items():
                path = out / f"panel-{state}-{lang}.png"
                await panel_shot(page, order_id, path, out / "full" / path.name)
                written.append(path)
            await page.goto(browser.ali(f"/p/order/detail.html?orderId={DETAIL_ORDER_ID}"))
            path = out / f"panel-expired-{lang}.png"
            await panel_shot(page, DETAIL_ORDER_ID, path, out / "full" / path.name)
            written.append(path)
            if browser.console_errors:
                print(f"console errors ({lang}):\n  " + "\n  ".join(browser.console_errors), file=sys.stderr)
        finally:
            await browser.ctx.close()
    finally:
        companion.stop()
    return written


async def run(out: Path, langs: list[str]) -> list[Path]:
    written = []
    zone = os.environ.get("TZ")
    with tempfile.TemporaryDirectory(prefix="og-shots-") as tmp:
        tmp_path = Path(tmp)
        runner = web.AppRunner(make_site(date.today()), access_log=None)
        await runner.setup()
        port = free_port()
        await web.TCPSite(runner, "127.0.0.1", port, ssl_context=self_signed(tmp_path, MAPPED_HOSTS)).start()
        try:
            async with async_playwright() as playwright:
                for lang in langs:
                    written += await shoot(playwright, lang, out, tmp_path, port)
        finally:
            await runner.cleanup()
            if zone is None:
                os.environ.pop("TZ", None)
            else:
                os.environ["TZ"] = zone
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "test-artifacts" / "screenshots")
    parser.add_argument("--lang", default=",".join(LANGS), help="comma-separated: en,he,ru")
    args = parser.parse_args()
    langs = [lang for lang in args.lang.split(",") if lang]
    unknown = [lang for lang in langs if lang not in LANGS]
    if unknown:
        print(f"Unknown language: {', '.join(unknown)} (choose from {', '.join(LANGS)})", file=sys.stderr)
        return 2
    (args.out / "full").mkdir(parents=True, exist_ok=True)
    written = asyncio.run(run(args.out, langs))
    print("\n".join(str(p.relative_to(ROOT)) if p.is_relative_to(ROOT) else str(p) for p in written))
    return 0


if __name__ == "__main__":
    sys.exit(main())
