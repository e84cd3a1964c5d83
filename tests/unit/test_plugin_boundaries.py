"""Plugins use only core's public API, and never the TUI, Textual or each other."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import core

PLUGINS = Path(__file__).resolve().parents[2] / "plugins"
FILES = sorted(p for p in PLUGINS.rglob("*.py"))


def imports(path: Path) -> list[tuple[str, list[str]]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.module, [alias.name for alias in node.names]))
    return found


def test_there_are_plugins_to_check():
    assert len({p.relative_to(PLUGINS).parts[0] for p in FILES if p.parent != PLUGINS}) >= 5


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(PLUGINS)))
def test_plugin_module_imports_only_the_public_core(path):
    own = path.relative_to(PLUGINS).parts[0] if path.parent != PLUGINS else None
    for module, names in imports(path):
        top = module.split(".")[0]
        assert top not in ("textual", "tui", "sqlalchemy"), f"{path}: {module}"
        if top == "core":
            assert module == "core", f"{path}: importe {module} au lieu de l'API publique"
            assert set(names) <= set(core.__all__), f"{path}: {set(names) - set(core.__all__)}"
        if top == "plugins":
            assert own and module.split(".")[1] == own, f"{path}: importe un autre plugin ({module})"
