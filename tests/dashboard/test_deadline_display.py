"""What the list and the order page say about a deadline: the cards count what their words say, the
kind of date (exact / estimated / your date), a date-only value as a date, "may have closed" as a
link instead of a number, the state of an order that is not active, three actions first and the
rest behind More, and the three answers to "did it arrive?"."""

from __future__ import annotations

import re

from tests.conftest import FROZEN_NOW
from tests.dashboard.sample_orders import few_orders, make_order

OWN = "8123456789012360"        # the buyer's own date-only deadline
ESTIMATED = "8123456789012361"  # no page date: shipment + 60 days, 14 days from now
FAR = "8123456789012362"        # 30 days left: not closing soon
MAY_HAVE_CLOSED = "8123456789012347"  # few_orders: the 60-day estimate ended, still seen open
NOT_SHIPPED = "8123456789012348"
EXPIRED = "8123456789012349"
URGENT = "8123456789012345"


def orders() -> list[dict]:
    return few_orders(FROZEN_NOW) + [
        make_order(OWN, FROZEN_NOW, days_to_deadline=40, deadline_override="2026-12-20", received=False),
        make_order(ESTIMATED, FROZEN_NOW, days_to_deadline=30, exact=False),
        make_order(FAR, FROZEN_NOW, days_to_deadline=30),
        make_order("8123456789012363", FROZEN_NOW, days_to_deadline=None, status="closed",
                   status_text="Order closed"),
    ]


def row(html: str, order_id: str) -> str:
    match = re.search(rf'<tr class="sev-row-\w+" data-order-id="{order_id}">(.*?)</tr>', html, re.S)
    assert match, order_id
    return match.group(1)


def days_left(html: str) -> dict[str, int | None]:
    found = re.findall(r'data-order-id="(\d+)">\s*<td[^>]*><span class="pill[^"]*" data-severity="\w+" '
                       r'data-days-left="(-?\d*)"', html)
    return {oid: int(d) if d else None for oid, d in found}


async def test_closing_soon_counts_what_its_words_say(companion):
    await companion.store.put_documents(orders())
    html = await (await companion.request("GET", "/", auth=False)).text()
    card = html.split('href="/?severity=closing"')[1].split("</a>")[0]
    assert "protection ends within 14 days" in card
    left = days_left(html)
    # every open order whose badge says 0..14 days: ...345 (2), ...346 (6), ...361 (14); not ...362 (30),
    # not the ones without a number (may have closed, not shipped) and not the expired one
    expected = sorted(oid for oid, d in left.items() if d is not None and 0 <= d <= 14)
    assert expected == [URGENT, "8123456789012346", ESTIMATED]
    assert f'data-stat="closing">{len(expected)}<' in card
    # the card's link lists exactly those orders
    listed = await (await companion.request("GET", "/?severity=closing", auth=False)).text()
    assert sorted(re.findall(r'<tr class="sev-row-\w+" data-order-id="(\d+)"', listed)) == expected
    # money at risk says its own window from the same constant
    assert "open orders ending within 7 days" in html


async def test_the_closing_card_speaks_every_language(companion):
    await companion.store.put_documents(orders())
    for lang, words in (("he", "בתוך 14 ימים"), ("ru", "в течение 14 дней")):
        html = await (await companion.request("GET", f"/?lang={lang}", auth=False)).text()
        assert words in html.split('href="/?severity=closing"')[1].split("</a>")[0], lang


async def test_deadline_kind_on_the_list_and_the_order_page(companion):
    await companion.store.put_documents(orders())
    html = await (await companion.request("GET", "/", auth=False)).text()
    assert 'data-kind="own"' in row(html, OWN) and ">your date<" in row(html, OWN)
    assert 'data-kind="estimated"' in row(html, ESTIMATED) and ">estimated<" in row(html, ESTIMATED)
    assert 'data-kind="exact"' in row(html, URGENT) and ">exact<" in row(html, URGENT)
    # the buyer's date-only deadline is that day
    assert '<time datetime="2026-12-20">Dec 20, 2026</time>' in row(html, OWN)
    page = await (await companion.request("GET", f"/orders/{OWN}", auth=False)).text()
    line = page.split('class="deadline-line"')[1].split("</div>")[0]
    assert "Protection ends before Dec 20, 2026" in line and 'data-kind="own"' in line and "your date" in line
    assert "12:00" not in line and "AM" not in line
    exact = await (await companion.request("GET", f"/orders/{URGENT}", auth=False)).text()
    line = exact.split('class="deadline-line"')[1].split("</div>")[0]
    assert 'data-kind="exact"' in line


def test_a_deadline_at_local_midnight_or_date_only_is_a_day():
    from datetime import datetime

    from companion.server.dashboard.formatting import Formatter

    fmt = Formatter("en")
    local = datetime.now().astimezone().tzinfo
    assert fmt.deadline("2026-12-20T00:00:00+00:00", "2026-12-20") == ("Dec 20, 2026", True)
    assert fmt.deadline(datetime(2026, 12, 20, tzinfo=local).isoformat()) == ("Dec 20, 2026", True)
    text, before = fmt.deadline(datetime(2026, 12, 20, 15, 30, tzinfo=local).isoformat())
    assert not before and text.startswith("Dec 20, 2026, ") and "3:30" in text
    assert fmt.deadline(None) == ("", False)


async def test_own_date_in_hebrew_and_russian(companion):
    await companion.store.put_documents(orders())
    he = await (await companion.request("GET", f"/orders/{OWN}?lang=he", auth=False)).text()
    assert "התאריך שלך" in he.split('class="deadline-line"')[1].split("</div>")[0]
    ru = await (await companion.request("GET", f"/orders/{OWN}?lang=ru", auth=False)).text()
    line = ru.split('class="deadline-line"')[1].split("</div>")[0]
    assert "ваша дата" in line and "Защита кончается до 20 дек. 2026" in line


async def test_may_have_closed_is_a_link_not_a_number(companion):
    await companion.store.put_documents(orders())
    html = await (await companion.request("GET", "/", auth=False)).text()
    cells = row(html, MAY_HAVE_CLOSED)
    check = f"https://www.aliexpress.com/p/order/detail.html?orderId={MAY_HAVE_CLOSED}"
    assert f'href="{check}"' in cells and "Check the dates on the order&#39;s page" in cells
    assert "May have closed" in cells and "days left" not in cells and "<time" not in cells
    # an expired page date: the date, and the link to check whether room is left
    assert "<time" in row(html, EXPIRED) and 'class="check-link"' in row(html, EXPIRED)
    assert 'class="check-link"' not in row(html, URGENT)
    page = await (await companion.request("GET", f"/orders/{MAY_HAVE_CLOSED}", auth=False)).text()
    head = page.split('class="head-state"')[1].split('<div class="order-grid">')[0]
    assert f'href="{check}"' in head and "The window may have closed." in head
    assert "Protection until" not in head and "days left" not in head


async def test_orders_that_are_not_active_show_their_state(companion):
    await companion.store.put_documents(orders())
    html = await (await companion.request("GET", "/", auth=False)).text()
    assert ">Not shipped</span>" in row(html, NOT_SHIPPED)
    assert ">Closed</span>" in row(html, "8123456789012363")
    page = await (await companion.request("GET", f"/orders/{NOT_SHIPPED}", auth=False)).text()
    assert ">Not shipped</span>" in page.split('class="head-state"')[1].split("</div>")[0]
    ru = await (await companion.request("GET", "/?lang=ru", auth=False)).text()
    assert ">Не отправлен</span>" in row(ru, NOT_SHIPPED)


async def test_three_actions_first_the_rest_behind_more(companion):
    await companion.store.put_documents(orders())
    html = await (await companion.request("GET", f"/orders/{URGENT}", auth=False)).text()
    card = html.split('class="card hint-card')[1].split("</section>")[0]
    first, _, rest = card.partition('<details class="more-actions">')
    assert len(re.findall(r'<li class="action"', first)) == 3 and "data-more" not in first
    hidden = len(re.findall(r'<li class="action"', rest))
    assert hidden >= 1 and hidden == len(re.findall(r'data-more="true"', rest))
    assert f"<summary>More: {hidden} more things you can do</summary>" in rest
    ids = re.findall(r'<pre id="([\w-]+)"', card)
    assert len(ids) == len(set(ids))  # every Copy button finds its own text
    few = await (await companion.request("GET", f"/orders/{NOT_SHIPPED}", auth=False)).text()
    assert "more-actions" not in few  # two actions: no More


async def test_received_is_a_three_way_choice(companion):
    docs = orders()
    docs[0]["received"] = True
    await companion.store.put_documents(docs)
    for order_id, value in ((docs[0]["order_id"], "true"), (OWN, "false"), (ESTIMATED, "")):
        html = await (await companion.request("GET", f"/orders/{order_id}", auth=False)).text()
        radios = re.findall(r'<input type="radio" name="received" value="(\w*)"( checked)?>', html)
        assert [v for v, _ in radios] == ["true", "false", ""], order_id
        assert [v for v, checked in radios if checked] == [value], order_id
    listed = await (await companion.request("GET", "/", auth=False)).text()
    assert 'data-received="false">not received<' in row(listed, OWN)
    assert 'data-received="true">received<' in row(listed, docs[0]["order_id"])
