"""The trimmed tree builder: the same tree as bs4's own lxml builder when everything is kept, and
exactly the parts asked for when a filter decides."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup, NavigableString, Tag

from companion.parsing.lean_builder import KEEP, PRUNE, SHELL, UNWRAP, lean_soup

PAGES = sorted(Path(__file__).parents[1].joinpath("fixtures", "pages").glob("*/*.html"))


def shape(tree) -> list:
    """Element names, attributes and texts in document order (what a parser can see). The lean
    builder splits only ``class``; bs4 also splits ``rel``, ``headers`` and the like."""
    out = []
    for node in tree.descendants:
        if isinstance(node, Tag):
            out.append((node.name, {k: " ".join(v) if isinstance(v, list) and k != "class" else v for k, v in node.attrs.items()}))
        elif type(node) is NavigableString and node.strip():
            out.append(str(node))
    return out


@pytest.mark.parametrize("path", PAGES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_keeping_everything_gives_bs4s_own_tree(path):
    html = path.read_text(encoding="utf-8")
    assert shape(lean_soup(html)) == shape(BeautifulSoup(html, "lxml"))


def by_class(rules: dict[str, int]):
    def decide(name, attrs, parent):
        if name in ("html", "body"):
            return UNWRAP
        for cls in (attrs.get("class") or "").split():
            if cls in rules:
                return rules[cls]
        return rules.get(name, KEEP)
    return decide


def test_shell_keeps_its_text_and_judges_its_children():
    tree = lean_soup('<div class="card">Order <div class="wrap"><span class="id">123</span><i>x</i></div>'
                     '<div class="junk"><b>gone</b></div> end</div>',
                     by_class({"card": SHELL, "wrap": UNWRAP, "junk": PRUNE, "i": UNWRAP}))
    card = tree.contents[0]
    assert card.name == "div" and card["class"] == ["card"]
    assert [c if isinstance(c, str) else c.name for c in card.contents] == ["Order ", "span", "x", " end"]
    assert "gone" not in tree.decode()


def test_unwrapped_texts_stay_separate_strings():
    tree = lean_soup('<span class="total">Total:<div class="w">US $1.20</div></span>', by_class({"total": SHELL, "w": UNWRAP}))
    assert [str(s) for s in tree.find("span").contents] == ["Total:", "US $1.20"]


def test_text_outside_every_built_element_is_dropped():
    tree = lean_soup("<div>loose<span class='keep'>kept</span></div>", by_class({"div": UNWRAP, "keep": KEEP}))
    assert [str(s) for s in tree.find_all(string=True)] == ["kept"]


def test_keep_builds_the_whole_subtree_without_asking_again():
    asked = []

    def decide(name, attrs, parent):
        asked.append(name)
        return UNWRAP if name in ("html", "body") else KEEP

    tree = lean_soup("<section><div><span>a</span></div></section>", decide)
    assert asked == ["html", "body", "section"]
    assert tree.find("span").text == "a"


@pytest.mark.parametrize("html", ["</div></div><p>x", "<div><span>unclosed", "<p class='a'><p class='b'>x</p>",
                                  "<table><div class='a'>x</td></table>", ""])
def test_broken_markup_neither_raises_nor_leaks_modes(html):
    # In the same parse, with the same rules: the span after the broken part is outside every pruned
    # element in bs4's own tree, so a PRUNE (or UNWRAP) left open by the broken part must not swallow it.
    decide = by_class({"a": SHELL, "b": PRUNE, "p": UNWRAP, "after": KEEP})
    tree = lean_soup(html + "<span class='after'>after</span>", decide)
    after = tree.find("span", class_="after")
    assert after is not None and after.text == "after", tree.decode()


def test_class_is_a_list_and_other_attributes_stay_strings():
    tag = lean_soup('<a class="x  y" rel="nofollow noopener" href="/o?orderId=1">t</a>').find("a")
    assert tag["class"] == ["x", "y"] and tag["rel"] == "nofollow noopener"
    assert lean_soup('<a class="x y">t</a>').find("a", class_="y") is not None
