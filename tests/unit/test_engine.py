"""Engine basics with their French messages: start, unknown triggers, wrong step, outcomes."""

from __future__ import annotations

import copy

import pytest

from core import Role, TransitionRefused, UnknownTrigger


def test_start_at_the_initial_step_of_the_latest_version(engine):
    state = engine.start("psp")
    assert (state.definition_id, state.version, state.step) == ("psp", 1, "evaluation_besoins")
    assert (state.facts, state.deadlines, state.status) == ({}, {}, "open")


def test_unknown_trigger_is_named_in_french(engine, referent, today):
    state = engine.start("parcours")
    before = copy.deepcopy(state)
    with pytest.raises(UnknownTrigger) as info:
        engine.fire(state, "envoler", referent, today=today)
    assert info.value.msg == ("L'action « envoler » n'existe pas dans la démarche "
                              "« Parcours d'accompagnement ».")
    assert info.value.title == "Action inconnue"
    assert state == before


def test_trigger_not_possible_from_this_step(engine, referent, today):
    state = engine.start("parcours")
    before = copy.deepcopy(state)
    with pytest.raises(TransitionRefused) as info:
        engine.fire(state, "reinserer", referent, today=today,
                    facts={"date_reinsertion": "2026-03-01"})
    assert [r.code for r in info.value.reasons] == ["engine.not_from_step"]
    assert info.value.msg == ("Action « reinserer » refusée depuis l'étape « premier_accueil » : "
                              "L'action « reinserer » n'est pas possible depuis l'étape "
                              "« Premier accueil ».")
    assert state == before


def test_outcome_describes_the_move(engine, actors, today):
    state = engine.start("parcours")
    outcome = engine.fire(state, "reconnaitre", actors[Role.BENEVOLE], today=today)
    assert (outcome.track, outcome.trigger, outcome.from_step, outcome.to_step) == (
        "parcours", "reconnaitre", "premier_accueil", "connue")
    assert (outcome.facts, outcome.checks, outcome.deadlines, outcome.final) == ({}, (), (), False)
    closing = engine.fire(state, "clore", actors[Role.SUPERVISEUR], today=today,
                          facts={"motif_cloture": "demenagement"})
    assert closing.final and state.step == "clos"
    assert engine.available_actions(state, actors[Role.SUPERVISEUR], today) == []
    with pytest.raises(TransitionRefused, match="n'est pas possible depuis l'étape"):
        engine.fire(state, "reprendre", actors[Role.SUPERVISEUR], today=today)


def test_available_actions_follow_the_definition_order(engine, referent, today):
    state = engine.start("parcours")
    views = engine.available_actions(state, referent, today)
    defn = engine.catalog.definition("parcours")
    assert [v.trigger for v in views] == [t.trigger for t in defn.transitions
                                          if "premier_accueil" in t.source]
    assert all(v.dest_label == defn.step(v.dest).label for v in views)
