"""Captured page data: the JSON the current pages are drawn from.

``mtop.aliexpress.trade.buyer.order.list`` (My Orders), ``…order.detail`` (order detail) and
``mtop.ae.ld.querydetail`` (tracking), whole, as bare components, as a list of components, nested
under other keys, or as JSONP text. A part is recognised by what it carries, never by the name of
its key (keys drift: ``pc_om_list_order_…``, ``pc_om_list_order_v2_…``, ``order_list_item_…``):

- a My Orders card: an ``orderId`` with ``orderLines`` / ``statusText`` / ``orderDateText`` /
  ``totalPriceText`` (in its ``fields`` or in the object itself), or a ``type``/``tag`` naming a
  list order;
- order detail blocks: ``tradeOrderId`` with the order's times (info), ``productVOList``
  (products), ``totalPrice`` (prices), ``title`` with ``reminder`` / ``buttonVOList`` (status),
  ``data[].content`` sentences (service commitments);
- tracking: ``trackingDetailLineList``.

Status: status codes and button type codes first, then the shown text; a text no vocabulary
knows, with no code, is ``unknown`` plus a warning naming it (never a guess). Field names and type
codes do not change with the page language. Address, name and phone blocks (``addressVO``,
``logisticsReceiverInfo``…) are never walked into, let alone read.
"""

from __future__ import annotations

import json
import re
from urllib.parse import unquote

from companion.model import empty_order, is_order_id
from companion.parsing import dates, phrases, signals, vocab
from companion.parsing.context import Context
from companion.parsing.money import read_money
from companion.parsing.text import clean

_PRIVATE = frozenset({"addressVO", "logisticsReceiverInfo", "receiverInfo", "buyerAddress", "shippingAddress",
                      "addressInfo", "contactInfo", "buyerInfo", "receiver", "consignee"})
_LIST_MARKERS = ("orderLines", "statusText", "orderDateText", "totalPriceText")
_DETAIL_TIMES = ("orderCreatTime", "payTime", "orderShipTime", "orderEndTime")
# Where a status code may sit (in a card's or a block's fields). Only codes in signals.STATUS_CODES count.
_STATUS_CODE_FIELDS = ("orderStatus", "status", "tradeStatus", "statusCode", "orderStatusCode", "tradeOrderStatus")
_LIST_NAME = re.compile(r"list_?order|order_?list|order_?(?:item|card)")
_ORDER_ID_PATTERNS = (re.compile(r"tradeOrderId[\"']?\s*[=:]\s*[\"']?(\d{6,32})(?!\d)"),
                      re.compile(r"(?<![A-Za-z])orderId[\"']?\s*[=:]\s*[\"']?(\d{6,32})(?!\d)"))
_JSONP = re.compile(r"\s*[A-Za-z_$][\w$.]{0,80}\s*\(\s*[\[{]")
_FRAGMENT = re.compile(r'\s*"[^"\n]{1,200}"\s*:\s*[\[{]')
_MAX_DEPTH = 12
_MAX_NODES = 200_000
_MAX_ITEMS = 5_000
_MAX_RESPONSES = 50
_KIND_NAMES = {"order_list": "order list", "order_detail": "order detail", "tracking": "tracking"}


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


# ---- finding the parts --------------------------------------------------------------------------
class _Parts:
    """What a walk through captured data found, in the order it was found."""

    def __init__(self) -> None:
        self.cards: list[tuple[dict, dict]] = []  # (component, fields) of My Orders cards
        self.info: list[dict] = []
        self.status: list[dict] = []
        self.products: list[dict] = []
        self.prices: list[dict] = []
        self.services: list[dict] = []
        self.tracking: list[dict] = []
        self.nodes = 0

    @property
    def kind(self) -> str | None:
        if self.cards:
            return "order_list"
        if self.info or self.status or self.products or self.prices:
            return "order_detail"
        if self.tracking:
            return "tracking"
        return None


def _name(node: dict) -> str:
    return " ".join(_str(node.get(key)) for key in ("type", "tag")).lower()


def _is_card(node: dict, fields: dict, name: str) -> bool:
    if isinstance(fields.get("productVOList"), list):
        return False
    if "orderId" in fields and any(key in fields for key in _LIST_MARKERS):
        return True
    return bool(_LIST_NAME.search(name)) and ("orderId" in fields or is_order_id(_str(node.get("id"))))


def _is_services(fields: dict, name: str) -> bool:
    if "order_services" in name:
        return True
    entries = _list(fields.get("data"))
    return bool(entries) and any(isinstance(_dict(e).get("content"), str) for e in entries[:10])


def _classify(node: dict, parts: _Parts) -> bool:
    """Record ``node`` when it is a part we read; True means: do not look inside it."""
    fields = node.get("fields")
    fields = fields if isinstance(fields, dict) else node
    name = _name(node)
    if isinstance(fields.get("trackingDetailLineList"), list):
        parts.tracking.append(fields)
    elif _is_card(node, fields, name):
        parts.cards.append((node, fields))
    elif isinstance(fields.get("productVOList"), list):
        parts.products.append(fields)
    elif fields.get("tradeOrderId") is not None and any(key in fields for key in _DETAIL_TIMES):
        parts.info.append(fields)
    elif isinstance(fields.get("totalPrice"), dict):
        parts.prices.append(fields)
    elif (isinstance(fields.get("title"), str) and ("reminder" in fields or isinstance(fields.get("buttonVOList"), list))) \
            or "order_status" in name:
        parts.status.append(fields)
    elif _is_services(fields, name):
        parts.services.append(fields)
    else:
        return False
    return True


def _walk(node, parts: _Parts, depth: int = 0) -> None:
    if depth > _MAX_DEPTH or parts.nodes >= _MAX_NODES:
        return
    parts.nodes += 1
    if isinstance(node, list):
        for item in node[:_MAX_ITEMS]:
            if isinstance(item, (dict, list)):
                _walk(item, parts, depth + 1)
        return
    if not isinstance(node, dict) or _classify(node, parts):
        return
    for key, value in node.items():
        if isinstance(value, (dict, list)) and key not in _PRIVATE:
            _walk(value, parts, depth + 1)


def _parts(data) -> _Parts:
    parts = _Parts()
    _walk(data, parts)
    return parts


def _api_kind(data) -> str | None:
    api = _str(_dict(data).get("api"))
    if "order.list" in api:
        return "order_list"
    if "order.detail" in api:
        return "order_detail"
    if "querydetail" in api:
        return "tracking"
    return None


def _responses(data) -> list[dict] | None:
    """A list of whole responses (each with its ``api`` / ``ret``), or None for anything else."""
    if not isinstance(data, list) or not data:
        return None
    items = data[:_MAX_RESPONSES]
    if all(isinstance(item, dict) and ("api" in item or "ret" in item) for item in items):
        return items
    return None


def kind_of(data) -> str | None:
    """The page kind this captured data represents, or None when it is not order data."""
    items = _responses(data)
    if items is not None:
        kinds = {kind_of(item) for item in items} - {None}
        return kinds.pop() if len(kinds) == 1 else None
    if not isinstance(data, (dict, list)):
        return None
    return _api_kind(data) or _parts(data).kind


def parse(data, ctx: Context) -> tuple[str, list[dict]]:
    items = _responses(data)
    if items is not None:
        kind = kind_of(data)
        if kind is None:
            return "unknown", []
        orders: list[dict] = []
        for item in items:
            orders.extend(parse(item, ctx)[1])
        return kind, orders
    if not isinstance(data, (dict, list)):
        return "unknown", []
    parts = _parts(data)
    kind = _api_kind(data) or parts.kind
    if kind is None:
        return "unknown", []
    before = len(ctx.warnings)
    ret = [r for r in _list(_dict(data).get("ret")) if isinstance(r, str)]
    if ret and not any(r.startswith("SUCCESS") for r in ret):
        ctx.warn(f"captured data reports an error: {ret[0][:120]}")
    if kind == "order_list":
        orders = _list_orders(parts.cards, ctx)
    elif kind == "order_detail":
        order = _detail_order(parts, ctx)
        orders = [order] if order else []
    else:
        order = _tracking_order((parts.tracking or [{}])[0], ctx)
        orders = [order] if order else []
    if not orders and len(ctx.warnings) == before:
        ctx.warn(f"captured {_KIND_NAMES[kind]} data holds no order Order Guard could read "
                 f"(its parts: {_outline(data)})")
    return kind, orders


def _outline(data) -> str:
    """The first keys (or types) of the data, to tell a bug report's reader what the shape was."""
    node = data
    for _ in range(3):
        inner = _dict(node).get("data")
        if isinstance(inner, (dict, list)) and inner:
            node = inner
        else:
            break
    if isinstance(node, dict):
        names = list(node)[:6]
    else:
        names = [_name(_dict(item)) or type(item).__name__ for item in node[:6]]
    return json.dumps(names, ensure_ascii=False)[:200]


# ---- status -------------------------------------------------------------------------------------
def _codes(*blocks: dict) -> list[str]:
    return [_str(block.get(key)) for block in blocks for key in _STATUS_CODE_FIELDS if _str(block.get(key))]


def _status(order: dict, codes: list[str], ctx: Context) -> str:
    """Codes first (status fields, then buttons that say one thing only), then the shown text."""
    for code in codes:
        found = signals.STATUS_CODES.get(code.strip().upper())
        if found:
            return found
    # "Cancel" alone is a weak hint (payment being verified shows it too): only with no text at all.
    strong = signals.status_from_buttons([b for b in order["buttons"] if b != "CANCEL"])
    if strong:
        return strong
    text = order["status_text"]
    if text:
        found = vocab.status_code(text, ctx.lang)
        if found:
            return found
        # the same words as the plausibility layer's, so the two never say it twice
        ctx.warn(f"order {order['order_id']}: status {text[:80]!r} is not one Order Guard knows; its deadline is not worked out")
        return "unknown"
    return signals.status_from_buttons(order["buttons"]) or "unknown"


# ---- My Orders ----------------------------------------------------------------------------------
def _sku(attrs) -> str | None:
    parts = []
    for attr in _list(attrs):
        attr = _dict(attr)
        name, text = clean(_str(attr.get("name"))), clean(_str(attr.get("text")))
        if text:
            parts.append(f"{name}: {text}" if name else text)
    return ", ".join(parts) or None


def _sku_desc(text: str) -> str | None:
    """'Color:HDMI-compatible 2.1;Length:2m' -> 'Color: HDMI-compatible 2.1, Length: 2m'."""
    parts = []
    for part in clean(text).split(";"):
        name, sep, value = part.partition(":")
        if sep and name.strip() and value.strip():
            parts.append(f"{name.strip()}: {value.strip()}")
        elif part.strip():
            parts.append(part.strip())
    return ", ".join(parts) or None


def _item(line: dict, currency: str | None) -> dict:
    qty = line.get("quantity", line.get("count"))
    item = {
        "title": clean(_str(line.get("itemTitle"))) or None,
        "quantity": qty if isinstance(qty, int) and not isinstance(qty, bool) else None,
        "price": read_money(_str(line.get("itemPriceText")), _str(line.get("currencyCode")) or currency),
    }
    sku = _sku(line.get("skuAttrs")) or _sku_desc(_str(line.get("skuDesc")))
    if sku:
        item["sku"] = sku
    return item


def _sniff(ctx: Context, texts: list[str]) -> None:
    if not ctx.lang:
        ctx.detect_lang(" | ".join(t for t in texts if t))


def _buttons(order: dict, buttons) -> None:
    for button in _list(buttons):
        signals.add_button(order["buttons"], signals.button_from_type(_dict(button).get("type")))


def _list_orders(cards: list[tuple[dict, dict]], ctx: Context) -> list[dict]:
    sample = []
    for _, f in cards[:5]:
        sample += [_str(f.get("orderDateTitle")), _str(f.get("statusText")), _str(f.get("totalPriceTitle"))]
    _sniff(ctx, sample)
    orders = []
    for card, fields in cards:
        order_id = _str(fields.get("orderId")) or _str(card.get("id"))
        if not is_order_id(order_id):
            ctx.warn("an order in the captured list has no valid order id; skipped")
            continue
        order = empty_order(order_id)
        currency = _str(fields.get("currencyCode")) or None
        _buttons(order, fields.get("buttons"))
        order["status_text"] = clean(_str(fields.get("statusText"))) or None
        order["status"] = _status(order, _codes(fields), ctx)
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


# ---- order detail -------------------------------------------------------------------------------
def _detail_order(parts: _Parts, ctx: Context) -> dict | None:
    status = (parts.status or [{}])[0]
    info = (parts.info or [{}])[0]
    products = (parts.products or [{}])[0]
    prices = (parts.prices or [{}])[0]
    order_id = _str(info.get("tradeOrderId")) or _str(status.get("orderId")) or _order_id_in(ctx.url)
    if not is_order_id(order_id):
        ctx.warn("captured order detail has no valid order id")
        return None
    _sniff(ctx, [_str(info.get("orderCreatTimeTile")), _str(info.get("orderIdTitle")), _str(status.get("title"))])
    order = empty_order(order_id)
    _buttons(order, status.get("buttonVOList"))
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
        _buttons(order, product.get("buttonVOS"))
        eta = _dict(product.get("etaAndTrack"))
        phrases.scan(order, clean(_str(eta.get("expectDeliveryDateTitle"))), ctx)
    for services in parts.services:
        for entry in _list(services.get("data")):
            phrases.scan(order, clean(_str(_dict(entry).get("content"))), ctx)
    phrases.scan(order, clean(_str(status.get("reminder"))), ctx)
    order["status_text"] = clean(_str(status.get("title"))) or None
    order["status"] = _status(order, _codes(status, info), ctx)
    return order


def _order_id_in(text: str) -> str:
    """An order id named in a URL or a JSON text: ``tradeOrderId=…``, ``"tradeOrderId":"…"``,
    also URL-encoded (an API call's ``data={"tradeOrderId":…}``)."""
    text = text or ""
    if "%" in text:
        text = unquote(text)
    for pattern in _ORDER_ID_PATTERNS:
        m = pattern.search(text)
        if m:
            return m.group(1)
    return ""


# ---- tracking -----------------------------------------------------------------------------------
def _tracking_order(module: dict, ctx: Context) -> dict | None:
    order_id = _order_id_in(ctx.url)
    if not order_id:
        public = {key: value for key, value in module.items() if key not in _PRIVATE}
        try:
            order_id = _order_id_in(json.dumps(public, ensure_ascii=False)[:2_000_000])
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
    newest = None  # the day of the newest event (listed first, as on the page): how long the parcel has not moved
    for package in _list(module.get("trackingDetailLineList")):
        package = _dict(package)
        if not order["tracking_number"]:
            order["tracking_number"] = clean(_str(package.get("mailNo"))) or None
        if not order["carrier"]:
            order["carrier"] = clean(_str(_dict(package.get("logisticsCpInfo")).get("cpName")))[:120] or None
        for event in _list(package.get("detailList"))[:1]:
            found = ctx.date(_str(_dict(event).get("timeText")), "tracking event time")
            if found is not None:
                newest = dates.iso_date(dates.infer_year(found, ctx.captured_at))
        for line in _list(package.get("packageItemList")):
            order["items"].append(_item(_dict(line), None))
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
    order["last_event_at"] = newest
    return order


# ---- text -> data -------------------------------------------------------------------------------
def looks_captured(text: str) -> bool:
    """JSON, JSONP (``mtopjsonp3({…})``) or a bare component fragment (``"key": {…}``)."""
    head = text[:300].lstrip("\ufeff \t\r\n")
    return head[:1] in ("{", "[") or bool(_JSONP.match(head)) or bool(_FRAGMENT.match(head))


def load(text: str):
    """A JSON / JSONP text -> data; a bare component fragment ("pc_om_list_order_…": {…}) is wrapped
    in {}. Raises ValueError when the text is none of these."""
    from companion.parsing import responses

    return responses.decode_text(text)

