"""Plugin failures that someone sees: refused answers, degraded plugins, the incident log.

Each failure must be visible with its reason: in the plugin's status and problem, in the
technical log (plugin, place, exception class, scrubbed message, frames), and in what
``parcours plugins`` prints. Nothing a plugin's exception carries about a person may land
in the log (security.md R8).
"""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, date, datetime, timedelta

import pytest
from click.testing import CliRunner

from core import (CheckSpec, DeadlineRule, DomainDefinition, Engine, FactSchemaExtension,
                  Figure, ReportContext, ReportSection, StepDefinition, StepKind, TrackDefinition,
                  TransitionDefinition, TransitionNotice, TransitionRefused, Unit, hookimpl,
                  passed)
from core import messages as M
from core.cli.main import cli
from core.incidents import RETENTION, IncidentLog, scrub
from core.plugins import Incident, build_plugin_host
from core.services import catalog

CANARY = "Zoé Canari 06 12 34 56 78"
"""A stand-in for personal data a buggy plugin puts in its exception."""


def tiny_track(track_id: str, checks: tuple[str, ...] = ()) -> TrackDefinition:
    return TrackDefinition(
        id=track_id, label=f"Démarche {track_id}", domain="test", initial="debut",
        steps=(StepDefinition(id="debut", label="Début"),
               StepDefinition(id="fin", label="Fin", kind=StepKind.FINAL)),
        transitions=(TransitionDefinition(trigger="finir", label="Finir", source=("debut",),
                                          dest="fin", checks=checks),))


def info_of(host, name):
    return next(p for p in host.plugins if p.name == name)


def host_with(plugin, log=None, name="essai"):
    return build_plugin_host(load_entrypoints=False, extra=[(name, plugin)], incident_log=log)


# --- a lone model instead of a list ------------------------------------------------------

LONE = {
    "parcours_track_definitions": (tiny_track("seule"), "TrackDefinition"),
    "parcours_checks": (CheckSpec(id="essai.ok", label="ok", func=lambda ctx: None), "CheckSpec"),
    "parcours_deadline_rules": (DeadlineRule(id="essai.d", label="D", source="s", start_fact="x",
                                             start_label="x", duration=1, unit=Unit.MONTHS),
                                "DeadlineRule"),
    "parcours_domains": (DomainDefinition(id="test", label="Essai"), "DomainDefinition"),
    "parcours_fact_schemas": (FactSchemaExtension(definition_id="parcours", step_id="connue",
                                                  schema_=DomainDefinition), "FactSchemaExtension"),
}


@pytest.mark.parametrize("hook", sorted(LONE))
def test_a_lone_model_is_refused_with_a_message_naming_the_hook(hook, tmp_path):
    value, kind = LONE[hook]

    class Lone:
        pass

    setattr(Lone, hook, hookimpl(lambda self: value))
    host = host_with(Lone(), IncidentLog(tmp_path))
    info = info_of(host, "essai")
    assert info.status == "degraded"
    assert info.problem == (f"le crochet « {hook} » a renvoyé une valeur invalide (un seul {kind} "
                            "au lieu d'une liste : écrivez return [valeur])" + NOTHING_LOADED)
    assert [(i.plugin, i.hook, i.error) for i in host.incidents] == [("essai", hook, "PluginError")]
    assert "seule" not in {d.id for d in host.catalog.latest_definitions()}


def test_a_lone_report_section_is_refused_too(tmp_path):
    class Lone:
        @hookimpl
        def parcours_report_sections(self, context):
            return ReportSection(id="x", title="X", figures=())

    host = host_with(Lone(), IncidentLog(tmp_path))
    sections = host.report_sections(ReportContext(start=date(2026, 1, 1), end=date(2026, 12, 31)))
    assert [s.id for s in sections if s.plugin == "essai"] == []
    assert "un seul ReportSection au lieu d'une liste" in info_of(host, "essai").problem


def test_a_misspelt_figure_field_fails_the_section_instead_of_dropping_its_records(tmp_path):
    # ``refs`` for ``sources``: silently dropped, the figure said 1 and --explain 0 records.
    class Misspelt:
        @hookimpl
        def parcours_report_sections(self, context):
            return [ReportSection(id="x", title="X", figures=(
                Figure(key="k", label="K", value=1, refs=("event:1",)),))]

    host = host_with(Misspelt(), IncidentLog(tmp_path))
    sections = host.report_sections(ReportContext(start=date(2026, 1, 1), end=date(2026, 12, 31)))
    assert [s.id for s in sections if s.plugin == "essai"] == []
    assert [(i.plugin, i.hook, i.error) for i in host.incidents] == [
        ("essai", "parcours_report_sections", "ValidationError")]


# --- degraded, with the reason, in the listing ---------------------------------------------

NOTHING_LOADED = (" ; rien de ce qu'elle fournit n'est chargé (démarches, contrôles, règles, "
                  "domaines, champs ajoutés) : corrigez-la ou retirez-la")
"""What a plugin's problem ends with when a bad part left all it gives the catalog out."""

class OnlyTrackRejected:
    @hookimpl
    def parcours_track_definitions(self):
        return [tiny_track("cassee", ("controle.inexistant",))]


def test_a_plugin_whose_only_track_was_rejected_is_degraded_in_the_listing(tmp_path):
    host = host_with(OnlyTrackRejected(), IncidentLog(tmp_path), name="cassee")
    [item] = [p for p in catalog.plugins(host) if p["name"] == "cassee"]
    assert (item["status"], item["status_label"], item["tracks"]) == ("degraded", "dégradée", [])
    assert item["problem"] == ("Définition « cassee », étape « debut » : l'action « finir » "
                               "cite un contrôle inconnu « controle.inexistant »" + NOTHING_LOADED)


def test_a_track_of_an_undeclared_domain_loads_and_the_listing_says_so(tmp_path):
    class NoDomain:
        @hookimpl
        def parcours_track_definitions(self):
            return [tiny_track("sans_domaine")]

    host = host_with(NoDomain(), IncidentLog(tmp_path), name="nodomain")
    [item] = [p for p in catalog.plugins(host) if p["name"] == "nodomain"]
    assert item["status"] == "active" and item["tracks"] == ["sans_domaine"]
    assert item["problem"] == M.DOMAIN_UNDECLARED.format(domain="test")
    assert ("test", "test") in host.catalog.domains()  # shown by its id


def test_a_domain_declared_twice_is_refused_naming_the_plugin(tmp_path):
    class Squatter:
        @hookimpl
        def parcours_domains(self):
            return [DomainDefinition(id="psp", label="Autre PSP")]

    host = host_with(Squatter(), IncidentLog(tmp_path), name="squatter")
    assert host.catalog.domain_label("psp") == "Parcours de sortie de la prostitution (PSP)"
    info = info_of(host, "squatter")
    assert (info.status, info.problem) == (
        "degraded", "domaine « psp » déjà déclaré par l'extension « parcours »" + NOTHING_LOADED)


# --- the incident log ---------------------------------------------------------------------

def _leaky_check(ctx):
    raise RuntimeError(f"récit de {ctx.fact('alias')} : {ctx.fact('recit')}")


class LeakyCheck:
    @hookimpl
    def parcours_checks(self):
        return [CheckSpec(id="fuite.recit", label="Contrôle bavard", func=_leaky_check)]

    @hookimpl
    def parcours_track_definitions(self):
        return [tiny_track("fuite", ("fuite.recit",))]


def _fire(host, referent, today):
    engine = Engine(host.catalog, report_error=host.report)
    with pytest.raises(TransitionRefused) as refused:
        engine.fire(engine.start("fuite"), "finir", referent, today=today,
                    facts={}, person=None)
    return refused.value.reasons[0]


def test_a_raising_check_is_logged_once_with_frames_and_no_personal_data(
        tmp_path, referent, today, monkeypatch, caplog):
    monkeypatch.setattr("core.engine.checks.CheckContext.fact",
                        lambda self, name, default=None: {"alias": "Zoé", "recit": CANARY}[name])
    log = IncidentLog(tmp_path)
    host = host_with(LeakyCheck(), log, name="fuite")
    with caplog.at_level(logging.ERROR, logger="parcours"):
        reason = _fire(host, referent, today)
    assert len([r for r in caplog.records if "fuite.recit" in r.getMessage()]) == 1  # not twice
    assert reason.remedy == M.CHECK_CRASHED_REMEDY and "consignée" in reason.remedy
    [entry] = log.read()
    assert (entry.plugin, entry.where, entry.error) == ("fuite", "fuite.recit", "RuntimeError")
    assert entry.frames[-1]["function"] == "_leaky_check"
    assert entry.frames[-1]["file"].endswith("test_plugin_incidents.py")
    raw = log.path.read_text(encoding="utf-8")
    assert "Zoé" not in raw and "Canari" not in raw and "12 34" not in raw
    assert host.incidents[0].logged is True and "Canari" not in repr(host.incidents)
    _fire(host, referent, today)
    assert len(log.read()) == 1, "the same incident is written once a day"
    assert os.stat(log.path).st_mode & 0o077 == 0


def test_the_refusal_does_not_claim_the_error_was_logged_when_it_was_not(
        tmp_path, referent, today):
    blocked = tmp_path / "pas_un_dossier"
    blocked.write_text("")
    host = host_with(LeakyCheck(), IncidentLog(blocked), name="fuite")
    reason = _fire(host, referent, today)
    assert reason.remedy == M.CHECK_CRASHED_REMEDY_UNLOGGED
    assert "a été consignée" not in reason.remedy
    assert host.incidents[0].logged is False


def test_messages_keep_code_names_and_drop_everything_else():
    assert scrub(KeyError("date_demande")) == "'date_demande'"
    assert scrub(AttributeError("'NoneType' object has no attribute 'get'")) == (
        "'NoneType' object has no attribute '…'")
    assert scrub(ValueError(f"invalid literal for int() with base 10: '{CANARY}'")) == (
        "invalid literal for int() with base …: '…'")
    assert scrub(RuntimeError(f"{CANARY} zoe.canari@example.org")) == "…"


def test_old_incidents_are_neither_shown_nor_kept(tmp_path):
    log = IncidentLog(tmp_path)
    old = datetime.now(UTC) - RETENTION - timedelta(days=1)
    assert log.record("vieux", "parcours_checks", ValueError("x"), now=old)
    log.close()
    assert log.read() == []
    fresh = IncidentLog(tmp_path)
    assert fresh.record("neuf", "parcours_checks", ValueError("x"))
    assert [e.plugin for e in fresh.read()] == ["neuf"]
    assert "vieux" not in fresh.path.read_text(encoding="utf-8")


def test_plugins_incidents_shows_the_log(tmp_path, monkeypatch, referent, today):
    monkeypatch.setenv("PARCOURS_STATE_DIR", str(tmp_path))
    monkeypatch.setattr("core.engine.checks.CheckContext.fact",
                        lambda self, name, default=None: CANARY)
    _fire(host_with(LeakyCheck(), IncidentLog(), name="fuite"), referent, today)
    runner = CliRunner()
    text = runner.invoke(cli, ["plugins", "--incidents"])
    assert text.exit_code == 0, text.output
    first, *frames = text.output.splitlines()
    assert "fuite  fuite.recit  RuntimeError" in first and "Canari" not in text.output
    assert "runner.py" in frames[0] and "dans _leaky_check : raise RuntimeError" in frames[-1]
    data = json.loads(runner.invoke(cli, ["plugins", "--incidents", "--json"]).output)
    [entry] = data["incidents"]
    assert data["log"] == str(tmp_path / "incidents.log")
    assert {"at", "plugin", "where", "error", "message", "frames"} <= set(entry)


def test_plugins_lists_a_degraded_plugin_with_its_reason(tmp_path, monkeypatch):
    monkeypatch.setenv("PARCOURS_STATE_DIR", str(tmp_path))
    monkeypatch.setattr("core.cli.commands.catalog._host", lambda: host_with(
        OnlyTrackRejected(), IncidentLog(), name="cassee"))
    runner = CliRunner()
    text = runner.invoke(cli, ["plugins"]).output
    row = next(r for r in text.splitlines() if r.startswith("cassee"))
    assert "dégradée" in row and "contrôle inconnu « controle.inexistant »" in row
    assert "1 incident(s) d'extension consigné(s)" in text
    listed = json.loads(runner.invoke(cli, ["plugins", "--json"]).output)["plugins"]
    assert next(p for p in listed if p["name"] == "cassee")["status"] == "degraded"


# --- BaseException after commit ----------------------------------------------------------

NOTICE = TransitionNotice(person_id=1, track_id=2, definition_id="parcours", trigger="reconnaitre",
                          from_step="premier_accueil", to_step="connue", actor="awa",
                          role="benevole", occurred_at=datetime(2026, 3, 2, 10, 0, tzinfo=UTC))


class Recorder:
    def __init__(self):
        self.received = []

    @hookimpl
    def parcours_after_transition(self, notice):
        self.received.append(notice.trigger)


def raising(kind):
    class Raising:
        @hookimpl
        def parcours_after_transition(self, notice):
            raise kind("interrompu")
    return Raising()


@pytest.mark.parametrize("kind", [KeyboardInterrupt, SystemExit, GeneratorExit])
@pytest.mark.parametrize("bad_first", [True, False])
def test_base_exceptions_after_commit_are_contained_and_the_others_still_run(
        kind, bad_first, tmp_path):
    before, after = Recorder(), Recorder()
    plugins = [("avant", before), ("mauvais", raising(kind)), ("apres", after)]
    if not bad_first:
        plugins = [plugins[0], plugins[2], plugins[1]]
    host = build_plugin_host(load_entrypoints=False, extra=plugins,
                             incident_log=IncidentLog(tmp_path))
    assert host.after_transition(NOTICE) is None
    assert before.received == after.received == ["reconnaitre"]
    assert host.incidents == [Incident("mauvais", "parcours_after_transition", kind.__name__)]
    assert [e.error for e in IncidentLog(tmp_path).read()] == [kind.__name__]


def test_base_exceptions_are_not_swallowed_before_commit(tmp_path):
    """Contribution hooks run at start-up: a Ctrl+C there still stops the program."""
    class Interrupting:
        @hookimpl
        def parcours_checks(self):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        host_with(Interrupting(), IncidentLog(tmp_path))


def test_a_good_plugin_leaves_no_incident(tmp_path):
    class Good:
        @hookimpl
        def parcours_checks(self):
            return [CheckSpec(id="bon.ok", label="ok", func=lambda ctx: passed("bon.ok", "ok"))]

    host = host_with(Good(), IncidentLog(tmp_path), name="bon")
    assert host.incidents == [] and info_of(host, "bon").status == "active"
    assert IncidentLog(tmp_path).read() == []


def _exiting_check(ctx):
    raise SystemExit(3)


class ExitingCheck:
    @hookimpl
    def parcours_checks(self):
        return [CheckSpec(id="fuite.sortie", label="Contrôle qui quitte", func=_exiting_check)]

    @hookimpl
    def parcours_track_definitions(self):
        return [tiny_track("fuite", ("fuite.sortie",))]


def test_a_check_calling_sys_exit_refuses_its_transition_and_the_program_goes_on(
        tmp_path, referent, today):
    """``sys.exit()`` in a check ended the whole command, or the interface, mid-action."""
    host = host_with(ExitingCheck(), IncidentLog(tmp_path), name="fuite")
    reason = _fire(host, referent, today)
    assert (reason.code, reason.check) == ("engine.check_failed", "fuite.sortie")
    assert [(i.plugin, i.hook, i.error) for i in host.incidents] == [
        ("fuite", "fuite.sortie", "SystemExit")]


def test_a_check_interrupted_by_ctrl_c_still_stops(tmp_path, referent, today, monkeypatch):
    def interrupted(ctx):
        raise KeyboardInterrupt

    monkeypatch.setattr(f"{__name__}._exiting_check", interrupted)
    host = host_with(ExitingCheck(), IncidentLog(tmp_path), name="fuite")
    engine = Engine(host.catalog, report_error=host.report)
    with pytest.raises(KeyboardInterrupt):
        engine.fire(engine.start("fuite"), "finir", referent, today=today, facts={})


@pytest.mark.parametrize("kind", [SystemExit, GeneratorExit])
def test_a_contribution_hook_exiting_degrades_its_plugin_and_the_program_starts(kind, tmp_path):
    class Exiting:
        @hookimpl
        def parcours_checks(self):
            raise kind(0)

    host = host_with(Exiting(), IncidentLog(tmp_path))
    assert info_of(host, "essai").status == "degraded"
    assert [(i.plugin, i.error) for i in host.incidents] == [("essai", kind.__name__)]


def _endless_check(ctx):
    for _ in range(100_000):  # endless, as far as a caseworker's screen goes
        yield passed("fuite.encore", "Encore")


class EndlessCheck:
    @hookimpl
    def parcours_checks(self):
        return [CheckSpec(id="fuite.sans_fin", label="Contrôle sans fin", func=_endless_check)]

    @hookimpl
    def parcours_track_definitions(self):
        return [tiny_track("fuite", ("fuite.sans_fin",))]


def test_a_check_giving_endless_results_refuses_its_transition(tmp_path, referent, today):
    """A check's results were read whole: an endless generator held the process for ever,
    its memory growing. Past ``MAX_CHECK_RESULTS`` (100) it is a failing check."""
    host = host_with(EndlessCheck(), IncidentLog(tmp_path), name="fuite")
    reason = _fire(host, referent, today)
    assert (reason.code, reason.check) == ("engine.check_failed", "fuite.sans_fin")
    assert [(i.hook, i.error) for i in host.incidents] == [("fuite.sans_fin", "ValueError")]
