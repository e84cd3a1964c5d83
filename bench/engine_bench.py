"""Engine benchmark: the engine's cost per command against plain state-machine baselines.

Run with ``.venv/bin/python bench/engine_bench.py`` (``--help`` for the sizes). It is a script,
not a test: it prints a table and always exits 0. Every variant runs over its own population of
track states, in the same process, interleaved round-robin in batches; each ratio is computed
inside a batch and the median over the batches is reported (performance.md §2, G-FSM-1/2).

Variants, all on the built-in ``parcours`` definition cycling
``connue -suivre-> suivi_individuel -mettre_en_pause-> en_pause -reprendre-> connue``:

* B5: a dict table ``(step, trigger) -> dest`` with a guard and enter/exit callbacks via getattr;
* B6: ``transitions`` stateless trigger, ``machine.events[name].trigger(obj)`` on a plain object,
  the machine built from ``machine_config(defn)`` as the engine does (``model=None``);
* ``add_model`` + trigger + ``remove_model`` per command on that machine, with 0, 1k and 10k
  other models attached (what the engine avoids);
* ``Engine.fire`` (facts validated, role and checks evaluated, deadlines, outcome), with 10k and
  1k live tracks; ``available_actions`` + ``fire``; and a refusal by role (raises).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
import traceback
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

CYCLE = {"connue": "suivre", "suivi_individuel": "mettre_en_pause", "en_pause": "reprendre"}
STEPS = tuple(CYCLE)
TODAY = date(2026, 3, 2)
FACTS = {"suivre": {"referent": "Awa"}, "mettre_en_pause": {}, "reprendre": {}}


class Plain:
    """A plain model object: what a command loads for one track."""

    def __init__(self, step: str) -> None:
        self.state = step
        self.allowed = True

    def on_exit(self) -> None:
        pass

    def on_enter(self) -> None:
        pass


def dict_table(defn) -> Callable[[Plain], None]:
    """B5: the cycle's next move from a dict table, guard and callbacks through getattr."""
    table = {(src, t.trigger): t.dest for t in defn.transitions for src in t.source}

    def dict_fire(model: Plain) -> None:
        trigger = CYCLE[model.state]
        dest = table.get((model.state, trigger))
        if dest is None or not model.allowed:
            raise RuntimeError("refused")
        model.on_exit()
        model.state = dest
        model.on_enter()

    return dict_fire


def build(n_tracks: int, n_small: int):
    """Every population and the callables that run one command on one of its members."""
    from transitions import Machine

    from core import (Actor, ConsentSnapshot, Engine, PersonSnapshot, Role, TrackState,
                      TransitionRefused)
    from core.engine.machine import machine_config
    from core.plugins import build_plugin_host

    host = build_plugin_host(load_entrypoints=False)
    engine = Engine(host.catalog, report_error=host.report)
    defn = host.catalog.definition("parcours")
    referent = Actor("bench", Role.REFERENT)
    # Her consent to follow-up, as the services read it from her file.
    person = PersonSnapshot(consents=(ConsentSnapshot("suivi", TODAY),))
    benevole = Actor("bench", Role.BENEVOLE)
    for step, trigger in CYCLE.items():  # fail early if the built-in definition changed
        if defn.transition(trigger, step) is None:
            raise RuntimeError(f"the parcours definition has no {trigger!r} from {step!r}")

    def states(n: int) -> list:
        return [TrackState(defn.id, defn.version, STEPS[i % 3],
                           facts=dict(FACTS["suivre"])) for i in range(n)]

    def plains(n: int) -> list[Plain]:
        return [Plain(STEPS[i % 3]) for i in range(n)]

    dict_fire = dict_table(defn)  # B5

    # B6: transitions, stateless trigger on a shared machine built from the same definition
    machine = Machine(model=None, **machine_config(defn))

    def transitions_fire(model: Plain) -> None:
        if not machine.events[CYCLE[model.state]].trigger(model):
            raise RuntimeError("refused")

    # add_model / remove_model per command, with `live` other models attached
    def attached_machine(live: int):
        m = Machine(model=None, **machine_config(defn))
        for other in plains(live):
            m.add_model(other, initial=other.state)
        return m

    def attach_fire(m):
        def run(row: Plain) -> None:
            model = Plain(row.state)  # a fresh object per command, as loaded from the database
            m.add_model(model, initial=row.state)
            try:
                getattr(model, CYCLE[row.state])()
            finally:
                m.remove_model(model)
            row.state = model.state
        return run

    def engine_fire(state) -> None:
        trigger = CYCLE[state.step]
        engine.fire(state, trigger, referent, today=TODAY, facts=FACTS[trigger], person=person)

    def engine_step(state) -> None:
        engine.available_actions(state, referent, TODAY, person)
        engine_fire(state)

    def engine_refused(state) -> None:
        try:
            engine.fire(state, "mettre_en_pause", benevole, today=TODAY)
        except TransitionRefused:
            return
        raise RuntimeError("a benevole paused a track")

    refusable = [TrackState(defn.id, defn.version, "connue") for _ in range(n_small)]
    variants: dict[str, tuple[Callable, list]] = {
        "B5 dict table": (dict_fire, plains(n_tracks)),
        "B6 transitions stateless": (transitions_fire, plains(n_tracks)),
        "add_model+remove_model, 0 live": (attach_fire(attached_machine(0)), plains(n_small)),
        "add_model+remove_model, 1k live": (attach_fire(attached_machine(1_000)), plains(n_small)),
        "add_model+remove_model, 10k live": (attach_fire(attached_machine(10_000)),
                                             plains(n_small)),
        "engine fire, 10k live": (engine_fire, states(n_tracks)),
        "engine fire, 1k live": (engine_fire, states(1_000)),
        "engine available_actions+fire": (engine_step, states(n_tracks)),
        "engine refusal (role)": (engine_refused, refusable),
    }
    return variants, engine, defn


def time_pass(func: Callable, population: list) -> float:
    """Microseconds per command for one pass over the population (garbage collector paused)."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        for item in population:
            func(item)
        return (time.perf_counter() - start) / len(population) * 1e6
    finally:
        gc.enable()


RATIOS = [  # (label, numerator, denominator, goal)
    ("G-FSM-1 engine fire / B6 transitions", "engine fire, 10k live", "B6 transitions stateless",
     "<= 1.5"),
    ("G-FSM-1 engine fire / B5 dict table", "engine fire, 10k live", "B5 dict table", "<= 30"),
    ("B6 transitions / B5 dict table", "B6 transitions stateless", "B5 dict table",
     "16-18 measured"),
    ("add_model per command / B6", "add_model+remove_model, 0 live", "B6 transitions stateless",
     "about 16 measured"),
    ("G-FSM-2 add_model 10k live / 1k live", "add_model+remove_model, 10k live",
     "add_model+remove_model, 1k live", "<= 1.3"),
    ("G-FSM-2 engine 10k live / 1k live", "engine fire, 10k live", "engine fire, 1k live",
     "<= 1.3"),
    ("engine available_actions+fire / fire", "engine available_actions+fire",
     "engine fire, 10k live", "-"),
    ("G-FSM-5 engine refusal / B6", "engine refusal (role)", "B6 transitions stateless", "<= 1"),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tracks", type=int, default=10_000, help="tracks per population")
    parser.add_argument("--batches", type=int, default=7, help="interleaved batches (>= 7)")
    parser.add_argument("--small", type=int, default=1_000,
                        help="commands per batch for the add_model and refusal variants")
    args = parser.parse_args(argv)
    batches = max(args.batches, 7)

    import transitions

    variants, engine, defn = build(args.tracks, args.small)
    names = list(variants)
    for func, population in variants.values():  # warm-up: caches, lazy imports, first machine
        for item in population[:50]:
            func(item)
    runs: dict[str, list[float]] = {name: [] for name in names}
    for batch in range(batches):
        order = names[batch % len(names):] + names[:batch % len(names)]  # round-robin start
        for name in order:
            func, population = variants[name]
            runs[name].append(time_pass(func, population))

    print(f"Parcours engine benchmark: definition {defn.id} v{defn.version}, {args.tracks} tracks, "
          f"{batches} interleaved batches; Python {sys.version.split()[0]}, "
          f"transitions {transitions.__version__}")
    print()
    print(f"{'operation':<36} {'µs/op median':>13} {'min':>9} {'max':>9}")
    for name in names:
        values = runs[name]
        print(f"{name:<36} {statistics.median(values):>13.2f} {min(values):>9.2f} "
              f"{max(values):>9.2f}")
    print()
    print(f"{'ratio (median of per-batch ratios)':<42} {'value':>8}   goal")
    for label, num, den, goal in RATIOS:
        ratio = statistics.median(a / b for a, b in zip(runs[num], runs[den], strict=True))
        print(f"{label:<42} {ratio:>8.2f}   {goal}")
    print()
    print(f"machines in the engine's cache: {len(engine.machines)}; models attached to the "
          f"parcours machine: {len(engine.machines.get(defn).models)}")
    return 0


if __name__ == "__main__":
    try:
        main()
    except Exception:  # a benchmark never fails the build: say what went wrong and exit 0
        traceback.print_exc()
        print("benchmark incomplete (see the error above)", file=sys.stderr)
    sys.exit(0)
