"""Built-in checks, each passing and failing, through Engine.fire and available_actions."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from core import (ConsentSnapshot, DatedConfig, DatedValue, Engine, InvalidFacts,
                  PersonSnapshot, Role, Severity, TrackSnapshot, TrackState, TransitionRefused)
from core.builtin.checks import consentement_partage
from core.builtin.pathway import PATHWAY
from core.config import DEFAULTS
from core.engine.checks import CheckContext

from .scenarios import psp_authorised, psp_to_avis

SUIVI = {"referent": "Awa"}
GIVEN = ConsentSnapshot(purpose="suivi", given_on=date(2026, 2, 27), id=1)
CONSENTED = PersonSnapshot(id=1, consents=(GIVEN,))
"""A person whose consent to follow-up is recorded (the services read it from her file)."""


def refusal(engine, state, trigger, actor, today, **kw) -> TransitionRefused:
    """Fire, expect a refusal, and check that the state did not move at all."""
    before = copy.deepcopy(state)
    with pytest.raises(TransitionRefused) as info:
        engine.fire(state, trigger, actor, today=today, **kw)
    assert state == before
    return info.value


def codes(results) -> list[str]:
    return [r.code for r in results]


# --- parcours.referent_consentement ---------------------------------------------------

def test_suivre_refused_without_consent(engine, referent, today):
    state = engine.start("parcours")
    err = refusal(engine, state, "suivre", referent, today, facts=SUIVI)
    assert codes(err.reasons) == ["parcours.consentement_manquant"]
    reason = err.reasons[0]
    assert reason.missing == ()  # not a field of the form: recorded in her consents
    assert reason.check == "parcours.referent_consentement"
    assert "parcours consent give N suivi" in reason.remedy
    assert err.msg == ("Action « suivre » refusée depuis l'étape « premier_accueil » : "
                       "Aucun consentement actif de la personne au suivi individuel n'est "
                       "enregistré (jamais recueilli, ou expiré).")


def test_consent_is_not_a_fact_anyone_can_submit(engine, referent, today):
    state = engine.start("parcours")
    with pytest.raises(InvalidFacts):
        engine.fire(state, "suivre", referent, today=today, person=CONSENTED,
                    facts={**SUIVI, "consentement": True, "date_consentement": "2026-02-27"})


def test_suivre_with_consent_and_referent(engine, referent, today):
    state = engine.start("parcours")
    outcome = engine.fire(state, "suivre", referent, today=today, facts=SUIVI, person=CONSENTED)
    assert (outcome.from_step, outcome.to_step, state.step) == (
        "premier_accueil", "suivi_individuel", "suivi_individuel")
    assert [(r.code, r.severity, r.check) for r in outcome.checks] == [
        ("parcours.suivi_possible", Severity.PASSED, "parcours.referent_consentement")]
    assert state.facts == {"referent": "Awa"}


@pytest.mark.parametrize(("consent", "code"), [
    (replace(GIVEN, expires_on=date(2026, 3, 1)), "parcours.consentement_manquant"),
    (replace(GIVEN, withdrawn=True, withdrawn_on=date(2026, 3, 1)), "parcours.consentement_retire"),
    (replace(GIVEN, purpose="statistiques"), "parcours.consentement_manquant"),
    (replace(GIVEN, given_on=date(2026, 3, 5)), "parcours.consentement_manquant"),
])
def test_suivre_needs_a_consent_active_today(engine, referent, today, consent, code):
    state = engine.start("parcours")
    err = refusal(engine, state, "suivre", referent, today, facts=SUIVI,
                  person=PersonSnapshot(id=1, consents=(consent,)))
    assert codes(err.reasons) == [code]


def test_a_withdrawal_says_when(engine, referent, today):
    withdrawn = replace(GIVEN, withdrawn=True, withdrawn_on=date(2026, 3, 1))
    err = refusal(engine, engine.start("parcours"), "suivre", referent, today, facts=SUIVI,
                  person=PersonSnapshot(id=1, consents=(withdrawn,)))
    assert err.reasons[0].message == ("La personne a retiré son consentement au suivi "
                                      "individuel le 01/03/2026.")
    again = PersonSnapshot(id=1, consents=(withdrawn, replace(GIVEN, id=2, given_on=today)))
    assert engine.fire(engine.start("parcours"), "suivre", referent, today=today, facts=SUIVI,
                       person=again).to_step == "suivi_individuel"


def test_the_follow_up_cannot_begin_before_the_consent(engine, referent, today):
    late = PersonSnapshot(id=1, consents=(replace(GIVEN, given_on=date(2026, 3, 1)),))
    err = refusal(engine, engine.start("parcours"), "suivre", referent, today, facts=SUIVI,
                  person=late, occurred_at=datetime(2026, 2, 28, 12, tzinfo=UTC))
    assert codes(err.reasons) == ["parcours.consentement_posterieur"]


def test_available_actions_list_what_suivre_still_needs(engine, referent, today):
    state = engine.start("parcours")
    view = {v.trigger: v for v in engine.available_actions(state, referent, today)}["suivre"]
    assert codes(view.reasons) == ["parcours.referent_manquant", "parcours.consentement_manquant"]
    assert view.reasons[0].missing == ("referent",)
    assert not view.allowed  # the form cannot record her consent: her file does
    known = PersonSnapshot(id=1, referent="Awa", consents=(GIVEN,))
    view = {v.trigger: v for v in engine.available_actions(state, referent, today, known)}["suivre"]
    assert codes(view.reasons) == ["parcours.suivi_possible"] and view.allowed


# --- parcours.consentement_partage ----------------------------------------------------

def _partage(partner=None, consents=()):
    ctx = CheckContext(track=TrackSnapshot("sante_soins", "besoin"),
                       transition=PATHWAY.transitions[0],
                       facts={"partenaire": partner} if partner else {}, actor=None,
                       today=date(2026, 3, 2), person=PersonSnapshot(id=1, consents=consents))
    return consentement_partage(ctx)


def test_a_referral_naming_no_partner_shares_nothing():
    assert _partage().code == "partage.sans_partenaire"


def test_a_referral_to_a_partner_needs_her_consent_to_that_partner():
    cegidd = ConsentSnapshot(purpose="partage", partner="CeGIDD de Lille",
                             given_on=date(2026, 2, 1), id=3)
    assert _partage("CeGIDD de Lille").code == "partage.consentement_manquant"
    assert _partage("CeGIDD de Lille").blocking
    assert _partage("  cegidd   de LILLE ", (cegidd,)).code == "partage.consenti"
    assert _partage("PASS de Roubaix", (cegidd,)).code == "partage.consentement_manquant"
    withdrawn = replace(cegidd, withdrawn=True, withdrawn_on=date(2026, 3, 1))
    assert _partage("CeGIDD de Lille", (withdrawn,)).code == "partage.consentement_manquant"
    other = replace(cegidd, purpose="suivi")
    assert _partage("CeGIDD de Lille", (other,)).code == "partage.consentement_manquant"


# --- role -----------------------------------------------------------------------------

def test_benevole_cannot_suivre(engine, actors, today):
    state = engine.start("parcours")
    err = refusal(engine, state, "suivre", actors[Role.BENEVOLE], today, facts=SUIVI,
                  person=CONSENTED)
    assert codes(err.reasons) == ["engine.role"]
    assert err.reasons[0].message == "Votre rôle (bénévole) ne permet pas cette action."
    assert err.reasons[0].remedy == "Demandez à un·e référent·e ou superviseur·e de la faire."


def test_a_role_refusal_says_the_role_only(engine, actors, today):
    # The checks' reasons describe the person's case (her consent, her other tracks): a role
    # that may not act is told so, not what a caseworker would read.
    state = engine.start("parcours")
    err = refusal(engine, state, "suivre", actors[Role.STAGIAIRE], today, facts=SUIVI)
    assert codes(err.reasons) == ["engine.role"]
    ok = refusal(engine, state, "suivre", actors[Role.REFERENT], today, facts=SUIVI)
    assert codes(ok.reasons) == ["parcours.consentement_manquant"]


def test_available_actions_show_the_role_refusal(engine, actors, today):
    state = engine.start("parcours")
    views = {v.trigger: v for v in engine.available_actions(state, actors[Role.BENEVOLE], today)}
    assert views["reconnaitre"].allowed
    assert not views["suivre"].allowed
    assert "engine.role" in codes(views["suivre"].reasons)
    admin = {v.trigger: v for v in engine.available_actions(state, actors[Role.ADMIN], today)}
    assert not any(v.allowed for v in admin.values())  # the admin never acts on a file


# --- parcours.demarches_ouvertes (warning only) ---------------------------------------

def _followed(engine, referent, today):
    state = engine.start("parcours")
    engine.fire(state, "suivre", referent, today=today, facts=SUIVI, person=CONSENTED)
    return state


def test_reinsertion_warns_about_other_open_tracks_but_fires(engine, referent, today):
    state = _followed(engine, referent, today)
    person = PersonSnapshot(id=1, tracks=(
        TrackSnapshot("parcours", "suivi_individuel"),
        TrackSnapshot("psp", "autorise", domain="psp"),
        TrackSnapshot("psp_aps", "delivree", domain="psp"),
        TrackSnapshot("psp_afis", "arretee", final=True),
        TrackSnapshot("logement", "demande", status="closed"),
    ))
    outcome = engine.fire(state, "reinserer", referent, today=today, person=person,
                          facts={"date_reinsertion": "2026-03-01"})
    assert state.step == "reinsertion" and outcome.final
    [warn] = outcome.checks
    assert (warn.code, warn.severity) == ("parcours.demarches_ouvertes", Severity.WARNING)
    assert warn.message == "Démarches encore ouvertes : psp (autorise), psp_aps (delivree)."


def test_reinsertion_without_other_tracks_passes(engine, referent, today):
    state = _followed(engine, referent, today)
    outcome = engine.fire(state, "reinserer", referent, today=today,
                          facts={"date_reinsertion": "2026-03-01"})
    assert codes(outcome.checks) == ["parcours.aucune_demarche_ouverte"]


# --- psp.dossier_complet --------------------------------------------------------------

DOSSIER = {"piece_identite": True, "attestation_cessation": True, "domiciliation": True}


def _psp_document(engine, referent, today):
    state = engine.start("psp")
    engine.fire(state, "signer_document", referent, today=today,
                facts={"date_signature_document": "2026-02-01"})
    return state


def test_dossier_incomplet_names_each_missing_piece(engine, referent, today):
    state = _psp_document(engine, referent, today)
    err = refusal(engine, state, "constituer_dossier", referent, today,
                  facts={**DOSSIER, "piece_identite": False, "domiciliation": False})
    [reason] = err.reasons
    assert reason.code == "psp.dossier_incomplet"
    assert reason.missing == ("piece_identite", "domiciliation")
    assert reason.message == ("Pièces manquantes au dossier : copie d'une pièce d'identité, "
                              "domiciliation ou adresse.")


def test_dossier_complet_then_transmettre_reads_the_recorded_pieces(engine, referent, today):
    state = _psp_document(engine, referent, today)
    first = engine.fire(state, "constituer_dossier", referent, today=today, facts=DOSSIER)
    assert codes(first.checks) == ["psp.dossier_complet"]
    second = engine.fire(state, "transmettre", referent, today=today,
                         facts={"date_envoi": "2026-03-02"})
    # filing also checks the association's approval; without delegation data it only warns
    assert codes(second.checks) == ["psp.dossier_complet", "psp.agrement_non_renseigne"]
    assert state.step == "transmis"


# --- psp.renouvellement_a_temps (warning only) -----------------------------------------

KEPT = {"engagements_tenus": True, "cessation_effective": True}

def test_late_renewal_file_warns_but_is_sent(engine, referent, today):
    state = psp_authorised(engine, referent, today, date(2026, 1, 15))
    outcome = engine.fire(state, "transmettre_renouvellement", referent, today=today,
                          facts={"date_envoi_renouvellement": "2026-06-01", **KEPT})
    assert state.step == "renouvellement_transmis"
    assert ("psp.renouvellement_tardif", Severity.WARNING) in [
        (r.code, r.severity) for r in outcome.checks]


def test_renewal_sent_early_enough_passes(engine, referent, today):
    state = psp_authorised(engine, referent, today, date(2026, 1, 15))
    outcome = engine.fire(state, "transmettre_renouvellement", referent, today=today,
                          facts={"date_envoi_renouvellement": "2026-05-20", **KEPT})
    # each renewal also weighs the commitments and the cessation (CE 440802)
    assert codes(outcome.checks) == ["psp.sous_plafond", "psp.renouvellement_a_temps",
                                     "psp.renouvellement_conditions"]


# --- AFIS -----------------------------------------------------------------------------

AFIS = {"date_demande_afis": "2026-03-02", "date_naissance": "1990-05-04",
        "situation_sejour": "titre_sejour", "ressources_mois_precedent": 120,
        "beneficiaire_rsa": False, "beneficiaire_ada": False}
PSP_AUTHORISED = TrackSnapshot("psp", "autorise", domain="psp", id=7)


def person(*tracks: TrackSnapshot, **kw) -> PersonSnapshot:
    return PersonSnapshot(id=1, tracks=(PSP_AUTHORISED, *tracks), **kw)


def afis_refusal(engine, referent, today, facts, who=None) -> list[str]:
    state = engine.start("psp_afis")
    err = refusal(engine, state, "demander", referent, today, facts={**AFIS, **facts},
                  person=who or person())
    return codes(err.reasons)


def test_afis_all_conditions_met(engine, referent, today):
    state = engine.start("psp_afis")
    outcome = engine.fire(state, "demander", referent, today=today, facts=AFIS, person=person())
    assert state.step == "demandee"
    assert codes(outcome.checks) == ["psp.autorise", "psp.afis_majeure", "psp.afis_sejour",
                                     "psp.afis_ressources", "psp.afis_ni_rsa_ni_ada"]


@pytest.mark.parametrize("born, adult", [("2008-03-03", False), ("2008-03-02", True)])
def test_afis_age_on_the_day_of_the_decision(engine, referent, today, born, adult):
    state = engine.start("psp_afis")
    facts = {**AFIS, "date_naissance": born}
    if adult:
        engine.fire(state, "demander", referent, today=today, facts=facts, person=person())
        assert state.step == "demandee"
    else:
        assert afis_refusal(engine, referent, today, facts) == ["psp.afis_mineure"]


def test_afis_age_read_from_the_person_when_not_submitted(engine, referent, today):
    facts = {k: v for k, v in AFIS.items() if k != "date_naissance"}
    minor = person(birth_date=date(2010, 1, 1))
    err = refusal(engine, engine.start("psp_afis"), "demander", referent, today, facts=facts,
                  person=minor)
    assert codes(err.reasons) == ["psp.afis_mineure"]
    err = refusal(engine, engine.start("psp_afis"), "demander", referent, today, facts=facts,
                  person=person())
    assert codes(err.reasons) == ["psp.afis_age_inconnu"]
    assert err.reasons[0].missing == ("date_naissance",)
    adult = person(birth_date=date(1990, 1, 1))
    state = engine.start("psp_afis")
    engine.fire(state, "demander", referent, today=today, facts=facts, person=adult)
    assert state.step == "demandee"


@pytest.mark.parametrize("demande, amount, blocked", [
    ("2026-03-02", 646.52, True),    # RSA from 1 April 2025: 646.52 € (equal is too much)
    ("2026-03-02", 646.51, False),
    ("2025-03-31", 640.00, True),    # RSA from 1 April 2024: 635.71 €
    ("2025-04-01", 640.00, False),
])
def test_afis_resources_against_the_rsa_amount_of_the_request_date(engine, referent, today,
                                                                    demande, amount, blocked):
    facts = {**AFIS, "date_demande_afis": demande, "ressources_mois_precedent": amount}
    state = engine.start("psp_afis")
    if blocked:
        assert afis_refusal(engine, referent, today, facts) == ["psp.afis_ressources_trop_elevees"]
    else:
        engine.fire(state, "demander", referent, today=today, facts=facts, person=person())
        assert state.step == "demandee"


def test_afis_resources_follow_a_newer_dated_amount(host, referent, today):
    newer = {**DEFAULTS, "rsa_socle_personne_seule": (
        *DEFAULTS["rsa_socle_personne_seule"],
        DatedValue(date(2026, 2, 1), 700.0, "valeur de test"))}
    engine = Engine(host.catalog, config=DatedConfig(newer))
    facts = {**AFIS, "ressources_mois_precedent": 680}
    state = engine.start("psp_afis")
    engine.fire(state, "demander", referent, today=today, facts=facts, person=person())
    assert state.step == "demandee"
    early = {**facts, "date_demande_afis": "2026-01-31"}
    err = refusal(engine, engine.start("psp_afis"), "demander", referent, today, facts=early,
                  person=person())
    assert err.reasons[0].message == ("Ressources (680.00 €) au moins égales au RSA (646.52 €).")


def test_afis_excluded_by_ada_or_rsa_declared(engine, referent, today):
    assert afis_refusal(engine, referent, today, {"beneficiaire_ada": True}) == ["psp.afis_ada"]
    assert afis_refusal(engine, referent, today, {"beneficiaire_rsa": True}) == ["psp.afis_rsa"]


def test_afis_excluded_by_ada_recorded_on_another_open_track(engine, referent, today):
    asylum = TrackSnapshot("asile", "demande_ofpra", domain="asile",
                           facts={"beneficiaire_ada": True})
    assert afis_refusal(engine, referent, today, {}, person(asylum)) == ["psp.afis_ada"]


def test_ada_on_a_closed_track_does_not_exclude(engine, referent, today):
    closed = TrackSnapshot("asile", "rejet", status="closed", facts={"beneficiaire_ada": True})
    state = engine.start("psp_afis")
    engine.fire(state, "demander", referent, today=today, facts=AFIS, person=person(closed))
    assert state.step == "demandee"


@pytest.mark.parametrize("psp", [None, TrackSnapshot("psp", "transmis"),
                                 TrackSnapshot("psp", "sorti", final=True)])
def test_afis_needs_an_authorised_psp(engine, referent, today, psp):
    who = PersonSnapshot(id=1, tracks=(psp,) if psp else ())
    assert afis_refusal(engine, referent, today, {}, who) == ["psp.non_autorise"]
    state = engine.start("psp_afis")
    view = engine.available_actions(state, referent, today, who)[0]
    assert not view.allowed


def test_afis_available_once_psp_is_authorised(engine, referent, today):
    view = engine.available_actions(engine.start("psp_afis"), referent, today, person())[0]
    assert view.trigger == "demander" and view.allowed
    assert all(r.missing for r in view.reasons if r.blocking)


def test_afis_with_an_aps_not_recorded_warns(engine, referent, today):
    state = engine.start("psp_afis")
    outcome = engine.fire(state, "demander", referent, today=today, person=person(),
                          facts={**AFIS, "situation_sejour": "aps"})
    assert state.step == "demandee"
    assert ("psp.afis_aps_non_enregistree", Severity.WARNING) in [
        (r.code, r.severity) for r in outcome.checks]
    aps = TrackSnapshot("psp_aps", "delivree")
    outcome = engine.fire(engine.start("psp_afis"), "demander", referent, today=today,
                          person=person(aps), facts={**AFIS, "situation_sejour": "aps"})
    assert "psp.afis_sejour" in codes(outcome.checks)


def test_aps_request_needs_an_authorised_psp(engine, referent, today):
    state = engine.start("psp_aps")
    err = refusal(engine, state, "demander", referent, today,
                  facts={"date_demande_aps": "2026-03-02"}, person=PersonSnapshot())
    assert codes(err.reasons) == ["psp.non_autorise"]
    engine.fire(state, "demander", referent, today=today, person=person(),
                facts={"date_demande_aps": "2026-03-02"})
    assert state.step == "demandee"


def test_psp_walk_reaches_the_prefect_decision(engine, referent, today):
    state = psp_to_avis(engine, referent, today)
    assert state.step == "avis_rendu"
    assert state.facts["avis"] == "favorable"


# --- TrackSnapshot.of: the one builder (engine, services, harness) ----------------------

def test_a_snapshot_takes_domain_and_finality_from_the_definition(host):
    psp = host.catalog.definition("psp")
    state = TrackState("psp", psp.version, "sorti", {"avis": "favorable"}, status="open", id=4)
    snap = TrackSnapshot.of(psp, state, {"psp.duree_max_24m": "running"})
    assert snap == TrackSnapshot("psp", "sorti", "open", {"avis": "favorable"}, psp.domain, 4,
                                 final=True, deadlines={"psp.duree_max_24m": "running"})
    assert not snap.open
    state.facts["avis"] = "défavorable"
    assert snap.facts == {"avis": "favorable"}  # a copy: the checks never see later changes
    running = TrackSnapshot.of(psp, replace(state, step="transmis"), {})
    assert (running.final, running.open) == (False, True)


def test_a_snapshot_of_a_track_whose_definition_is_gone_has_no_domain():
    snap = TrackSnapshot.of(None, TrackState("retire", 1, "etape", status="closed", id=9), {})
    assert (snap.domain, snap.final, snap.status, snap.id) == ("", False, "closed", 9)


def test_a_referral_dated_before_her_consent_is_not_covered_by_it():
    cegidd = ConsentSnapshot(purpose="partage", partner="CeGIDD de Lille",
                             given_on=date(2026, 3, 1), id=3)
    ctx = CheckContext(track=TrackSnapshot("sante_soins", "besoin"),
                       transition=PATHWAY.transitions[0],
                       facts={"partenaire": "CeGIDD de Lille"}, actor=None,
                       today=date(2026, 3, 2), person=PersonSnapshot(id=1, consents=(cegidd,)),
                       occurred_at=datetime(2026, 2, 20, 12, tzinfo=UTC))
    assert consentement_partage(ctx).code == "partage.consentement_posterieur"
    assert consentement_partage(replace(ctx, occurred_at=datetime(2026, 3, 1, 12, tzinfo=UTC))
                                ).code == "partage.consenti"


def test_a_passing_result_handed_out_again_still_names_its_own_check():
    """``passed`` hands out the same frozen result again: one check's result must never
    carry another check's id, nor one given outside any check."""
    from core.engine.checks import RUNNING_CHECK, passed

    def given_by(check: str):
        token = RUNNING_CHECK.set(check)
        try:
            return passed("x.ok", "Bon.")
        finally:
            RUNNING_CHECK.reset(token)

    assert [given_by("a.un").check, given_by("b.deux").check, given_by("a.un").check,
            passed("x.ok", "Bon.").check] == ["a.un", "b.deux", "a.un", ""]
