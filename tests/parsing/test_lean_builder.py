"""The soup built from lxml's tree in one walk is bs4's own tree: same nodes, same kinds of string,
same links between them (what ``find_all``, ``descendants``, ``parents`` and siblings follow)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from companion.parsing.lean_builder import lean_soup
from tests.fixtures.pagegen import render_full_page, synthetic_orders

PAGES = sorted(Path(__file__).parents[1].joinpath("fixtures", "pages").glob("*/*.html"))


def node_key(node) -> tuple:
    if isinstance(node, Tag):
        # only ``class`` is a list here; bs4 also splits ``rel``, ``headers`` and the like
        attrs = {k: " ".join(v) if isinstance(v, list) and k != "class" else v for k, v in node.attrs.items()}
        return ("tag", node.name, attrs, node.can_be_empty_element)
    return (type(node).__name__, str(node))


def links(tree) -> list:
    """Every node in document order, each with what it is linked to."""
    nodes = [n for n in tree.descendants if type(n).__name__ not in ("Doctype", "ProcessingInstruction")]
    index = {id(n): i for i, n in enumerate(nodes)}

    def at(node):
        return index.get(id(node), "root" if node is tree else None)

    return [(node_key(n), at(n.parent), at(n.previous_sibling), at(n.next_sibling), at(n.previous_element),
             at(n.next_element)) for n in nodes]


def without_doctype(html: str) -> BeautifulSoup:
    tree = BeautifulSoup(html, "lxml")
    for node in list(tree.contents):
        if type(node).__name__ in ("Doctype", "ProcessingInstruction"):
            node.extract()
    return tree


@pytest.mark.parametrize("path", PAGES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_the_tree_is_bs4s_own_on_every_fixture(path):
    html = path.read_text(encoding="utf-8")
    assert links(lean_soup(html)) == links(without_doctype(html))


@pytest.mark.parametrize("html", [
    render_full_page(synthetic_orders(3, seed=2)),
    "<pre>  \n  </pre><p> </p><p>\n</p><textarea>\t</textarea>",
    "<script> var a = 1 </script><style>b{}</style><template><p>in a template</p> tail</template> after",
    "<!-- a comment --><div>x<!--  --><br>y<img src=a></div>",
    "</div></div><p>x", "<div><span>unclosed", "<p class='a'><p class='b'>x</p>",
    "<table><div class='a'>x</td></table>", "just text", "\ufeff<p>bom</p>",
    "<p>&amp; &nbsp; &lt;b&gt;</p>",
])
def test_the_tree_is_bs4s_own_on_odd_markup(html):
    assert links(lean_soup(html)) == links(without_doctype(html))


def test_text_with_an_encoding_declaration_is_read():
    # libxml2 refuses Unicode text that declares an encoding; bs4 then hands it UTF-8 bytes, and so do we
    assert lean_soup('<?xml version="1.0" encoding="utf-8"?><p>declared \u05e9</p>').p.string == "declared \u05e9"


@pytest.mark.parametrize("html", ["", "   ", "\n"])
def test_an_empty_page_gives_an_empty_soup(html):
    assert lean_soup(html).contents == []


def test_the_soup_answers_like_any_other():
    tree = lean_soup('<div class="a b"><span title="t">one</span> <a class="x y" rel="nofollow noopener" href="/o?orderId=1">two</a></div>')
    assert tree.find("a", class_="y")["rel"] == "nofollow noopener"
    assert tree.find("a")["class"] == ["x", "y"]
    assert tree.get_text() == "one two"
    assert [t.name for t in tree.find("a").parents] == ["div", "body", "html", "[document]"]
    assert tree.find("span").find_next_sibling("a").string == "two"


def test_every_setting_bs4_gives_a_tag_is_on_ours():
    # bs4 answers an attribute a Tag lacks with a search for a child of that name: a setting bs4's own
    # Tag.__init__ starts giving every tag, and this walk does not, would read as "no such child"
    theirs = BeautifulSoup('<div class="a"><p>x</p></div>', "lxml").div
    ours = lean_soup('<div class="a"><p>x</p></div>').div
    for name in vars(theirs):
        assert name in vars(ours) or any(name in vars(cls) for cls in type(ours).__mro__), name
        # links and contents are the element's own; which attributes are lists differs on purpose (only class)
        if name not in ("parent", "previous_element", "next_element", "previous_sibling", "next_sibling", "contents", "attrs",
                        "cdata_list_attributes"):
            assert getattr(ours, name) == getattr(theirs, name), name
