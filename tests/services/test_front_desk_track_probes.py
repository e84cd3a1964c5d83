"""The front desk reads the domains of a person's open tracks ("psp"), not which tracks of a
domain she has, nor her closed ones. Naming a case track answered « action non permise » when
she had it and « aucune démarche ouverte » when she had not: AFIS (money) or APS, a closed
complaint. A case track is now refused by its kind, whether she has it or not."""

from __future__ import annotations

import pytest

from core import services as svc
from core.errors import PermissionDenied
from tests.accounts import add_followed, who
from tests.services.conftest import walk_psp_to_authorised


def _with_aps(app):
    """A person followed by camille, her PSP authorised and an APS track open."""
    person = add_followed(app)
    camille = who(app, "camille")
    svc.start_track(app, camille, person, "psp")
    walk_psp_to_authorised(app, person)
    svc.start_track(app, camille, person, "psp_aps")
    return person, camille


def test_advance_refuses_a_case_track_whether_she_has_it_or_not(app):
    person, camille = _with_aps(app)
    bea = who(app, "bea")
    for track in ("psp_aps", "psp_afis"):  # she has the first, not the second
        with pytest.raises(PermissionDenied):
            svc.advance(app, bea, person, track, "x")


def test_history_refuses_a_case_track_whether_she_had_it_or_not(app):
    person = add_followed(app)
    camille = who(app, "camille")
    svc.start_track(app, camille, person, "psp")
    svc.advance(app, camille, person, "psp", "abandonner",
                facts={"motif_cloture": "souhait_personne"})
    bea = who(app, "bea")
    for track in ("psp", "psp_afis"):  # she had the first, never the second
        with pytest.raises(PermissionDenied):
            svc.history(app, bea, person, track)
    assert svc.history(app, bea, person, "parcours")  # her pathway, as the front desk reads it


def _answer(probe, number: int) -> str:
    """What a probe of the track ``number`` is told (the number itself left out)."""
    try:
        probe(str(number))
    except Exception as error:  # the probe compares refusals
        return f"{type(error).__name__}: {error}".replace(f"« {number} »", "« N »")
    return "answered"


def test_a_case_track_named_by_number_answers_as_a_number_she_has_not(app):
    """By its number, a closed case track answered « accès refusé » and a number of nobody's
    track « aucune démarche »; the actions list even described it from its definition: the
    front desk learnt which tracks she had, closed ones too."""
    person = add_followed(app)
    camille = who(app, "camille")
    case = svc.start_track(app, camille, person, "psp").id
    svc.advance(app, camille, person, "psp", "abandonner",
                facts={"motif_cloture": "souhait_personne"})
    nobody = case + 1  # no track has this number
    bea = who(app, "bea")
    for probe in (lambda n: svc.history(app, bea, person, n),
                  lambda n: svc.list_actions(app, bea, person, n),
                  lambda n: svc.advance(app, bea, person, n, "x")):
        assert _answer(probe, case) == _answer(probe, nobody) != "answered"
    pathway = svc.show_person(app, bea, person).tracks[0].id  # her pathway, by number: read
    assert svc.history(app, bea, person, str(pathway))
    assert svc.list_actions(app, bea, person, str(pathway))


def test_the_actions_of_a_case_track_named_are_told_whether_she_has_it_or_not(app):
    person, camille = _with_aps(app)
    bea = who(app, "bea")
    had, never = (svc.list_actions(app, bea, person, track) for track in ("psp_aps", "psp_afis"))
    assert had and never  # each its definition's, described unevaluated
    assert all(r.code == "access.not_readable" for a in had + never for r in a.reasons)
    assert svc.list_actions(app, camille, person, "psp_aps")[0].reasons != had[0].reasons


def test_a_note_on_a_case_track_is_refused_whether_she_has_it_or_not(app):
    """A note on a track answered « aucune démarche » for a case track she has not, and was
    written on one she has, its view naming its definition; by number, a closed one too."""
    person, camille = _with_aps(app)
    aps = next(t.id for t in svc.show_person(app, camille, person).tracks if t.track == "psp_aps")
    bea = who(app, "bea")
    for track in ("psp_aps", "psp_afis"):  # she has the first, not the second
        with pytest.raises(PermissionDenied):
            svc.add_note(app, bea, person, "vue ce jour", track=track)
    nobody = aps + 1
    probe = lambda n: svc.add_note(app, bea, person, "vue ce jour", track=n)  # noqa: E731
    assert _answer(probe, aps) == _answer(probe, nobody) != "answered"
    assert svc.list_notes(app, camille, person) == []
    noted = svc.add_note(app, bea, person, "vue ce jour", track="parcours")  # her pathway
    assert noted.track == "parcours"


def test_a_track_started_again_tells_whoever_does_not_read_it_not_when_it_moved(app):
    """Starting a track already open answers it: its step was hidden from the front desk and
    the administrator, but not since when it was at that step nor when it last moved (the
    day a prefect's decision was recorded)."""
    person = add_followed(app)
    camille = who(app, "camille")
    svc.start_track(app, camille, person, "psp")
    walk_psp_to_authorised(app, person)
    for name in ("bea", "admin"):
        again = svc.start_track(app, who(app, name), person, "psp")
        assert not again.created and again.step is None
        assert (again.step_since, again.last_event_at, again.next_due) == (None, None, None)
    own = svc.start_track(app, camille, person, "psp")
    assert own.step == "autorise" and own.step_since is not None and own.last_event_at


def test_the_front_desk_history_names_no_caseworker(app):
    """``person show`` tells the front desk that she has a referent, not who: her pathway's
    history told it, « suivre » signed with the referent's name. A caseworker appears by her
    role; a volunteer's own acts (a visit) keep their author's name."""
    person = add_followed(app)
    bea = who(app, "bea")
    svc.record_visit(app, bea, svc.open_dropin(app, bea, app.today()).id, person)
    desk = svc.history(app, bea, person)
    assert "camille" not in {e.actor for e in desk}
    assert {e.actor for e in desk if e.actor_role == "referent"} == {"référent·e"}
    assert {e.actor for e in desk if e.actor_role == "benevole"} == {"bea"}
    assert "camille" in {e.actor for e in svc.history(app, who(app, "camille"), person)}
