"""The carriers table (companion/rules/carriers.json) and the tracking links the hint carries (issue 16, point 3)."""

from __future__ import annotations

import pytest

from companion.rules import hint_for
from companion.rules.carriers import carrier_for, links, table
from tests.rules.builders import NOW, make_order


def test_every_carrier_has_a_name_lower_case_names_and_a_page():
    keys = [c["key"] for c in table()]
    assert len(keys) == len(set(keys)) >= 10
    for carrier in table():
        assert carrier["name"] and carrier["names"] and all(n == n.lower().strip() for n in carrier["names"]), carrier
        assert ("url" in carrier) != ("site" in carrier), carrier  # a page for the number, or only a home page
        page = carrier.get("url") or carrier["site"]
        assert page.startswith("https://"), carrier
        if "url" in carrier:
            assert carrier["url"].count("{number}") == 1, carrier
    names = [n for c in table() for n in c["names"]]
    assert len(names) == len(set(names))  # one carrier per name


@pytest.mark.parametrize("text, key", [
    ("AliExpress standard shipping", "cainiao"),
    ("Cainiao Super Economy Global", "cainiao"),
    ("J&T Express", "jt"),
    ("4PX Singapore Post OM Pro", "4px"),
    ("YunExpress", "yunexpress"),
    ("Yanwen Economic Air Mail", "yanwen"),
    ("SF International", "sf"),
    ("Russian Post", "russian_post"),
    ("Почта России", "russian_post"),
    ("China Post Registered Air Mail", "china_post"),
])
def test_page_texts_name_their_carrier(text, key):
    assert carrier_for(text)["key"] == key


@pytest.mark.parametrize("text", ["Transfer service", "Standard shipping", "", None, 5, "Semsung"])
def test_no_carrier_is_guessed(text):
    assert carrier_for(text) is None  # "sf" inside "transfer", "ems" inside "semsung" are not names


def test_links_for_a_known_carrier_and_number():
    order = make_order(carrier="AliExpress standard shipping", tracking_number="LP00000000000000")
    assert links(order) == {"aliexpress": "https://www.aliexpress.com/p/tracking/index.html?tradeOrderId=8100000000000001",
                            "carrier": "Cainiao", "carrier_url": "https://global.cainiao.com/detail.htm?mailNoList=LP00000000000000",
                            "carrier_site": None}


def test_links_without_a_page_for_the_number_or_an_unknown_carrier():
    jt = links(make_order(carrier="J&T Express", tracking_number="AA000000000BR"))
    assert jt["carrier_url"] is None and jt["carrier_site"] == "https://www.jtexpress.com.br/"
    unknown = links(make_order(carrier="Local Courier 7", tracking_number="AA000000000BR"))
    assert unknown["carrier"] == "Local Courier 7" and unknown["carrier_url"] is None and unknown["carrier_site"] is None
    odd = links(make_order(carrier="USPS", tracking_number="<script>", order_id=None))
    assert odd["carrier_url"] is None and odd["aliexpress"] is None


def test_the_hint_says_how_long_the_parcel_has_not_moved():
    # last event Aug 5 (00:00 Pacific = 07:00 UTC); NOW Aug 20 12:00 UTC: 15 whole days
    hint = hint_for(make_order(shipped_at="2026-07-01", carrier="USPS", tracking_number="9400100000000000000000",
                               last_event_at="2026-08-05"), NOW, "en")
    assert hint["tracking"]["quiet_days"] == 15 and hint["tracking"]["last_event_at"] == "2026-08-05"
    assert hint["tracking"]["carrier_url"] == "https://tools.usps.com/go/TrackConfirmAction?tLabels=9400100000000000000000"
