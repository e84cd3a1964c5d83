"""Structural validation of a track definition, run when the catalog loads it.

Each defect raises :class:`DefinitionError` naming the definition, the step and the
problem: initial step missing or final, duplicate step ids or triggers, transitions to or
from unknown steps, unreachable steps, finals with exits, non-final dead ends, transitions
no role may fire, misplaced timing fields, unknown check or deadline rule ids, and a life
story declared on an unknown trigger or on steps that are not final.
"""

from __future__ import annotations

from collections.abc import Container, Mapping, Sequence

from core import messages as M
from core.definitions.model import OVERSEAS, RuleChoice, StepKind, TrackDefinition
from core.errors import DefinitionError
from core.rules.calendar import PLACES
from core.rules.model import DeadlineRule


def validate_definition(defn: TrackDefinition, check_ids: Container[str],
                        rule_ids: Container[str]) -> None:
    """Raise DefinitionError on the first defect found in ``defn``."""
    _check_steps(defn)
    _check_transitions(defn)
    _check_references(defn, check_ids, rule_ids)
    _check_reachability(defn)
    _check_life_story(defn)


def _fail(defn: TrackDefinition, step: str | None, problem: str) -> DefinitionError:
    return DefinitionError(defn.id, step, problem)


def _check_steps(defn: TrackDefinition) -> None:
    seen: set[str] = set()
    for step in defn.steps:
        if step.id in seen:
            raise _fail(defn, step.id, M.DEF_DUPLICATE_STEP)
        seen.add(step.id)
        if step.stall_after is not None and step.kind is not StepKind.ACTION:
            raise _fail(defn, step.id, M.DEF_STALL_ON_ACTION)
        waiting_fields = (step.expected_answer_within, step.silence_means)
        if any(v is not None for v in waiting_fields) and step.kind is not StepKind.WAITING:
            raise _fail(defn, step.id, M.DEF_WAIT_ON_WAITING)
    if defn.initial not in seen:
        raise _fail(defn, None, M.DEF_NO_INITIAL.format(initial=defn.initial))
    if defn.step(defn.initial).kind is StepKind.FINAL:
        raise _fail(defn, defn.initial, M.DEF_INITIAL_FINAL)


def _check_transitions(defn: TrackDefinition) -> None:
    ids = {s.id for s in defn.steps}
    pairs: set[tuple[str, str]] = set()
    for tr in defn.transitions:
        if not tr.source:
            raise _fail(defn, None, M.DEF_NO_SOURCE.format(trigger=tr.trigger))
        for target in (*tr.source, tr.dest):
            if target not in ids:
                raise _fail(defn, None, M.DEF_UNKNOWN_STEP.format(trigger=tr.trigger, target=target))
        for source in tr.source:
            if (source, tr.trigger) in pairs:
                raise _fail(defn, source, M.DEF_DUPLICATE_TRIGGER.format(trigger=tr.trigger))
            pairs.add((source, tr.trigger))
            if defn.step(source).kind is StepKind.FINAL:
                raise _fail(defn, source, M.DEF_FINAL_EXIT.format(trigger=tr.trigger))
        if not tr.roles:
            raise _fail(defn, tr.source[0] if tr.source else None,
                        M.DEF_NO_ROLES.format(trigger=tr.trigger))
    for step in defn.steps:
        if step.kind is not StepKind.FINAL and not defn.transitions_from(step.id):
            raise _fail(defn, step.id, M.DEF_DEAD_END)


def _check_references(defn: TrackDefinition, check_ids: Container[str],
                      rule_ids: Container[str]) -> None:
    for tr in defn.transitions:
        step = tr.source[0] if tr.source else None
        for check in tr.checks:
            if check not in check_ids:
                raise _fail(defn, step, M.DEF_UNKNOWN_CHECK.format(trigger=tr.trigger, check=check))
        for rule in tr.rule_ids():
            if rule not in rule_ids:
                raise _fail(defn, step, M.DEF_UNKNOWN_RULE.format(trigger=tr.trigger, rule=rule))
        if any(isinstance(o, RuleChoice) and o.cases and not o.fact for o in tr.opens):
            raise _fail(defn, step, M.DEF_CHOICE_NO_FACT.format(trigger=tr.trigger))
        if any(isinstance(o, RuleChoice) and not o.rule_ids() for o in tr.opens):
            raise _fail(defn, step, M.DEF_CHOICE_NO_RULE.format(trigger=tr.trigger))
        for place in (p for o in tr.opens if isinstance(o, RuleChoice) for p in o.places):
            if place != OVERSEAS and place not in PLACES:
                raise _fail(defn, step, M.DEF_CHOICE_BAD_PLACE.format(trigger=tr.trigger,
                                                                      place=place))


def validate_suspensions(defn: TrackDefinition, rules: Mapping[str, Sequence[DeadlineRule]]) -> None:
    """Raise DefinitionError when a transition suspends or resumes a rule the law never
    lets stand still (a rule without a suspension condition, in any of its versions)."""
    for tr in defn.transitions:
        for rule_id in (*tr.suspends, *tr.resumes):
            if any(r.suspension is None for r in rules.get(rule_id, ())):
                raise _fail(defn, tr.source[0] if tr.source else None,
                            M.DEF_NOT_SUSPENDABLE.format(trigger=tr.trigger, rule=rule_id))


def _check_reachability(defn: TrackDefinition) -> None:
    reached, frontier = {defn.initial}, [defn.initial]
    while frontier:
        for tr in defn.transitions_from(frontier.pop()):
            if tr.dest not in reached:
                reached.add(tr.dest)
                frontier.append(tr.dest)
    for step in defn.steps:
        if step.id not in reached:
            raise _fail(defn, step.id, M.DEF_UNREACHABLE)


def _check_life_story(defn: TrackDefinition) -> None:
    story = defn.life_story
    if story is None:
        return
    if story.trigger not in {t.trigger for t in defn.transitions}:
        raise _fail(defn, None, M.DEF_LIFE_STORY_TRIGGER.format(trigger=story.trigger))
    finals = {s.id for s in defn.steps if s.kind is StepKind.FINAL}
    for step in story.decisions:
        if step not in finals:
            raise _fail(defn, None, M.DEF_LIFE_STORY_DECISION.format(step=step))
