"""One test per hook, named ``test_hook_<hook>``, and a meta-test that none is missing."""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
from pydantic import BaseModel, ConfigDict

from core import (Actor, CheckSpec, DeadlineRule, DemoDomain, DemoMove, DemoPath, DemoTrack,
                  DomainDefinition, FactSchemaExtension, Figure,
                  ReportContext, ReportCounts, count_events,
                  ReportSection, Role, StepDefinition, StepKind, TrackDefinition,
                  TransitionDefinition, TransitionNotice, Unit, fact, hookimpl, passed)
from core.engine.runner import Engine
from core.plugins import build_plugin_host

TODAY = date(2026, 3, 10)


def host_with(**hooks):
    plugin = SimpleNamespace(**{name: hookimpl(func) for name, func in hooks.items()})
    return build_plugin_host(load_entrypoints=False, extra=[("essai", plugin)])


MINI = TrackDefinition(
    id="mini", label="Mini", domain="essai", initial="a",
    steps=(StepDefinition(id="a", label="A"), StepDefinition(id="b", label="B", kind=StepKind.FINAL)),
    transitions=(TransitionDefinition(trigger="aller", label="Aller", source=("a",), dest="b",
                                      checks=("essai.ok",), opens=("essai.delai",)),))


def test_hook_parcours_track_definitions():
    host = host_with(parcours_track_definitions=lambda: [MINI],
                     parcours_checks=lambda: [CheckSpec(id="essai.ok", label="ok",
                                                        func=lambda ctx: passed("essai.ok", "ok"))],
                     parcours_deadline_rules=lambda: [DeadlineRule(
                         id="essai.delai", label="Délai", source="test", start_fact="x",
                         start_label="départ", duration=3, unit=Unit.CALENDAR_DAYS)])
    assert host.catalog.definition("mini") == MINI and host.catalog.origin["track:mini"] == "essai"


def test_hook_parcours_domains():
    domain = DomainDefinition(id="essai", label="Domaine d'essai")
    host = host_with(parcours_domains=lambda: [domain], parcours_track_definitions=lambda: [MINI],
                     parcours_checks=lambda: [CheckSpec(id="essai.ok", label="ok",
                                                        func=lambda ctx: passed("essai.ok", "ok"))],
                     parcours_deadline_rules=lambda: [DeadlineRule(
                         id="essai.delai", label="Délai", source="test", start_fact="x",
                         start_label="départ", duration=3, unit=Unit.CALENDAR_DAYS)])
    assert host.catalog.domain_label("essai") == "Domaine d'essai"
    assert ("essai", "Domaine d'essai") in host.catalog.domains()
    assert host.catalog.origin["domain:essai"] == "essai" and host.incidents == []


def test_hook_parcours_checks():
    host = host_with(parcours_checks=lambda: [CheckSpec(id="essai.ok", label="ok",
                                                        func=lambda ctx: passed("essai.ok", "ok"))])
    assert host.catalog.checks["essai.ok"].plugin == "essai"


def test_hook_parcours_deadline_rules():
    rule = DeadlineRule(id="essai.delai", label="Délai", source="test", start_fact="x",
                        start_label="départ", duration=3, unit=Unit.CALENDAR_DAYS)
    host = host_with(parcours_deadline_rules=lambda: [rule])
    assert host.catalog.rule("essai.delai", on=TODAY) == rule


class Extra(BaseModel):
    model_config = ConfigDict(extra="forbid")
    langue: str | None = fact(None, label="Langue parlée")


def test_hook_parcours_fact_schemas():
    host = host_with(parcours_fact_schemas=lambda: [FactSchemaExtension(
        definition_id="parcours", step_id="connue", schema_=Extra)])
    schema = host.catalog.definition("parcours").step("connue").facts
    assert "langue" in schema.model_fields
    engine = Engine(host.catalog)
    state = engine.start("parcours")
    engine.fire(state, "reconnaitre", Actor("bea", Role.BENEVOLE), today=TODAY,
                facts={"langue": "roumain"})
    assert state.facts["langue"] == "roumain"


def test_hook_parcours_after_transition():
    seen = []
    host = host_with(parcours_after_transition=lambda notice: seen.append(notice.trigger))
    notice = TransitionNotice(person_id=1, track_id=2, definition_id="parcours", trigger="reconnaitre",
                              from_step="premier_accueil", to_step="connue", actor="bea",
                              role="benevole", occurred_at=datetime(2026, 3, 10, tzinfo=UTC))
    host.after_transition(notice)
    assert seen == ["reconnaitre"] and host.incidents == []


def test_hook_parcours_report_sections():
    def sections(context):
        return [ReportSection(id="essai", title="Essai", figures=(
            Figure(key="n", label="Démarches", value=len(context.tracks)),))]
    host = host_with(parcours_report_sections=sections)
    got = host.report_sections(ReportContext(start=date(2026, 1, 1), end=date(2026, 12, 31)))
    mine = [(s.id, s.plugin, s.figures[0].value) for s in got if s.plugin == "essai"]
    assert mine == [("essai", "essai", 0)]


def test_hook_parcours_demo_domains():
    story = DemoDomain(domain="essai", persons=2, tracks=(DemoTrack(
        definition="mini", paths=(DemoPath(moves=(DemoMove(trigger="aller", after=(1, 3)),)),)),))
    host = host_with(parcours_demo_domains=lambda: [story])
    got = host.demo_domains()
    assert [(plugin, d.domain) for plugin, d in got] == [("parcours", "psp"), ("essai", "essai")]
    assert got[1][1] is story and host.incidents == []


def test_hook_parcours_report_counts():
    def counts():
        return [ReportCounts(id="essai", title="Essai", counts=(
            count_events(("psp",), key="n", label="Transmissions", trigger="transmettre"),))]
    host = host_with(parcours_report_counts=counts)
    mine = [(s.id, s.plugin, s.counts[0].key) for s in host.report_counts() if s.plugin == "essai"]
    assert mine == [("essai", "essai", "essai.n")]
    assert "essai" in host.counting_plugins()


def test_every_hook_has_a_test():
    host = build_plugin_host(load_entrypoints=False)
    hooks = sorted(n for n in dir(host.pm.hook) if n.startswith("parcours_"))
    module = sys.modules[__name__]
    missing = [h for h in hooks if not hasattr(module, f"test_hook_{h}")]
    assert not missing, f"crochets sans test : {missing}"
    assert hooks, "aucun crochet déclaré"


class Counting:
    """Records, in a shared list, each call of its contribution hooks under its name."""

    def __init__(self, name, calls):
        self.name, self.calls = name, calls

    @hookimpl
    def parcours_track_definitions(self):
        self.calls.append(("parcours_track_definitions", self.name))
        return []

    @hookimpl
    def parcours_checks(self):
        self.calls.append(("parcours_checks", self.name))
        return []


@pytest.mark.parametrize("name", ["parcours_track_definitions", "parcours_checks"])
def test_hooks_are_called_once_per_plugin_in_registration_order(name):
    calls = []
    # Registered in an order that is neither alphabetical nor pluggy's LIFO call order.
    host = build_plugin_host(load_entrypoints=False, extra=[
        ("zeta", Counting("zeta", calls)), ("alpha", Counting("alpha", calls)),
        ("mu", Counting("mu", calls))])
    impls = [i.plugin_name for i in getattr(host.pm.hook, name).get_hookimpls()]
    assert impls == ["parcours", "zeta", "alpha", "mu"]
    assert [plugin for hook, plugin in calls if hook == name] == ["zeta", "alpha", "mu"]


def test_fact_schema_extension_on_an_unknown_step_is_reported():
    host = host_with(parcours_fact_schemas=lambda: [FactSchemaExtension(
        definition_id="parcours", step_id="etape_inconnue", schema_=Extra)])
    assert [(i.plugin, i.hook) for i in host.incidents] == [("essai", "parcours_fact_schemas")]
    assert "langue" not in host.catalog.definition("parcours").step("connue").facts.model_fields


def test_every_installed_domain_declares_its_label():
    host = build_plugin_host(allow=["asile", "emploi", "logement", "plainte", "sante"])
    assert host.catalog.undeclared_domains() == {}
    labels = dict(host.catalog.domains())
    assert set(labels) == {"asile", "emploi", "logement", "parcours", "plainte", "psp", "sante"}
    assert all(label != domain for domain, label in labels.items())
