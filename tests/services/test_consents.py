"""Consent per purpose through the services: who records, withdraws and reads it; each change
an event in its transaction; the gates it puts on follow-up, on case writes and on referrals.

Every gate is driven the way a caseworker meets it: the same ``advance`` and ``list_actions``
the command line and the terminal interface call.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

import plugins.sante
from core import services as svc
from core.errors import (ConflictError, ConsentRequired, InputError, NotFound, PermissionDenied,
                         TransitionRefused)
from core.persistence.models import Consent, Event, Person
from core.plugins import build_plugin_host
from tests.accounts import follow, make_app, who, with_clock

from .conftest import TODAY

SUIVRE = {"referent": "camille"}


@pytest.fixture
def person(app) -> int:
    return svc.add_person(app, who(app, "bea"), "Amina").id


def _events(app, person: int, *kinds: str) -> list[Event]:
    with app.db.read() as session:
        return list(session.scalars(select(Event).where(Event.person_id == person,
                                                        Event.kind.in_(kinds))
                                    .order_by(Event.id)))


def _codes(actions, trigger: str) -> tuple[bool, list[str]]:
    action = next(a for a in actions if a.trigger == trigger)
    return action.allowed, [r.code for r in action.reasons if r.severity != "passed"]


# --- recording, with its event --------------------------------------------------------------

def test_follow_up_is_refused_until_her_consent_is_recorded(app, person):
    camille = who(app, "camille")
    with pytest.raises(TransitionRefused) as refused:
        svc.advance(app, camille, person, "parcours", "suivre", facts=SUIVRE)
    assert [r.code for r in refused.value.reasons] == ["parcours.consentement_manquant"]
    assert "consent give" in refused.value.reasons[0].remedy
    assert _codes(svc.list_actions(app, camille, person, "parcours"), "suivre") == (
        False, ["parcours.referent_manquant", "parcours.consentement_manquant"])
    given = svc.give_consent(app, camille, person, "suivi", given_on=date(2026, 3, 2))
    assert (given.purpose, given.status, given.recorded_by, given.given_on) == (
        "suivi", "active", "camille", date(2026, 3, 2))
    assert svc.advance(app, camille, person, "parcours", "suivre",
                       facts=SUIVRE).step == "suivi_individuel"
    [event] = _events(app, person, "consent_given")
    assert (event.facts, event.actor_role, event.occurred_at.date()) == (
        {"consent": given.id, "purpose": "suivi"}, "referent", date(2026, 3, 2))
    with app.db.read() as session:
        assert session.get(Consent, given.id).event_id == event.id


def test_an_old_consent_fact_is_not_accepted_any_more(app, person):
    with pytest.raises(Exception, match="champ inconnu"):
        svc.advance(app, who(app, "camille"), person, "parcours", "suivre",
                    facts={**SUIVRE, "consentement": "oui", "date_consentement": "2026-03-01"})


def test_a_consent_that_expired_no_longer_opens_follow_up(app, person):
    camille = who(app, "camille")
    svc.give_consent(app, camille, person, "suivi", given_on=date(2026, 1, 5),
                     expires_on=date(2026, 3, 9))
    with pytest.raises(TransitionRefused, match="Aucun consentement actif"):
        svc.advance(app, camille, person, "parcours", "suivre", facts=SUIVRE)
    assert [c.status for c in svc.list_consents(app, camille, person)] == ["expired"]


@pytest.mark.parametrize(("args", "kwargs", "message"), [
    (("vacances",), {}, "Finalité inconnue"),
    (("partage",), {}, "nomme son partenaire"),
    (("suivi",), {"partner": "CeGIDD"}, "ne se précise que"),
    (("suivi",), {"given_on": TODAY + timedelta(days=1)}, "dans le futur"),
    (("suivi",), {"given_on": date(2026, 3, 1), "expires_on": date(2026, 2, 1)}, "précède"),
])
def test_bad_consents_are_refused_in_french_and_write_nothing(app, person, args, kwargs, message):
    with pytest.raises(InputError, match=message):
        svc.give_consent(app, who(app, "camille"), person, *args, **kwargs)
    assert svc.list_consents(app, who(app, "sonia"), person) == []
    assert _events(app, person, "consent_given") == []


def test_a_partner_name_is_sealed_and_found_by_its_keyed_hash(app, person, tmp_path):
    partner = "CeGIDD Kanaripartenaire"
    first = svc.give_consent(app, who(app, "sonia"), person, "partage", partner=partner)
    # Given again a day before (the same day, it would be the same consent typed twice).
    second = svc.give_consent(app, who(app, "sonia"), person, f"partage:{partner.upper()}",
                              given_on=app.today() - timedelta(days=1))
    assert (first.partner, second.partner) == (partner, partner.upper())
    with app.db.read() as session:
        rows = session.scalars(select(Consent).where(Consent.person_id == person)).all()
    assert rows[0].partner_hash == rows[1].partner_hash  # accents and case ignored
    assert all(b"Kanari" not in r.partner_enc and b"KANARI" not in r.partner_enc for r in rows)
    assert "Kanari" not in str([e.facts for e in _events(app, person, "consent_given")])
    files = [f for f in tmp_path.iterdir() if f.name.startswith("parcours.db")]
    assert files and not [f.name for f in files if b"anaripartenaire" in f.read_bytes().lower()]


# --- who ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("user", ["bea", "sam", "admin"])
def test_volunteers_interns_and_the_admin_record_no_consent(app, person, user):
    with pytest.raises(PermissionDenied):
        svc.give_consent(app, who(app, user), person, "suivi")
    with pytest.raises(PermissionDenied):
        svc.list_consents(app, who(app, user), person)


def test_a_referent_records_consent_to_follow_up_before_following_her_but_not_the_rest(app, person):
    camille = who(app, "camille")
    svc.give_consent(app, camille, person, "suivi")
    with pytest.raises(PermissionDenied):
        svc.give_consent(app, camille, person, "partage", partner="PASS")
    with pytest.raises(PermissionDenied):
        svc.give_consent(app, camille, person, "statistiques")
    svc.advance(app, camille, person, "parcours", "suivre", facts=SUIVRE)
    svc.give_consent(app, camille, person, "partage", partner="PASS")  # now her referent
    svc.add_user(app, who(app, "admin"), "rachid", "referent", "Cheval-Correct-Pile-2026!")
    other = who(app, "rachid")
    assert [c.purpose for c in svc.list_consents(app, other, person)] == ["suivi"]
    shown = svc.show_person(app, other, person)
    assert shown.view == "front_desk" and [c.purpose for c in shown.consents] == ["suivi"]
    assert svc.show_person(app, who(app, "bea"), person).consents is None
    assert [c.purpose for c in svc.show_person(app, camille, person).consents] == [
        "suivi", "partage"]


def test_a_person_out_of_scope_is_unknown(app):
    svc.add_delegation(app, who(app, "admin"), "lyon", "Lyon")
    svc.add_user(app, who(app, "admin"), "yann", "superviseur", "Cheval-Correct-Pile-2026!",
                 ["lyon"])
    abroad = svc.add_person(app, who(app, "yann"), "Noémie").id
    with pytest.raises(NotFound):
        svc.give_consent(app, who(app, "sonia"), abroad, "suivi")


# --- withdrawal, at once ----------------------------------------------------------------------

@pytest.fixture
def followed(app, person) -> int:
    follow(app, person, "camille", day="2026-03-02")
    svc.start_track(app, who(app, "camille"), person, "psp")
    return person


def _withdraw(app, person: int, user: str = "camille") -> None:
    suivi = next(c for c in svc.list_consents(app, who(app, user), person)
                 if c.purpose == "suivi" and c.status == "active")
    svc.withdraw_consent(app, who(app, user), person, suivi.id)


def test_withdrawal_closes_her_case_to_every_write_but_closing_at_once(app, followed):
    camille = who(app, "camille")
    assert _codes(svc.list_actions(app, camille, followed, "psp"), "signer_document") == (True, [])
    _withdraw(app, followed)
    [event] = _events(app, followed, "consent_withdrawn")
    assert event.facts["purpose"] == "suivi" and event.actor_role == "referent"
    allowed, codes = _codes(svc.list_actions(app, camille, followed, "psp"), "signer_document")
    assert (allowed, codes) == (False, ["consentement.suivi_retire"])
    with pytest.raises(TransitionRefused) as refused:
        svc.advance(app, camille, followed, "psp", "signer_document",
                    facts={"date_signature_document": "2026-03-05"})
    assert "ne peut plus qu'être clos" in refused.value.msg
    with pytest.raises(ConsentRequired, match="retiré son consentement"):
        svc.start_track(app, camille, followed, "psp_aps")
    closed = svc.advance(app, camille, followed, "psp", "abandonner",
                         facts={"motif_cloture": "souhait_personne"})
    assert closed.step == "abandonne"


def test_after_withdrawal_follow_up_does_not_resume_until_she_consents_again(app, followed):
    camille = who(app, "camille")
    svc.advance(app, camille, followed, "parcours", "mettre_en_pause", facts={})
    _withdraw(app, followed)
    with pytest.raises(TransitionRefused) as refused:
        svc.advance(app, camille, followed, "parcours", "reprendre_suivi")
    assert [r.code for r in refused.value.reasons] == ["parcours.consentement_retire"]
    svc.give_consent(app, camille, followed, "suivi")
    assert svc.advance(app, camille, followed, "parcours", "reprendre_suivi").step == \
        "suivi_individuel"
    assert svc.advance(app, camille, followed, "psp", "signer_document",
                       facts={"date_signature_document": "2026-03-05"}).step


def test_a_withdrawal_does_not_push_back_her_last_contact(app, followed):
    """Retention runs from the last contact: saying "stop" must not extend it."""
    with app.db.read() as session:
        contact = session.get(Person, followed).last_contact_at
    later = with_clock(app, TODAY + timedelta(days=30))
    _withdraw(later, followed)
    with app.db.read() as session:
        assert session.get(Person, followed).last_contact_at == contact


def test_withdrawing_takes_back_the_purpose_not_one_row(app, followed):
    camille = who(app, "camille")
    renewed = svc.give_consent(app, camille, followed, "suivi", expires_on=date(2027, 3, 1))
    first = svc.list_consents(app, camille, followed)[0]
    svc.withdraw_consent(app, camille, followed, first.id)
    assert {c.status for c in svc.list_consents(app, camille, followed)} == {"withdrawn"}
    with pytest.raises(ConflictError, match="déjà été retiré"):
        svc.withdraw_consent(app, camille, followed, renewed.id)
    [event] = _events(app, followed, "consent_withdrawn")
    assert sorted(event.facts["consents"]) == sorted([first.id, renewed.id])


def test_any_referent_of_her_delegation_records_a_withdrawal_of_follow_up(app, followed):
    svc.add_user(app, who(app, "admin"), "rachid", "referent", "Cheval-Correct-Pile-2026!")
    _withdraw(app, followed, "rachid")
    assert [c.withdrawn_by for c in svc.list_consents(app, who(app, "sonia"), followed)] == [
        "rachid"]


def test_an_unknown_consent_number_is_not_found(app, followed):
    for number in (999, "abc"):
        with pytest.raises(NotFound):
            svc.withdraw_consent(app, who(app, "camille"), followed, number)


def test_a_person_never_asked_keeps_her_case_workable(app, person):
    """Files from before consents were recorded: the gate is a withdrawal's, not an absence's."""
    svc.start_track(app, who(app, "sonia"), person, "psp")
    assert svc.advance(app, who(app, "sonia"), person, "psp", "signer_document",
                       facts={"date_signature_document": "2026-03-05"}).step


# --- referral to a named partner -------------------------------------------------------------

@pytest.fixture
def sante_app(tmp_path):
    host = build_plugin_host(load_entrypoints=False, extra=[("sante", plugins.sante)])
    parcours = make_app(f"sqlite:///{tmp_path / 'sante.db'}", host=host, today=TODAY)
    yield parcours
    parcours.close()


def test_a_referral_to_a_named_partner_needs_her_consent_to_share_with_it(sante_app):
    app, camille = sante_app, who(sante_app, "camille")
    person = svc.add_person(app, camille, "Amina").id
    follow(app, person)
    svc.start_track(app, camille, person, "sante_soins")
    referral = {"date_orientation": "2026-03-10", "structure": "cegidd",
                "partenaire": "CeGIDD de Lille"}
    with pytest.raises(TransitionRefused) as refused:
        svc.advance(app, camille, person, "sante_soins", "orienter", facts=referral)
    assert [r.code for r in refused.value.reasons] == ["partage.consentement_manquant"]
    assert "« CeGIDD de Lille »" in refused.value.msg
    shared = svc.give_consent(app, camille, person, "partage", partner="CeGIDD de Lille")
    done = svc.advance(app, camille, person, "sante_soins", "orienter", facts=referral)
    assert done.step == "orientee"
    svc.withdraw_consent(app, camille, person, shared.id)
    svc.advance(app, camille, person, "sante_soins", "honorer_rdv",
                facts={"date_rendez_vous": "2026-03-12"})
    with pytest.raises(TransitionRefused, match="partage de ses informations"):
        svc.advance(app, camille, person, "sante_soins", "orienter", facts=referral)


def test_give_follow_withdraw_on_every_backend(any_app):
    camille = who(any_app, "camille")
    person = svc.add_person(any_app, camille, "Amina").id
    given = svc.give_consent(any_app, camille, person, "suivi", given_on=date(2026, 3, 1),
                             expires_on=date(2027, 2, 28))
    svc.advance(any_app, camille, person, "parcours", "suivre", facts=SUIVRE)
    svc.give_consent(any_app, camille, person, "partage", partner="PASS de Roubaix")
    svc.start_track(any_app, camille, person, "psp")
    svc.withdraw_consent(any_app, camille, person, given.id)
    with pytest.raises(TransitionRefused, match="ne peut plus qu'être clos"):
        svc.advance(any_app, camille, person, "psp", "signer_document",
                    facts={"date_signature_document": "2026-03-05"})
    assert [(c.purpose, c.partner, c.status) for c in svc.list_consents(any_app, camille, person)] \
        == [("suivi", None, "withdrawn"), ("partage", "PASS de Roubaix", "active")]


def test_a_referral_dated_before_her_consent_to_that_partner_is_refused(sante_app):
    """A referral dated back shared her information on that day: a consent given afterwards
    does not cover it (as follow-up cannot begin before her consent to it)."""
    app, camille = sante_app, who(sante_app, "camille")
    person = svc.add_person(app, camille, "Amina").id
    follow(app, person, day="2026-01-05")
    svc.start_track(app, camille, person, "sante_soins", at=date(2026, 1, 6))
    referral = {"date_orientation": "2026-01-12", "structure": "cegidd",
                "partenaire": "CeGIDD de Lille"}
    svc.give_consent(app, camille, person, "partage", partner="CeGIDD de Lille",
                     given_on=date(2026, 2, 1))
    with pytest.raises(TransitionRefused) as refused:
        svc.advance(app, camille, person, "sante_soins", "orienter", facts=referral,
                    at=date(2026, 1, 12))
    assert [r.code for r in refused.value.reasons] == ["partage.consentement_posterieur"]
    assert "01/02/2026" in refused.value.msg and "12/01/2026" in refused.value.msg
    done = svc.advance(app, camille, person, "sante_soins", "orienter",
                       facts={**referral, "date_orientation": "2026-02-03"}, at=date(2026, 2, 3))
    assert done.step == "orientee"


def test_a_referral_keeps_the_partners_name_sealed(sante_app, tmp_path):
    """The check's result is stored in clear with the transition: it names the consent used,
    not the partner (her consent and the referral's fact keep the name sealed)."""
    app, camille = sante_app, who(sante_app, "camille")
    person = svc.add_person(app, camille, "Amina").id
    follow(app, person)
    svc.start_track(app, camille, person, "sante_soins")
    shared = svc.give_consent(app, camille, person, "partage", partner="Kanaripartenaire")
    svc.advance(app, camille, person, "sante_soins", "orienter",
                facts={"date_orientation": "2026-03-10", "structure": "cegidd",
                       "partenaire": "Kanaripartenaire"})
    files = [f for f in tmp_path.iterdir() if f.name.startswith("sante.db")]
    assert files and not [f.name for f in files if b"anaripartenaire" in f.read_bytes().lower()]
    [event] = [e for e in _events(app, person, "transition") if e.trigger == "orienter"]
    [used] = [c for c in event.checks if c["code"] == "partage.consenti"]
    assert f"n° {shared.id}" in used["message"]
