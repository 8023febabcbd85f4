"""Every catalog of every UI language: the keys of English and no other, complete plural forms
(Babel's categories for whole numbers), the same placeholders, one folder per language."""

from __future__ import annotations

import json
import re

import pytest

from companion.i18n import DEFAULT, LANGUAGES, catalog_names, integer_forms
from companion.i18n.catalogs import LOCALES_DIR

CATALOGS = catalog_names()
PAIRS = [(lang, name) for lang in LANGUAGES for name in CATALOGS]


def stored(lang: str, name: str) -> dict:
    """The file itself, not the loader (which turns a broken file into {})."""
    return json.loads((LOCALES_DIR / lang / f"{name}.json").read_text(encoding="utf-8"))


def placeholders(value) -> set[str]:
    texts = value.values() if isinstance(value, dict) else [value]
    return {name for text in texts for name in re.findall(r"\{(\w+)\}", text)}


def test_the_catalogs_english_has():
    # the dashboard's pages and the rules' hints; a new catalog is a new file in every folder
    assert set(CATALOGS) == {"dashboard", "rules"}


def test_one_catalog_folder_per_ui_language():
    folders = sorted(p.name for p in LOCALES_DIR.iterdir() if p.is_dir())
    assert folders == sorted(LANGUAGES)
    strays = sorted(p.name for p in LOCALES_DIR.iterdir() if not p.is_dir())
    assert strays == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_has_every_catalog_and_no_other(lang):
    assert sorted(p.name for p in (LOCALES_DIR / lang).iterdir()) == sorted(f"{name}.json" for name in CATALOGS)


@pytest.mark.parametrize("lang,name", PAIRS)
def test_every_key_of_english_and_no_other(lang, name):
    data, english = stored(lang, name), stored(DEFAULT, name)
    assert isinstance(data, dict) and data, f"{lang}/{name}.json is empty"
    assert sorted(set(english) - set(data)) == [], f"missing in {lang}/{name}.json"
    assert sorted(set(data) - set(english)) == [], f"only in {lang}/{name}.json"


@pytest.mark.parametrize("lang,name", PAIRS)
def test_values_are_texts_or_complete_plurals(lang, name):
    english, forms = stored(DEFAULT, name), integer_forms(lang)
    for key, value in stored(lang, name).items():
        assert isinstance(value, dict) == isinstance(english[key], dict), (lang, name, key, "plural in one language only")
        if not isinstance(value, dict):
            assert isinstance(value, str) and value.strip(), (lang, name, key)
            continue
        assert all(isinstance(v, str) and v.strip() for v in value.values()), (lang, name, key)
        # no category the language's numbers never take (a "few" in Hebrew, a typo) ...
        assert set(value) <= forms | {"other"}, (lang, name, key, sorted(set(value) - forms - {"other"}))
        # ... and every category they do take, unless "other" stands in for it
        if "other" not in value:
            assert set(value) >= forms, (lang, name, key, sorted(forms - set(value)))


@pytest.mark.parametrize("lang,name", [(lang, name) for lang, name in PAIRS if lang != DEFAULT])
def test_same_placeholders_as_english(lang, name):
    english = stored(DEFAULT, name)
    for key, value in stored(lang, name).items():
        # a plural form may spell the number out ("יומיים", "הזמנה אחת")
        assert placeholders(value) - {"n"} == placeholders(english[key]) - {"n"}, (lang, name, key)
