"""BeautifulSoup's lxml tree builder, trimmed for the pages we read.

BeautifulSoup's cost is per element: lxml parses in C, then calls back into Python for every
start tag, end tag and text, and the soup builds a Tag for each. Two cuts, both inside the
builder so the soup never hears of what it does not need:

* HTML has no namespaces, so lxml's names and attributes go to the soup as they are (bs4's XML
  path inverts namespace maps and copies the attributes twice for every element), and only
  ``class`` is split into a list, here, instead of bs4 checking every attribute of every element
  against its table of multi-valued attributes.
* A parse-only filter that is cheaper than ``SoupStrainer``: a strainer is asked inside the soup,
  after the soup has already done its bookkeeping for the element, and only at the top of the
  tree. Here each element outside a kept subtree is judged by ``decide`` and, when dropped,
  costs one Python call and nothing else. Besides dropping an element and keeping it with all it
  holds, ``decide`` may keep it as a *shell*: the element is built but its children are judged
  one by one, so a card stays a card while the wrappers inside it are left out.
"""

from __future__ import annotations

import warnings
from typing import Callable

from bs4 import BeautifulSoup
from bs4.builder import LXMLTreeBuilder
from bs4.element import AttributeDict, AttributeValueList

DROP, SHELL, KEEP = 0, 1, 2
Decide = Callable[[str, dict], int]


def keep_all(name: str, attrs: dict) -> int:
    return KEEP


class LeanTreeBuilder(LXMLTreeBuilder):
    """``BeautifulSoup(markup, builder=LeanTreeBuilder(decide))``; ``decide(name, attrs)`` returns
    DROP, SHELL or KEEP for an element that is not inside a kept one."""

    def __init__(self, decide: Decide = keep_all):
        super().__init__(multi_valued_attributes=None, attribute_dict_class=AttributeDict)
        self.decide = decide
        self._modes: list[int] = []  # what was decided for each open element
        self._inside = 0  # how many kept (KEEP) elements are open around the current point

    def initialize_soup(self, soup) -> None:
        super().initialize_soup(soup)
        self._modes = []
        self._inside = 0

    def start(self, tag, attrib, nsmap=None) -> None:
        if self._inside:
            mode = KEEP
        else:
            mode = self.decide(tag, attrib)
            if mode == DROP:
                self._modes.append(DROP)
                return
        if mode == KEEP:
            self._inside += 1
        self._modes.append(mode)
        attrs = dict(attrib)
        classes = attrs.get("class")
        if classes is not None:
            attrs["class"] = AttributeValueList(classes.split())
        self.soup.handle_starttag(tag, None, None, attrs)

    def end(self, tag) -> None:
        mode = self._modes.pop() if self._modes else DROP
        if mode == DROP:
            return
        if mode == KEEP:
            self._inside -= 1
        self.soup.endData()
        self.soup.handle_endtag(tag, None)

    def data(self, data) -> None:
        if self._inside:
            self.soup.handle_data(data)

    def comment(self, text) -> None:
        if self._inside:
            super().comment(text)

    def doctype(self, name, pubid, system) -> None:
        pass

    def pi(self, target, data) -> None:
        pass


def lean_soup(html: str, decide: Decide = keep_all) -> BeautifulSoup:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # bs4 warns about markup that looks like a URL or a file name
        return BeautifulSoup(html, builder=LeanTreeBuilder(decide))
