"""A write replayed under its request id answers its first result only to a caller who would
be let in now: a lost follow, a delegation left or an answer kept without its checks refuse
it as a fresh call is refused, and nothing of the kept result (alias, facts, text) shows."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core import services as svc
from core.errors import NotFound, ParcoursError, PermissionDenied, ReauthRequired
from core.persistence.access_models import AuthSession, RequestRecord
from core.persistence.models import Event
from core.services.app import Parcours
from core.services.keys import Sealer
from tests.accounts import PASSWORD, add_followed, forget, last_audit_rows, reauth, who, with_clock

from .conftest import TODAY

SIGNED = {"date_signature_document": "2026-01-05"}


def events(app: Parcours) -> int:
    with app.db.read() as session:
        return session.scalar(select(func.count()).select_from(Event)) or 0


def followed_with_psp(app: Parcours, alias: str = "Amina") -> int:
    """Camille's person, with a PSP track open."""
    person = add_followed(app, alias)
    svc.start_track(app, who(app, "camille"), person, "psp")
    return person


def reassign(app: Parcours, person: int, to: str) -> None:
    """Sonia gives the person another referent, from her review queue."""
    svc.add_user(app, who(app, "admin"), to, "referent", PASSWORD, ["principale"])
    later = with_clock(app, TODAY + timedelta(days=70))
    key = next(i.key for i in svc.review_queue(later, who(later, "sonia"), kinds={"no_contact"})
               if i.person_id == person)
    svc.reassign(later, who(later, "sonia"), key, to)


def move_to_lyon(app: Parcours, name: str) -> None:
    """The administrator moves ``name`` to another delegation (her sessions end with it)."""
    svc.add_delegation(app, who(app, "admin"), "lyon", "Lyon")
    svc.set_delegations(app, who(app, "admin"), name, ["lyon"])
    forget(app)


def refusal(send) -> ParcoursError:
    with pytest.raises(ParcoursError) as refused:
        send()
    return refused.value


def test_a_lost_follow_refuses_the_replay_of_a_case_step(app):
    person = followed_with_psp(app)
    camille = who(app, "camille")
    svc.advance(app, camille.for_request("psp-1"), person, "psp", "signer_document", facts=SIGNED)
    reassign(app, person, "claire")
    before = events(app)
    replayed = refusal(lambda: svc.advance(app, camille.for_request("psp-1"), person, "psp",
                                           "signer_document", facts=SIGNED))
    fresh = refusal(lambda: svc.advance(app, camille, person, "psp", "signer_document",
                                        facts=SIGNED))
    assert isinstance(replayed, PermissionDenied)
    assert (type(replayed), replayed.msg) == (type(fresh), fresh.msg)
    assert "Amina" not in replayed.msg and "2026" not in replayed.msg
    assert events(app) == before
    operation, outcome, _, _ = last_audit_rows(app, 2)[0]  # then the fresh call's refusal
    assert (operation, outcome) == ("track.advance", "refused")


def test_a_delegation_left_refuses_the_replay_of_a_note(app):
    person = add_followed(app, "Amina")
    svc.add_note(app, who(app, "camille").for_request("note-1"), person, "récit confié")
    move_to_lyon(app, "camille")
    camille = who(app, "camille")
    replayed = refusal(lambda: svc.add_note(app, camille.for_request("note-1"), person,
                                            "récit confié"))
    fresh = refusal(lambda: svc.add_note(app, camille, person, "récit confié"))
    assert isinstance(replayed, NotFound)
    assert (type(replayed), replayed.msg) == (type(fresh), fresh.msg)
    assert "récit" not in replayed.msg and "Amina" not in replayed.msg


def test_a_delegation_left_refuses_the_replay_of_a_new_person(app):
    svc.add_person(app, who(app, "bea").for_request("accueil-1"), "Amina")
    move_to_lyon(app, "bea")
    bea = who(app, "bea")
    replayed = refusal(lambda: svc.add_person(app, bea.for_request("accueil-1"), "Amina"))
    fresh = refusal(lambda: svc.add_person(app, bea, "Amina", delegation="principale"))
    assert isinstance(replayed, PermissionDenied)
    assert (type(replayed), replayed.msg) == (type(fresh), fresh.msg)
    assert "Amina" not in replayed.msg


def test_an_allowed_replay_still_answers_the_first_result(app):
    person = followed_with_psp(app)
    camille = who(app, "camille").for_request("psp-2")
    first = svc.advance(app, camille, person, "psp", "signer_document", facts=SIGNED)
    before = events(app)
    assert svc.advance(app, camille, person, "psp", "signer_document", facts=SIGNED) == first
    assert events(app) == before
    note = svc.add_note(app, who(app, "camille").for_request("note-2"), person, "vue ce jour")
    reassign(app, person, "claire")
    # A note is front-desk work: her delegation's referent may still write it, and read it back.
    assert svc.add_note(app, who(app, "camille").for_request("note-2"), person,
                        "vue ce jour") == note


def test_the_replay_of_an_erasure_still_answers_once_her_password_is_confirmed(app):
    person = add_followed(app, "Amina")
    sonia = reauth(app, "sonia").for_request("effacement-1")
    first = svc.erase_person(app, sonia, person, "demande de la personne")
    again = svc.erase_person(app, sonia, person, "demande de la personne")
    # Her checks are not kept (she is gone); the scrub after the commit is not part of the
    # answer kept (it is told by the first call only).
    assert (again.person_id, again.erased_at, again.rows) == \
        (first.person_id, first.erased_at, first.rows)
    with app.db.write() as session:  # her password confirmation runs out
        session.execute(AuthSession.__table__.update().values(reauth_at=None))
    with pytest.raises(ReauthRequired):
        svc.erase_person(app, sonia, person, "demande de la personne")
    svc.reauthenticate(app, sonia, PASSWORD)
    assert svc.erase_person(app, sonia, person, "demande de la personne").rows == first.rows


def test_an_answer_kept_without_its_checks_is_not_given(app):
    person = add_followed(app, "Amina")
    camille = who(app, "camille").for_request("note-3")
    svc.add_note(app, camille, person, "récit confié")
    with app.db.write() as session:  # as a version that noted no checks kept it
        row = session.scalars(select(RequestRecord)).one()
        sealer = Sealer(app.keys, session)
        kept = sealer.open(person, "request_log", row.id, "result_enc", row.result_enc)
        del kept["granted"]
        row.result_enc = sealer.seal(person, "request_log", row.id, "result_enc", kept)
    replayed = refusal(lambda: svc.add_note(app, camille, person, "récit confié"))
    assert isinstance(replayed, PermissionDenied) and "déjà été appliquée" in replayed.msg
    assert "récit" not in json.dumps(replayed.msg)
