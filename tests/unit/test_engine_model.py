"""The engine against a tiny reference model (security.md DB-8), with Hypothesis.

The model reads the definition as plain data: a table ``(step, trigger) -> transition`` and the
roles of each transition. It predicts every outcome (unknown trigger, not possible from this
step, invalid facts, role or check refusal, success) and the recorded facts and deadlines, while
random valid and invalid commands run on several tracks sharing one engine.
"""

from __future__ import annotations

import copy
import typing
from datetime import date
from typing import Any, Literal

import hypothesis.strategies as st
from dateutil.relativedelta import relativedelta
from hypothesis import HealthCheck, settings
from hypothesis.stateful import (RuleBasedStateMachine, invariant, precondition, rule,
                                 run_state_machine_as_test)

from core import (Actor, Engine, InvalidFacts, Role, StepKind, TrackDefinition, TrackState,
                  TransitionDefinition, TransitionRefused, UnknownTrigger)
from core.plugins import build_plugin_host

from .scenarios import DemoPlugin

HOST = build_plugin_host(load_entrypoints=False, extra=[("demo", DemoPlugin())])
TODAY = date(2026, 3, 2)
ACTORS = {role: Actor(name=role.value, role=role) for role in Role}
NOT_TRIGGERS = ["inexistant", "Suivre", ""]

RULES = {  # rule id -> (start fact, months); these validities end the eve of their anniversary
    "psp.autorisation_6m": ("debut_periode", 6),
    "psp.duree_max_24m": ("debut_periode", 24),
    "psp.recours_refus_2m": ("date_notification_refus", None),
}
DOSSIER = ("piece_identite", "domiciliation")  # the sworn statement only warns (CE 440802)
WARNING_ONLY = ("parcours.demarches_ouvertes", "psp.renouvellement_a_temps", "psp.agrement",
                "psp.renouvellement_conditions", "psp.dependances")
DAY = relativedelta(days=1)


def period_end(begins: date, months: int) -> date:
    """Last valid day of a period of ``months`` beginning on ``begins``: the eve of its
    anniversary, or the short month's last day when that day does not exist (31 March + 6
    months: 30 September)."""
    anniversary = begins + relativedelta(months=months)
    return anniversary if anniversary.day != begins.day else anniversary - DAY


def four_periods_end(first: date) -> date:
    """Last day of four back-to-back 6-month periods from ``first``, which month ends can put
    after the 24 months' date (from 31 August: 31 August two years on, not 30 August)."""
    end = first - DAY
    for _ in range(4):
        end = period_end(end + DAY, 6)
    return end


# --- drawing facts from a schema ----------------------------------------------------------

def _inner(annotation: Any) -> Any:
    args = typing.get_args(annotation)
    if type(None) in args:
        return next(a for a in args if a is not type(None))
    return annotation


def draw_value(data: st.DataObject, annotation: Any, hopeful: bool) -> tuple[Any, Any]:
    """(value as submitted, value as the engine must store it) for one field."""
    kind = _inner(annotation)
    if kind is date:
        day = data.draw(st.dates(date(2024, 1, 1), date(2029, 12, 31)))
        shape = data.draw(st.sampled_from(["iso", "fr", "date"]))
        shown = {"iso": day.isoformat(), "fr": day.strftime("%d/%m/%Y"), "date": day}[shape]
        return shown, day.isoformat()
    if kind is bool:
        value = data.draw(st.integers(0, 9).map(bool) if hopeful else st.booleans())
        as_text = data.draw(st.booleans())
        return (("oui" if value else "non") if as_text else value), value
    if kind is str:
        text = data.draw(st.sampled_from(["Awa", "Mme Benali", "déménagement à Lille"]))
        return text, text
    if kind is float:
        amount = data.draw(st.integers(0, 200_000)) / 100
        return amount, amount
    if kind is int:
        number = data.draw(st.integers(0, 40))
        return number, number
    if typing.get_origin(kind) is Literal:
        choice = data.draw(st.sampled_from(typing.get_args(kind)))
        return choice, choice
    raise AssertionError(f"no strategy for {kind}")


def draw_facts(data: st.DataObject, schema, *, valid: bool, hopeful: bool = False,
               fixed: dict[str, tuple[Any, Any]] | None = None) -> tuple[dict, dict | None]:
    """Submitted facts and what the engine must record (None when they must be refused)."""
    submitted, stored = {}, {}
    for name, info in schema.model_fields.items():
        if not info.is_required() and not data.draw(st.booleans()):
            continue
        if fixed and name in fixed:
            submitted[name], stored[name] = fixed[name]
        else:
            submitted[name], stored[name] = draw_value(data, info.annotation, hopeful)
    if valid:
        return submitted, stored
    fields = schema.model_fields
    breakers = ["unknown"]
    breakers += ["missing"] if any(i.is_required() for i in fields.values()) else []
    breakers += ["bad_date"] if any(_inner(i.annotation) is date for i in fields.values()) else []
    breakers += ["bad_type"] if any(_inner(i.annotation) in (bool, int, float)
                                    for i in fields.values()) else []
    breakers += ["bad_choice"] if any(typing.get_origin(_inner(i.annotation)) is Literal
                                      for i in fields.values()) else []
    breaker = data.draw(st.sampled_from(breakers))
    if breaker == "unknown":
        submitted["champ_inconnu"] = "x"
    elif breaker == "missing":
        name = data.draw(st.sampled_from([n for n, i in fields.items() if i.is_required()]))
        submitted.pop(name, None)
    elif breaker == "bad_date":
        name = data.draw(st.sampled_from([n for n, i in fields.items()
                                          if _inner(i.annotation) is date]))
        submitted[name] = data.draw(st.sampled_from(["31/04/2026", "2026-02-30", "bientôt"]))
    elif breaker == "bad_type":
        name = data.draw(st.sampled_from([n for n, i in fields.items()
                                          if _inner(i.annotation) in (bool, int, float)]))
        submitted[name] = "peut-être" if _inner(fields[name].annotation) is bool else "beaucoup"
    else:
        name = data.draw(st.sampled_from([n for n, i in fields.items()
                                          if typing.get_origin(_inner(i.annotation)) is Literal]))
        submitted[name] = "valeur_hors_liste"
    return submitted, None


# --- the reference model --------------------------------------------------------------------

class Model:
    """What one track should be, computed from the definition's data alone."""

    def __init__(self, defn: TrackDefinition) -> None:
        self.table: dict[tuple[str, str], TransitionDefinition] = {}
        for tr in defn.transitions:
            for source in tr.source:
                self.table[(source, tr.trigger)] = tr
        self.triggers = sorted({tr.trigger for tr in defn.transitions})
        self.kinds = {s.id: s.kind for s in defn.steps}
        self.schemas = {s.id: s.facts for s in defn.steps}
        self.step = defn.initial
        self.facts: dict[str, Any] = {}
        self.deadlines: dict[str, date | None] = {}
        self.starts: dict[str, date] = {}

    def schema(self, tr: TransitionDefinition):
        return tr.facts or self.schemas[tr.dest]

    def available(self) -> list[TransitionDefinition]:
        return [tr for (source, _), tr in self.table.items() if source == self.step]

    def blocking_codes(self, tr: TransitionDefinition, role: Role, stored: dict) -> list[str]:
        if role not in tr.roles:
            return ["engine.role"]  # the role alone: the checks' reasons are the case's
        codes: list[str] = []
        merged = {**self.facts, **stored}
        for check in tr.checks:
            if check == "parcours.referent_consentement":
                if not merged.get("referent"):
                    codes.append("parcours.referent_manquant")
                # No person is given: she has no consent recorded, so follow-up never opens.
                codes.append("parcours.consentement_manquant")
            elif check == "psp.dossier_complet":
                if any(merged.get(name) is not True for name in DOSSIER):
                    codes.append("psp.dossier_incomplet")
            elif check == "psp.plafond_24m":
                cap = self.deadlines.get("psp.duree_max_24m")
                if tr.trigger == "renouveler":
                    end = period_end(date.fromisoformat(stored["debut_periode"]), 6)
                else:  # the next period begins the day after the current one's last day
                    end = period_end(self.deadlines["psp.autorisation_6m"] + DAY, 6)
                if cap is None:
                    codes.append("psp.premiere_autorisation_inconnue")
                elif end > max(cap, four_periods_end(self.starts["psp.duree_max_24m"])):
                    codes.append("psp.plafond_24m")
            elif check == "demo.justificatif":
                if merged.get("justificatif") is not True:
                    codes.append("demo.justificatif_manquant")
            else:
                assert check in WARNING_ONLY, check
        return codes

    def apply(self, tr: TransitionDefinition, stored: dict) -> None:
        self.facts = {**self.facts, **stored}
        for closed in tr.closes:
            self.deadlines.pop(closed, None)
        assert not tr.suspends and not tr.resumes  # none in the tracks driven here
        for opened in tr.opens:
            start_fact, months = RULES[opened]
            start = date.fromisoformat(self.facts[start_fact]) if start_fact in self.facts else TODAY
            self.deadlines[opened] = period_end(start, months) if months else None
            self.starts[opened] = start
        self.step = tr.dest


# --- the state machine ----------------------------------------------------------------------

class EngineVersusModel(RuleBasedStateMachine):
    """Drives one engine on up to four tracks of ``DEFINITION``; subclasses pick the definition."""

    DEFINITION = ""

    def __init__(self) -> None:
        super().__init__()
        self.engine = Engine(HOST.catalog, report_error=HOST.report)
        self.defn = HOST.catalog.definition(self.DEFINITION)
        self.tracks: list[tuple[TrackState, Model]] = []
        self.start_track()

    @precondition(lambda self: len(self.tracks) < 4)
    @rule()
    def start_track(self) -> None:
        state = self.engine.start(self.DEFINITION)
        assert (state.step, state.facts, state.deadlines) == (self.defn.initial, {}, {})
        self.tracks.append((state, Model(self.defn)))

    # --- commands ---------------------------------------------------------------------
    @rule(data=st.data())
    def fire_anything(self, data: st.DataObject) -> None:
        """Any trigger (known or not), any role, facts valid or not."""
        state, model = data.draw(st.sampled_from(self.tracks))
        trigger = data.draw(st.sampled_from(model.triggers + NOT_TRIGGERS))
        role = data.draw(st.sampled_from(list(Role)))
        tr = model.table.get((model.step, trigger))
        if tr is None:
            facts, stored = data.draw(st.sampled_from([{}, {"x": 1}])), None
        else:
            facts, stored = draw_facts(data, model.schema(tr), valid=data.draw(st.booleans()))
        self.check_fire(state, model, trigger, role, facts, stored)

    @precondition(lambda self: any(m.available() for _, m in self.tracks))
    @rule(data=st.data(), steps=st.integers(1, 6))
    def walk(self, data: st.DataObject, steps: int) -> None:
        """A few triggers possible from the step, by allowed roles, with well-formed facts.

        Moves that do not end the track are preferred, so that walks reach the late steps
        (PSP renewals) rather than closing every track early.
        """
        state, model = data.draw(st.sampled_from([t for t in self.tracks if t[1].available()]))
        for _ in range(steps):
            possible = model.available()
            if not possible:
                return
            ongoing = [tr for tr in possible if model.kinds[tr.dest] is not StepKind.FINAL]
            tr = data.draw(st.sampled_from(ongoing if ongoing and data.draw(
                st.integers(0, 9)) else possible))
            role = data.draw(st.sampled_from(sorted(tr.roles)))
            fixed = {}
            if tr.trigger == "renouveler" and data.draw(st.integers(0, 3)):
                begins = model.deadlines["psp.autorisation_6m"] + DAY  # the usual: back to back
                fixed["debut_periode"] = (begins.strftime("%d/%m/%Y"), begins.isoformat())
            facts, stored = draw_facts(data, model.schema(tr), valid=True, hopeful=True,
                                       fixed=fixed)
            self.check_fire(state, model, tr.trigger, role, facts, stored)

    # --- the comparison ---------------------------------------------------------------
    def check_fire(self, state: TrackState, model: Model, trigger: str, role: Role,
                   facts: dict, stored: dict | None) -> None:
        before = copy.deepcopy(state)
        tr = model.table.get((model.step, trigger))
        if trigger not in model.triggers:
            expected: Any = UnknownTrigger
        elif tr is None:
            expected = ["engine.not_from_step"]
        elif stored is None:
            expected = InvalidFacts
        else:
            expected = model.blocking_codes(tr, role, stored)
        try:
            outcome = self.engine.fire(state, trigger, ACTORS[role], today=TODAY, facts=facts)
        except UnknownTrigger:
            assert expected is UnknownTrigger
        except InvalidFacts as err:
            assert expected is InvalidFacts, err.msg
            assert err.problems and err.msg.startswith("Saisie invalide : ")
        except TransitionRefused as err:
            assert [r.code for r in err.reasons] == expected, err.msg
            assert all(r.blocking for r in err.reasons)
        else:
            assert expected == [], f"fired {trigger} from {model.step}, expected {expected}"
            assert tr is not None and stored is not None
            assert (outcome.from_step, outcome.to_step) == (model.step, tr.dest)
            assert outcome.facts == stored
            model.apply(tr, stored)
            assert outcome.final == (model.kinds[tr.dest] is StepKind.FINAL)
            self.compare(state, model)
            return
        assert state == before  # a refusal changes nothing: step, facts and deadlines
        self.compare(state, model)

    @staticmethod
    def compare(state: TrackState, model: Model) -> None:
        assert state.step == model.step
        assert state.facts == model.facts
        assert set(state.deadlines) == set(model.deadlines)
        for rule_id, due in model.deadlines.items():
            if due is not None:
                assert state.deadlines[rule_id].due == due, rule_id

    # --- invariants ---------------------------------------------------------------------
    @invariant()
    def one_shared_machine_and_no_model_attached(self) -> None:
        assert len(self.engine.machines) == 1
        machine = self.engine.machines.get(self.defn)
        assert machine.models == []

    @invariant()
    def no_plugin_incident(self) -> None:
        assert HOST.incidents == []


SETTINGS = settings(max_examples=40, stateful_step_count=30, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


class ParcoursMachine(EngineVersusModel):
    DEFINITION = "parcours"


class PspMachine(EngineVersusModel):
    DEFINITION = "psp"


class DemoMachine(EngineVersusModel):
    DEFINITION = "demo"


TestParcoursAgainstModel = ParcoursMachine.TestCase
TestParcoursAgainstModel.settings = SETTINGS
TestPspAgainstModel = PspMachine.TestCase
TestPspAgainstModel.settings = SETTINGS
TestDemoAgainstModel = DemoMachine.TestCase
TestDemoAgainstModel.settings = SETTINGS


# --- plain tests of what the machine relies on ---------------------------------------------

def test_one_machine_per_definition_for_many_tracks(engine, referent, today):
    states = [engine.start(defn_id) for defn_id in ("parcours", "psp", "psp_aps", "psp_afis")
              for _ in range(50)]
    for state in states[:50]:
        engine.fire(state, "reconnaitre", referent, today=today)
    assert len(engine.machines) == 4
    for defn in engine.catalog.latest_definitions():
        assert engine.machines.get(defn).models == []
    assert {s.step for s in states[:50]} == {"connue"}


def test_the_model_reads_every_pair_of_the_definition():
    model = Model(HOST.catalog.definition("psp"))
    assert model.table[("refuse", "constituer_dossier")].dest == "constitution_dossier"
    assert model.table[("renouvellement_transmis", "renouveler")].dest == "autorise"
    assert ("autorise", "renouveler") not in model.table
    demo = Model(HOST.catalog.definition("demo"))
    assert demo.table[("accueil", "avancer")].dest == "dossier"
    assert demo.table[("dossier", "avancer")].dest == "attente"


def test_the_psp_machine_can_reach_renewals():
    """Guard against a state machine that never leaves the first steps."""
    visited: set[str] = set()

    class Probe(PspMachine):
        def check_fire(self, state, model, *args) -> None:
            super().check_fire(state, model, *args)
            visited.add(model.step)

    run_state_machine_as_test(Probe, settings=SETTINGS)
    assert {"autorise", "renouvellement_transmis"} <= visited
