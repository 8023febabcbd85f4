"""The hint cache behind GET /api/v1/orders: a kept hint is served for as long as the rules say it
holds (``rules.hint_until``), never after, and the list made of kept JSON is the JSON of the dicts."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import orjson

from companion import rules
from companion.rules import hint_until as worked_out  # not the counting stand-in below
from companion.service.orders import OrderService
from companion.service.overview import is_estimated
from companion.store import Store
from companion.store.merge import merge_order, sanitize_page_order

UTC = timezone.utc
JERUSALEM = ZoneInfo("Asia/Jerusalem")
# Tuesday 14:00 in Jerusalem (UTC+2 in November): the next midnight there is 22:00 UTC
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC).astimezone(JERUSALEM)
CAPTURED = "2026-11-20T10:00:00+00:00"


def page_order(order_id: str, **fields) -> dict:
    base = {"order_id": order_id, "status": "awaiting_delivery", "status_text": "Awaiting delivery",
            "order_date": "2026-10-01", "shipped_at": "2026-10-03", "store": "Tango Store",
            "items": [{"title": "USB cable", "quantity": 1, "price": {"amount": "4.59", "currency": "USD"}}],
            "total": {"amount": "4.59", "currency": "USD"}}
    base.update(fields)
    return base


ORDERS = [
    page_order("8100000000000001"),
    # ends Nov 26 at Pacific midnight (10:00 in Jerusalem): "ends in 2 days" today, "tomorrow" after midnight
    page_order("8100000000000002", protection={"ends_at": "2026-11-26", "source": "page", "days": None}),
    page_order("8100000000000003", status="completed", completed_at="2026-11-20"),
    page_order("8100000000000004", status="in_dispute", dispute_opened_at="2026-11-22T09:30:00+00:00"),
    page_order("8100000000000005", status="awaiting_payment", shipped_at=None),
]


class Clock:
    def __init__(self):
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


async def service_with_orders(tmp_path) -> tuple[OrderService, Clock]:
    store = Store(tmp_path)
    await store.put_documents([merge_order(None, sanitize_page_order(o), "order_list", CAPTURED) for o in ORDERS])
    clock = Clock()
    return OrderService(store, clock), clock


async def fresh(service: OrderService, now: datetime, lang: str) -> list[dict]:
    """The list as it reads without any cache: every hint worked out now, from the stored order."""
    ids = [order["order_id"] for order, _ in (await service.overview()).ranked]
    return [{**service.store.get(oid), "hint": worked_out(service.store.get(oid), now, lang, service.settings.stall_days)[0]}
            for oid in ids]


def counting(monkeypatch) -> list[str]:
    made: list[str] = []
    real = rules.hint_until

    def hint_until(order, now, lang="en", stall_days=rules.STALL_DAYS, with_actions=True):
        made.append(order["order_id"])
        return real(order, now, lang, stall_days, with_actions)

    monkeypatch.setattr(rules, "hint_until", hint_until)
    return made


async def test_the_list_is_the_json_of_every_order_with_its_hint(tmp_path):
    service, clock = await service_with_orders(tmp_path)
    for lang in ("en", "he", "ru"):
        answer = await service.ranked(None, None, lang)
        estimated = sum(1 for _, a in (await service.overview()).ranked if is_estimated(a))
        expected = {"orders": await fresh(service, clock.now, lang), "total": len(ORDERS), "estimated": estimated}
        assert orjson.dumps(answer) == orjson.dumps(expected)
        again = await service.ranked(None, None, lang)  # now from kept JSON
        assert orjson.dumps(again) == orjson.dumps(expected)


async def test_a_kept_hint_serves_the_next_minutes_and_not_past_midnight(tmp_path, monkeypatch):
    service, clock = await service_with_orders(tmp_path)
    made = counting(monkeypatch)
    await service.ranked(None, None, "en")
    assert sorted(made) == sorted(o["order_id"] for o in ORDERS)
    made.clear()
    clock.now = NOW + timedelta(minutes=1)
    assert orjson.loads(orjson.dumps(await service.ranked(None, None, "en")))["orders"] == await fresh(service, clock.now, "en")
    clock.now = NOW + timedelta(hours=9, minutes=59)  # 21:59 UTC: still Tuesday in Jerusalem
    assert orjson.loads(orjson.dumps(await service.ranked(None, None, "en")))["orders"] == await fresh(service, clock.now, "en")
    assert made == []  # nothing these orders say changes before midnight where the buyer is
    clock.now = NOW + timedelta(hours=10)  # Wednesday 00:00 in Jerusalem: "2 days" has become "tomorrow"
    listed = orjson.loads(orjson.dumps(await service.ranked(None, None, "en")))["orders"]
    assert "8100000000000002" in made
    assert listed == await fresh(service, clock.now, "en")
    assert {o["order_id"]: o["hint"]["days_left"] for o in listed}["8100000000000002"] == 1


async def test_an_edit_or_a_clock_set_back_works_the_hint_out_again(tmp_path, monkeypatch):
    service, clock = await service_with_orders(tmp_path)
    await service.ranked(None, None, "en")
    made = counting(monkeypatch)
    await service.store.update_user_fields("8100000000000001", {"deadline_override": "2026-11-25"})
    clock.now = NOW + timedelta(minutes=5)
    listed = orjson.loads(orjson.dumps(await service.ranked(None, None, "en")))["orders"]
    assert made == ["8100000000000001"]
    assert listed == await fresh(service, clock.now, "en")
    made.clear()
    clock.now = NOW - timedelta(minutes=1)  # before the kept hints were made: the rules say nothing of it
    listed = orjson.loads(orjson.dumps(await service.ranked(None, None, "en")))["orders"]
    assert sorted(made) == sorted(o["order_id"] for o in ORDERS)
    assert listed == await fresh(service, clock.now, "en")


async def test_one_order_and_the_list_share_their_hints(tmp_path, monkeypatch):
    service, clock = await service_with_orders(tmp_path)
    made = counting(monkeypatch)
    one = service.order("8100000000000004", "ru")  # the hint alone is kept
    await service.ranked(None, None, "ru")  # the list takes it from there, with the order's JSON
    assert made.count("8100000000000004") == 1
    again = service.order("8100000000000004", "ru")  # read back out of the list's JSON
    assert made.count("8100000000000004") == 1
    assert one == again == {**service.store.get("8100000000000004"),
                            "hint": worked_out(service.store.get("8100000000000004"), clock.now, "ru")[0]}


async def test_another_zone_or_setting_is_another_hint(tmp_path):
    service, clock = await service_with_orders(tmp_path)
    await service.ranked(None, None, "en")
    clock.now = NOW.astimezone(ZoneInfo("America/Los_Angeles"))  # the same instant, the buyer flew
    assert orjson.loads(orjson.dumps(await service.ranked(None, None, "en")))["orders"] == await fresh(service, clock.now, "en")
    await service.change_settings({"stall_days": 5})
    assert orjson.loads(orjson.dumps(await service.ranked(None, None, "en")))["orders"] == await fresh(service, clock.now, "en")
