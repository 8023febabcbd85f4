"""Current My Orders list (www.aliexpress.com/p/order/index.html): ``div.order-item`` cards.

The extension sends the order area's outerHTML (or the whole page). Before the tree is built
the text is cut to start at the first card and stripped of svg/script/style, and each card is
indexed by class in one walk: BeautifulSoup's per-node cost is what dominates here.
"""

from __future__ import annotations


from bs4 import NavigableString, Tag

from companion.model import empty_order, is_order_id
from companion.parsing import base, card_chunks, phrases, signals, vocab
from companion.parsing.context import Context
from companion.parsing.html import JUNK, button_codes, first_tag, order_id_from, soup, text, trim, walk
from companion.parsing.money import read_money
from companion.parsing.text import clean, digits_only, split_label

KIND = "order_list"
_COPY = "order-item-header-right-copy"


def _cards(html: str) -> list[Tag]:
    starts = card_chunks.card_starts(html)
    tree = soup(JUNK.sub("", html[starts[0]:]) if starts else trim(html, "order-item-header"))
    cards = []
    for el in tree.descendants:
        if isinstance(el, Tag) and "order-item" in (el.attrs.get("class") or ()) and el.name == "div":
            if not any(parent is c for c in cards[-1:] for parent in el.parents):
                cards.append(el)
    return cards


def _info_lines(info: Tag) -> list[str]:
    """The header's 'Label: value' lines: each child element is a line, and so is each text of the
    header's own; the "Copy" button and what it holds are not."""
    lines: list[str] = []
    for child in info.children:
        if isinstance(child, Tag):
            pieces: list[str] = []
            _texts_outside_copy(child, pieces)
            line = " ".join(pieces)
        elif type(child) is NavigableString:
            line = clean(str(child))
        else:
            continue
        if line:
            lines.append(line)
    return lines


def _texts_outside_copy(el: Tag, into: list[str]) -> None:
    if _COPY in (el.attrs.get("class") or ()):
        return
    for child in el.contents:
        if type(child) is NavigableString:
            piece = clean(str(child))
            if piece:
                into.append(piece)
        elif isinstance(child, Tag):
            _texts_outside_copy(child, into)


def _header(index: dict, order: dict, ctx: Context) -> str | None:
    """Reads 'Order date: …' and 'Order ID: …' lines; returns an id found by label."""
    labelled_id = None
    info = index.get("order-item-header-right-info")
    if info is None:
        return None
    for line in _info_lines(info):
        label, value = split_label(line)
        field = vocab.label_field(label, ctx.lang) if label else None
        digits = digits_only(value)
        if field == "order_id" or (not field and len(digits) >= 10 and digits == value.replace(" ", "")):
            labelled_id = digits
        elif field in ("order_date", "paid_at", "shipped_at", "completed_at"):
            order[field] = ctx.shown(value, field)
        elif not field and order["order_date"] is None:
            order["order_date"] = ctx.shown(value, "order date")
    return labelled_id


def _item(index: dict[str, Tag], currency: str | None) -> dict | None:
    name = index.get("order-item-content-info-name")
    if name is None:
        return None
    span = first_tag(name, attr="title")
    title = (span.get("title") if span is not None else "") or text(name)
    qty_text = text(index.get("order-item-content-info-number-quantity"))
    price = None
    number = index.get("order-item-content-info-number")
    if number is not None:
        price_text = text(number)
        price = read_money(price_text.replace(qty_text, " ") if qty_text else price_text, currency)
    return base.item(title, base.quantity(qty_text), price, text(index.get("order-item-content-info-sku")))


def _items(view, order: dict, currency: str | None) -> None:
    index = view.index
    bodies = view.all_of.get("order-item-content-body", [])
    for _body, body_index in bodies[:200]:
        item = _item(body_index, currency)
        if item:
            order["items"].append(item)
    if not order["items"]:
        # Several items: the card shows only their pictures.
        images = index.get("order-item-content-img-list")
        for img in (images.find_all("img") if images is not None else [])[:50]:
            order["items"].append({"title": clean(img.get("alt") or img.get("title") or "") or None, "quantity": None, "price": None})


def _deadline_texts(view) -> list[str]:
    """Where a list card states protection: item tags (often only in a title) and the status area."""
    index = view.index
    texts = [text(index.get("order-item-header-status")), text(index.get("order-item-content-info-tags"))]
    for el in view.titled:
        if not _in_item_name(el):  # an item's title is its name, not a deadline
            texts.append(el.get("title") or "")
    return [t for t in texts if t]


def _in_item_name(el: Tag) -> bool:
    for parent in el.parents:
        classes = parent.attrs.get("class") or ()
        if "order-item-content-info-name" in classes:
            return True
        if "order-item" in classes:
            return False
    return False


def read_card(card: Tag, ctx: Context) -> dict | None:
    view = walk(card, ("order-item-content-body",))
    index = view.index
    order = empty_order("")
    labelled_id = _header(index, order, ctx)
    order_id = order_id_from(view, card) or labelled_id
    if not is_order_id(order_id):
        ctx.warn("an order card has no order id (no orderId link, data attribute or ID label); skipped")
        return None
    order["order_id"] = order_id
    order["status_text"] = text(index.get("order-item-header-status-text")) or None
    store = index.get("order-item-store-name")
    if store is not None:
        order["store"] = text(first_tag(store, "span") or store) or None
    total_el = index.get("order-item-content-opt-price-total")
    order["total"] = read_money(text(total_el)) if total_el is not None else None
    _items(view, order, (order["total"] or {}).get("currency"))
    button_codes(view.buttons, ctx, order["buttons"])
    order["status"] = signals.decide_status(order["status_text"], ctx.lang, [card.get("data-status") or ""], order["buttons"])
    for piece in _deadline_texts(view):
        phrases.scan(order, piece, ctx)
    return order


def parse(html: str, ctx: Context) -> list[dict]:
    ctx.detect_lang(html)
    chunks = card_chunks.split(html)
    if chunks:
        return card_chunks.read(chunks, ctx, read_card)
    orders = []
    cards = _cards(html)  # cards the cheap split could not find (odd markup): the whole tree
    for card in cards:
        order = read_card(card, ctx)
        if order is not None:
            orders.append(order)
    if not cards:
        ctx.warn("no order cards (div.order-item) found on the list page")
    return orders


FAMILY = base.Family("order_list", (r"/p/order/index\.html",), ("order-item-header",), parse, many=True,
                     anchors=("orderId=",),
                     examples=("https://www.aliexpress.com/p/order/index.html", "https://www.aliexpress.us/p/order/index.html?spm=a2g0o"))
