"""What a check is handed and what it may hand back, on the engine's hot path.

A check reads a :class:`~core.engine.checks.CheckContext`: the engine builds a
:class:`LazyTrackContext`, whose track snapshot is taken only when a check reads it, with
the submission read-only (:func:`read_only_facts`). What the check gives back becomes a list
of results (:func:`as_results`), bounded and typed; a role the transition does not admit is
refused by :func:`role_refusal`, naming who may.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import islice
from typing import Any

from core import messages as M
from core.definitions.model import Role, TransitionDefinition
from core.engine.checks import Actor, CheckContext, CheckResult, TrackSnapshot, blocking
from core.frozen import read_only


class LazyTrackContext(CheckContext):
    """A check context whose :attr:`track` is taken when a check first reads it.

    Most checks read the submission, the person and the day, not the track (the consent check
    of ``suivre``): its snapshot, a watched read-only copy of her facts and deadlines, was a
    quarter of the engine's own work on such a move. It is taken from the values the state
    held when the context was built (kept in ``_track_of``), as :meth:`TrackSnapshot.of`
    takes it (inlined: the step's kind from the index rather than a scan), and kept: a check
    that reads it gets what an eager context held, and every later check the same snapshot.
    """

    def __getattr__(self, name: str) -> Any:  # only called for what __dict__ lacks
        taken = self.__dict__.get("_track_of") if name == "track" else None
        if taken is None:
            raise AttributeError(name)
        reads, domain, definition_id, step, status, facts, id_, deadlines, final = taken
        snapshot = object.__new__(TrackSnapshot)
        snapshot.__dict__.update(
            definition_id=definition_id, step=step, status=status,
            facts=read_only_facts(reads.watch(facts)), domain=domain, id=id_, final=final,
            deadlines=dict(deadlines))
        self.__dict__["track"] = snapshot
        return snapshot


def role_refusal(tr: TransitionDefinition, actor: Actor) -> CheckResult:
    """Why ``actor``'s role may not take ``tr``, naming the roles that may."""
    # The administrator is named only when no casework role may act: people ask a colleague.
    order = [r for r in Role if r in tr.roles]
    named = [r for r in order if r is not Role.ADMIN] or order
    roles = M.ROLES_JOIN.join(M.role_label(r.value) for r in named)
    return blocking("engine.role", M.ROLE_NOT_ALLOWED.format(role=M.role_label(actor.role.value)),
                    M.ROLE_NOT_ALLOWED_REMEDY.format(roles=roles))


def read_only_facts(facts: Mapping[str, Any]) -> Mapping[str, Any]:
    """Facts as a check may hold them: a read-only copy of a plain dict (a watched mapping has
    no setter and copies them already). The submission is the very dict the outcome records:
    a check that wrote to it changed what was saved, past the schema's validation (a
    ``referent`` added named her referent), and so were its nested lists and dicts.
    """
    return read_only(facts) if isinstance(facts, dict) else facts


MAX_CHECK_RESULTS = 100
"""Results one check may give: a refusal a caseworker reads whole. A check that gave more (an
endless generator, a result per record of a list) held the whole process's memory."""


def as_results(produced: CheckResult | Iterable[CheckResult] | None) -> list[CheckResult]:
    """What a check gave, as a list of results (refused past :data:`MAX_CHECK_RESULTS`, or
    holding anything but results)."""
    # A list (what most checks give) is copied at once; anything else is read no further
    # than the bound.
    if type(produced) is list:
        results = produced.copy()
    elif produced is None:
        return []
    elif isinstance(produced, CheckResult):
        return [produced]
    else:
        results = list(islice(produced, MAX_CHECK_RESULTS + 1))
    if len(results) > MAX_CHECK_RESULTS:
        raise ValueError(f"a check gave more than {MAX_CHECK_RESULTS} results")
    for result in results:  # a loop, not all(...): no generator on the hot path
        # The exact class first: isinstance on a model's class is the slower call.
        if type(result) is not CheckResult and not isinstance(result, CheckResult):
            raise TypeError("a check must return CheckResult values")
    return results
