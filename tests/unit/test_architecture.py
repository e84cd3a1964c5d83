"""Layering: core never imports the TUI, Textual or a plugin package, and documents each module."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[2] / "core"
FORBIDDEN = {"textual", "tui", "plugins"}
MODULES = sorted(CORE.rglob("*.py"))
DOCUMENTED = [p for p in MODULES if p.name != "__init__.py" or p.read_text(encoding="utf-8").strip()]
"""Every module but empty package markers, which hold no code to document."""


def imported_top_levels(tree: ast.AST) -> set[str]:
    """Top-level package of every absolute import in ``tree`` (relative ones stay inside core)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_core_modules_are_found():
    assert len(MODULES) > 20
    assert CORE / "plugins.py" in MODULES


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(CORE.parent)))
def test_core_does_not_import_ui_or_plugin_packages(path):
    bad = imported_top_levels(ast.parse(path.read_text(encoding="utf-8"))) & FORBIDDEN
    assert not bad, f"{path} imports {sorted(bad)}"


def test_the_detector_sees_what_it_must_refuse():
    sample = ("import textual.app\nfrom tui import screens\nfrom plugins.asile import x\n"
              "from core.plugins import build_plugin_host\nimport core.plugins\n"
              "from . import plugins\ndef f():\n    import tui.app\n")
    assert imported_top_levels(ast.parse(sample)) & FORBIDDEN == {"textual", "tui", "plugins"}
    allowed = "from core.plugins import build_plugin_host\nimport core.plugins\nfrom . import plugins\n"
    assert imported_top_levels(ast.parse(allowed)) & FORBIDDEN == set()


def test_importing_core_loads_neither_textual_nor_the_tui():
    code = ("import sys, core, core.plugins, core.engine.runner\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'tui')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=CORE.parent, timeout=60)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("path", DOCUMENTED, ids=lambda p: str(p.relative_to(CORE.parent)))
def test_every_core_module_has_a_docstring(path):
    assert ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))), f"{path}: no docstring"


SHORT_DATE = "%d/%m/%" + "Y"
"""The figures-only French date format, spelled once: :func:`core.messages.dates.short_date`."""


def test_the_short_date_format_is_spelled_once():
    root = CORE.parent
    found = [str(p.relative_to(root)) for folder in ("core", "tui", "plugins")
             for p in sorted((root / folder).rglob("*.py"))
             if SHORT_DATE in p.read_text(encoding="utf-8")]
    assert found == ["core/messages/dates.py"], "format dates with short_date (core.messages)"
