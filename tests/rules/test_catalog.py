"""The rules' catalog in use: complete plural forms, translated, no raw keys or holes in any hint.
Keys, placeholders and folders of every catalog: tests/i18n/test_catalogs.py."""

from __future__ import annotations

import re

import pytest

from companion.i18n import DEFAULT, LANGUAGES, catalog, integer_forms
from companion.rules import hint_for
from companion.rules.catalog import CATALOG
from tests.rules.builders import NOW, make_order, page_protection
from tests.rules.test_texts import STATES

EN = catalog(CATALOG, DEFAULT)
TRANSLATED = [lang for lang in LANGUAGES if lang != DEFAULT]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_counted_phrases_have_exactly_the_forms_of_whole_numbers(lang):
    data = catalog(CATALOG, lang)
    assert data, f"{lang}/{CATALOG}.json is missing or unreadable"
    for key, value in data.items():
        if isinstance(value, dict):  # Babel's categories: en one/other, he one/two/other, ru one/few/many
            assert set(value) == integer_forms(lang), (lang, key)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translated_not_copied(lang):
    same = [k for k, v in catalog(CATALOG, lang).items() if v == EN[k] and k != "summary.compose"]
    assert same == []


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("state", sorted(STATES) + ["unpaid", "closed", "completed_done", "override", "page", "rule"])
def test_no_raw_keys_or_holes_in_hints(lang, state):
    extra = {"unpaid": dict(status="awaiting_payment"), "closed": dict(status="closed"),
             "completed_done": dict(status="completed", completed_at="2026-07-01"),
             "override": dict(deadline_override="2026-08-25"), "page": dict(protection=page_protection("2026-09-30")),
             "rule": dict(order_date="2026-07-10", protection=page_protection(days=75))}
    hint = hint_for(make_order(**(STATES.get(state) or extra[state])), NOW, lang)
    assert "internal_error" not in hint  # the fallback's texts are fine by construction: they would prove nothing
    shown = [hint["summary"], hint["why"], hint["severity_label"]]
    shown += [a[k] for a in hint["actions"] for k in ("title", "explanation")]
    for text in shown:
        assert text and not re.match(r"^(summary|why|action|severity|qualifier)\.", text), text
        assert "{" not in text and "}" not in text, text
        assert ".." not in text, text
