"""Layering of the interface: it talks to ``core.services`` only, and core never imports it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TUI = Path(__file__).resolve().parents[2] / "tui"
MODULES = sorted(TUI.rglob("*.py"))
FORBIDDEN = ("sqlalchemy", "core.persistence")


def imported(tree: ast.AST) -> set[str]:
    """Every absolute module named by an import statement, wherever it is in the module."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def forbidden(names: set[str]) -> set[str]:
    return {n for n in names for bad in FORBIDDEN if n == bad or n.startswith(bad + ".")}


def test_the_tui_package_is_found():
    assert TUI / "app.py" in MODULES and len(MODULES) > 15


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(TUI.parent)))
def test_no_tui_module_imports_sqlalchemy_or_persistence(path):
    bad = forbidden(imported(ast.parse(path.read_text(encoding="utf-8"))))
    assert not bad, f"{path} imports {sorted(bad)}: go through core.services"


def test_the_detector_sees_what_it_must_refuse():
    sample = ("import sqlalchemy\nfrom sqlalchemy.orm import Session\nimport core.persistence.models\n"
              "from core.persistence import database\nfrom core import persistence\n"
              "def f():\n    from core.persistence.models import Person\n")
    assert forbidden(imported(ast.parse(sample))) == {
        "sqlalchemy", "sqlalchemy.orm", "sqlalchemy.orm.Session", "core.persistence.models",
        "core.persistence", "core.persistence.database", "core.persistence.models.Person"}
    assert forbidden(imported(ast.parse("from core import services\nimport core.schemas\n"))) == set()


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(TUI.parent)))
def test_every_tui_module_has_a_docstring(path):
    text = path.read_text(encoding="utf-8")
    if text.strip():
        assert ast.get_docstring(ast.parse(text)), f"{path}: no docstring"


def test_french_strings_live_in_tui_messages():
    """Screens and widgets take their sentences from tui.messages, not literals (a spot check)."""
    offenders = []
    for path in MODULES:
        if path.name == "messages.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("Static", "Label") \
                    and node.args and isinstance(node.args[0], ast.Constant) and node.args[0].value:
                offenders.append(f"{path.name}: {node.args[0].value!r}")
    assert not offenders
