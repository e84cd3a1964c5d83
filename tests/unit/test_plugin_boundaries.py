"""Plugins use only core's public API, and never the TUI, Textual or each other."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import plugins.sante
import pytest

import core
from core.plugins import build_plugin_host
from core.testing import import_problems

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


def test_every_installed_plugin_imports_only_the_public_core():
    # Installed third-party plugins too, through their entry points, as their scenarios are.
    assert import_problems() == []


THIRD_PARTY = '''
from core import hookimpl, TrackDefinition


def parcours_checks_helper():
    from core.engine.runner import Engine
    from core import _private_name
    import tui.app
    import sqlalchemy.orm
    from plugins.sante import checks
    from . import voisin
'''


def test_a_third_party_plugin_reaching_past_the_public_core_is_named(tmp_path, monkeypatch):
    package = tmp_path / "parcours_tiers"
    package.mkdir()
    (package / "__init__.py").write_text(THIRD_PARTY, encoding="utf-8")
    (package / "voisin.py").write_text("", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    module = importlib.import_module("parcours_tiers")
    host = build_plugin_host(load_entrypoints=False,
                             extra=[("sante", plugins.sante), ("tiers", module)])
    assert import_problems(host) == [
        "tiers, __init__.py, ligne 6 : importe « core.engine.runner » au lieu de "
        "« from core import … »",
        "tiers, __init__.py, ligne 7 : « _private_name » n'est pas un nom public de core",
        "tiers, __init__.py, ligne 8 : importe « tui.app », interdit aux extensions",
        "tiers, __init__.py, ligne 9 : importe « sqlalchemy.orm », interdit aux extensions",
        "tiers, __init__.py, ligne 10 : importe une autre extension (« plugins.sante »)"]


RELATIVE_AND_DYNAMIC = '''
import importlib

import core


def parcours_checks_helper():
    from ..second import voisin
    from . import propre
    from .. import second
    runner = importlib.import_module("core.engine.runner")
    orm = __import__("sqlalchemy.orm")
    return core.services, core.hookimpl, runner, orm, voisin, propre, second
'''


def test_a_relative_dynamic_or_dotted_reach_past_the_public_core_is_named(tmp_path,
                                                                          monkeypatch):
    """`from ..second import`, `from .. import second`, `importlib.import_module("core…")`,
    `__import__` and `import core` then `core.services` went unseen: the check read absolute
    import lines only, so a plugin using them passed while depending on core's internals or
    a neighbour."""
    vendor = tmp_path / "fournisseur"
    for sub in ("", "premier", "second"):
        (vendor / sub).mkdir(exist_ok=True)
        (vendor / sub / "__init__.py").write_text("", encoding="utf-8")
    (vendor / "premier" / "__init__.py").write_text(RELATIVE_AND_DYNAMIC, encoding="utf-8")
    (vendor / "premier" / "propre.py").write_text("", encoding="utf-8")
    (vendor / "second" / "voisin.py").write_text("", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    premier = importlib.import_module("fournisseur.premier")
    second = importlib.import_module("fournisseur.second")
    host = build_plugin_host(load_entrypoints=False,
                             extra=[("premier", premier), ("second", second)])
    assert import_problems(host) == [
        "premier, __init__.py, ligne 8 : importe une autre extension (« fournisseur.second »)",
        "premier, __init__.py, ligne 10 : importe une autre extension (« fournisseur »)",
        "premier, __init__.py, ligne 11 : importe « core.engine.runner » au lieu de "
        "« from core import … »",
        "premier, __init__.py, ligne 12 : importe « sqlalchemy.orm », interdit aux extensions",
        "premier, __init__.py, ligne 13 : « services » n'est pas un nom public de core"]
