"""The UI catalogs: every key in every language, plural forms complete, the same placeholders."""

from __future__ import annotations

import re

import pytest

from companion.rules import hint_for
from companion.rules.catalog import LANGUAGES, PLURAL_FORMS, catalog, plural_form
from tests.rules.builders import NOW, make_order, page_protection
from tests.rules.test_texts import STATES

EN = catalog("en")


def placeholders(value) -> set[str]:
    texts = value.values() if isinstance(value, dict) else [value]
    return {name for text in texts for name in re.findall(r"\{(\w+)\}", text)}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_key_in_every_language(lang):
    data = catalog(lang)
    assert data, f"locales/{lang}.json is missing or unreadable"
    assert sorted(set(EN) - set(data)) == [], f"missing in {lang}"
    assert sorted(set(data) - set(EN)) == [], f"only in {lang}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_values_are_complete(lang):
    for key, value in catalog(lang).items():
        if isinstance(value, dict):
            assert set(value) == set(PLURAL_FORMS[lang]), (lang, key)
            assert all(isinstance(v, str) and v.strip() for v in value.values()), (lang, key)
        else:
            assert isinstance(value, str) and value.strip(), (lang, key)
        assert isinstance(value, dict) == isinstance(EN[key], dict), (lang, key, "plural in one language only")


@pytest.mark.parametrize("lang", ["he", "ru"])
def test_same_placeholders_as_english(lang):
    for key, value in catalog(lang).items():
        english = placeholders(EN[key]) - {"n"}  # a plural form may spell the number out ("יומיים")
        assert placeholders(value) - {"n"} == english, (lang, key)


@pytest.mark.parametrize("lang", ["he", "ru"])
def test_translated_not_copied(lang):
    same = [k for k, v in catalog(lang).items() if v == EN[k] and k != "summary.compose"]
    assert same == []


@pytest.mark.parametrize("n,form", [(1, "one"), (2, "few"), (4, "few"), (5, "many"), (11, "many"), (12, "many"),
                                    (21, "one"), (22, "few"), (25, "many"), (111, "many")])
def test_russian_plural(n, form):
    assert plural_form("ru", n) == form


def test_hebrew_and_english_plural():
    assert [plural_form("he", n) for n in (1, 2, 3, 10)] == ["one", "two", "other", "other"]
    assert [plural_form("en", n) for n in (1, 2, 0)] == ["one", "other", "other"]


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
