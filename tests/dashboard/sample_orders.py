"""Realistic order documents for dashboard tests (full docs, as the store keeps them)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

STORES = ("Baseus Official Store", "UGREEN Store", "Xiaomi Global Store", "Lenovo Official Store",
          "Anker Official Store", "ORICO Store", "Mi Home Store", "Tom's Gadgets", "Ulanzi Official")
ITEMS = ("USB-C Cable 100W 2m", "Wireless Earbuds Bluetooth 5.3", "Phone Case for iPhone 15", "LED Desk Lamp",
         "Mechanical Keyboard 68 keys", "Silicone Baking Mat", "Bike Light USB Rechargeable",
         "Кабель Type-C 1 м", "מטען מהיר 65W", "Smart Watch Strap 22mm")
CURRENCIES = ("USD", "USD", "EUR", "BRL", "ILS", "RUB")


def make_order(order_id: str, now: datetime, *, days_to_deadline: float | None = 20, status: str = "awaiting_delivery",
               store: str = "Baseus Official Store", title: str = "USB-C Cable 100W 2m", amount: str = "12.34",
               currency: str = "USD", shipped: bool = True, exact: bool = True, **extra) -> dict:
    deadline = now + timedelta(days=days_to_deadline) if days_to_deadline is not None else None
    order_date = (deadline or now) - timedelta(days=80)
    seen = (now - timedelta(days=1)).isoformat(timespec="seconds")
    protection = ({"ends_at": deadline.isoformat(timespec="seconds"), "source": "page", "days": None}
                  if deadline is not None and exact else None)
    doc = {
        "order_id": order_id, "status": status, "status_text": status.replace("_", " ").capitalize(),
        "order_date": order_date.isoformat(timespec="seconds"), "paid_at": order_date.isoformat(timespec="seconds"),
        "shipped_at": (order_date + timedelta(days=4)).isoformat(timespec="seconds") if shipped else None,
        "delivered_at": None, "completed_at": None, "store": store,
        "items": [{"title": title, "quantity": 1, "price": {"amount": amount, "currency": currency}}],
        "total": {"amount": amount, "currency": currency}, "tracking_number": "LP00" + order_id[-8:],
        "protection": protection, "estimated_delivery_at": None, "coupon_deadline_at": None, "buttons": [],
        "received": None, "dispute_opened_at": None, "note": None, "deadline_override": None,
        "first_seen": seen, "last_seen": seen,
        "status_history": [{"status": status, "status_text": None, "at": seen}],
        "seen_on": ["order_list"],
        "protection_sources": {"order_list": {"ends_at": protection["ends_at"], "days": None}} if protection else {},
    }
    doc.update(extra)
    return doc


def many_orders(count: int, now: datetime, seed: int = 6) -> list[dict]:
    rng = random.Random(seed)
    orders = []
    for i in range(count):
        status = rng.choices(("awaiting_delivery", "awaiting_shipment", "completed", "closed", "in_dispute"),
                             weights=(60, 10, 20, 5, 5))[0]
        orders.append(make_order(
            str(8100000000000000 + i * 7919), now, days_to_deadline=rng.uniform(-10, 90), status=status,
            store=rng.choice(STORES), title=rng.choice(ITEMS), amount=f"{rng.uniform(1, 300):.2f}",
            currency=rng.choice(CURRENCIES), shipped=status != "awaiting_shipment", exact=rng.random() < 0.6,
        ))
    return orders


def few_orders(now: datetime) -> list[dict]:
    return [
        make_order("8123456789012345", now, days_to_deadline=2.5, store="UGREEN Store",
                   title="UGREEN Nexode 65W GaN Charger", amount="132.74", currency="BRL"),
        make_order("8123456789012346", now, days_to_deadline=6.5, store="Baseus Official Store",
                   title="Baseus Power Bank 20000mAh", amount="24.99", currency="USD"),
        make_order("8123456789012347", now, days_to_deadline=12.5, store="Xiaomi Global Store",
                   title="Xiaomi Smart Band 8", amount="31.50", currency="USD", exact=False),
        make_order("8123456789012348", now, days_to_deadline=45.5, status="awaiting_shipment", shipped=False,
                   store="Tom's Gadgets", title="Кабель Type-C 1 м", amount="299", currency="RUB"),
        make_order("8123456789012349", now, days_to_deadline=-3, store="Anker Official Store",
                   title="Anker Soundcore Life P3", amount="45.00", currency="EUR"),
        make_order("8123456789012350", now, days_to_deadline=None, status="completed", store="ORICO Store",
                   title="מארז לכונן SSD M.2", amount="89.90", currency="ILS", received=True),
    ]
