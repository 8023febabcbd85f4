"""Which page family a page belongs to: by URL first, by content when the URL is missing or odd."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from companion.parsing import current_detail, current_list, ru_detail, ru_list, trade_detail, trade_list, tracking
from companion.parsing.context import Context


@dataclass(frozen=True)
class Family:
    kind: str
    url_matches: Callable[[str], bool]
    content_matches: Callable[[str], bool]
    parse: Callable[[str, Context], list]


def _url_has(*needles: str) -> Callable[[str], bool]:
    return lambda url: any(n in (url or "") for n in needles)


# Order matters for content sniffing: the most specific markers first.
FAMILIES = (
    Family("trade_list", _url_has("trade.aliexpress.", "/orderList.htm"), trade_list.sniff, trade_list.parse),
    Family("trade_detail", _url_has("/order_detail.htm"), trade_detail.sniff, trade_detail.parse),
    Family("ru_detail", ru_detail.url_matches, ru_detail.sniff, ru_detail.parse),
    Family("ru_list", ru_list.url_matches, ru_list.sniff, ru_list.parse),
    Family("tracking", _url_has("/p/tracking/", "/logistics/", "tradeOrderId="), tracking.sniff, tracking.parse),
    Family("order_detail", _url_has("/p/order/detail.html"), current_detail.sniff, current_detail.parse),
    Family("order_list", _url_has("/p/order/index.html"), current_list.sniff, current_list.parse),
)


def by_url(url: str) -> Family | None:
    if not url:
        return None
    # trade_list's URL test would also take order_detail.htm on trade.aliexpress.com.
    if "/order_detail.htm" in url:
        return FAMILIES[1]
    for family in FAMILIES:
        if family.url_matches(url):
            return family
    return None


def by_content(html: str) -> Family | None:
    for family in FAMILIES:
        if family.content_matches(html):
            return family
    return None
