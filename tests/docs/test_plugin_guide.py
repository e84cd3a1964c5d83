"""The plugin author's guide: every hook documented, and its example really works."""

from __future__ import annotations

import re
import sys
import types
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from core import Actor, Engine, InvalidFacts, Role, TransitionRefused
from core.plugins import build_plugin_host

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "plugins.md"
HOOKS = ("parcours_domains", "parcours_track_definitions", "parcours_checks",
         "parcours_deadline_rules", "parcours_fact_schemas", "parcours_after_transition",
         "parcours_report_sections", "parcours_demo_domains",
         "parcours_report_counts")


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
    exec(compile(code, str(GUIDE), "exec"), module.__dict__)  # our own docs
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


def test_the_guide_s_notes_hold_for_its_example(monkeypatch):
    """Each claim of the walk-through's notes, checked on the example itself."""
    plugin = example_module(monkeypatch)
    host = build_plugin_host(load_entrypoints=False, extra=[("hebergement", plugin)])
    assert host.catalog.domain_label("hebergement") == "Hébergement d'urgence"
    engine = Engine(host.catalog)
    actor, today = Actor("camille", Role.REFERENT), date(2026, 5, 4)
    state = engine.start("hebergement")
    # The facts of "demandee" are asked by "demander", the transition entering it.
    [demander] = engine.available_actions(state, actor, today)
    assert [f.name for f in demander.fields] == ["date_demande", "domiciliation", "composition"]
    # ✓ next to a blocking reason: the form asks for the missing fact.
    assert demander.allowed and demander.reasons[0].code == "hebergement.sans_domiciliation"
    # Roles by default: a volunteer may not call the 115 for the file.
    volunteer = Actor("bea", Role.BENEVOLE)
    assert not engine.available_actions(state, volunteer, today)[0].allowed
    # extra="forbid" and Literal choices.
    with pytest.raises(InvalidFacts, match="champ inconnu"):
        engine.fire(state, "demander", actor, today=today, facts={
            "date_demande": "2026-05-01", "domiciliation": True, "domicilation": True})
    with pytest.raises(InvalidFacts, match="valeur attendue parmi : seule, avec_enfants"):
        engine.fire(state, "demander", actor, today=today, facts={
            "date_demande": "2026-05-01", "domiciliation": True, "composition": "famille"})
    # Recorded on 4 May, event date 4 May, call on 1 May: the clock runs from the fact date.
    outcome = engine.fire(state, "demander", actor, today=today,
                          occurred_at=datetime(2026, 5, 4, 12, tzinfo=UTC),
                          facts={"date_demande": "2026-05-01", "domiciliation": True})
    assert outcome.deadlines[0].due.due == date(2026, 5, 3)
    assert host.catalog.definition("hebergement").version == 1


def test_the_guide_says_how_a_law_change_is_added():
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split("#### When the law changes", 1)[1].split("\n## ", 1)[0]
    for needed in ("effective_from", "effective_to", "version", "docs/law.md"):
        assert needed in section, needed


def test_the_guide_demo_story_walks_the_example_track(monkeypatch):
    from core.services.demo_plan import make_plan
    from core.testing import demo_problems

    plugin = example_module(monkeypatch)
    text = GUIDE.read_text(encoding="utf-8")
    section = text[text.index("### parcours_demo_domains()"):]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    exec(compile(code, str(GUIDE), "exec"), plugin.__dict__)  # our own docs, on top of the example
    host = build_plugin_host(load_entrypoints=False, extra=[("hebergement", plugin)])
    assert host.incidents == [] and demo_problems(host) == []
    domains = [d for _, d in host.demo_domains()]
    assert [d.domain for d in domains] == ["psp", "hebergement"]
    plan = make_plan(2026, 1, set(), domains, {d for d, _ in host.catalog.definitions})
    walked = [o for p in plan.persons for o in p.ops if o.definition == "hebergement"]
    assert sum(o.kind == "start" for o in walked) == 40
    assert {o.trigger for o in walked} == {"", "demander", "heberger"}
