"""BeautifulSoup's lxml tree builder, trimmed for the pages we read.

BeautifulSoup's cost is per element: lxml parses in C, then calls back into Python for every
start tag, end tag and text, and the soup builds a Tag for each. Two cuts, both inside the
builder so the soup never hears of what it does not need:

* HTML has no namespaces, so lxml's names and attributes go to the soup as they are (bs4's XML
  path inverts namespace maps and copies the attributes twice for every element), and only
  ``class`` is split into a list, here, instead of bs4 checking every attribute of every element
  against its table of multi-valued attributes.
* A parse-only filter that is cheaper than ``SoupStrainer``: a strainer is asked inside the soup,
  after the soup has done its bookkeeping for the element, and only at the top of the tree. Here
  every element outside a kept subtree is judged by ``decide(name, attrs, parent)``, ``parent``
  being the nearest element built around it (the soup itself at the top):

  - KEEP: build it and everything inside it without asking again;
  - SHELL: build it with its own text, and judge its children one by one;
  - UNWRAP: do not build it; its text goes to the nearest built element around it (as separate
    strings, so texts do not run together) and its children are judged;
  - PRUNE: neither it nor anything inside it.

  Text outside every built element is dropped, and so is an element whose text is never shown
  (template, script, style, noscript) when it would be unwrapped: its text must not join the page's.

With ``keep_all`` the tree is bs4's own, except that the doctype and processing instructions are
left out and only ``class`` is a list (``rel`` and the like stay strings); no parser reads those.
"""

from __future__ import annotations

import warnings
from typing import Callable

from bs4 import BeautifulSoup, Tag
from bs4.builder import LXMLTreeBuilder
from bs4.element import AttributeDict, AttributeValueList

PRUNE, UNWRAP, SHELL, KEEP = 0, 1, 2, 3
Decide = Callable[[str, dict, Tag], int]
_UNSHOWN = frozenset(("template", "script", "style", "noscript"))


def keep_all(name: str, attrs: dict, parent: Tag) -> int:
    return KEEP


class LeanTreeBuilder(LXMLTreeBuilder):
    """``BeautifulSoup(markup, builder=LeanTreeBuilder(decide))``."""

    def __init__(self, decide: Decide = keep_all):
        super().__init__(multi_valued_attributes=None, attribute_dict_class=AttributeDict)
        self.decide = decide
        self._reset()

    def _reset(self) -> None:
        self._modes: list[int] = []  # what was decided for each open element
        self._kept = 0  # open KEEP elements: inside one, nothing is asked
        self._shells = 0  # open SHELL elements: text has somewhere to go
        self._pruned = 0  # open elements inside a PRUNE

    def initialize_soup(self, soup) -> None:
        super().initialize_soup(soup)
        self._reset()

    def start(self, tag, attrib, nsmap=None) -> None:
        if self._pruned:
            self._pruned += 1
            self._modes.append(PRUNE)
            return
        mode = KEEP if self._kept else self.decide(tag, attrib, self.soup.currentTag)
        if mode == UNWRAP and tag in _UNSHOWN:
            mode = PRUNE
        self._modes.append(mode)
        if mode == PRUNE:
            self._pruned = 1
            if self.soup.current_data:  # as for unwrap: the texts on either side stay apart
                self.soup.endData()
            return
        if mode == UNWRAP:
            if self.soup.current_data:  # the text before it ends here: texts must not run together
                self.soup.endData()
            return
        if mode == KEEP:
            self._kept += 1
        else:
            self._shells += 1
        # lxml hands a target a new dict per element (an empty immutable mapping when there are none)
        attrs = attrib if type(attrib) is dict else dict(attrib)
        classes = attrs.get("class")
        if classes is not None:
            attrs["class"] = AttributeValueList(classes.split())
        self.soup.handle_starttag(tag, None, None, attrs)

    def end(self, tag) -> None:
        mode = self._modes.pop() if self._modes else UNWRAP
        if mode == PRUNE:
            self._pruned -= 1
            return
        if mode == UNWRAP:
            if self.soup.current_data:
                self.soup.endData()
            return
        if mode == KEEP:
            self._kept -= 1
        else:
            self._shells -= 1
        self.soup.handle_endtag(tag, None)  # which ends the text inside it first

    def data(self, data) -> None:
        if (self._kept or self._shells) and not self._pruned:
            self.soup.handle_data(data)

    def comment(self, text) -> None:
        if self._kept and not self._pruned:
            super().comment(text)

    def doctype(self, name, pubid, system) -> None:
        pass

    def pi(self, target, data) -> None:
        pass


def lean_soup(html: str, decide: Decide = keep_all) -> BeautifulSoup:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # bs4 warns about markup that looks like a URL or a file name
        return BeautifulSoup(html, builder=LeanTreeBuilder(decide))
