"""Captured page data: the JSON the current pages are drawn from.

``mtop.aliexpress.trade.buyer.order.list`` (My Orders), ``…order.detail`` (order detail) and
``mtop.ae.ld.querydetail`` (tracking), whole or as bare components (``pc_om_list_order_*``).
Field names and type codes here do not change with the page language. Address, name and
phone blocks (``addressVO``, ``logisticsReceiverInfo``) are never read.
"""

from __future__ import annotations

import json
import re

from companion.model import empty_order, is_order_id
from companion.parsing import dates, phrases, signals, vocab
from companion.parsing.context import Context
from companion.parsing.money import read_money
from companion.parsing.text import clean

_LIST_PREFIX = "pc_om_list_order_"
_TRADE_ORDER_ID = re.compile(r"tradeOrderId=(\d{6,32})")


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _str(value) -> str:
    if isinstance(value, bool):
        return ""
    if isinstance(value, (int, float)):
        return str(value)
    return value if isinstance(value, str) else ""


def _components(data, depth: int = 0) -> dict | None:
    """The dict of named components (``pc_om_list_order_…``, ``detail_…``), wherever it sits."""
    if not isinstance(data, dict) or depth > 5:
        return None
    if any(isinstance(k, str) and (k.startswith(_LIST_PREFIX) or k.startswith("detail_")) for k in data):
        return data
    for key in ("data", "module", "result"):
        found = _components(data.get(key), depth + 1)
        if found is not None:
            return found
    return None


def _tracking_module(data) -> dict | None:
    for path in (("data", "module"), ("module",), ()):
        node = data
        for key in path:
            node = _dict(node).get(key)
        if isinstance(node, dict) and isinstance(node.get("trackingDetailLineList"), list):
            return node
    return None


def kind_of(data) -> str | None:
    """The page kind this captured data represents, or None when it is not order data."""
    if isinstance(data, list):
        kinds = {kind_of(item) for item in data[:20]} - {None}
        return kinds.pop() if len(kinds) == 1 else None
    if not isinstance(data, dict):
        return None
    api = _str(data.get("api"))
    if "order.list" in api:
        return "order_list"
    if "order.detail" in api:
        return "order_detail"
    if "querydetail" in api or _tracking_module(data) is not None:
        return "tracking"
    comps = _components(data)
    if comps:
        if any(isinstance(k, str) and k.startswith(_LIST_PREFIX) for k in comps):
            return "order_list"
        return "order_detail"
    return None


def parse(data, ctx: Context) -> tuple[str, list[dict]]:
    kind = kind_of(data)
    if kind is None:
        return "unknown", []
    if isinstance(data, list):
        orders: list[dict] = []
        for item in data[:50]:
            orders.extend(parse(item, ctx)[1])
        return kind, orders
    ret = [r for r in _list(data.get("ret")) if isinstance(r, str)]
    if ret and not any(r.startswith("SUCCESS") for r in ret):
        ctx.warn(f"captured data reports an error: {ret[0][:120]}")
    if kind == "order_list":
        return kind, _list_orders(_components(data) or {}, ctx)
    if kind == "order_detail":
        order = _detail_order(_components(data) or {}, ctx)
        return kind, [order] if order else []
    order = _tracking_order(data, ctx)
    return kind, [order] if order else []


def _sku(attrs) -> str | None:
    parts = []
    for attr in _list(attrs):
        attr = _dict(attr)
        name, text = clean(_str(attr.get("name"))), clean(_str(attr.get("text")))
        if text:
            parts.append(f"{name}: {text}" if name else text)
    return ", ".join(parts) or None


def _item(line: dict, currency: str | None) -> dict:
    qty = line.get("quantity", line.get("count"))
    item = {
        "title": clean(_str(line.get("itemTitle"))) or None,
        "quantity": qty if isinstance(qty, int) and not isinstance(qty, bool) else None,
        "price": read_money(_str(line.get("itemPriceText")), _str(line.get("currencyCode")) or currency),
    }
    sku = _sku(line.get("skuAttrs"))
    if sku:
        item["sku"] = sku
    return item


def _sniff(ctx: Context, texts: list[str]) -> None:
    if not ctx.lang:
        ctx.detect_lang(" | ".join(t for t in texts if t))


def _list_orders(comps: dict, ctx: Context) -> list[dict]:
    cards = [_dict(v) for k, v in comps.items() if isinstance(k, str) and k.startswith(_LIST_PREFIX)]
    sample = []
    for card in cards[:5]:
        f = _dict(card.get("fields"))
        sample += [_str(f.get("orderDateTitle")), _str(f.get("statusText")), _str(f.get("totalPriceTitle"))]
    _sniff(ctx, sample)
    orders = []
    for card in cards:
        fields = _dict(card.get("fields"))
        order_id = _str(fields.get("orderId")) or _str(card.get("id"))
        if not is_order_id(order_id):
            ctx.warn("an order in the captured list has no valid order id; skipped")
            continue
        order = empty_order(order_id)
        currency = _str(fields.get("currencyCode")) or None
        for button in _list(fields.get("buttons")):
            signals.add_button(order["buttons"], signals.button_from_type(_dict(button).get("type")))
        order["status_text"] = clean(_str(fields.get("statusText"))) or None
        order["status"] = signals.decide_status(order["status_text"], ctx.lang,
                                                [_str(fields.get("orderStatus")), _str(fields.get("status"))], order["buttons"])
        order["order_date"] = ctx.shown(_str(fields.get("orderDateText")), "order date")
        order["store"] = clean(_str(fields.get("storeName"))) or None
        order["total"] = read_money(_str(fields.get("totalPriceText")), currency)
        for line in _list(fields.get("orderLines")):
            line = _dict(line)
            order["items"].append(_item(line, currency))
            for tag in _list(line.get("itemTags")):
                phrases.scan(order, clean(_str(_dict(tag).get("desc"))), ctx)
        orders.append(order)
    return orders


def _find(comps: dict, prefix: str) -> list[dict]:
    return [_dict(_dict(v).get("fields")) for k, v in comps.items() if isinstance(k, str) and k.startswith(prefix)]


def _detail_order(comps: dict, ctx: Context) -> dict | None:
    status = (_find(comps, "detail_order_status_block") or [{}])[0]
    info = (_find(comps, "detail_simple_order_info_component") or [{}])[0]
    products = (_find(comps, "detail_product_block") or [{}])[0]
    prices = (_find(comps, "detail_order_price_block") or [{}])[0]
    order_id = _str(info.get("tradeOrderId")) or _str(status.get("orderId")) or _order_id_in(ctx.url)
    if not is_order_id(order_id):
        ctx.warn("captured order detail has no valid order id")
        return None
    _sniff(ctx, [_str(info.get("orderCreatTimeTile")), _str(info.get("orderIdTitle")), _str(status.get("title"))])
    order = empty_order(order_id)
    for button in _list(status.get("buttonVOList")):
        signals.add_button(order["buttons"], signals.button_from_type(_dict(button).get("type")))
    for key, field in (("orderCreatTime", "order_date"), ("payTime", "paid_at"), ("orderShipTime", "shipped_at"),
                       ("orderEndTime", "completed_at")):
        order[field] = ctx.shown(_str(info.get(key)), field)
    seller = _dict(products.get("sellerVO"))
    order["store"] = clean(_str(seller.get("sellerName"))) or None
    total = _dict(prices.get("totalPrice"))
    order["total"] = read_money(_str(total.get("value")), _str(total.get("currencyCode")) or None)
    for product in _list(products.get("productVOList")):
        product = _dict(product)
        order["items"].append(_item(product, None))
        for button in _list(product.get("buttonVOS")):
            signals.add_button(order["buttons"], signals.button_from_type(_dict(button).get("type")))
        eta = _dict(product.get("etaAndTrack"))
        phrases.scan(order, clean(_str(eta.get("expectDeliveryDateTitle"))), ctx)
    for services in _find(comps, "detail_order_services"):
        for entry in _list(services.get("data")):
            phrases.scan(order, clean(_str(_dict(entry).get("content"))), ctx)
    phrases.scan(order, clean(_str(status.get("reminder"))), ctx)
    order["status_text"] = clean(_str(status.get("title"))) or None
    order["status"] = signals.decide_status(order["status_text"], ctx.lang, [], order["buttons"])
    return order


def _order_id_in(text: str) -> str:
    m = _TRADE_ORDER_ID.search(text or "") or re.search(r"orderId=(\d{6,32})", text or "")
    return m.group(1) if m else ""


def _tracking_order(data: dict, ctx: Context) -> dict | None:
    module = _tracking_module(data) or {}
    order_id = _order_id_in(ctx.url)
    if not order_id:
        try:
            order_id = _order_id_in(json.dumps(module, ensure_ascii=False)[:2_000_000])
        except (TypeError, ValueError):
            order_id = ""
    if not is_order_id(order_id):
        ctx.warn("captured tracking data names no order (no tradeOrderId): pass the page URL")
        return None
    order = empty_order(order_id)
    fast = _dict(module.get("fastDeliveryInfoDTO"))
    texts = [clean(_str(t)) for t in _list(fast.get("fdContentList"))] or [clean(_str(fast.get("fdContent")))]
    ctx.detect_lang(" ".join(texts))
    for text in texts:
        phrases.scan(order, text, ctx)
    delivered = None
    for package in _list(module.get("trackingDetailLineList")):
        package = _dict(package)
        if not order["tracking_number"]:
            order["tracking_number"] = clean(_str(package.get("mailNo"))) or None
        for event in _list(package.get("detailList")):
            event = _dict(event)
            codes = {_str(event.get("trackingPrimaryCode")), _str(event.get("trackingSecondCode"))}
            if "AE_GTMS_SIGNED" in codes and delivered is None:
                found = ctx.date(_str(event.get("timeText")), "delivery time")
                if found is not None:
                    delivered = dates.infer_year(found, ctx.captured_at)
        eta = _dict(package.get("etaInfo"))
        if delivered is None and _str(eta.get("etaSceneCode")) == "REAL_DELIVERY":
            found = ctx.date(_str(eta.get("etaTimeText")), "delivery time")
            if found is not None:
                delivered = dates.infer_year(found, ctx.captured_at)
    order["delivered_at"] = dates.iso_date(delivered)
    return order


def looks_captured(text: str) -> bool:
    return text.lstrip()[:1] in ("{", "[") or text.lstrip().startswith('"' + _LIST_PREFIX)


def load(text: str):
    """A JSON text -> data; a bare component fragment ("pc_om_list_order_…": {…}) is wrapped in {}."""
    stripped = text.strip().lstrip("\ufeff")
    if stripped.startswith('"'):
        stripped = "{" + stripped.rstrip(",") + "}"
    return json.loads(stripped)


__all__ = ["kind_of", "parse", "load", "looks_captured", "vocab"]
