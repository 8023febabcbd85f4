"""When each kind of page last read an order (`read_at`), which orders a page told something new
(`changed_orders`), and the open orders whose deadline is still an estimate (`estimated`, the dashboard)."""

from __future__ import annotations

import re

from companion.parsing import ParsedPage
from tests.api import test_orders_api
from tests.api.test_orders_api import order, post_page

fake_parser = test_orders_api.fake_parser  # the same parser stand-in

ID_A, ID_B = "8100000000000001", "8100000000000002"
NOTHING_READ = {"list": None, "detail": None, "tracking": None}


async def stored(companion, order_id: str) -> dict:
    return await (await companion.request("GET", f"/api/v1/orders/{order_id}")).json()


async def test_each_kind_of_page_stamps_its_own_read_time(companion, fake_parser):
    fake_parser["list"] = ParsedPage("order_list", [order(ID_A)], [])
    fake_parser["detail"] = ParsedPage("order_detail", [order(ID_A, protection={"ends_at": "2026-12-20", "source": "page"})], [])
    fake_parser["tracking"] = ParsedPage("tracking", [order(ID_A)], [])
    await post_page(companion, "list", captured_at="2026-11-20T10:00:00Z")
    assert (await stored(companion, ID_A))["read_at"] == {**NOTHING_READ, "list": "2026-11-20T10:00:00+00:00"}
    await post_page(companion, "detail", captured_at="2026-11-21T08:30:00Z")
    await post_page(companion, "tracking", captured_at="2026-11-22T09:00:00Z")
    # a list page seen again later moves the list's time only
    await post_page(companion, "list", captured_at="2026-11-23T10:00:00Z")
    assert (await stored(companion, ID_A))["read_at"] == {
        "list": "2026-11-23T10:00:00+00:00", "detail": "2026-11-21T08:30:00+00:00", "tracking": "2026-11-22T09:00:00+00:00"}
    # a capture older than what is known does not move a time back
    await post_page(companion, "detail", captured_at="2026-11-01T08:00:00Z")
    assert (await stored(companion, ID_A))["read_at"]["detail"] == "2026-11-21T08:30:00+00:00"
    # the orders list carries it too
    listed = (await (await companion.request("GET", "/api/v1/orders")).json())["orders"][0]
    assert listed["read_at"]["tracking"] == "2026-11-22T09:00:00+00:00"


async def test_a_first_detail_read_is_written_even_within_the_hour(companion, fake_parser, make_companion, tmp_path):
    fake_parser["list"] = ParsedPage("order_list", [order(ID_A)], [])
    fake_parser["detail"] = ParsedPage("order_detail", [order(ID_A)], [])  # same data, nothing new but the read
    await post_page(companion, "list", captured_at="2026-11-24T10:00:00Z")
    await post_page(companion, "detail", captured_at="2026-11-24T10:05:00Z")
    await companion.client.close()
    again = await make_companion(tmp_path / "data")  # what reached the disk
    assert (await stored(again, ID_A))["read_at"]["detail"] == "2026-11-24T10:05:00+00:00"


async def test_changed_orders_names_what_a_page_told_anew(companion, fake_parser):
    fake_parser["list"] = ParsedPage("order_list", [order(ID_A), order(ID_B)], [])
    first = await (await post_page(companion, "list", captured_at="2026-11-20T10:00:00Z")).json()
    assert first["changed_orders"] == [ID_A, ID_B]  # both new
    # the same page a day later: seen and read again, nothing new (a scan stops at such a batch)
    again = await (await post_page(companion, "list", captured_at="2026-11-21T10:00:00Z")).json()
    assert again["changed_orders"] == []
    fake_parser["moved"] = ParsedPage("order_list", [order(ID_A), order(ID_B, status="completed", status_text="Completed")], [])
    moved = await (await post_page(companion, "moved", captured_at="2026-11-22T10:00:00Z")).json()
    assert moved["changed_orders"] == [ID_B]


async def test_read_at_survives_a_backup_and_old_backups_restore(companion, fake_parser, make_companion, tmp_path):
    fake_parser["list"] = ParsedPage("order_list", [order(ID_A)], [])
    fake_parser["detail"] = ParsedPage("order_detail", [order(ID_A)], [])
    await post_page(companion, "list", captured_at="2026-11-20T10:00:00Z")
    await post_page(companion, "detail", captured_at="2026-11-21T10:00:00Z")
    backup = await (await companion.request("GET", "/api/v1/export?format=json")).json()

    other = await make_companion(tmp_path / "other")
    assert (await other.request("POST", "/api/v1/import", json=backup)).status == 200
    assert (await stored(other, ID_A))["read_at"] == {**NOTHING_READ, "list": "2026-11-20T10:00:00+00:00",
                                                      "detail": "2026-11-21T10:00:00+00:00"}
    # a backup from before read_at: restores, nothing read is claimed
    old = {**backup, "orders": [{k: v for k, v in o.items() if k != "read_at"} | {"order_id": ID_B} for o in backup["orders"]]}
    assert (await other.request("POST", "/api/v1/import", json=old)).status == 200
    assert (await stored(other, ID_B))["read_at"] == NOTHING_READ
    # merged with what is stored: per kind, the later time
    newer = {**backup, "orders": [{**backup["orders"][0], "read_at": {"list": "2026-11-19T00:00:00+00:00",
                                                                      "detail": None, "tracking": "2026-11-23T07:00:00+00:00"}}]}
    assert (await other.request("POST", "/api/v1/import", json=newer)).status == 200
    assert (await stored(other, ID_A))["read_at"] == {"list": "2026-11-20T10:00:00+00:00", "detail": "2026-11-21T10:00:00+00:00",
                                                      "tracking": "2026-11-23T07:00:00+00:00"}


async def test_estimated_orders_are_counted_and_listed_with_why_and_where(companion, fake_parser):
    fake_parser["list"] = ParsedPage("order_list", [
        order(ID_A, shipped_at="2026-11-10"),  # no page gave its date: estimated, its page never read
        order(ID_B, protection={"ends_at": "2026-12-20", "source": "page"}),  # the page's own date: exact
        order("8100000000000003", shipped_at="2026-11-12"),  # read on its page, which showed no date
        order("8100000000000004", status="closed", status_text="Closed"),  # not open: nothing to make exact
    ], [])
    fake_parser["detail"] = ParsedPage("order_detail", [order("8100000000000003", shipped_at="2026-11-12")], [])
    await post_page(companion, "list", captured_at="2026-11-20T10:00:00Z")
    await post_page(companion, "detail", captured_at="2026-11-21T10:00:00Z")
    body = await (await companion.request("GET", "/api/v1/orders?limit=0")).json()
    assert body["estimated"] == 2

    await companion.login()
    html = await (await companion.request("GET", "/?lang=en", auth=False)).text()
    section = html.split('id="estimated"')[1].split("</section>")[0]
    items = re.findall(r'<li data-estimated-id="(\d+)" data-reason="(\w+)">', section)
    assert sorted(items) == [(ID_A, "not_read"), ("8100000000000003", "no_date")]
    assert f"https://www.aliexpress.com/p/order/detail.html?orderId={ID_A}" in section
    assert "has not been read yet" in section and "showed no exact date" in section
    assert 'data-action="scan-orders"' in section and 'data-action="refresh-deadlines"' in section


async def test_a_detail_page_read_again_days_later_is_written(companion, fake_parser, make_companion, tmp_path):
    fake_parser["list"] = ParsedPage("order_list", [order(ID_A)], [])
    fake_parser["detail"] = ParsedPage("order_detail", [order(ID_A)], [])
    await post_page(companion, "detail", captured_at="2026-11-20T10:00:00Z")
    await post_page(companion, "list", captured_at="2026-11-24T10:00:00Z")
    # nothing new on the page and last seen minutes ago, but the order's page was last read days ago
    await post_page(companion, "detail", captured_at="2026-11-24T10:10:00Z")
    await companion.client.close()
    again = await make_companion(tmp_path / "data")
    assert (await stored(again, ID_A))["read_at"]["detail"] == "2026-11-24T10:10:00+00:00"


async def test_a_length_said_again_is_nothing_new(companion, fake_parser):
    # the list states "75 days" each time: the same words at a later time do not make the order changed
    fake_parser["list"] = ParsedPage("order_list", [order(ID_A, protection={"days": 75, "source": "page"})], [])
    await post_page(companion, "list", captured_at="2026-11-20T10:00:00Z")
    again = await (await post_page(companion, "list", captured_at="2026-11-22T10:00:00Z")).json()
    assert again["changed_orders"] == []
    fake_parser["longer"] = ParsedPage("order_list", [order(ID_A, protection={"days": 90, "source": "page"})], [])
    longer = await (await post_page(companion, "longer", captured_at="2026-11-23T10:00:00Z")).json()
    assert longer["changed_orders"] == [ID_A]
