"""docs/rules.md's table of the guides' advice stays honest: every row cites a guide the page lists, says where
Order Guard acts on the advice or why it does not, and every function, constant, UI text or English text it
names exists. A rename that forgets the table fails here."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from companion.i18n import LANGUAGES, catalog
from companion.rules.catalog import CATALOG
from companion.rules.texts import all_template_paths

RULES_MD = Path(__file__).resolve().parents[2] / "docs" / "rules.md"
SECTION = "## The guides' advice, and where Order Guard acts on it"
NOT_ACTED = "not acted on: "
OTHER_SOURCES = {"order page"}  # AliExpress' own pages, besides the guides


def table_rows(text: str, after: str) -> list[list[str]]:
    """The cells of the first table after the line ``after`` (header and separator left out)."""
    lines = text.split("\n")
    start = lines.index(after)
    rows = []
    for line in lines[start + 1:]:
        if line.startswith("## "):
            break
        if line.startswith("|"):
            rows.append([cell.strip() for cell in line.strip().strip("|").split(" | ")])
        elif rows:
            break
    assert len(rows) > 2, f"no table after {after!r}"
    return rows[2:]


def guides(text: str) -> set[str]:
    """The guide numbers of the Sources table at the top of the page."""
    rows = table_rows(text, next(line for line in text.split("\n") if line.startswith("**Sources.**")))
    return {row[0] for row in rows}


def resolves(ref: str) -> bool:
    if ref.startswith("rules.json:"):
        key = ref.removeprefix("rules.json:")
        return all(key in catalog(CATALOG, lang) for lang in LANGUAGES)
    if ref.startswith("messages.toml:"):
        return ref.removeprefix("messages.toml:") in all_template_paths()
    if ref.startswith("companion."):
        module, _, name = ref.rpartition(".")
        try:
            return hasattr(importlib.import_module(module), name)
        except ModuleNotFoundError:
            return False
    return True  # a file name or a literal: not a reference the table promises


TEXT = RULES_MD.read_text(encoding="utf-8")
ROWS = table_rows(TEXT, SECTION)


def test_the_table_is_there_and_cites_only_listed_guides():
    assert {"000", "002", "003", "004"} <= guides(TEXT)
    for advice, cited, _ in ROWS:
        sources = set(cited.split(", "))
        assert sources and sources <= guides(TEXT) | OTHER_SOURCES, (advice, cited)


@pytest.mark.parametrize("advice,cited,where", ROWS, ids=[row[0][:40] for row in ROWS])
def test_each_piece_of_advice_is_acted_on_or_says_why_not(advice, cited, where):
    refs = re.findall(r"`([^`]+)`", where)
    if where.startswith(NOT_ACTED):
        assert len(where) > len(NOT_ACTED) + 20, f"{advice}: no reason given"
    else:
        assert any(ref.startswith(("companion.", "rules.json:", "messages.toml:")) for ref in refs), (advice, where)
    missing = [ref for ref in refs if not resolves(ref)]
    assert missing == [], f"{advice}: the table names what does not exist"


def test_a_wrong_reference_is_caught():
    """The check itself: a renamed text, template or constant does not resolve."""
    assert resolves("rules.json:why.dispute") and not resolves("rules.json:why.dispute_gone")
    assert resolves("messages.toml:open_dispute.wrong_colour") and not resolves("messages.toml:open_dispute.wrong_shade")
    assert resolves("companion.rules.deadlines.SELLER_ANSWER_DAYS")
    assert not resolves("companion.rules.deadlines.SELLER_REPLY_DAYS") and not resolves("companion.rules.nowhere.X")
