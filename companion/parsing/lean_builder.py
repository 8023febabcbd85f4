"""BeautifulSoup's tree of a page, built from lxml's own tree in one walk.

BeautifulSoup's cost is per node: through its lxml tree builder, lxml parses in C and then calls
back into Python for every start tag, end tag and text, and for each the soup does its
bookkeeping (text buffers, tag stacks, linkage fix-ups, string-container look-ups). Here lxml
builds its tree in C (libxml2's HTML parser, as bs4's lxml builder uses it), and one recursive
walk makes the soup's ``Tag`` and ``NavigableString`` objects from it, each linked once the way
bs4 links them (parent, siblings, ``next_element`` chain). What the readers get is a
``BeautifulSoup`` object like any other: ``find_all``, ``descendants``, ``get_text`` work on it.

It equals bs4's own ``BeautifulSoup(html, "lxml")`` on every fixture, whitespace strings and
element chain included (``tests/parsing/test_lean_builder.py``), except that the doctype and
processing instructions are left out and only ``class`` is split into a list (``rel`` and the
like stay strings); no reader looks at those.
"""

from __future__ import annotations

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from bs4.builder import LXMLTreeBuilder
from bs4.element import AttributeDict, AttributeValueList, Script, Stylesheet, TemplateString
from lxml import etree

_ASCII_SPACES = frozenset("\x20\x0a\x09\x0c\x0d")
_new_string = str.__new__
_CONTAINERS = {"script": Script, "style": Stylesheet, "template": TemplateString}


class _Builder(LXMLTreeBuilder):
    """Only what a finished soup asks its builder for later (empty-element tags, whitespace rules)."""

    def __init__(self):
        super().__init__(multi_valued_attributes=None, attribute_dict_class=AttributeDict)


def _lxml_root(html: str):
    """lxml's tree of ``html`` (None for a document without any element), as bs4's lxml builder
    parses it: Unicode first, UTF-8 bytes when libxml2 refuses the text (an encoding declaration)."""
    if html[:1] == "\ufeff":
        html = html[1:]
    for markup, encoding in ((html, None), (html.encode("utf-8", "surrogatepass"), "utf-8")):
        parser = etree.HTMLParser(recover=True, encoding=encoding)
        try:
            parser.feed(markup)
            return parser.close()
        except (etree.ParserError, ValueError, UnicodeDecodeError, LookupError):
            continue
        except etree.XMLSyntaxError:  # "Document is empty" and the like: no element at all
            return None
    return None


def lean_soup(html: str) -> BeautifulSoup:
    soup = BeautifulSoup("", builder=_Builder())
    root = _lxml_root(html) if html and not html.isspace() else None
    if root is not None:
        walk = _Walk(soup)
        # comments before and after <html> sit beside it, at the top of the document
        for node in [*reversed(list(root.itersiblings(preceding=True))), root, *root.itersiblings()]:
            walk.element(node, soup)
        # as bs4 leaves them: the document itself is not in its chain of elements
        soup.next_element = soup.contents[0].previous_element = None
    return soup


class _LeanTag(Tag):
    """A ``Tag`` whose settings that are the same for every element of a page (what bs4's
    ``Tag.__init__`` copies from its builder into each one) are held once, by the class; each
    element holds its own name, attributes, contents and links. Every attribute ``Tag.__init__``
    sets is here or on the element: one missing would be taken for a child's name by bs4."""

    parser_class = BeautifulSoup
    namespace = None
    _namespaces = dict(LXMLTreeBuilder.DEFAULT_NSMAPS)  # the xml: prefix, as bs4 gives every tag
    prefix = None
    sourceline = None
    sourcepos = None
    attribute_value_list_class = AttributeValueList
    known_xml = False
    next_element = None
    next_sibling = None
    hidden = False
    cdata_list_attributes = None
    preserve_whitespace_tags = LXMLTreeBuilder.DEFAULT_PRESERVE_WHITESPACE_TAGS
    interesting_string_types = Tag.MAIN_CONTENT_STRING_TYPES


_new_tag = Tag.__new__


class _Walk:
    """One walk over lxml's tree; ``last`` is the node made just before (bs4's ``_most_recent_element``)."""

    def __init__(self, soup: BeautifulSoup):
        builder = soup.builder
        self.last = soup
        self.preserving = 0  # inside <pre> or <textarea>: whitespace-only strings stay as they are
        self.inside = NavigableString  # inside <script>, <style> or <template> their strings are of its kind
        self.preserve = builder.preserve_whitespace_tags
        self.empty = builder.empty_element_tags  # void elements (br, img…): the only ones shown as <x/>


    def string(self, parent: Tag, value: str, kind: type = NavigableString) -> None:
        if not self.preserving and _ASCII_SPACES.issuperset(value):
            value = "\n" if "\n" in value else " "  # as bs4 collapses whitespace-only strings
        node = _new_string(kind, value)  # what NavigableString() does, less its setup(): every link is set here
        node.hidden = False
        node.parent = parent
        last = self.last
        node.previous_element = last
        last.next_element = node
        node.next_element = None
        node.next_sibling = None
        siblings = parent.contents
        if siblings:
            before = siblings[-1]
            node.previous_sibling = before
            before.next_sibling = node
        else:
            node.previous_sibling = None
        siblings.append(node)
        self.last = node

    def element(self, el, parent: Tag) -> None:
        name = el.tag
        if type(name) is not str:  # a comment or a processing instruction
            if name is etree.Comment and el.text is not None:
                self.string(parent, el.text, Comment)
            if el.tail:
                self.string(parent, el.tail, self.inside)
            return
        tag = _new_tag(_LeanTag)
        own = tag.__dict__
        own["name"] = name
        attrs = AttributeDict(el.items())
        classes = attrs.get("class")
        if classes is not None:
            attrs["class"] = AttributeValueList(classes.split())
        own["attrs"] = attrs
        own["contents"] = []
        own["parent"] = parent
        own["can_be_empty_element"] = name in self.empty
        container = _CONTAINERS.get(name)
        if container is not None:
            own["interesting_string_types"] = {container}
        last = self.last
        own["previous_element"] = last
        last.next_element = tag
        siblings = parent.contents
        if siblings:
            before = siblings[-1]
            own["previous_sibling"] = before
            before.next_sibling = tag
        else:
            own["previous_sibling"] = None
        siblings.append(tag)
        self.last = tag
        preserving = name in self.preserve
        self.preserving += preserving
        outer = self.inside
        if container is not None:
            self.inside = container
        if el.text:
            self.string(tag, el.text, self.inside)
        for child in el:
            self.element(child, tag)
        self.inside = outer
        self.preserving -= preserving
        if el.tail:
            self.string(parent, el.tail, self.inside)
