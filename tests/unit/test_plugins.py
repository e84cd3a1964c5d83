"""Plugin containment (security.md PL-1 to PL-3): each plugin fails alone, the app still builds."""

from __future__ import annotations

import copy
import json
import sys
import textwrap
from datetime import UTC, date, datetime

import pytest
from pydantic import BaseModel, ConfigDict

from core import (CheckSpec, ConsentSnapshot, DatedValue, DefinitionError, Engine, Figure,
                  FactSchemaExtension, PersonSnapshot, ReportContext, ReportEvent, ReportSection,
                  Sensitivity, StepDefinition, StepKind, TrackDefinition, TrackSnapshot,
                  TransitionDefinition, TransitionNotice, TransitionRefused, fact, hookimpl,
                  passed)
from core.builtin import PATHWAY
from core.plugins import Incident, build_plugin_host
from core.schemas_ext import merge_schema

from .scenarios import DEMO, DemoPlugin

S, T = StepDefinition, TransitionDefinition


def tiny_track(track_id: str, checks: tuple[str, ...] = ()) -> TrackDefinition:
    return TrackDefinition(
        id=track_id, label=f"Démarche {track_id}", domain="test", initial="debut",
        steps=(S(id="debut", label="Début"), S(id="fin", label="Fin", kind=StepKind.FINAL)),
        transitions=(T(trigger="finir", label="Finir", source=("debut",), dest="fin",
                       checks=checks),))


def info_of(host, name):
    return next(p for p in host.plugins if p.name == name)


# --- a check that raises: fail closed ---------------------------------------------------

def _boom(ctx):
    raise ZeroDivisionError("données de la personne à ne pas journaliser")


class CrashingCheckPlugin:
    @hookimpl
    def parcours_checks(self):
        return [CheckSpec(id="crash.boum", label="Contrôle qui plante", func=_boom),
                CheckSpec(id="crash.texte", label="Contrôle mal typé", func=lambda ctx: "oui")]

    @hookimpl
    def parcours_track_definitions(self):
        return [tiny_track("crash_demo", ("crash.boum",)), tiny_track("texte_demo", ("crash.texte",))]


def test_a_raising_check_refuses_the_transition_and_records_an_incident(referent, today):
    host = build_plugin_host(load_entrypoints=False, extra=[("crashy", CrashingCheckPlugin())])
    engine = Engine(host.catalog, report_error=host.report)
    state = engine.start("crash_demo")
    before = copy.deepcopy(state)
    with pytest.raises(TransitionRefused) as info:
        engine.fire(state, "finir", referent, today=today)
    assert state == before
    [reason] = info.value.reasons
    assert (reason.code, reason.check) == ("engine.check_failed", "crash.boum")
    assert reason.message == ("Le contrôle « Contrôle qui plante » de l'extension « crashy » a "
                              "échoué ; l'action est bloquée par prudence.")
    assert host.incidents == [Incident("crashy", "crash.boum", "ZeroDivisionError")]
    assert "à ne pas journaliser" not in repr(host.incidents)
    [view] = engine.available_actions(state, referent, today)
    assert not view.allowed and view.reasons[0].code == "engine.check_failed"


def test_a_check_returning_a_wrong_type_is_contained_too(referent, today):
    host = build_plugin_host(load_entrypoints=False, extra=[("crashy", CrashingCheckPlugin())])
    engine = Engine(host.catalog, report_error=host.report)
    with pytest.raises(TransitionRefused, match="Contrôle mal typé"):
        engine.fire(engine.start("texte_demo"), "finir", referent, today=today)
    assert host.incidents == [Incident("crashy", "crash.texte", "TypeError")]


# --- a check that writes to what it reads: refused, nothing recorded --------------------

class Motif(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    motif: str = fact(label="Motif")


def _writes_submission(ctx):
    ctx.facts["referent"] = "Mallory"  # not a fact of the form: would name her referent
    return passed("ecrit.ok", "ok")


def _writes_track(ctx):
    ctx.track.facts["motif"] = "réécrit"
    return passed("ecrit.ok", "ok")


def _writes_person(ctx):
    ctx.person.tracks[0].facts["motif"] = "réécrit"  # her other track, as the next check reads
    return passed("ecrit.ok", "ok")


def _writes_config(ctx):
    ctx.config.values["age_majorite"] = (DatedValue(date(1900, 1, 1), 21),)
    return passed("ecrit.ok", "ok")


class WritingCheckPlugin:
    @hookimpl
    def parcours_checks(self):
        return [CheckSpec(id="ecrit.soumis", label="Écrit la saisie", func=_writes_submission),
                CheckSpec(id="ecrit.demarche", label="Écrit la démarche", func=_writes_track),
                CheckSpec(id="ecrit.montants", label="Écrit un montant", func=_writes_config),
                CheckSpec(id="ecrit.personne", label="Écrit une autre démarche",
                          func=_writes_person)]

    @hookimpl
    def parcours_track_definitions(self):
        return [TrackDefinition(
            id=f"ecrit_{name}", label="Écrit", domain="test", initial="debut",
            steps=(S(id="debut", label="Début"),
                   S(id="fin", label="Fin", kind=StepKind.FINAL, facts=Motif)),
            transitions=(T(trigger="finir", label="Finir", source=("debut",), dest="fin",
                           checks=(f"ecrit.{name}",)),))
            for name in ("soumis", "demarche", "montants", "personne")]


@pytest.mark.parametrize("name", ["soumis", "demarche"])
def test_a_check_cannot_write_to_the_facts_it_is_handed(referent, today, name):
    host = build_plugin_host(load_entrypoints=False, extra=[("ecrit", WritingCheckPlugin())])
    engine = Engine(host.catalog, report_error=host.report)
    state = engine.start(f"ecrit_{name}")
    state.facts["motif"] = "enregistré"
    before = copy.deepcopy(state)
    with pytest.raises(TransitionRefused) as info:
        engine.fire(state, "finir", referent, today=today, facts={"motif": "saisi"})
    assert state == before
    assert [r.code for r in info.value.reasons] == ["engine.check_failed"]
    assert host.incidents == [Incident("ecrit", f"ecrit.{name}", "TypeError")]


def test_a_check_cannot_write_to_her_other_tracks(referent, today):
    host = build_plugin_host(load_entrypoints=False, extra=[("ecrit", WritingCheckPlugin())])
    engine = Engine(host.catalog, report_error=host.report)
    other = engine.start("ecrit_soumis")
    other.facts["motif"] = "enregistré"
    person = PersonSnapshot(tracks=(TrackSnapshot.of(None, other, {}),))
    with pytest.raises(TransitionRefused) as info:
        engine.fire(engine.start("ecrit_personne"), "finir", referent, today=today,
                    facts={"motif": "saisi"}, person=person)
    assert [r.code for r in info.value.reasons] == ["engine.check_failed"]
    assert person.tracks[0].facts == {"motif": "enregistré"}
    assert host.incidents == [Incident("ecrit", "ecrit.personne", "TypeError")]


def test_a_check_cannot_change_the_dated_amounts_every_check_reads(referent, today):
    # One configuration serves every check of the process (a whole session of the interface).
    host = build_plugin_host(load_entrypoints=False, extra=[("ecrit", WritingCheckPlugin())])
    engine = Engine(host.catalog, report_error=host.report)
    with pytest.raises(TransitionRefused):
        engine.fire(engine.start("ecrit_montants"), "finir", referent, today=today,
                    facts={"motif": "saisi"})
    assert engine.config.value("age_majorite", today) == 18
    assert host.incidents == [Incident("ecrit", "ecrit.montants", "TypeError")]


class Pieces(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    pieces: list[str] = fact(label="Pièces")
    adresse: dict[str, str] = fact({}, label="Adresse")
    recit: list[str] = fact([], label="Récit", sensitivity=Sensitivity.RESTRICTED)


def _nested_writer(reach):
    def write(ctx):
        reach(ctx).append("ajoutée par un contrôle")
        return passed("imbrique.ok", "ok")
    return write


NESTED_WRITES = {
    "soumis": lambda ctx: ctx.facts["pieces"],
    "demarche": lambda ctx: ctx.track.facts["pieces"],
    "personne": lambda ctx: ctx.person.tracks[0].facts["pieces"],
    "restreint": lambda ctx: ctx.track.facts["recit"],  # watched: the restricted path
    "adresse": lambda ctx: ctx.fact("adresse").setdefault("ville", []),
}


class NestedWritingPlugin:
    @hookimpl
    def parcours_checks(self):
        return [CheckSpec(id=f"imbrique.{name}", label=f"Écrit {name}", func=_nested_writer(reach))
                for name, reach in NESTED_WRITES.items()]

    @hookimpl
    def parcours_track_definitions(self):
        return [TrackDefinition(
            id=f"imbrique_{name}", label="Imbriqué", domain="test", initial="debut",
            steps=(S(id="debut", label="Début", facts=Pieces),
                   S(id="fin", label="Fin", kind=StepKind.FINAL, facts=Pieces)),
            transitions=(T(trigger="finir", label="Finir", source=("debut",), dest="fin",
                           checks=(f"imbrique.{name}",)),))
            for name in NESTED_WRITES]


@pytest.mark.parametrize("name", list(NESTED_WRITES))
def test_a_check_cannot_change_a_list_or_dict_in_the_facts(referent, today, name):
    # A list in place: what the next check reads, and what the move saves.
    host = build_plugin_host(load_entrypoints=False, extra=[("imbr", NestedWritingPlugin())])
    engine = Engine(host.catalog, report_error=host.report)
    other = engine.start(f"imbrique_{name}")
    other.facts.update(pieces=["passeport"], recit=["enregistré"], adresse={})
    person = PersonSnapshot(tracks=(TrackSnapshot.of(None, other, {}),))
    state = engine.start(f"imbrique_{name}")
    state.facts.update(pieces=["passeport"], recit=["enregistré"])
    before = copy.deepcopy(state)
    with pytest.raises(TransitionRefused) as info:
        engine.fire(state, "finir", referent, today=today, person=person,
                    facts={"pieces": ["titre de séjour"], "adresse": {}})
    assert [r.code for r in info.value.reasons] == ["engine.check_failed"]
    assert state == before
    assert person.tracks[0].facts["pieces"] == ["passeport"]
    assert host.incidents == [Incident("imbr", f"imbrique.{name}", "TypeError")]


# --- after_transition that raises: fail open ------------------------------------------

class Recorder:
    def __init__(self):
        self.received = []

    @hookimpl
    def parcours_after_transition(self, notice):
        self.received.append(notice)


class RaisingNotifier:
    @hookimpl
    def parcours_after_transition(self, notice):
        raise RuntimeError("boom")


NOTICE = TransitionNotice(person_id=1, track_id=2, definition_id="parcours", trigger="reconnaitre",
                          from_step="premier_accueil", to_step="connue", actor="awa",
                          role="benevole", occurred_at=datetime(2026, 3, 2, 10, 0))


@pytest.mark.parametrize("bad_first", [True, False])
def test_a_raising_notification_does_not_silence_the_others(bad_first):
    good = Recorder()
    plugins = [("bad", RaisingNotifier()), ("good", good)]
    host = build_plugin_host(load_entrypoints=False,
                             extra=plugins if bad_first else plugins[::-1])
    assert host.after_transition(NOTICE) is None
    assert good.received == [NOTICE]
    assert host.incidents == [Incident("bad", "parcours_after_transition", "RuntimeError")]


def test_naive_pluggy_call_would_lose_the_good_plugin():
    """Why the host calls each implementation alone: pluggy stops at the first exception."""
    good = Recorder()
    host = build_plugin_host(load_entrypoints=False,
                             extra=[("good", good), ("bad", RaisingNotifier())])
    with pytest.raises(RuntimeError):
        host.pm.hook.parcours_after_transition(notice=NOTICE)  # last registered runs first
    assert good.received == []


# --- contribution hooks that raise or return bad types -----------------------------------

class GoodContributor:
    @hookimpl
    def parcours_track_definitions(self):
        return [tiny_track("bonne_demarche", ("bon.controle",))]

    @hookimpl
    def parcours_checks(self):
        return [CheckSpec(id="bon.controle", label="Bon", func=lambda ctx: passed("bon", "ok"))]

    @hookimpl
    def parcours_report_sections(self, context):
        return [ReportSection(id="bon", title="Section du bon", plugin="usurpé",
                              figures=(Figure(key="n", label="Nombre", value=len(context.tracks)),))]


class RaisingContributor:
    @hookimpl
    def parcours_track_definitions(self):
        raise KeyError("x")

    @hookimpl
    def parcours_checks(self):
        raise ValueError("x")

    @hookimpl
    def parcours_report_sections(self, context):
        raise RuntimeError("x")


class WrongTypes:
    @hookimpl
    def parcours_track_definitions(self):
        return [{"id": "pas_une_definition"}]

    @hookimpl
    def parcours_checks(self):
        return 5  # not even a list

    @hookimpl
    def parcours_deadline_rules(self):
        return "psp.autorisation_6m"

    @hookimpl
    def parcours_report_sections(self, context):
        return [{"id": "x"}]


def test_contributions_that_raise_or_are_ill_typed_are_skipped():
    host = build_plugin_host(load_entrypoints=False, extra=[
        ("raising", RaisingContributor()), ("wrong", WrongTypes()), ("good", GoodContributor())])
    assert set(host.catalog.checks) >= {"bon.controle", "parcours.referent_consentement"}
    builtin = {d.id for d in build_plugin_host(load_entrypoints=False).catalog.latest_definitions()}
    assert {d.id for d in host.catalog.latest_definitions()} == builtin | {"bonne_demarche"}
    assert host.catalog.origin["track:bonne_demarche"] == "good"
    assert set(host.incidents) == {
        Incident("raising", "parcours_track_definitions", "KeyError"),
        Incident("raising", "parcours_checks", "ValueError"),
        Incident("wrong", "parcours_track_definitions", "PluginError"),
        Incident("wrong", "parcours_checks", "PluginError"),
        Incident("wrong", "parcours_deadline_rules", "PluginError"),
    }
    assert [info_of(host, n).status for n in ("raising", "wrong", "good")] == [
        "degraded", "degraded", "active"]
    assert "le crochet « parcours_checks » a renvoyé une valeur invalide (int au lieu d'une " \
           "liste)" in info_of(host, "wrong").problem
    sections = host.report_sections(ReportContext(start=date(2025, 1, 1), end=date(2025, 12, 31)))
    assert [(s.id, s.plugin) for s in sections if s.plugin != "parcours"] == [("bon", "good")]
    assert Incident("raising", "parcours_report_sections", "RuntimeError") in host.incidents
    assert Incident("wrong", "parcours_report_sections", "PluginError") in host.incidents


def test_report_sections_are_stamped_with_each_plugin_name():
    class Other:
        @hookimpl
        def parcours_report_sections(self, context):
            return [ReportSection(id="autre", title="Autre", figures=())]

    host = build_plugin_host(load_entrypoints=False,
                             extra=[("good", GoodContributor()), ("other", Other())])
    sections = host.report_sections(ReportContext(start=date(2025, 1, 1), end=date(2025, 12, 31)))
    ours = sorted((s.id, s.plugin) for s in sections if s.plugin != "parcours")  # not built-ins
    assert ours == [("autre", "other"), ("bon", "good")]


def _ok_check(check_id):
    return CheckSpec(id=check_id, label="Contrôle", func=lambda ctx: passed("x", "ok"))


class HalfBroken:
    """Checks, a rule and tracks of its own, with one bad entry in the middle of a list."""

    def __init__(self, bad):
        self.bad = bad

    @hookimpl
    def parcours_checks(self):
        taken = "parcours.referent_consentement"  # the built-ins have it
        return [_ok_check("moitie.avant"), *([_ok_check(taken)] if self.bad == "check" else []),
                _ok_check("moitie.apres")]

    @hookimpl
    def parcours_track_definitions(self):
        broken = [tiny_track("cassee", ("controle.inexistant",))] if self.bad == "track" else []
        return [tiny_track("avant", ("moitie.avant",)), *broken,
                tiny_track("apres", ("moitie.apres",))]


@pytest.mark.parametrize("bad, reason", [
    ("check", "contrôle « parcours.referent_consentement » déjà fourni par l'extension "
              "« parcours » : choisissez un autre identifiant"),
    ("track", "Définition « cassee », étape « debut » : l'action « finir » cite un contrôle "
              "inconnu « controle.inexistant »")])
def test_a_plugin_with_one_bad_entry_gives_the_catalog_nothing(bad, reason):
    host = build_plugin_host(load_entrypoints=False, extra=[("moitie", HalfBroken(bad)),
                                                            ("bon", GoodContributor())])
    assert not {"avant", "apres", "cassee"} & {d.id for d in host.catalog.latest_definitions()}
    assert not {"moitie.avant", "moitie.apres"} & set(host.catalog.checks)
    assert "moitie" not in set(host.catalog.origin.values())
    assert host.catalog.checks["parcours.referent_consentement"].plugin == "parcours"
    info = info_of(host, "moitie")
    assert (info.status, info.problem) == (
        "degraded", f"{reason} ; rien de ce qu'elle fournit n'est chargé (démarches, contrôles, "
        "règles, domaines, champs ajoutés) : corrigez-la ou retirez-la")
    assert [i.plugin for i in host.incidents] == ["moitie"]
    assert info_of(host, "bon").status == "active"


def test_a_plugin_left_out_keeps_no_id_from_the_next_one():
    class Next:
        @hookimpl
        def parcours_checks(self):
            return [_ok_check("moitie.avant")]

        @hookimpl
        def parcours_track_definitions(self):
            return [tiny_track("suivante", ("moitie.avant",))]

    host = build_plugin_host(load_entrypoints=False, extra=[("moitie", HalfBroken("check")),
                                                            ("suivante", Next())])
    assert host.catalog.checks["moitie.avant"].plugin == "suivante"
    assert host.catalog.definition("suivante").id == "suivante"
    assert info_of(host, "suivante").status == "active"


def test_a_plugin_reusing_a_builtin_check_id_is_named():
    class Squatter:
        @hookimpl
        def parcours_checks(self):
            return [CheckSpec(id="parcours.referent_consentement", label="Imposteur",
                              func=lambda ctx: passed("x", "ok"))]

    host = build_plugin_host(load_entrypoints=False, extra=[("squatter", Squatter())])
    assert host.incidents == [Incident("squatter", "parcours_checks", "PluginError")]
    assert info_of(host, "squatter").problem == (
        "contrôle « parcours.referent_consentement » déjà fourni par l'extension « parcours » : "
        "choisissez un autre identifiant ; rien de ce qu'elle fournit n'est chargé (démarches, "
        "contrôles, règles, domaines, champs ajoutés) : corrigez-la ou retirez-la")
    assert info_of(host, "squatter").status == "degraded"
    assert host.catalog.checks["parcours.referent_consentement"].plugin == "parcours"


def test_synthetic_plugin_registers_its_track_and_check():
    host = build_plugin_host(load_entrypoints=False, extra=[("demo", DemoPlugin())])
    assert host.catalog.definition("demo") == DEMO
    assert host.catalog.checks["demo.justificatif"].plugin == "demo"
    assert host.incidents == []


# --- misspelt or ill-declared hooks ----------------------------------------------------

class Misspelt:
    @hookimpl
    def parcours_track_definition(self):  # missing "s"
        return [tiny_track("jamais_chargee")]


class WrongArgument:
    @hookimpl
    def parcours_after_transition(self, notification):
        pass


def test_a_misspelt_hook_disables_the_plugin_and_the_app_still_builds():
    good = Recorder()
    host = build_plugin_host(load_entrypoints=False,
                             extra=[("typo", Misspelt()), ("args", WrongArgument()), ("good", good)])
    typo, args = info_of(host, "typo"), info_of(host, "args")
    assert typo.status == "failed" and typo.problem.startswith("crochet inconnu ou mal déclaré")
    assert "parcours_track_definition" in typo.problem
    assert args.status == "failed"
    assert {(i.plugin, i.hook) for i in host.incidents} == {("typo", "check_pending"),
                                                            ("args", "register")}
    assert "jamais_chargee" not in {d.id for d in host.catalog.latest_definitions()}
    assert host.catalog.definition("parcours") == PATHWAY
    host.after_transition(NOTICE)
    assert good.received == [NOTICE]


# --- allow / deny before import --------------------------------------------------------

FAKE_MODULE = "fake_parcours_plugin"


@pytest.fixture
def fake_distribution(tmp_path, monkeypatch):
    """A throw-away installed distribution whose module leaves a marker when imported."""
    marker = tmp_path / "imported.marker"
    dist = tmp_path / "fake_plugin-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: fake-plugin\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(f"[parcours]\nfake = {FAKE_MODULE}\n")
    (tmp_path / f"{FAKE_MODULE}.py").write_text(textwrap.dedent(f"""
        from pathlib import Path
        from core import StepDefinition, StepKind, TrackDefinition, TransitionDefinition, hookimpl

        Path({str(marker)!r}).write_text("importé")

        @hookimpl
        def parcours_track_definitions():
            return [TrackDefinition(
                id="fake_track", label="Démarche factice", domain="fake", initial="debut",
                steps=(StepDefinition(id="debut", label="Début"),
                       StepDefinition(id="fin", label="Fin", kind=StepKind.FINAL)),
                transitions=(TransitionDefinition(trigger="finir", label="Finir",
                                                  source=("debut",), dest="fin"),))]
    """))
    monkeypatch.delenv("PARCOURS_PLUGINS_ALLOW", raising=False)
    monkeypatch.delenv("PARCOURS_PLUGINS_DENY", raising=False)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, FAKE_MODULE, raising=False)
    yield marker
    sys.modules.pop(FAKE_MODULE, None)


@pytest.mark.parametrize("options", [{"deny": ["fake"]}, {"allow": []}, {"allow": ["autre"]}],
                         ids=["deny", "allow-nothing", "allow-another"])
def test_a_plugin_not_allowed_is_never_imported(fake_distribution, options):
    host = build_plugin_host(**options)
    assert not fake_distribution.exists()
    assert FAKE_MODULE not in sys.modules
    info = info_of(host, "fake")
    assert (info.status, info.problem) == ("blocked", "non autorisée par la configuration")
    assert (info.distribution, info.version) == ("fake-plugin", "1.0")
    assert "fake_track" not in {d.id for d in host.catalog.latest_definitions()}


def test_deny_from_the_environment(fake_distribution, monkeypatch):
    monkeypatch.setenv("PARCOURS_PLUGINS_DENY", "autre, fake")
    host = build_plugin_host()
    assert not fake_distribution.exists()
    assert info_of(host, "fake").status == "blocked"


def test_an_allowed_plugin_is_imported_and_its_track_loaded(fake_distribution):
    host = build_plugin_host(allow=["fake"])
    assert fake_distribution.read_text() == "importé"
    info = info_of(host, "fake")
    assert (info.status, info.module, info.distribution) == ("active", FAKE_MODULE, "fake-plugin")
    assert host.catalog.definition("fake_track").label == "Démarche factice"
    assert host.catalog.origin["track:fake_track"] == "fake"


@pytest.fixture
def namesake_distribution(tmp_path, monkeypatch):
    """A throw-away distribution whose entry point takes the built-ins' name, « parcours »."""
    marker = tmp_path / "namesake.marker"
    dist = tmp_path / "namesake-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: namesake\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[parcours]\nparcours = namesake\n")
    (tmp_path / "namesake.py").write_text(f"from pathlib import Path\n"
                                          f"Path({str(marker)!r}).write_text('importé')\n")
    monkeypatch.delenv("PARCOURS_PLUGINS_ALLOW", raising=False)
    monkeypatch.delenv("PARCOURS_PLUGINS_DENY", raising=False)
    monkeypatch.syspath_prepend(str(tmp_path))
    yield marker
    sys.modules.pop("namesake", None)


def test_an_entry_point_taking_a_loaded_plugins_name_is_refused_in_french(namesake_distribution):
    host = build_plugin_host()
    assert not namesake_distribution.exists()  # refused before its code runs
    [taken] = [p for p in host.plugins if p.distribution == "namesake"]
    assert (taken.name, taken.status) == ("parcours", "failed")
    assert taken.problem == ("nom « parcours » déjà pris par l'extension de « core.builtin » : "
                             "elle n'est pas chargée ; renommez son point d'entrée")


def test_without_entry_points_nothing_is_discovered(fake_distribution):
    host = build_plugin_host(load_entrypoints=False)
    assert not fake_distribution.exists()
    assert [p.name for p in host.plugins] == ["parcours"]


# --- fact schema extensions -------------------------------------------------------------

class Interprete(BaseModel):
    model_config = ConfigDict(extra="forbid")
    interprete: bool | None = fact(None, label="Interprète nécessaire")


class Clash(BaseModel):
    referent: str = fact(label="Autre référent")


class Extender:
    def __init__(self, schema):
        self.schema = schema

    @hookimpl
    def parcours_fact_schemas(self):
        return [FactSchemaExtension(definition_id="parcours", step_id="suivi_individuel",
                                    schema_=self.schema)]


def test_fact_schema_extension_adds_a_field_to_a_builtin_step(referent, today):
    host = build_plugin_host(load_entrypoints=False, extra=[("langues", Extender(Interprete))])
    step = host.catalog.definition("parcours").step("suivi_individuel")
    assert set(step.facts.model_fields) == {"referent", "interprete"}
    assert "interprete" not in PATHWAY.step("suivi_individuel").facts.model_fields
    engine = Engine(host.catalog)
    state = engine.start("parcours")
    view = {v.trigger: v for v in engine.available_actions(state, referent, today)}["suivre"]
    assert "interprete" in [f.name for f in view.fields]
    consented = PersonSnapshot(consents=(ConsentSnapshot("suivi", date(2026, 3, 1)),))
    engine.fire(state, "suivre", referent, today=today, person=consented,
                facts={"referent": "Awa", "interprete": "oui"})
    assert state.facts["interprete"] is True


def test_fact_schema_clash_is_reported_and_the_step_kept():
    host = build_plugin_host(load_entrypoints=False, extra=[("clash", Extender(Clash))])
    assert host.incidents == [Incident("clash", "parcours_fact_schemas", "DefinitionError")]
    assert info_of(host, "clash").problem == (
        "Définition « parcours », étape « suivi_individuel » : champs ajoutés déjà présents "
        "dans l'étape : referent ; rien de ce qu'elle fournit n'est chargé (démarches, "
        "contrôles, règles, domaines, champs ajoutés) : corrigez-la ou retirez-la")
    assert host.catalog.definition("parcours") == PATHWAY


def test_merge_schema_refuses_a_clash_directly():
    with pytest.raises(DefinitionError, match="champs ajoutés déjà présents dans l'étape : referent"):
        merge_schema("parcours", "suivi_individuel",
                     PATHWAY.step("suivi_individuel").facts, Clash)


def test_a_report_hook_cannot_change_the_events_the_next_plugin_counts():
    """Every plugin with the older hook reads the same events: one that wrote to an event's
    facts changed what the plugins after it counted."""
    seen: list[object] = []

    class Writer:
        @hookimpl
        def parcours_report_sections(self, context):
            for event in context.events:
                try:
                    event.facts["motif_cloture"] = "modifie"
                except TypeError:
                    seen.append("refused")
            return []

    class Reader:
        @hookimpl
        def parcours_report_sections(self, context):
            seen.extend(e.facts.get("motif_cloture") for e in context.events
                        if "motif_cloture" in e.facts)
            return []

    event = ReportEvent(id=1, track_id=1, person_id=1, definition_id="parcours",
                        trigger="clore", to_step="clos",
                        occurred_at=datetime(2026, 3, 2, tzinfo=UTC),
                        facts={"motif_cloture": "demenagement"})
    host = build_plugin_host(load_entrypoints=False,
                             extra=[("ecrit", Writer()), ("lit", Reader())])
    host.report_sections(ReportContext(start=date(2026, 3, 1), end=date(2026, 3, 31),
                                       events=(event,)))
    assert seen == ["refused", "demenagement"]
    assert json.loads(json.dumps(event.facts)) == {"motif_cloture": "demenagement"}


def test_a_report_hook_cannot_change_a_list_in_an_event():
    class Writer:
        @hookimpl
        def parcours_report_sections(self, context):
            context.events[0].facts["orientations"].append("logement")
            return []

    event = ReportEvent(id=1, track_id=1, person_id=1, definition_id="parcours",
                        trigger="clore", to_step="clos",
                        occurred_at=datetime(2026, 3, 2, tzinfo=UTC),
                        facts={"orientations": ["sante"]})
    host = build_plugin_host(load_entrypoints=False, extra=[("ecrit", Writer())])
    host.report_sections(ReportContext(start=date(2026, 3, 1), end=date(2026, 3, 31),
                                       events=(event,)))
    assert event.facts == {"orientations": ["sante"]}
    assert [i.plugin for i in host.incidents] == ["ecrit"]
