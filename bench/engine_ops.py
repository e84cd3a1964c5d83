"""The engine beside a bare ``transitions`` trigger on the same definition (issue 11 §7).

All on the built-in ``parcours`` definition, cycling ``connue -suivre-> suivi_individuel
-mettre_en_pause-> en_pause -reprendre-> connue`` over a population of tracks; each measure
runs one command on every member and reports the mean per command (:class:`Elapsed`):

* ``B5 dict table``: a dict ``(step, trigger) → dest``, a guard and enter/exit callbacks
  through ``getattr`` (performance.md B5);
* ``B6 trigger``: ``machine.events[name].trigger(obj)`` on a plain object, the machine built
  once by ``machine_config(defn)`` (one condition per transition, ``model=None``): the call
  the engine makes, alone (performance.md B6);
* ``engine fire``: ``Engine.fire`` (facts validated, role and checks evaluated, the trigger,
  deadlines, the outcome) by a referent, with the person's consent to follow-up;
* ``engine refusal``: ``Engine.attempt`` by a bénévole on a caseworker's action: evaluated,
  refused with its reasons, returned (no exception);
* ``engine refusal raised``: the same through ``Engine.fire``, ``TransitionRefused`` caught.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from timing import Elapsed

from engine_bench import CYCLE, FACTS, STEPS, TODAY, Plain, dict_table

POPULATION = 2_000


def _pass(func: Callable[[Any], object], population: list[Any]) -> Elapsed:
    started = time.perf_counter()
    for item in population:
        func(item)
    return Elapsed((time.perf_counter() - started) / len(population))


def engine_ops(volume: object = None, app: object = None) -> dict[str, object]:
    """Each engine measure (name → callable); needs no base."""
    from transitions import Machine

    from core import (Actor, ConsentSnapshot, Engine, PersonSnapshot, Role, TrackState,
                      TransitionRefused)
    from core.engine.machine import machine_config
    from core.engine.runner import Refusal
    from core.plugins import build_plugin_host

    host = build_plugin_host(load_entrypoints=False)
    engine = Engine(host.catalog, report_error=host.report)
    defn = host.catalog.definition("parcours")
    referent = Actor("bench", Role.REFERENT)
    benevole = Actor("bench", Role.BENEVOLE)
    person = PersonSnapshot(consents=(ConsentSnapshot("suivi", TODAY),))
    machine = Machine(model=None, **machine_config(defn))
    dict_fire = dict_table(defn)  # B5

    def trigger(model: Plain) -> None:
        if not machine.events[CYCLE[model.state]].trigger(model):
            raise RuntimeError("refused")

    def fire(state: TrackState) -> None:
        name = CYCLE[state.step]
        engine.fire(state, name, referent, today=TODAY, facts=FACTS[name], person=person)

    def refusal(state: TrackState) -> None:
        if not isinstance(engine.attempt(state, "mettre_en_pause", benevole, today=TODAY,
                                         person=person), Refusal):
            raise RuntimeError("a bénévole paused a track")

    def refusal_raised(state: TrackState) -> None:
        try:
            engine.fire(state, "mettre_en_pause", benevole, today=TODAY, person=person)
        except TransitionRefused:
            return
        raise RuntimeError("a bénévole paused a track")

    def states(step: str | None = None) -> list[TrackState]:
        return [TrackState(defn.id, defn.version, step or STEPS[i % 3],
                           facts=dict(FACTS["suivre"])) for i in range(POPULATION)]

    plains = [Plain(STEPS[i % 3]) for i in range(POPULATION)]
    plains_b5 = [Plain(STEPS[i % 3]) for i in range(POPULATION)]
    moving, paused = states(), states("suivi_individuel")
    refused = engine.attempt(paused[0], "mettre_en_pause", benevole, today=TODAY, person=person)
    if not isinstance(refused, Refusal) or not refused.reasons:
        raise RuntimeError("the refusal measure does not refuse")
    return {
        "B5 dict table": lambda: _pass(dict_fire, plains_b5),
        "B6 trigger": lambda: _pass(trigger, plains),
        "engine fire": lambda: _pass(fire, moving),
        "engine refusal": lambda: _pass(refusal, paused),
        "engine refusal raised": lambda: _pass(refusal_raised, paused),
    }
