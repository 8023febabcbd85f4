"""The layers stay visible: no module imports a layer above it or a domain layer beside it.

domain: model, datetimes, i18n (shared vocabulary of the whole house), then parsing / rules / store,
each knowing nothing of the others; exports over the domain; the service layer over all of them;
the web layer (server) on top; the CLI may use everything.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMPANION = ROOT / "companion"

# layer -> the companion layers it may import
ALLOWED = {
    "model": {"datetimes"},
    "datetimes": set(),
    "i18n": set(),
    "parsing": {"model", "datetimes"},
    "rules": {"model", "datetimes", "i18n"},
    "store": {"model", "datetimes"},
    "exports": {"model", "datetimes", "rules", "store"},
    "service": {"model", "datetimes", "i18n", "parsing", "rules", "store", "exports", "config", "__init__"},
    "server": {"model", "datetimes", "i18n", "parsing", "rules", "store", "exports", "service", "config", "__init__"},
    "config": set(),
    "install": set(),  # registers the installed command with the platform; knows no domain
    "cli": None,  # the entry point may use every layer
    "__main__": None,
    "__init__": set(),
}


def layer_of(path: Path) -> str:
    rel = path.relative_to(COMPANION)
    return rel.parts[0].removesuffix(".py")


def imported_layers(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            parts = node.module.split(".")
            if parts[0] != "companion":
                continue
            if len(parts) > 1:
                out.add(parts[1])
            else:  # from companion import rules, __version__: a module is its layer, a name is the package's own
                out.update(alias.name if (COMPANION / alias.name).is_dir() or (COMPANION / f"{alias.name}.py").is_file()
                           else "__init__" for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "companion" and len(parts) > 1:
                    out.add(parts[1])
    return out


def test_no_layer_imports_above_or_beside_itself():
    wrong = []
    for path in sorted(COMPANION.rglob("*.py")):
        layer = layer_of(path)
        allowed = ALLOWED.get(layer, set())
        if allowed is None:
            continue
        for other in imported_layers(path) - {layer}:
            if other not in allowed:
                wrong.append(f"{path.relative_to(ROOT)} ({layer}) imports {other}")
    assert wrong == []


def test_every_module_belongs_to_a_known_layer():
    assert {layer_of(p) for p in COMPANION.rglob("*.py")} <= set(ALLOWED)
