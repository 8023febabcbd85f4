"""A My Orders area sent with the list data the page was drawn from: when that data holds every card,
the cards are not read again, and the orders are what a person read off the page."""

from __future__ import annotations

import copy
import json
from datetime import datetime
from pathlib import Path

from companion import parsing
from companion.parsing.families import current_list

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
AREA = (PAGES / "order_list" / "real_capture_page_en.html").read_text(encoding="utf-8")
CAPTURE = json.loads((PAGES / "captured" / "order-list.mtop.json").read_text(encoding="utf-8"))
# the page and its response, read by a person (the two files hold the same ten orders)
EXPECTED = json.loads((PAGES / "order_list" / "real_capture_page_en.expected.json").read_text(encoding="utf-8"))
URL = EXPECTED["url"]
AT = datetime.fromisoformat(EXPECTED["captured_at"])
CAPTURED_EXPECTED = json.loads((PAGES / "captured" / "order-list.mtop.expected.json").read_text(encoding="utf-8"))


def _same(got: dict, want: dict) -> bool:
    """Field by field as the page pairs compare them (a field the person's file leaves out is empty)."""
    return all(got.get(key) == want.get(key) for key in set(got) | set(want))


def _read_cards_counting(monkeypatch) -> list[int]:
    """How many cards the list reader reads (its per-card function, looked up when called)."""
    calls = [0]
    real = current_list.read_card

    def counting(card, ctx):
        calls[0] += 1
        return real(card, ctx)

    monkeypatch.setattr(current_list, "read_card", counting)
    return calls


def test_cards_held_by_the_page_data_are_not_read_again(monkeypatch):
    calls = _read_cards_counting(monkeypatch)
    parsed = parsing.parse_page(URL, AREA, AT, [copy.deepcopy(CAPTURE)])
    assert calls[0] == 0
    assert parsed.page_kind == "order_list"
    assert parsed.warnings == []
    assert [o["order_id"] for o in parsed.orders] == [o["order_id"] for o in CAPTURED_EXPECTED["orders"]]
    assert all(_same(got, want) for got, want in zip(parsed.orders, CAPTURED_EXPECTED["orders"]))
    assert parsed.seen == 10


def test_a_card_the_data_lacks_sends_the_reader_to_the_cards(monkeypatch):
    calls = _read_cards_counting(monkeypatch)
    partial = copy.deepcopy(CAPTURE)
    components = partial["data"]["data"]
    dropped = next(key for key in components if key.startswith("pc_om_list_order_"))
    dropped_id = components.pop(dropped)["fields"]["orderId"]
    parsed = parsing.parse_page(URL, AREA, AT, [partial])
    assert calls[0] == 10
    by_id = {order["order_id"]: order for order in parsed.orders}
    assert set(by_id) == {order["order_id"] for order in EXPECTED["orders"]}
    # the order only the cards show is as a person read it off the card
    assert _same(by_id[str(dropped_id)], next(o for o in EXPECTED["orders"] if o["order_id"] == str(dropped_id)))
