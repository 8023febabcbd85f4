"""The order ids a page shows, counted without any family's help, and what the check does with them."""

from __future__ import annotations

from datetime import datetime, timezone

from companion.parsing import plausibility
from companion.parsing.context import Context
from companion.parsing.families import captured

WHEN = datetime(2026, 9, 7, tzinfo=timezone.utc)


def test_ids_from_links_attributes_and_labels_in_any_known_language():
    html = ('<a href="https://www.aliexpress.com/p/order/detail.html?orderId=8100000000000001">x</a>'
            '<tbody data-orderid="64593674232349"></tbody>'
            '<div>Order ID: 8100000000000002</div><span>Заказ №:<span class="n"><a>64593674222349 </a></span></span>'
            '<div>מספר הזמנה: 8100000000000003</div><a href="https://aliexpress.ru/order-list/5000000000000004">'
            '<a href="https://www.aliexpress.com/p/tracking/index.html?tradeOrderId=8100000000000005&amp;x=1">t</a>')
    assert plausibility.ids_in_html(html) == {"8100000000000001", "64593674232349", "8100000000000002", "64593674222349",
                                              "8100000000000003", "5000000000000004", "8100000000000005"}


def test_ids_from_each_data_attribute_alone():
    # each page below carries its id in one attribute only, so no other anchor finds it
    for html, oid in (('<div data-orderid="8100000000000011">x</div>', "8100000000000011"),
                      ("<div data-order-id='8100000000000012'>x</div>", "8100000000000012"),
                      ('<tr orderid=8100000000000013><td>x</td></tr>', "8100000000000013"),
                      ('<li data-trade-order-id="8100000000000014">x</li>', "8100000000000014")):
        assert plausibility.ids_in_html(html) == {oid}, html


def test_an_items_snapshot_link_names_its_sub_order_not_an_order():
    html = '<a href="http://www.aliexpress.com/snapshot/6339919977.html?orderId=64572646172349">item</a>'
    assert plausibility.ids_in_html(html) == set()


def test_numbers_that_are_not_order_ids_are_not_counted():
    html = '<span productid="1432639609">Price 123456789 RUB</span><a id1="121656506" href="javascript:;">x</a>'
    assert plausibility.ids_in_html(html) == set()


def test_an_order_the_page_does_not_show_is_left_out():
    ctx = Context("", WHEN)
    orders = [{"order_id": "8100000000000001", "status": "completed"}, {"order_id": "9999999999", "status": "completed"}]
    kept = plausibility.check(orders, {"8100000000000001"}, False, ctx)
    assert [o["order_id"] for o in kept] == ["8100000000000001"]
    assert any("9999999999" in w for w in ctx.warnings)


def test_ids_in_captured_data():
    data = captured.load('{"data": {"a": {"fields": {"orderId": "8100000000000001"}}, "b": [{"tradeOrderId": 8100000000000002}]}}')
    assert plausibility.ids_in_data(data) == {"8100000000000001", "8100000000000002"}


def test_a_capture_of_a_whole_history_keeps_every_order():
    from companion.parsing import parse_page

    cards = {f"pc_om_list_order_{i}": {"fields": {"orderId": str(8100000000000000 + i), "statusText": "Completed",
                                                   "orderDateText": "Jul 15, 2026", "orderLines": []}}
             for i in range(7000)}
    result = parse_page("", {"api": "mtop.aliexpress.trade.buyer.order.list", "data": {"data": cards}}, WHEN)
    assert len(result.orders) == 7000 and result.seen == 7000 and result.read == 7000
    assert not any("does not show" in w for w in result.warnings)
