"""Issue 15, point 7: a plugin slower than the hook budget is reported, and its answer kept.

The clock is a fake one that the plugin itself moves forward (no test waits): a hook or a
check that « takes » three seconds against a budget of two is recorded as a ``HookTooSlow``
incident, in memory and in the technical log, with a French message naming the plugin and
the hook; what it answered still counts. In the terminal interface every service runs in a
worker thread (``tui/workers.py``), hooks included, so a slow plugin never freezes it.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from core import (CheckSpec, Engine, StepDefinition, StepKind, TrackDefinition,
                  TransitionDefinition, TransitionNotice, hookimpl, passed)
from core.budget import DEFAULT_HOOK_BUDGET, BUDGET_ENV, budget_seconds
from core.errors import InputError
from core.incidents import IncidentLog
from core.plugins import build_plugin_host


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr("core.plugins.time", fake)
    monkeypatch.setattr("core.engine.runner.time", fake)
    return fake


TRACK = TrackDefinition(
    id="lente", label="Démarche lente", domain="test", initial="debut",
    steps=(StepDefinition(id="debut", label="Début"),
           StepDefinition(id="fin", label="Fin", kind=StepKind.FINAL)),
    transitions=(TransitionDefinition(trigger="finir", label="Finir", source=("debut",),
                                      dest="fin", checks=("lente.controle",)),))


class Slow:
    def __init__(self, clock: Clock, seconds: float) -> None:
        self.clock, self.seconds = clock, seconds
        self.notified = 0

    def _take(self) -> None:
        self.clock.now += self.seconds

    @hookimpl
    def parcours_track_definitions(self):
        return [TRACK]

    @hookimpl
    def parcours_checks(self):
        def check(ctx):
            self._take()
            return passed("lente.controle", "vérifié")
        return [CheckSpec(id="lente.controle", label="Contrôle lent", func=check)]

    @hookimpl
    def parcours_after_transition(self, notice):
        self._take()
        self.notified += 1


def _notice() -> TransitionNotice:
    return TransitionNotice(person_id=1, track_id=1, definition_id="lente", trigger="finir",
                            from_step="debut", to_step="fin", actor="camille", role="referent",
                            occurred_at=datetime(2026, 3, 2, tzinfo=UTC))


def test_a_slow_notification_is_reported_and_still_delivered(tmp_path, clock):
    plugin = Slow(clock, 0)
    log = IncidentLog(tmp_path)
    host = build_plugin_host(load_entrypoints=False, extra=[("lente", plugin)], incident_log=log)
    plugin.seconds = 3
    host.after_transition(_notice())
    assert plugin.notified == 1
    slow = [i for i in host.incidents if i.error == "HookTooSlow"]
    assert [(i.plugin, i.hook) for i in slow] == [("lente", "parcours_after_transition")]
    assert slow[0].message == ("L'extension « lente » a mis 3 s à répondre dans "
                               "« parcours_after_transition » (au-delà de 2 s) : signalez-le à "
                               "qui la maintient.")
    assert [(e.plugin, e.error) for e in log.read()] == [("lente", "HookTooSlow")]


def test_a_fast_enough_hook_is_not_reported(clock):
    plugin = Slow(clock, 0)
    host = build_plugin_host(load_entrypoints=False, extra=[("lente", plugin)])
    plugin.seconds = DEFAULT_HOOK_BUDGET
    host.after_transition(_notice())
    assert [i for i in host.incidents if i.error == "HookTooSlow"] == []


def test_a_slow_check_is_reported_and_its_answer_kept(clock, referent, today):
    plugin = Slow(clock, 0)
    host = build_plugin_host(load_entrypoints=False, extra=[("lente", plugin)], hook_budget=0.5)
    engine = Engine(host.catalog, report_error=host.report, hook_budget=host.hook_budget)
    plugin.seconds = 1
    outcome = engine.fire(engine.start("lente"), "finir", referent, today=today, facts={})
    assert outcome.to_step == "fin"
    assert [(i.plugin, i.hook, i.error) for i in host.incidents] == [
        ("lente", "lente.controle", "HookTooSlow")]


def test_a_slow_contribution_is_reported_at_start_up_and_kept(clock):
    class SlowToList(Slow):
        @hookimpl
        def parcours_track_definitions(self):
            self.clock.now += 5
            return [TRACK]

    host = build_plugin_host(load_entrypoints=False, extra=[("lente", SlowToList(clock, 0))])
    assert any(d.id == "lente" for d in host.catalog.definitions.values())
    assert ("lente", "parcours_track_definitions", "HookTooSlow") in [
        (i.plugin, i.hook, i.error) for i in host.incidents]


def test_the_budget_is_two_seconds_unless_configured(monkeypatch):
    monkeypatch.delenv(BUDGET_ENV, raising=False)
    assert budget_seconds() == 2.0
    assert build_plugin_host(load_entrypoints=False).hook_budget == 2.0
    monkeypatch.setenv(BUDGET_ENV, "0.5")
    assert build_plugin_host(load_entrypoints=False).hook_budget == 0.5
    assert build_plugin_host(load_entrypoints=False, hook_budget=7).hook_budget == 7


@pytest.mark.parametrize("value", ["deux", "-1", "0", "nan", "inf"])
def test_a_budget_that_is_no_duration_is_refused_in_french(monkeypatch, value):
    monkeypatch.setenv(BUDGET_ENV, value)
    with pytest.raises(InputError, match="Valeur invalide pour PARCOURS_PLUGIN_BUDGET"):
        budget_seconds()
