"""Adding a UI language is one line: the table in companion/i18n/languages.py is the only place in the
companion's code that names the UI languages, their direction or their aliases; catalogs live in
companion/i18n/locales/<code>/ and nowhere else.

Page languages (the seven AliExpress pages come in, companion/parsing/) are another list on purpose:
the parsing layer may not import i18n (tests/test_layers.py) and reads pages in languages the UI
does not speak."""

from __future__ import annotations

import ast
from pathlib import Path

from companion.i18n import ALIASES, LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
COMPANION = ROOT / "companion"
TABLE = COMPANION / "i18n" / "languages.py"
PAGE_LANGUAGES = COMPANION / "parsing"
DIRECTIONS = {"ltr", "rtl"}


def modules() -> list[Path]:
    return [p for p in sorted(COMPANION.rglob("*.py")) if p != TABLE and PAGE_LANGUAGES not in p.parents]


def strings(nodes) -> list[str]:
    return [n.value for n in nodes if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def hard_coded(tree: ast.AST) -> list[tuple[int, str]]:
    """Lists of UI language codes, dicts keyed by them, aliases and directions written as literals."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            codes = strings(node.elts)
            if codes and len(codes) == len(node.elts) and all(c in LANGUAGES for c in codes):
                found.append((node.lineno, f"a list of languages {codes}"))
        elif isinstance(node, ast.Dict):
            codes = [c for c in strings(k for k in node.keys if k is not None) if c in LANGUAGES]
            if len(codes) >= 2:
                found.append((node.lineno, f"a dict keyed by languages {codes}"))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if node.value.lower() in ALIASES:
                found.append((node.lineno, f"the alias {node.value!r}"))
            elif node.value in DIRECTIONS:
                found.append((node.lineno, f"the direction {node.value!r}"))
    return found


def test_the_check_sees_what_the_old_code_had():
    old = '''
SUPPORTED = ("en", "he", "ru")
RTL = ("he",)
PLURAL_FORMS = {"en": ("one", "other"), "ru": ("one", "few", "many"), "he": ("one", "two", "other")}
LANGUAGE_NAMES = {"en": "English", "he": "x", "ru": "y"}
if base == "iw":
    base = "he"
direction = "rtl" if lang in RTL else "ltr"
for lang in ["en", "he", "ru"]:
    pass
'''
    assert sorted(line for line, _ in hard_coded(ast.parse(old))) == [2, 3, 4, 5, 6, 8, 8, 9]


def test_only_the_table_names_the_ui_languages():
    offenders = [f"{path.relative_to(ROOT)}:{line}: {what}"
                 for path in modules() for line, what in hard_coded(ast.parse(path.read_text(encoding="utf-8")))]
    assert offenders == []


def test_catalogs_live_in_one_place():
    folders = sorted(str(p.relative_to(ROOT)) for p in COMPANION.rglob("locales") if p.is_dir())
    assert folders == ["companion/i18n/locales"]
