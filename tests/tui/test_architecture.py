"""Layering of the interface: it reaches core only through the ``core.services`` and ``core.schemas``
facades (issue 14), never the database, and core never imports it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import core.schemas
import core.services

TUI = Path(__file__).resolve().parents[2] / "tui"
MODULES = sorted(TUI.rglob("*.py"))
FORBIDDEN = ("sqlalchemy", "core.persistence")
FACADES = {"core.services": set(core.services.__all__), "core.schemas": set(core.schemas.__all__)}
"""The facades and the names each publishes (its ``__all__``): nothing else of core."""


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


def core_imports(tree: ast.AST) -> list[str]:
    """Every import of core in ``tree`` that goes past the facades, as ``module:name``."""
    bad = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            bad += [alias.name for alias in node.names
                    if alias.name.split(".")[0] == "core" and alias.name not in FACADES]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] != "core":
                continue
            for alias in node.names:
                if node.module == "core" and f"core.{alias.name}" in FACADES:
                    continue  # ``from core import services``: the facade itself
                if alias.name not in FACADES.get(node.module, set()):
                    bad.append(f"{node.module}:{alias.name}")
    return bad


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
        if path.parent.name == "messages":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("Static", "Label") \
                    and node.args and isinstance(node.args[0], ast.Constant) and node.args[0].value:
                offenders.append(f"{path.name}: {node.args[0].value!r}")
    assert not offenders


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(TUI.parent)))
def test_tui_imports_only_the_core_facades(path):
    bad = core_imports(ast.parse(path.read_text(encoding="utf-8")))
    assert not bad, f"{path} imports {bad} (only core.services and core.schemas, by their __all__)"


def test_the_facade_detector_sees_what_it_must_refuse():
    sample = ("from core.errors import InputError\nimport core.auth\nfrom core import messages\n"
              "from core.services.policy import Decision\nfrom core.services import policy\n"
              "from core.schemas import _View\ndef f():\n    from core.engine.facts import parse_date\n")
    assert core_imports(ast.parse(sample)) == [
        "core.errors:InputError", "core.auth", "core:messages", "core.services.policy:Decision",
        "core.services:policy", "core.schemas:_View", "core.engine.facts:parse_date"]
    allowed = ("from core import services as svc\nfrom core.services import Parcours\n"
               "from core.schemas import PersonView\nimport core.services\nfrom textual.app import App\n"
               "from .backend import Backend\n")
    assert core_imports(ast.parse(allowed)) == []
