"""The engine: what a track can do next, and firing a transition.

``available_actions`` lists every transition leaving the current step with its check
results and the fields it asks. ``fire`` validates the submitted facts, evaluates the role
and every check, and either returns a :class:`TransitionOutcome` (new step, facts, deadlines
opened, closed, suspended or resumed) or raises :class:`TransitionRefused` with every
blocking reason; a refusal changes nothing. The engine holds no database and no per-person
state: callers pass a :class:`TrackState` and persist the outcome.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel

from core import messages as M
from core.budget import DEFAULT_HOOK_BUDGET, PLUGIN_FAULTS, HookTooSlow
from core.config import DatedConfig
from core.definitions.catalog import Catalog
from core.definitions.model import Role, StepKind, TrackDefinition, TransitionDefinition
from core.engine.check_run import LazyTrackContext, as_results, read_only_facts, role_refusal
from core.engine.checks import (RUNNING_CHECK, Actor, CheckContext, CheckResult, PersonSnapshot,
                                Severity, blocking)
from core.delegation import calendar_of
from core.engine.deadlines import OpenDeadline, deadline_changes, suspension_refusals
from core.engine.facts import EMPTY_VALID, describe_field, validate_facts
from core.engine.machine import MachineCache, TrackModel
from core.engine.outcome import ActionView, FieldSpec, TransitionOutcome
from core.engine.restricted_reads import Reads, restricted_names
from core.errors import ParcoursError, TransitionRefused, UnknownTrigger

log = logging.getLogger("parcours.engine")

BLOCKING = Severity.BLOCKING

ErrorReporter = Callable[[str, str, BaseException], bool | None]
"""Called with (plugin, hook or check id, exception) when plugin code raises; returns
whether the incident was persisted (the refusal says so only when it was)."""


@dataclass(frozen=True)
class Refusal:
    """A transition that cannot happen, with every blocking reason: what :meth:`Engine.attempt`
    returns instead of raising (:meth:`Engine.fire` raises it as :class:`TransitionRefused`)."""

    trigger: str
    step: str
    reasons: tuple[CheckResult, ...]
    restricted: bool = False
    """Whether any result evaluated, passed ones included, was drawn from a restricted fact:
    which results block then tells that fact (:mod:`core.services.restricted_reasons`)."""

    def error(self) -> TransitionRefused:
        return TransitionRefused(self.trigger, self.step, list(self.reasons),
                                 restricted=self.restricted)


@dataclass(frozen=True)
class _Move:
    """One (step, trigger) of a definition with what firing it needs, worked out once."""

    transition: TransitionDefinition
    schema: type[BaseModel]
    """The facts schema (:meth:`TrackDefinition.facts_schema`)."""
    event: Any
    """The shared machine's ``transitions`` event for the trigger."""
    evaluates: bool
    """Whether a check context is needed (checks or suspensions): most moves need none."""
    touches_deadlines: bool
    outcome: MappingProxyType[str, Any]
    """The fields of its :class:`TransitionOutcome` known before firing (whether it ends the
    track included), in their order; a fire copies them and fills in the rest (a third
    cheaper than naming all eight)."""


@dataclass(frozen=True)
class _Index:
    """One definition's lookups as dicts, built once: the hot path never scans a tuple."""

    defn: TrackDefinition
    steps: dict[str, Any]
    moves: dict[tuple[str, str], TransitionDefinition]
    """(step, trigger) → the first transition declared for it, as ``defn.transition`` finds."""
    triggers: frozenset[str]
    plans: dict[tuple[str, str], _Move]
    """(step, trigger) → the move, for :meth:`Engine.attempt`."""
    restricted: frozenset[str]
    """The facts the definition classes restricted (:mod:`core.engine.restricted_reads`)."""

    @classmethod
    def of(cls, defn: TrackDefinition, machine: Any) -> _Index:
        moves: dict[tuple[str, str], TransitionDefinition] = {}
        for tr in defn.transitions:
            for source in tr.source:
                moves.setdefault((source, tr.trigger), tr)
        steps = {s.id: s for s in defn.steps}
        plans = {key: _Move(tr, defn.facts_schema(tr), machine.events[tr.trigger],
                            bool(tr.checks or tr.suspends),
                            bool(tr.opens or tr.closes or tr.suspends or tr.resumes),
                            MappingProxyType(_outcome_fields(defn.id, key, steps[tr.dest])))
                 for key, tr in moves.items()}
        return cls(defn, steps, moves, frozenset(t.trigger for t in defn.transitions), plans,
                   restricted_names(defn))


@dataclass
class TrackState:
    """One running track as the engine sees it; a plain object the services fill and save."""

    definition_id: str
    version: int
    step: str
    facts: dict[str, Any] = field(default_factory=dict)
    deadlines: dict[str, OpenDeadline] = field(default_factory=dict)
    status: str = "open"
    id: int | None = None


class Engine:
    """Evaluates and fires transitions on track states, with one machine per definition."""

    def __init__(self, catalog: Catalog, *, config: DatedConfig | None = None,
                 report_error: ErrorReporter | None = None,
                 hook_budget: float = DEFAULT_HOOK_BUDGET) -> None:
        self.catalog = catalog
        self.config = config or DatedConfig()
        self.hook_budget = hook_budget
        self.machines = MachineCache()
        self._report_error = report_error
        self._indexes: dict[tuple[str, int], _Index] = {}
        self._role_refusals: dict[tuple[Any, Role], CheckResult] = {}

    def _index(self, defn: TrackDefinition) -> _Index:
        found = self._indexes.get(defn.key)
        if found is None or found.defn is not defn:  # a race builds it twice: harmless
            found = self._indexes[defn.key] = _Index.of(defn, self.machines.get(defn))
        return found

    def _index_of(self, state: TrackState) -> _Index:
        """The index of the state's definition: one dict lookup once built (the catalog is
        asked each time, so a definition replaced in it is never served stale)."""
        key = (state.definition_id, state.version)
        defn = self.catalog.definitions.get(key)
        found = self._indexes.get(key)
        if defn is None or found is None or found.defn is not defn:
            return self._index(self.definition_of(state))
        return found

    def definition_of(self, state: TrackState) -> TrackDefinition:
        return self.catalog.definition(state.definition_id, state.version)

    def start(self, definition_id: str) -> TrackState:
        """A new track state at the definition's initial step (latest version)."""
        defn = self.catalog.definition(definition_id)
        self.machines.get(defn)
        return TrackState(defn.id, defn.version, defn.initial)

    # --- reading --------------------------------------------------------------------
    def available_actions(self, state: TrackState, actor: Actor, today: date,
                          person: PersonSnapshot | None = None) -> list[ActionView]:
        """Every transition from the current step, each with its check results and fields."""
        defn = self.definition_of(state)
        return [self._action_view(defn, state, tr, actor, today, person)
                for tr in defn.transitions_from(state.step)]

    def describe_actions(self, definition_id: str, reason: CheckResult) -> list[ActionView]:
        """Every transition of a definition, not evaluated, each refused with ``reason``.

        For a caller who may not read a person's track: what such a track offers, as the
        catalog says it (``parcours tracks show``), and nothing about the person.
        """
        defn = self.catalog.definition(definition_id)
        seen: dict[str, ActionView] = {}
        for tr in defn.transitions:
            seen.setdefault(tr.trigger, ActionView(
                track=defn.id, trigger=tr.trigger, label=tr.label, dest=tr.dest,
                dest_label=defn.step(tr.dest).label, allowed=False, reasons=(reason,),
                fields=_fields(defn.facts_schema(tr))))
        return list(seen.values())

    def _action_view(self, defn: TrackDefinition, state: TrackState, tr: TransitionDefinition,
                     actor: Actor, today: date, person: PersonSnapshot | None) -> ActionView:
        schema = defn.facts_schema(tr)
        fields = _fields(schema)
        reasons = self.evaluate(defn, state, tr, actor, {}, today, person)
        asked = {f.name for f in fields}
        allowed = not any(r.blocking and not (r.missing and set(r.missing) <= asked)
                          for r in reasons)
        return ActionView(track=defn.id, trigger=tr.trigger, label=tr.label, dest=tr.dest,
                          dest_label=defn.step(tr.dest).label, allowed=allowed,
                          reasons=tuple(reasons), fields=fields)

    def evaluate(self, defn: TrackDefinition, state: TrackState, tr: TransitionDefinition,
                 actor: Actor, facts: Mapping[str, Any], today: date,
                 person: PersonSnapshot | None = None,
                 occurred_at: datetime | None = None) -> list[CheckResult]:
        """Role check, then every check of ``tr``; a raising check blocks (fail closed)."""
        return self._evaluate(self._index(defn), state, tr, actor, facts, today, person,
                              occurred_at)

    def _evaluate(self, index: _Index, state: TrackState, tr: TransitionDefinition,
                  actor: Actor, facts: Mapping[str, Any], today: date,
                  person: PersonSnapshot | None, occurred_at: datetime | None
                  ) -> list[CheckResult]:
        if actor.role not in tr.roles:
            # Only the role is said: the checks' reasons describe the person's case (another
            # track's step, a consent withdrawn), which a role that cannot act on it, such as
            # the front desk's, may not read.
            return [self._role_refusal(tr, actor)]
        if not tr.checks and not tr.suspends:  # nothing reads a context: none is built
            return []
        results: list[CheckResult] = []
        step = index.steps.get(state.step)
        # CheckContext(...) with every field given, built directly as frozen() does: most of
        # its constructor's cost, on every fire that runs a check. Its track is taken when a
        # check first reads it (LazyTrackContext), from the state's values of now.
        reads = Reads(index.restricted)
        ctx = object.__new__(LazyTrackContext)
        ctx.__dict__.update(transition=tr, facts=read_only_facts(reads.watch(facts, present=True)),
                            actor=actor, today=today, person=person or PersonSnapshot(),
                            config=self.config, occurred_at=occurred_at, _track_of=(
                                reads, index.defn.domain, state.definition_id, state.step,
                                state.status, state.facts, state.id, state.deadlines,
                                (step.kind is StepKind.FINAL) if step is not None
                                else index.defn.step(state.step).kind is StepKind.FINAL))
        for check_id in tr.checks:
            reads.seen = False  # Reads.take, inlined: twice per check on the hot path
            found = self._run_check(check_id, ctx)
            if reads.seen:  # drawn from a restricted value: shown only to who reads it
                found = [r.model_copy(update={"restricted": True}) for r in found]
            results.extend(found)
        return results + self._suspensions(tr, state, ctx) if tr.suspends else results

    def _role_refusal(self, tr: TransitionDefinition, actor: Actor) -> CheckResult:
        # Results are frozen and the sentence depends only on the roles allowed and the
        # actor's: worded once per pair.
        key = (tr.roles, actor.role)
        found = self._role_refusals.get(key)
        if found is None:
            found = self._role_refusals[key] = role_refusal(tr, actor)
        return found

    def _suspensions(self, tr: TransitionDefinition, state: TrackState,
                     ctx: CheckContext) -> list[CheckResult]:
        """A suspension the law does not allow refuses the transition, as a check would."""
        if not tr.suspends:
            return []
        merged = {**state.facts, **ctx.facts}
        refused = suspension_refusals(self.catalog, tr, state.deadlines, merged, ctx.event_day,
                                      ctx.calendar)
        return [blocking(rule.suspension.code if rule.suspension else "engine.suspension",
                         reason, rule.suspension.remedy if rule.suspension else "",
                         missing=(rule.suspension.start_fact,)
                         if rule.suspension and rule.suspension.start_fact else ())
                for rule, reason in refused]

    def _run_check(self, check_id: str, ctx: CheckContext) -> list[CheckResult]:
        spec = self.catalog.checks[check_id]
        started = time.monotonic()
        running = RUNNING_CHECK.set(check_id)
        try:
            results = as_results(spec.func(ctx))
        except PLUGIN_FAULTS as exc:  # plugin code is trusted but may be buggy: contain it
            logged = self._reported(spec.plugin, check_id, exc)
            remedy = M.CHECK_CRASHED_REMEDY if logged else M.CHECK_CRASHED_REMEDY_UNLOGGED
            return [blocking("engine.check_failed",
                             M.CHECK_CRASHED.format(check=spec.label, plugin=spec.plugin),
                             remedy).model_copy(update={"check": check_id})]
        finally:
            RUNNING_CHECK.reset(running)
            seconds = time.monotonic() - started
            if seconds > self.hook_budget:  # answered, but late: reported, the answer kept
                self._reported(spec.plugin, check_id,
                               HookTooSlow(spec.plugin, check_id, seconds, self.hook_budget))
        for result in results:
            if result.check != check_id:  # built outside the helpers: stamped by a copy
                return [r if r.check == check_id else r.model_copy(update={"check": check_id})
                        for r in results]
        return results

    def _facts_failed(self, defn: TrackDefinition, tr: TransitionDefinition,
                      exc: BaseException) -> CheckResult:
        """The refusal of a move whose fact schema raised while reading the form, naming the
        plugin whose validator raised: a schema extension's, else the definition's."""
        plugin = (self.catalog.fact_fault_plugin(exc)
                  or self.catalog.origin.get(f"track:{defn.id}", ""))
        logged = self._reported(plugin, f"{defn.id}.{tr.trigger}", exc)
        return blocking("engine.facts_failed", M.FACTS_CRASHED.format(action=tr.label,
                                                                     plugin=plugin),
                        M.CHECK_CRASHED_REMEDY if logged else M.CHECK_CRASHED_REMEDY_UNLOGGED)

    def _reported(self, plugin: str, where: str, exc: BaseException) -> bool:
        """Hand the failure to the reporter (which logs it once); True if it was persisted."""
        if self._report_error is None:
            log.error("plugin %s failed in %s: %s", plugin, where, type(exc).__name__)
            return False
        return bool(self._report_error(plugin, where, exc))

    def reads_facts(self, state: TrackState, trigger: str) -> bool:
        """Whether firing ``trigger`` from the state's step reads the track's recorded facts
        (a check, a suspension, a deadline to compute).

        When it does not, a caller may leave out of ``state.facts`` what it would have to
        open to fill them (sealed values): the outcome is the same. An unknown or impossible
        move answers True, so that its refusal is worded as always.
        """
        move = self._index_of(state).plans.get((state.step, trigger))
        return move is None or move.evaluates or move.touches_deadlines

    # --- firing ---------------------------------------------------------------------
    def fire(self, state: TrackState, trigger: str, actor: Actor, *, today: date,
             facts: Mapping[str, Any] | None = None, person: PersonSnapshot | None = None,
             occurred_at: datetime | None = None) -> TransitionOutcome:
        """Fire ``trigger`` on ``state``, updating it in place only when allowed.

        Args:
            state: the track to move; untouched on any error.
            trigger: the transition's trigger name.
            actor: who acts, with which role.
            today: the evaluation date (checks, deadlines' default start).
            facts: submitted values, validated by the transition's schema.
            person: the person and her other tracks, for cross-domain checks.
            occurred_at: when it happened, as stated (defaults to ``today``).

        Raises:
            UnknownTrigger: the definition has no such trigger.
            InvalidFacts: a value does not fit the schema.
            TransitionRefused: not possible from this step, or a blocking check.
        """
        done = self._attempt(state, trigger, actor, today, facts, person, occurred_at)
        if type(done) is Refusal:
            raise done.error()
        return done  # type: ignore[return-value]

    def attempt(self, state: TrackState, trigger: str, actor: Actor, *, today: date,
                facts: Mapping[str, Any] | None = None, person: PersonSnapshot | None = None,
                occurred_at: datetime | None = None) -> TransitionOutcome | Refusal:
        """:meth:`fire`, with a refusal returned (every reason kept) rather than raised.

        What a caller that expects refusals uses (a screen trying an action, a batch): a
        refusal costs its evaluation and no exception. Unknown triggers and invalid facts
        still raise, as in :meth:`fire`: they are the caller's mistakes, not refusals.
        """
        return self._attempt(state, trigger, actor, today, facts, person, occurred_at)

    def _attempt(self, state: TrackState, trigger: str, actor: Actor, today: date,
                 facts: Mapping[str, Any] | None, person: PersonSnapshot | None,
                 occurred_at: datetime | None) -> TransitionOutcome | Refusal:
        # :meth:`attempt`'s body, its arguments by position: :meth:`fire` calls it on every
        # transition, and passing seven by keyword cost a tenth of the engine's own time.
        # _index_of's lookups, inlined (a call per fire): its own path when not yet built.
        key = (state.definition_id, state.version)
        index = self._indexes.get(key)
        if index is None or self.catalog.definitions.get(key) is not index.defn:
            index = self._index_of(state)
        defn = index.defn
        move = index.plans.get((state.step, trigger))
        if move is None:
            return Refusal(trigger, state.step, (self._not_from_step(defn, index, state,
                                                                     trigger),))
        tr = move.transition
        try:  # the schema is the plugin's: its validators are plugin code, as a check is
            if facts:
                # validate_facts only reads the submission: a plain dict needs no copy.
                clean = validate_facts(move.schema, facts if type(facts) is dict else dict(facts))
            else:  # most moves ask for nothing: known valid once validated empty
                clean = {} if move.schema in EMPTY_VALID else validate_facts(move.schema, {})
        except ParcoursError:
            raise
        except PLUGIN_FAULTS as exc:  # contained: refused with the plugin named, as a check
            return Refusal(trigger, state.step, (self._facts_failed(defn, tr, exc),))
        if move.evaluates:
            results = self._evaluate(index, state, tr, actor, clean, today, person,
                                     occurred_at)
        else:  # the role alone decides: no context built (evaluate's own shortcut, inlined)
            results = [] if actor.role in tr.roles else [self._role_refusal(tr, actor)]
        for result in results:  # a loop, no comprehension: most moves pass every check
            if result.severity is BLOCKING:
                return Refusal(trigger, state.step,
                               tuple(r for r in results if r.severity is BLOCKING),
                               any(r.restricted for r in results))
        # The checks passed: the shared machine moves a fresh plain model (never attached).
        model = TrackModel(state.step)
        model.allowed = True
        if not move.event.trigger(model):
            raise RuntimeError(f"transitions refused {trigger!r} from {state.step!r}")
        new_step = model.state
        merged = {**state.facts, **clean} if clean else state.facts
        if move.touches_deadlines:
            changes, deadlines = deadline_changes(
                self.catalog, tr, merged, state.deadlines,
                occurred_at.date() if occurred_at else today, submitted=clean,
                calendar=calendar_of(person.delegation if person else None))
        else:  # nothing to compute: the running deadlines stay as they are
            changes, deadlines = [], state.deadlines
        # Every fire builds one: the move's known fields copied, the rest filled in, its
        # constructor left out (as the check context above).
        made = move.outcome.copy()
        made["to_step"], made["facts"] = new_step, clean
        made["checks"], made["deadlines"] = tuple(results), tuple(changes)
        outcome = object.__new__(TransitionOutcome)
        _set(outcome, "__dict__", made)
        state.step, state.facts, state.deadlines = new_step, merged, deadlines
        return outcome

    def _not_from_step(self, defn: TrackDefinition, index: _Index, state: TrackState,
                       trigger: str) -> CheckResult:
        """Why ``trigger`` cannot leave this step (UnknownTrigger when no step has it)."""
        if trigger not in index.triggers:
            raise UnknownTrigger(M.UNKNOWN_TRIGGER.format(trigger=trigger, track=defn.label))
        return blocking("engine.not_from_step", M.TRIGGER_NOT_FROM_STEP.format(
            trigger=trigger, step=defn.step(state.step).label))


_set = object.__setattr__


def _outcome_fields(track: str, move: tuple[str, str], dest: Any) -> dict[str, Any]:
    """A move's :class:`TransitionOutcome` fields, in the class's order, those known before
    firing given (its step and trigger, whether it ends the track)."""
    step, trigger = move
    return {"track": track, "trigger": trigger, "from_step": step, "to_step": "", "facts": {},
            "checks": (), "deadlines": (), "final": dest.kind is StepKind.FINAL}


@lru_cache(maxsize=512)
def _fields(schema: type[BaseModel]) -> tuple[FieldSpec, ...]:
    """A schema's fields as form descriptions; schemas are immutable classes, so cached."""
    return tuple(FieldSpec(**describe_field(n, i)) for n, i in schema.model_fields.items())


__all__ = ["Engine", "Refusal", "TrackState", "Severity"]
