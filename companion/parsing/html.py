"""BeautifulSoup (lxml builder) helpers: parse little, read text once, find by class."""

from __future__ import annotations

import re
import warnings

from bs4 import BeautifulSoup, NavigableString, SoupStrainer, Tag

from companion.parsing import base, signals
from companion.parsing.context import Context
from companion.parsing.lean_builder import lean_soup
from companion.parsing.text import clean, split_label

_ORDER_ID_HREF = re.compile(r"(?:orderId|tradeOrderId|orderid)=(\d{6,32})")
_ORDER_ID_ATTRS = ("data-order-id", "data-orderid", "orderid", "data-order", "data-trade-order-id")


def soup(html: str, only: SoupStrainer | None = None) -> BeautifulSoup:
    if only is None:
        return lean_soup(html)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # bs4 warns about markup that looks like a URL or a file name
        return BeautifulSoup(html, "lxml", parse_only=only)


# What a browser never shows as text: icons, scripts, styles, and a <template>'s inert content.
# The lookahead names the first letters of the alternatives: most "<" are turned away by one test
# instead of by each alternative in turn.
JUNK = re.compile(r"<(?=[sntSNT!])(?:svg\b.*?</svg>|script\b.*?</script>|style\b.*?</style>|noscript\b.*?</noscript>|"
                  r"template\b.*?</template>|!--.*?-->)",
                  re.IGNORECASE | re.DOTALL)


def trim(html: str, first_marker: str) -> str:
    """Cheap string work before the tree: start at the element holding ``first_marker`` and drop
    svg, scripts, styles and comments, which hold nothing a parser reads."""
    at = html.find(first_marker)
    if at > 0:
        start = html.rfind("<", 0, at)
        html = html[start:] if start >= 0 else html
    return JUNK.sub("", html)


class Walk:
    """Everything a card parser looks up, gathered in one pass over the card's nodes.

    ``all_of[cls]`` lists (element, its own class index) for the classes asked for in ``many``
    (an item body inside a card), so an item is read without walking it again."""

    __slots__ = ("index", "links", "buttons", "titled", "all_of")

    def __init__(self):
        self.index: dict[str, Tag] = {}
        self.links: list[str] = []
        self.buttons: list[Tag] = []
        self.titled: list[Tag] = []
        self.all_of: dict[str, list[tuple[Tag, dict[str, Tag]]]] = {}


def walk(root: Tag, many: tuple[str, ...] = ()) -> Walk:
    out = Walk()
    _visit(root, out, many, ())
    return out


def _visit(parent: Tag, out: Walk, many: tuple[str, ...], inner: tuple[dict, ...]) -> None:
    # Recursion over ``contents`` (a card is a dozen levels deep at most) is several times cheaper
    # than bs4's ``descendants`` generator.
    for el in parent.contents:
        if not isinstance(el, Tag):
            continue
        attrs = el.attrs
        classes = attrs.get("class") or ()
        own = inner
        for cls in classes:
            out.index.setdefault(cls, el)
            for index in inner:
                index.setdefault(cls, el)
            if cls in many:
                index = {}
                out.all_of.setdefault(cls, []).append((el, index))
                own = own + (index,)
        name = el.name
        if name == "a" and "href" in attrs:
            out.links.append(attrs["href"])
        if name == "button" or (name == "a" and any("btn" in c or "button" in c for c in classes)):
            out.buttons.append(el)
        if "title" in attrs:
            out.titled.append(el)
        if el.contents:
            _visit(el, out, many, own)


def order_id_from(view: Walk, root: Tag) -> str | None:
    for href in view.links:
        m = _ORDER_ID_HREF.search(href)
        if m:
            return m.group(1)
    for attr in _ORDER_ID_ATTRS:
        value = str(root.get(attr) or "")
        if value.isdigit() and 6 <= len(value) <= 32:
            return value
    return None


def button_codes(elements: list[Tag], ctx: Context, into: list[str]) -> None:
    for el in elements:
        code = signals.button_from_type(el.get("data-type") or el.get("data-button-type")) \
            or signals.button_from_classes(el.get("class")) \
            or signals.button_from_text(text(el), ctx.lang)
        signals.add_button(into, code)


def text(el) -> str:
    if el is None:
        return ""
    return clean(" ".join(strings_in(el)))


def strings_in(el) -> list[str]:
    """The text pieces under ``el`` (what get_text joins), gathered without bs4's filter machinery,
    which costs more than the walk itself on small cards."""
    if isinstance(el, NavigableString):
        return [str(el)]
    out: list[str] = []
    _strings(el, out)
    return out


def _strings(parent: Tag, out: list[str]) -> None:
    for node in parent.contents:
        if type(node) is NavigableString:
            if node.strip():
                out.append(str(node))
        elif isinstance(node, Tag):
            _strings(node, out)


def first_tag(root: Tag, name: str | None = None, attr: str | None = None) -> Tag | None:
    """The first descendant tag with this name and/or carrying this attribute (a cheap ``find``)."""
    for node in root.descendants:
        if isinstance(node, Tag) and (name is None or node.name == name) and (attr is None or attr in node.attrs):
            return node
    return None


def find(root, cls, name=None):
    if root is None:
        return None
    return root.find(name, class_=cls)


def order_id_of(root: Tag) -> str | None:
    """The order id from language-independent anchors: a link's orderId, then data attributes."""
    for a in root.find_all("a", href=True):
        m = _ORDER_ID_HREF.search(a["href"])
        if m:
            return m.group(1)
    for attr in _ORDER_ID_ATTRS:
        if root.get(attr) and str(root.get(attr)).isdigit():
            return str(root.get(attr))
        el = root.find(attrs={attr: re.compile(r"^\d{6,32}$")})
        if el is not None:
            return str(el[attr])
    return None


def buttons_of(root: Tag, ctx: Context, into: list[str]) -> None:
    """Button codes from data-type attributes, old-page classes, then texts in the page language."""
    button_codes([el for el in root.find_all(["button", "a"])
                  if el.name == "button" or any("btn" in c or "button" in c for c in el.get("class") or ())], ctx, into)


def class_prefix(prefix: str) -> re.Pattern:
    """Generated class names keep a stable prefix: 'RedOrderList_OrderItem__number__x7Yz'."""
    return re.compile("^" + re.escape(prefix))


def strings(root, limit: int = 3000) -> list[str]:
    """Visible text pieces in document order (scripts and styles left out)."""
    out = []
    for s in root.find_all(string=True):
        if s.parent is not None and s.parent.name in ("script", "style", "noscript", "template"):
            continue
        value = clean(str(s))
        if value:
            out.append(value)
            if len(out) >= limit:
                break
    return out


def label_pairs(pieces: list[str]):
    """('Order Date', '2014-05-31 10:51:32') pairs from 'Label: value' pieces or a label piece
    followed by its value piece. Callers keep only labels their vocabulary knows."""
    for i, piece in enumerate(pieces):
        label, value = split_label(piece)
        if label and value:
            yield label, value
        elif i + 1 < len(pieces):
            yield (label or piece), pieces[i + 1]


def read_labels(pieces: list[str], order: dict, ctx: Context) -> str | None:
    """Fills the order's date fields, tracking number and total from labelled pieces; returns an id
    found by label (used only when no language-independent anchor gave one)."""
    from companion.parsing import vocab
    from companion.parsing.money import read_money
    from companion.parsing.text import digits_only

    labelled_id = None
    for label, value in label_pairs(pieces):
        if len(label) > 60:
            continue
        field = vocab.label_field(label, ctx.lang)
        if field is None:
            continue
        if field == "order_id":
            digits = digits_only(value.split(" ")[0]) or digits_only(value)
            labelled_id = labelled_id or (digits if 6 <= len(digits) <= 32 else None)
        elif field in ("order_date", "paid_at", "shipped_at", "completed_at", "delivered_at"):
            if order.get(field) is None:
                order[field] = ctx.shown(value, field)
        elif field == "tracking_number" and not order.get("tracking_number"):
            order["tracking_number"] = base.tracking_number(value)
        elif field == "total" and order.get("total") is None:
            order["total"] = read_money(value)
    return labelled_id

