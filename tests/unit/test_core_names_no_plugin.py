"""Core must not know the plugins: no module under ``core/`` names a plugin's id in its code.

The ids are collected from the installed plugins through the plugin host (track definitions,
their triggers and steps, their domains, checks and deadline rules), then every string literal
of ``core/**/*.py`` is compared with them. Docstrings and other bare string statements are
documentation, not code, and comments are not in the tree at all: both may cite a plugin as an
example. An id a plugin shares with core's own tracks (``demander``, ``refuser``...) is core's
as well and may be named. What a plugin wants core to do with its tracks, it declares (demo
stories through ``parcours_demo_domains``, a life story on its definition for retention R2).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from core.plugins import BUILTIN, build_plugin_host

CORE = Path(__file__).resolve().parents[2] / "core"
MODULES = sorted(CORE.rglob("*.py"))
GENERIC = {
    "close": "a step of the plainte plugin, and the English verb core uses for a method "
             "(getattr(x, 'close')) and for a deadline change's action",
}
"""Plugin ids that are also everyday words in core's code, each with why it is not a leak."""


def _ids() -> tuple[dict[str, str], set[str]]:
    """(id → the plugin naming it) for the installed plugins, and core's own ids."""
    host = build_plugin_host()
    theirs: dict[str, str] = {}
    own: set[str] = set()

    def add(plugin: str, ids: set[str]) -> None:
        for name in ids:
            if plugin == BUILTIN:
                own.add(name)
            else:
                theirs.setdefault(name, plugin)

    for plugin, defn in host.track_definitions():
        add(plugin, {defn.id, defn.domain, *(t.trigger for t in defn.transitions),
                     *(s.id for s in defn.steps)})
    for plugin, checks in host.checks():
        add(plugin, {c.id for c in checks})
    for plugin, rules in host.deadline_rules():
        add(plugin, {r.id for r in rules})
    for plugin, domains in host.domains():
        add(plugin, {d.id for d in domains})
    return theirs, own


PLUGIN_IDS, CORE_IDS = _ids()
FORBIDDEN = {name: plugin for name, plugin in PLUGIN_IDS.items()
             if name not in CORE_IDS and name not in GENERIC}


def code_strings(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, value) of every string literal of ``tree`` that is not a bare statement (a
    docstring, an attribute's docstring)."""
    documentation = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in documentation]


def test_the_ids_of_every_bundled_plugin_are_collected():
    assert set(PLUGIN_IDS.values()) >= {"asile", "emploi", "logement", "plainte", "sante"}
    for name in ("asile", "sante_couverture", "rediger_recit", "demander_puma",
                 "asile.dossier_ofpra", "protegee"):
        assert name in FORBIDDEN, name
    assert {"parcours", "psp", "suivre", "demander"} <= CORE_IDS
    assert not set(GENERIC) & CORE_IDS, "an exclusion that core's own ids already cover"
    assert set(GENERIC) <= set(PLUGIN_IDS), "an exclusion no plugin needs any more"


def test_the_detector_reads_code_not_documentation():
    sample = ('"""Module doc naming asile."""\n'
              'X = "asile"  # a comment naming sante_couverture\n'
              'Y = 1\n"""Attribute doc: rediger_recit."""\n'
              'def f():\n    """Function doc: plainte."""\n    return g(f"{X}", "rediger_recit")\n')
    found = [value for _, value in code_strings(ast.parse(sample)) if value in FORBIDDEN]
    assert found == ["asile", "rediger_recit"]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(CORE.parent)))
def test_core_names_no_plugin_id(path):
    named = [(line, value, FORBIDDEN[value])
             for line, value in code_strings(ast.parse(path.read_text(encoding="utf-8")))
             if value in FORBIDDEN]
    assert not named, "\n".join(f"{path.relative_to(CORE.parent)}:{line}: « {value} » "
                                f"(extension {plugin})" for line, value, plugin in named)
