"""Layouts the parser does not know: every field returned is right or absent, and a warning says so.

Each variant is a real page (whose truth a person wrote, tests/fixtures/pages/…expected.json)
changed the way AliExpress changes its pages: classes renamed, blocks reordered, the orders
in a table, the words in a language without a vocabulary, a list under a detail page's URL.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import pytest

from companion.parsing import parse_page

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
OLD_LIST = "trade_list/real_2015_page_13_ru"
NEW_LIST = "order_list/real_capture_page_en"


def load(case: str) -> tuple[str, dict]:
    family, name = case.split("/")
    spec = json.loads((PAGES / family / f"{name}.expected.json").read_text(encoding="utf-8"))
    return (PAGES / family / f"{name}.html").read_text(encoding="utf-8"), spec


def renamed_classes(html: str) -> str:
    """A redesign: every order class gets a new name."""
    return re.sub(r'class="(ae-order|order-hd|order-bd|order-num|deal-time|seller|amount|baobei-name|f-left|trade-status)"',
                  lambda m: f'class="v2-{m.group(1)}"', html)


def renamed_current(html: str) -> str:
    return html.replace('class="order-item', 'class="orderCard')


def reordered_blocks(html: str) -> str:
    """The head row of every order moved below its item rows."""
    def move(m):
        body = m.group(0)
        head = re.search(r'<tr class="order-hd">.*?</tr>', body, re.S)
        if not head:
            return body
        rest = body.replace(head.group(0), "", 1)
        return rest.replace("</tbody>", head.group(0) + "</tbody>")
    return re.sub(r'<tbody class="ae-order".*?</tbody>', move, html, flags=re.S)


def italian_words(html: str) -> str:
    """The same page in a language Order Guard has no words for."""
    for ru, it in (("Ожидается подтверждение", "In attesa di conferma"), ("Ожидается отправка", "In attesa di spedizione"),
                   ("Завершено", "Concluso"), ("Подтвердить получение товара", "Conferma ricezione"),
                   ("Отменить заказ", "Annulla ordine"), ("Продлить время обработки", "Prolunga elaborazione"),
                   ("Открыть спор", "Apri controversia")):
        html = html.replace(ru, it)
    return html


def table_layout(spec: dict) -> str:
    """A layout no family knows: one table row per order, ids in links."""
    rows = "".join(f'<tr><td><a href="https://www.aliexpress.com/p/order/detail.html?orderId={o["order_id"]}">{o["order_id"]}</a></td>'
                   f'<td>{o["status_text"]}</td><td>{(o["total"] or {}).get("amount", "")}</td></tr>' for o in spec["orders"])
    return f"<html><body><table class='orders-grid'>{rows}</table></body></html>"


def right_or_absent(got: dict, truth: dict) -> dict:
    """Fields read that contradict the truth (an absent field never does)."""
    wrong = {}
    for key, value in got.items():
        if value in (None, [], "") or (key == "status" and value == "unknown"):
            continue
        if key == "buttons":
            if not set(value) <= set(truth.get("buttons") or []):
                wrong[key] = value
        elif key == "items":
            for i, item in enumerate(value):
                want = (truth.get("items") or [])[i] if i < len(truth.get("items") or []) else {}
                bad = {k: v for k, v in item.items() if v is not None and want.get(k) != v}
                if bad:
                    wrong[f"items[{i}]"] = bad
        elif truth.get(key) != value:
            wrong[key] = (value, truth.get(key))
    return wrong


VARIANTS = [
    ("renamed classes, old list", OLD_LIST, "https://trade.aliexpress.com/orderList.htm", renamed_classes),
    ("renamed classes, current list", NEW_LIST, "https://www.aliexpress.com/p/order/index.html", renamed_current),
    ("renamed classes, no URL", OLD_LIST, "", renamed_classes),
    ("head row after the items", OLD_LIST, "https://trade.aliexpress.com/orderList.htm", reordered_blocks),
    ("Italian words", OLD_LIST, "https://trade.aliexpress.com/orderList.htm", italian_words),
    ("a list under a detail page's URL", OLD_LIST, "https://trade.aliexpress.com/order_detail.htm?orderId=66224024961401", None),
    ("a table layout", OLD_LIST, "https://www.aliexpress.com/p/order/index.html", "table"),
    ("a table layout, no URL", OLD_LIST, "", "table"),
]


@pytest.mark.parametrize("name, case, url, change", VARIANTS, ids=[v[0] for v in VARIANTS])
def test_unknown_layout_is_right_or_absent_and_says_so(name, case, url, change):
    html, spec = load(case)
    page = table_layout(spec) if change == "table" else change(html) if change else html
    result = parse_page(url, page, datetime.fromisoformat(spec["captured_at"]))
    if callable(change):  # the same change to the truth's texts (a translated page shows translated words)
        spec = json.loads(change(json.dumps(spec, ensure_ascii=False)))
    truth = {o["order_id"]: o for o in spec["orders"]}
    assert not result.crashed
    for order in result.orders:
        assert order["order_id"] in truth, f"{order['order_id']} is not an order of this page"
        assert not right_or_absent(order, truth[order["order_id"]]), order["order_id"]
    assert len({o["order_id"] for o in result.orders}) == len(result.orders)
    fully_read = result.read == len(truth) and all(o["status"] != "unknown" for o in result.orders)
    if not fully_read:
        assert result.warnings, "a page read only in part must say so"
    assert result.seen == len(truth), "the orders the page shows are counted whatever its layout"


def test_head_row_moved_is_still_read_whole():
    html, spec = load(OLD_LIST)
    result = parse_page(spec["url"], reordered_blocks(html), datetime.fromisoformat(spec["captured_at"]))
    assert [o["order_id"] for o in result.orders] == [o["order_id"] for o in spec["orders"]]
    assert result.warnings == []


def test_unknown_words_give_unknown_status_named_in_a_warning():
    html, spec = load(OLD_LIST)
    result = parse_page(spec["url"], italian_words(html), datetime.fromisoformat(spec["captured_at"]))
    completed = [o for o in result.orders if o["status_text"] == "Concluso"]
    assert completed and all(o["status"] == "unknown" for o in completed)
    assert any("'Concluso'" in w for w in result.warnings)
    # the buttons still tell an awaiting delivery order: a signal that varies per order
    waiting = [o for o in result.orders if o["status_text"] == "In attesa di conferma"]
    assert waiting and all(o["status"] == "awaiting_delivery" for o in waiting)


def test_a_list_is_never_one_detail_order_holding_every_item():
    html, spec = load(OLD_LIST)
    result = parse_page("https://trade.aliexpress.com/order_detail.htm?orderId=66224024961401", html,
                        datetime.fromisoformat(spec["captured_at"]))
    assert result.page_kind == "trade_detail" and result.orders == []
    assert any("10 different orders" in w for w in result.warnings)
    assert any("could not read 10" in w for w in result.warnings)


def test_the_url_wins_over_a_content_guess():
    html, spec = load(OLD_LIST)
    result = parse_page("https://trade.aliexpress.com/orderList.htm", html, datetime.fromisoformat(spec["captured_at"]))
    assert result.page_kind == "trade_list" and len(result.orders) == 10


def test_table_layout_counts_orders_it_cannot_read():
    _, spec = load(OLD_LIST)
    result = parse_page("", table_layout(spec), datetime.fromisoformat(spec["captured_at"]))
    assert result.page_kind == "unknown" and result.orders == []
    assert result.seen == 10 and result.read == 0
    assert any("shows 10 order(s)" in w for w in result.warnings)
    assert any("could not read 10 of them" in w for w in result.warnings)
