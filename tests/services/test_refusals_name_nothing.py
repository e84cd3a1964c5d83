"""A refusal tells nothing of a file to whom may not read it (docs/security.md, "Deny by
default"). The administrator reads no front desk, yet acting on a person's pathway answered
« refusée depuis l'étape « en_pause » »; a referent who does not follow her reads her front
desk only, yet the pathway's checks told her that consent was withdrawn, and on which day, or
which other tracks are open at which step. Her referent and the supervisors of her
delegation read her case: they keep every reason. Her consent to follow-up is front-desk
content (a referent records it before she follows her, and reads it in the consent list):
its reasons are told to whoever may act on the pathway."""

from __future__ import annotations

import pytest

from core import messages as M
from core import services as svc
from core.errors import ParcoursError, PermissionDenied, TransitionRefused
from tests.accounts import PASSWORD, add_followed, forget, who
from tests.services.conftest import TODAY, walk_psp_to_authorised

PAUSED_STEP = ("en_pause", "Accompagnement en pause")


def _paused_without_consent(app) -> int:
    """A person followed by camille, paused, who withdrew her consent to follow-up today."""
    person = add_followed(app)
    camille = who(app, "camille")
    svc.advance(app, camille, person, "parcours", "mettre_en_pause")
    consent = svc.list_consents(app, camille, person)[0]
    svc.withdraw_consent(app, camille, person, consent.id)
    return person


def _other_referent(app):
    """A referent of the same delegation who does not follow the person."""
    svc.add_user(app, who(app, "admin"), "rachid", "referent", PASSWORD)
    return who(app, "rachid")


def _action(actions, trigger):
    return next(a for a in actions if a.trigger == trigger)


def _refusal(app, user, person: int, trigger: str, **facts: str) -> ParcoursError:
    """What ``advance`` on her pathway answers ``user`` (signed in), who must be refused."""
    with pytest.raises(ParcoursError) as refused:
        svc.advance(app, user, person, "parcours", trigger, facts=facts or None)
    return refused.value


def test_the_administrator_is_told_no_step_whatever_she_tries(app):
    paused = _paused_without_consent(app)
    admin = who(app, "admin")
    answers = set()
    for trigger in ("reprendre", "reprendre_suivi", "reinserer", "suivre", "clore"):
        refused = _refusal(app, admin, paused, trigger)
        assert isinstance(refused, PermissionDenied)
        assert not any(step in refused.msg for step in PAUSED_STEP)
        answers.add(refused.msg)
    # Another person at another step, and one whose pathway is closed: the same answer, so
    # that it tells neither the step nor whether the pathway is still open.
    known = svc.add_person(app, who(app, "bea"), "Nadia").id
    closed = svc.add_person(app, who(app, "bea"), "Zoé").id
    svc.advance(app, who(app, "sonia"), closed, "parcours", "clore",
                facts={"motif_cloture": "demenagement"})
    for person in (known, closed):
        answers.add(_refusal(app, admin, person, "reprendre").msg)
    assert len(answers) == 1



def test_the_administrator_recording_a_visit_is_told_neither_her_delegation_nor_her_visits(app):
    # As a write, « déjà enregistré » told her that person N came to drop-in D, and « suivie
    # par la délégation … » which of her delegations N belongs to.
    svc.add_delegation(app, who(app, "admin"), "lyon", "Lyon")
    svc.set_delegations(app, who(app, "admin"), "admin", ["principale", "lyon"])
    forget(app)  # her sessions ended with the change
    svc.add_user(app, who(app, "admin"), "yann", "benevole", PASSWORD, ["lyon"])
    absent = svc.add_person(app, who(app, "bea"), "Nadia").id
    came = svc.add_person(app, who(app, "bea"), "Zoé").id
    in_lyon = svc.add_person(app, who(app, "yann"), "Inès").id
    dropin = svc.open_dropin(app, who(app, "bea"), TODAY).id
    svc.record_visit(app, who(app, "bea"), dropin, came)
    answers = set()
    for person in (absent, came, in_lyon):
        with pytest.raises(PermissionDenied) as refused:
            svc.record_visit(app, who(app, "admin"), dropin, person, needs={"psp": True})
        answers.add(refused.value.msg)
    assert answers == {M.ACCESS_DENIED}
    assert svc.list_dropins(app, who(app, "bea"))[0].identified_visits == 1  # nothing written

def test_a_referent_who_does_not_follow_her_is_told_her_consent_as_the_list_tells_it(app):
    paused = _paused_without_consent(app)
    rachid = _other_referent(app)
    assert [c.status for c in svc.list_consents(app, rachid, paused)] == ["withdrawn"]
    hers = _action(svc.list_actions(app, rachid, paused, "parcours"), "reprendre_suivi")
    assert not hers.allowed
    assert [r.code for r in hers.reasons] == ["parcours.consentement_retire"]
    refused = _refusal(app, rachid, paused, "reprendre_suivi")
    assert isinstance(refused, TransitionRefused)
    assert [r.code for r in refused.reasons] == ["parcours.consentement_retire"]


def test_her_referent_and_a_supervisor_still_read_why(app):
    paused = _paused_without_consent(app)
    for reader in ("camille", "sonia"):  # her referent, a supervisor of her delegation
        action = _action(svc.list_actions(app, who(app, reader), paused, "parcours"),
                         "reprendre_suivi")
        assert "parcours.consentement_retire" in [r.code for r in action.reasons]
        refused = _refusal(app, who(app, reader), paused, "reprendre_suivi")
        assert isinstance(refused, TransitionRefused)
        assert "retiré son consentement" in refused.msg


def test_a_referent_who_does_not_follow_her_is_not_told_her_other_tracks(app):
    person = add_followed(app)
    svc.start_track(app, who(app, "camille"), person, "psp")
    walk_psp_to_authorised(app, person)
    mine = _action(svc.list_actions(app, who(app, "camille"), person, "parcours"), "reinserer")
    assert any("psp (autorise)" in r.message for r in mine.reasons)  # her referent reads it
    rachid = _other_referent(app)
    hers = _action(svc.list_actions(app, rachid, person, "parcours"), "reinserer")
    assert hers.allowed and hers.reasons == ()
    done = svc.advance(app, rachid, person, "parcours", "reinserer",
                       facts={"date_reinsertion": "2026-03-10"})
    assert done.step == "reinsertion" and done.warnings == ()


def test_a_referent_who_does_not_follow_her_yet_still_takes_her_into_follow_up(app):
    # Refusing her before the checks would stop follow-up from ever starting: she acts, and
    # is told what is missing (the consent she is about to record).
    person = svc.add_person(app, who(app, "bea"), "Nadia").id
    rachid = _other_referent(app)
    refused = _refusal(app, rachid, person, "suivre", referent="rachid")
    assert [r.code for r in refused.reasons] == ["parcours.consentement_manquant"]
    svc.give_consent(app, rachid, person, "suivi")
    assert svc.advance(app, rachid, person, "parcours", "suivre",
                       facts={"referent": "rachid"}).step == "suivi_individuel"
