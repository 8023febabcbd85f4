"""The case on the dashboard (issue 16, points 1, 4, 5): the order page's timeline, the record form,
undo buttons, the evidence list of a suggested dispute, and the list's case filters."""

from __future__ import annotations

from tests.api import test_case_api as base
from tests.api.test_case_api import OID, add

# the case API tests' fixtures: a companion holding one order, and the parser stand-in
stored, fake_parser = base.stored, base.fake_parser


async def page(comp, path: str) -> str:
    resp = await comp.request("GET", path, auth=False)
    assert resp.status == 200, await resp.text()
    return await resp.text()


async def test_order_page_shows_the_case_as_a_timeline(stored):
    await stored.login()
    # dispute Nov 20 (the clock says Nov 24 12:00): 3 days passed on Nov 23, escalate now
    await add(stored, kind="dispute_opened", at="2026-11-20", reason="not_received", evidence=["tracking_page"])
    await add(stored, kind="offer_received", at="2026-11-22", amount="1.00", note="<b>only a dollar</b>")
    html = await page(stored, f"/orders/{OID}")
    assert 'id="case-form"' in html and 'data-kind="dispute_opened"' in html and 'data-undo="1"' in html
    assert "Escalate if nothing is agreed" in html and "Refuse the low offer" in html
    assert "Tracking page screenshot" in html  # the ticked evidence, stored with the dispute
    assert "&lt;b&gt;only a dollar&lt;/b&gt;" in html and "<b>only a dollar" not in html
    # page events sit in the same timeline: the shipment date the list page gave
    assert 'class="tl-page"' in html and 'class="tl-due"' in html
    he = await page(stored, f"/orders/{OID}?lang=he")
    assert "התיק שלכם" in he and "נפתחה מחלוקת" in he


async def test_a_suggested_dispute_shows_its_evidence_boxes(stored, fake_parser):
    from companion.parsing import ParsedPage
    from tests.api.test_orders_api import order, post_page

    fake_parser["tracking"] = ParsedPage("tracking", [order(OID, shipped_at="2026-10-05", delivered_at="2026-11-22")], [])
    await post_page(stored, "tracking", captured_at="2026-11-24T11:00:00Z")
    await stored.login()
    html = await page(stored, f"/orders/{OID}")
    assert 'data-follow-up="delivered_not_received"' in html
    assert 'name="evidence" value="tracking_page"' in html and 'name="evidence" value="seller_chat"' in html


async def test_the_list_filters_by_what_the_case_waits_for(stored):
    await stored.login()
    await add(stored, kind="dispute_opened", at="2026-11-20")
    assert OID in await page(stored, "/?case=escalate")
    assert OID not in await page(stored, "/?case=refund")
    assert OID not in await page(stored, "/?case=seller")
    await add(stored, kind="decision_refund", at="2026-11-23", method="card")
    assert OID in await page(stored, "/?case=refund")
    assert OID not in await page(stored, "/?case=escalate")
    resp = await stored.request("GET", "/?case=bogus", auth=False)
    assert resp.status == 400


async def test_order_page_links_the_tracking_pages_and_says_how_long_the_parcel_is_still(stored, fake_parser):
    from companion.parsing import ParsedPage
    from tests.api.test_orders_api import order, post_page

    # last event Nov 10 (00:00 Pacific = 08:00 UTC); the clock says Nov 24 12:00: 14 whole days, stopped since Nov 20
    fake_parser["tracking"] = ParsedPage("tracking", [order(OID, shipped_at="2026-10-05", carrier="YunExpress",
                                                            tracking_number="YT2600000000000001", last_event_at="2026-11-10")], [])
    await post_page(stored, "tracking", captured_at="2026-11-24T11:00:00Z")
    await stored.login()
    html = await page(stored, f"/orders/{OID}")
    assert f'href="https://www.aliexpress.com/p/tracking/index.html?tradeOrderId={OID}"' in html
    assert 'href="https://www.yuntrack.com/parcelTracking?id=YT2600000000000001"' in html
    assert "14 days ago" in html and 'data-follow-up="parcel_stalled"' in html
    body = await (await stored.request("GET", f"/api/v1/orders/{OID}")).json()
    assert body["carrier"] == "YunExpress" and body["last_event_at"] == "2026-11-10"
    assert body["hint"]["tracking"]["quiet_days"] == 14
