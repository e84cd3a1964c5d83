"""``Engine.attempt``: a refusal returned with every reason, no exception; ``fire`` unchanged."""

from __future__ import annotations

import copy

import pytest

from core import Role, TransitionRefused, UnknownTrigger
from core.engine.runner import Refusal


def test_a_refusal_by_role_is_returned_with_the_reasons_fire_raises(engine, actors, today):
    state = engine.start("parcours")
    engine.fire(state, "reconnaitre", actors[Role.BENEVOLE], today=today)
    before = copy.deepcopy(state)
    refused = engine.attempt(state, "clore", actors[Role.BENEVOLE], today=today,
                             facts={"motif_cloture": "demenagement"})
    assert isinstance(refused, Refusal)
    assert state == before
    with pytest.raises(TransitionRefused) as raised:
        engine.fire(state, "clore", actors[Role.BENEVOLE], today=today,
                    facts={"motif_cloture": "demenagement"})
    assert list(refused.reasons) == raised.value.reasons
    assert "engine.role" in [r.code for r in refused.reasons]
    assert (refused.trigger, refused.step) == ("clore", "connue")
    assert refused.error().msg == raised.value.msg
    assert state == before


def test_not_from_this_step_is_a_refusal_and_an_unknown_trigger_still_raises(engine, referent,
                                                                             today):
    state = engine.start("parcours")
    refused = engine.attempt(state, "reinserer", referent, today=today,
                             facts={"date_reinsertion": "2026-03-01"})
    assert isinstance(refused, Refusal)
    assert [r.code for r in refused.reasons] == ["engine.not_from_step"]
    with pytest.raises(UnknownTrigger):
        engine.attempt(state, "envoler", referent, today=today)


def test_an_allowed_attempt_moves_the_track_as_fire_does(engine, actors, today):
    first, second = engine.start("parcours"), engine.start("parcours")
    done = engine.attempt(first, "reconnaitre", actors[Role.BENEVOLE], today=today)
    fired = engine.fire(second, "reconnaitre", actors[Role.BENEVOLE], today=today)
    assert done == fired and first == second


def test_a_transition_asking_nothing_validates_to_no_fact_each_time(engine, actors, today):
    state = engine.start("parcours")
    for _ in range(2):  # the second empty submission takes the remembered answer
        state.step = "premier_accueil"
        assert engine.fire(state, "reconnaitre", actors[Role.BENEVOLE], today=today).facts == {}


def test_what_the_hot_path_builds_directly_has_every_field(engine, referent, today):
    """The outcome, a check's context and its track snapshot are built without their
    constructors (the engine's hot path): each must still hold every field of its class.
    The context takes its track when a check first reads it, as the state was when the
    context was built (here read after the move: still the step it left)."""
    import dataclasses

    from core.engine.checks import CheckContext, ConsentSnapshot, PersonSnapshot, TrackSnapshot
    from core.engine.outcome import TransitionOutcome

    seen: list[CheckContext] = []
    spec = engine.catalog.checks["parcours.referent_consentement"]
    original = spec.func
    object.__setattr__(spec, "func", lambda ctx: seen.append(ctx) or original(ctx))
    try:
        state = engine.start("parcours")
        engine.attempt(state, "suivre", referent, today=today, facts={"referent": "Awa"},
                       person=PersonSnapshot(consents=(ConsentSnapshot("suivi", today),)))
    finally:
        object.__setattr__(spec, "func", original)
    assert state.step == "suivi_individuel"
    assert seen[0].track.step == "premier_accueil"
    assert set(vars(seen[0])) - {f.name for f in dataclasses.fields(CheckContext)} == {
        "_track_of"}  # what the track was taken from
    outcome = engine.fire(engine.start("parcours"), "reconnaitre", referent, today=today)
    for made, cls in ((outcome, TransitionOutcome), (seen[0], CheckContext),
                      (seen[0].track, TrackSnapshot)):
        assert set(vars(made)) - {"_track_of"} == {f.name for f in dataclasses.fields(cls)}
        assert dataclasses.replace(made) == made  # a real instance of its class


def test_whether_a_move_reads_the_tracks_facts(engine, host):
    """A move reads the track's recorded facts when it runs a check, suspends a deadline or
    computes one; a caller may then leave sealed values out of the others (the engine's
    answer is the same either way). Unknown and impossible moves say yes: refused as ever."""
    from core.engine.runner import TrackState
    for defn in host.catalog.definitions.values():
        for tr in defn.transitions:
            state = TrackState(defn.id, defn.version, tr.source[0])
            expected = bool(tr.checks or tr.suspends or tr.opens or tr.closes or tr.resumes)
            assert engine.reads_facts(state, tr.trigger) is expected, (defn.id, tr.trigger)
    state = engine.start("parcours")
    assert engine.reads_facts(state, "envoler") and engine.reads_facts(state, "reinserer")
    assert not engine.reads_facts(state, "reconnaitre")
