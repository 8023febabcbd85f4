"""Hints through the API: Hebrew UI words, English texts to copy, most urgent first."""

from __future__ import annotations

import socket
from datetime import datetime, timezone

from aiohttp.test_utils import TestClient, TestServer

from companion.server.app import init_app
from companion.server.keys import SERVICE, TOKEN
from companion.config import Settings
from tests.rules.builders import make_order, page_protection

NOW = datetime(2026, 8, 20, 12, 0, tzinfo=timezone.utc)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_orders_carry_localized_hints_with_english_texts(tmp_path):
    port = free_port()
    app = init_app(Settings(data_dir=tmp_path, port=port), clock=lambda: NOW)
    client = TestClient(TestServer(app, host="127.0.0.1", port=port))
    await client.start_server()
    try:
        await app[SERVICE].store.put_documents([
            make_order(order_id="8100000000000001", shipped_at="2026-08-01", protection=page_protection(days=90)),
            make_order(order_id="8100000000000002", shipped_at="2026-07-01", protection=page_protection("2026-08-22")),
            make_order(order_id="8100000000000003", status="awaiting_payment"),
        ])
        headers = {"Authorization": f"Bearer {app[TOKEN]}", "Host": f"127.0.0.1:{port}"}

        resp = await client.get("/api/v1/orders?lang=he", headers=headers)
        assert resp.status == 200
        orders = (await resp.json())["orders"]
        assert [o["order_id"] for o in orders] == ["8100000000000002", "8100000000000001", "8100000000000003"]

        urgent = orders[0]["hint"]
        assert (urgent["severity"], urgent["days_left"], urgent["exact"]) == ("urgent", 2, True)  # Aug 22 07:00 UTC, from Aug 20 (UTC): 2 calendar days
        assert urgent["deadline"] == "2026-08-22T07:00:00+00:00"
        assert urgent["severity_label"] == "דחוף"
        assert urgent["summary"] == "נותרו יומיים של הגנת קונה (מדויק)"
        dispute = next(a for a in urgent["actions"] if a.get("variant") == "not_received")
        assert dispute["title"] == "פתיחת מחלוקת: לא התקבל"
        assert dispute["text"].startswith("Order 8100000000000002. The parcel (USB-C cable 2 m) has not arrived.")
        assert all(len(a["text"]) <= 140 for a in urgent["actions"] if a.get("for_eva"))

        resp = await client.get("/api/v1/orders/8100000000000002",
                                headers={**headers, "Accept-Language": "ru-RU,ru;q=0.9,en;q=0.8"})
        hint = (await resp.json())["hint"]
        assert hint["severity_label"] == "Срочно"
        assert next(a for a in hint["actions"] if a.get("variant") == "not_received")["text"] == dispute["text"]

        # The user's own deadline, set through the API, wins over the page.
        resp = await client.patch("/api/v1/orders/8100000000000001", headers=headers,
                                  json={"deadline_override": "2026-08-21T12:00:00+00:00", "received": True})
        hint = (await resp.json())["hint"]
        assert (hint["source"], hint["days_left"], hint["summary"]) == \
            ("override", 1, "Protection ends tomorrow (your date)")
        assert not any(a.get("variant") == "not_received" for a in hint["actions"])
    finally:
        await client.close()
