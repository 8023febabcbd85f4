"""Which carrier a tracking page names, and where to follow the parcel: the AliExpress tracking page
of the order, and the carrier's own page for the number where the table (carriers.json) has one."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

TABLE_FILE = Path(__file__).with_name("carriers.json")
ALIEXPRESS_TRACKING = "https://www.aliexpress.com/p/tracking/index.html?tradeOrderId={order_id}"
_NUMBER = re.compile(r"^[A-Za-z0-9-]{4,40}$")


@lru_cache(maxsize=1)
def table() -> tuple[dict, ...]:
    with TABLE_FILE.open(encoding="utf-8") as fh:
        return tuple(json.load(fh)["carriers"])


def carrier_for(text: object) -> dict | None:
    """The table's carrier named in a page's carrier text ("AliExpress standard shipping" -> Cainiao):
    the longest name found as whole words, so "sf" is not read inside "transfer"."""
    if not isinstance(text, str) or not text.strip():
        return None
    low = " ".join(text.lower().split())
    best, length = None, 0
    for carrier in table():
        for name in carrier["names"]:
            if len(name) > length and re.search(rf"(?<![\w&]){re.escape(name)}(?![\w&])", low):
                best, length = carrier, len(name)
    return best


def links(order: dict) -> dict:
    """{"aliexpress": url | None, "carrier": name | None, "carrier_url": url | None, "carrier_site": url | None}."""
    oid = order.get("order_id")
    ali = ALIEXPRESS_TRACKING.format(order_id=oid) if type(oid) is str and oid.isascii() and oid.isdigit() else None
    carrier = carrier_for(order.get("carrier"))
    number = order.get("tracking_number")
    number = number if type(number) is str and _NUMBER.match(number) else None
    url = carrier["url"].format(number=quote(number, safe="")) if carrier and carrier.get("url") and number else None
    return {"aliexpress": ali, "carrier": carrier["name"] if carrier else (order.get("carrier") or None),
            "carrier_url": url, "carrier_site": carrier.get("site") if carrier and not url else None}
