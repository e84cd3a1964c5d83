"""The plugin author's guide: every hook documented, and its example really works."""

from __future__ import annotations

import re
import sys
import types
from datetime import date
from pathlib import Path

import pytest

from core import Actor, Engine, Role, TransitionRefused
from core.plugins import build_plugin_host

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "plugins.md"
HOOKS = ("parcours_track_definitions", "parcours_checks", "parcours_deadline_rules",
         "parcours_fact_schemas", "parcours_after_transition", "parcours_report_sections")


def hook_names() -> list[str]:
    host = build_plugin_host(load_entrypoints=False)
    return sorted(name for name in dir(host.pm.hook) if name.startswith("parcours_"))


def test_hook_list_is_the_known_one():
    assert hook_names() == sorted(HOOKS)


@pytest.mark.parametrize("name", HOOKS)
def test_every_hook_has_a_section_with_its_signature(name):
    host = build_plugin_host(load_entrypoints=False)
    args = ", ".join(getattr(host.pm.hook, name).spec.argnames)
    assert f"### {name}({args})" in GUIDE.read_text(encoding="utf-8")


def example_module(monkeypatch) -> types.ModuleType:
    code = re.search(r"```python\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S).group(1)
    module = types.ModuleType("parcours_hebergement")
    monkeypatch.setitem(sys.modules, module.__name__, module)  # as an installed plugin would be
    exec(compile(code, str(GUIDE), "exec"), module.__dict__)  # noqa: S102 - our own docs
    return module


def test_the_guide_example_loads_and_runs(monkeypatch):
    plugin = example_module(monkeypatch)
    host = build_plugin_host(load_entrypoints=False, extra=[("hebergement", plugin)])
    assert host.incidents == []
    engine = Engine(host.catalog)
    actor, today = Actor("camille", Role.REFERENT), date(2026, 5, 1)
    state = engine.start("hebergement")
    with pytest.raises(TransitionRefused) as refused:
        engine.fire(state, "demander", actor, today=today, facts={"date_demande": "2026-05-01"})
    assert refused.value.reasons[0].code == "hebergement.sans_domiciliation"
    outcome = engine.fire(state, "demander", actor, today=today,
                          facts={"date_demande": "2026-05-01", "domiciliation": True})
    assert outcome.deadlines[0].due.due == date(2026, 5, 3)


def test_the_guide_says_how_a_law_change_is_added():
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split("#### When the law changes", 1)[1].split("\n## ", 1)[0]
    for needed in ("effective_from", "effective_to", "version", "docs/law.md"):
        assert needed in section, needed
