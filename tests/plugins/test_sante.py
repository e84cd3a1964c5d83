"""The sante plugin: domiciliation, AME/PUMa exclusivity, CPAM file, CSS, care, rules, report.

Regular stay from another domain is built with the built-in PSP and APS tracks; a second
coverage track of the same person is given to the engine as a snapshot.
"""

from __future__ import annotations

from datetime import date

import pytest

import plugins.sante
from core import (Actor, PersonSnapshot, ReportContext, Role, TrackSnapshot, TransitionRefused,
                  compute_due)
from core.reports import ReportEvent, ReportTrack
from core.testing import TrackHarness, check_codes, moment
from tests.plugins.psp_steps import grant_aps

TODAY = date(2026, 3, 10)
REFERENTE = Actor("referente", Role.REFERENT)


def harness(today: date = TODAY) -> TrackHarness:
    return TrackHarness.with_plugins(("sante", plugins.sante), strict=True, today=today)


def domicile(h: TrackHarness, attestation: str = "2026-01-20", contact: str | None = None) -> None:
    day = date.fromisoformat(contact or attestation)
    h.fire("demander", "sante_domiciliation", date_demande_domiciliation="2026-01-05",
           organisme_domiciliation="ccas", lien_commune="sejour", formulaire_cerfa=True)
    h.fire("domicilier", "sante_domiciliation", at=day, date_attestation=attestation)


AME = {"date_demande_ame": "2026-03-10", "date_arrivee_france": "2025-06-01",
       "piece_identite": True, "justificatif_presence": True, "justificatif_ressources": True}
PUMA = {"date_demande_puma": "2026-03-10", "piece_identite": True,
        "justificatif_residence_3m": True, "rib": True}


# --- domiciliation --------------------------------------------------------------------

def test_domiciliation_request_needs_the_form():
    h = harness()
    facts = {"date_demande_domiciliation": "2026-01-05", "organisme_domiciliation": "ccas",
             "lien_commune": "sejour"}
    h.assert_refused("demander", "sante.formulaire_domiciliation_manquant",
                     "sante_domiciliation", **facts, formulaire_cerfa=False)
    out = h.fire("demander", "sante_domiciliation", **facts, formulaire_cerfa=True)
    assert "sante.formulaire_domiciliation" in check_codes(out)
    assert h.due("sante.domiciliation_reponse_2m", "sante_domiciliation") == date(2026, 3, 5)


def test_domiciliation_opens_one_year_and_the_contact_clock():
    h = harness()
    domicile(h)
    # an attestation of 20 January 2026 is valid until 19 January 2027 (eve of the anniversary)
    assert h.due("sante.domiciliation_1a", "sante_domiciliation") == date(2027, 1, 19)
    assert h.due("sante.domiciliation_contact_3m", "sante_domiciliation") == date(2026, 4, 20)
    h.fire("signaler_contact", "sante_domiciliation", role=Role.BENEVOLE,
           date_dernier_contact="2026-03-02")
    assert h.due("sante.domiciliation_contact_3m", "sante_domiciliation") == date(2026, 6, 2)
    h.fire("renouveler", "sante_domiciliation", date_attestation="2027-01-15")
    assert h.due("sante.domiciliation_1a", "sante_domiciliation") == date(2028, 1, 14)


def test_cpam_file_refused_without_any_address():
    h = harness()
    err = h.assert_refused("demander_ame", "sante.sans_domiciliation", "sante_couverture", **AME)
    assert err.reasons[0].missing == ("domiciliation",)


def test_cpam_file_with_a_declared_address():
    h = harness()
    out = h.fire("demander_ame", "sante_couverture", **AME, domiciliation=True)
    assert "sante.adresse_declaree" in check_codes(out)


def test_cpam_file_with_a_valid_domiciliation_track():
    h = harness()
    domicile(h, contact="2026-03-01")
    out = h.fire("demander_ame", "sante_couverture", **AME)
    assert "sante.domiciliation_valide" in check_codes(out)


def test_expired_domiciliation_blocks():
    h = harness()
    domicile(h, attestation="2025-03-01")
    h.assert_refused("demander_ame", "sante.domiciliation_expiree", "sante_couverture", **AME)


def test_domiciliation_ending_soon_and_no_contact_warn():
    h = harness()
    domicile(h, attestation="2025-03-20")
    out = h.fire("demander_ame", "sante_couverture", **AME)
    assert {"sante.domiciliation_expire_bientot", "sante.domiciliation_sans_contact"} <= check_codes(out)
    contact = next(r for r in out.checks if r.code == "sante.domiciliation_sans_contact")
    assert "depuis le 20/06/2025" in contact.message


# --- CPAM file ------------------------------------------------------------------------

def test_incomplete_ame_file_lists_missing_documents():
    h = harness()
    err = h.assert_refused("demander_ame", "sante.dossier_cpam_incomplet", "sante_couverture",
                           **{**AME, "justificatif_presence": False}, domiciliation=True)
    reason = next(r for r in err.reasons if r.code == "sante.dossier_cpam_incomplet")
    assert reason.missing == ("justificatif_presence",)


@pytest.mark.parametrize(("until", "code"), [
    ("2026-02-01", "sante.piece_identite_expiree"),
    ("2026-03-20", "sante.piece_identite_expire_bientot"),
    ("2027-01-01", "sante.dossier_cpam_complet")])
def test_identity_document_expiry_only_warns(until, code):
    h = harness()
    out = h.fire("demander_ame", "sante_couverture", **AME, domiciliation=True,
                 piece_identite_jusquau=until)
    assert code in check_codes(out)


def test_puma_file_warns_without_rib_and_needs_residence_proof():
    h = harness()
    h.assert_refused("demander_puma", "sante.dossier_cpam_incomplet", "sante_couverture",
                     **{**PUMA, "justificatif_residence_3m": False}, domiciliation=True,
                     nationalite_francaise_ue=True)
    out = h.fire("demander_puma", "sante_couverture", **{**PUMA, "rib": False},
                 domiciliation=True, nationalite_francaise_ue=True)
    assert "sante.rib_manquant" in check_codes(out)


# --- AME / PUMa conditions ------------------------------------------------------------

def test_ame_needs_three_months_of_presence():
    h = harness()
    err = h.assert_refused("demander_ame", "sante.ame_presence_3m", "sante_couverture",
                           **{**AME, "date_arrivee_france": "2025-12-20"}, domiciliation=True)
    assert "21/03/2026" in err.reasons[0].message  # more than 3 months: the day after 20 March


def test_ame_refused_when_a_regular_stay_is_recorded():
    h = harness()
    grant_aps(h)
    h.assert_refused("demander_ame", "sante.ame_sejour_regulier", "sante_couverture", **AME,
                     domiciliation=True)


def test_ame_allowed_and_granted():
    h = harness()
    out = h.fire("demander_ame", "sante_couverture", **AME, domiciliation=True)
    assert {"sante.ame_conditions", "sante.couverture_unique"} <= check_codes(out)
    # implicit refusal born on Sunday 10 May (not moved); rights until the eve of the
    # anniversary; planned care after 9 months of seniority, from the day after
    assert h.due("sante.ame_decision_2m", "sante_couverture") == date(2026, 5, 10)
    h.fire("accorder_ame", "sante_couverture", date_ouverture_droits_ame="2026-03-10")
    assert h.due("sante.ame_droits_1a", "sante_couverture") == date(2027, 3, 9)
    assert h.due("sante.ame_soins_programmes_9m", "sante_couverture") == date(2026, 12, 11)


def test_puma_refused_without_regular_stay():
    h = harness()
    err = h.assert_refused("demander_puma", "sante.puma_sans_sejour_regulier",
                           "sante_couverture", **PUMA, domiciliation=True)
    assert err.reasons[0].missing == ("nationalite_francaise_ue",)


def test_puma_with_the_aps_warns_that_it_is_unverified():
    h = harness()
    grant_aps(h)
    out = h.fire("demander_puma", "sante_couverture", **PUMA, domiciliation=True)
    assert "sante.puma_aps_a_verifier" in check_codes(out)


def test_puma_waits_for_the_end_of_the_three_month_wait():
    h = harness()
    h.fire("ouvrir_carence", "sante_couverture", date_debut_carence="2026-01-31")
    # more than 3 months from 31 January: 30 April (no 31 April), met on 1 May
    assert h.due("sante.puma_carence_3m", "sante_couverture") == date(2026, 5, 1)
    h.assert_refused("demander_puma", "sante.puma_carence_en_cours", "sante_couverture", **PUMA,
                     domiciliation=True, nationalite_francaise_ue=True)
    h.assert_refused("demander_puma", "sante.puma_carence_en_cours", "sante_couverture",
                     **{**PUMA, "date_demande_puma": "2026-04-30"}, domiciliation=True,
                     nationalite_francaise_ue=True)
    out = h.fire("demander_puma", "sante_couverture", **{**PUMA, "date_demande_puma": "2026-05-01"},
                 domiciliation=True, nationalite_francaise_ue=True)
    assert "sante.puma_conditions" in check_codes(out)
    assert "sante.puma_carence_3m" not in h.tracks["sante_couverture"].deadlines


# --- AME and PUMa exclude each other ----------------------------------------------------

def other_coverage(step: str) -> PersonSnapshot:
    return PersonSnapshot(id=1, tracks=(TrackSnapshot("sante_couverture", step, id=7,
                                                      domain="sante"),))


@pytest.mark.parametrize(("trigger", "facts", "other", "code"), [
    ("demander_puma", {**PUMA, "nationalite_francaise_ue": True}, "ame_accordee",
     "sante.ame_exclut_puma"),
    ("demander_puma", {**PUMA, "nationalite_francaise_ue": True}, "ame_renouvellement",
     "sante.ame_exclut_puma"),
    ("demander_ame", AME, "puma_ouverte", "sante.puma_exclut_ame"),
    ("demander_ame", AME, "puma_maintien", "sante.puma_exclut_ame"),
])
def test_a_second_coverage_track_cannot_add_the_other_right(trigger, facts, other, code):
    h = harness()
    state = h.engine.start("sante_couverture")
    with pytest.raises(TransitionRefused) as refused:
        h.engine.fire(state, trigger, REFERENTE, today=TODAY, person=other_coverage(other),
                      facts={**facts, "domiciliation": True})
    assert code in [r.code for r in refused.value.reasons]
    assert state.step == "evaluation"


@pytest.mark.parametrize(("trigger", "facts", "other"), [
    ("demander_puma", {**PUMA, "nationalite_francaise_ue": True}, "puma_ouverte"),
    ("demander_ame", AME, "ame_accordee"),
    ("demander_ame", AME, "refusee"),
])
def test_a_second_track_with_the_same_right_is_not_an_exclusion(trigger, facts, other):
    h = harness()
    state = h.engine.start("sante_couverture")
    outcome = h.engine.fire(state, trigger, REFERENTE, today=TODAY, person=other_coverage(other),
                            facts={**facts, "domiciliation": True})
    assert "sante.couverture_unique" in check_codes(outcome)


def test_moving_from_ame_to_puma_is_a_transition_without_a_gap():
    h = harness()
    h.fire("demander_ame", "sante_couverture", **AME, domiciliation=True)
    h.fire("accorder_ame", "sante_couverture", date_ouverture_droits_ame="2026-03-10")
    h.assert_refused("basculer_puma", "sante.puma_sans_sejour_regulier", "sante_couverture",
                     **PUMA, domiciliation=True)
    grant_aps(h)
    h.fire("basculer_puma", "sante_couverture", **PUMA, domiciliation=True)
    assert "sante.ame_droits_1a" in h.tracks["sante_couverture"].deadlines  # still covered
    h.fire("ouvrir_puma", "sante_couverture", date_ouverture_puma="2026-04-01")
    assert not {"sante.ame_droits_1a", "sante.ame_soins_programmes_9m"} & set(
        h.tracks["sante_couverture"].deadlines)


def test_puma_kept_six_months_after_the_permit_then_ame():
    h = harness(today=date(2026, 10, 20))
    h.fire("demander_puma", "sante_couverture", **PUMA, domiciliation=True,
           nationalite_francaise_ue=True)
    h.fire("ouvrir_puma", "sante_couverture", date_ouverture_puma="2026-04-01")
    h.fire("signaler_fin_titre", "sante_couverture", date_fin_titre="2026-10-01")
    # rights kept to the end of the 6th month after October: 30 April 2027
    assert h.due("sante.puma_maintien_6m", "sante_couverture") == date(2027, 4, 30)
    h.fire("basculer_ame", "sante_couverture", **{**AME, "date_demande_ame": "2026-10-20"})
    h.fire("accorder_ame", "sante_couverture", date_ouverture_droits_ame="2026-10-20")
    assert "sante.puma_maintien_6m" not in h.tracks["sante_couverture"].deadlines


def test_ame_renewal_keeps_the_nine_month_seniority():
    h = harness()
    h.fire("demander_ame", "sante_couverture", **AME, domiciliation=True)
    h.fire("accorder_ame", "sante_couverture", date_ouverture_droits_ame="2026-03-10")
    h.fire("demander_renouvellement_ame", "sante_couverture", date_demande_ame="2027-01-11",
           justificatif_ressources=True, domiciliation=True)
    assert h.due("sante.ame_decision_2m", "sante_couverture") == date(2027, 3, 11)
    h.fire("accorder_renouvellement_ame", "sante_couverture",
           date_ouverture_droits_ame="2027-03-10")
    assert h.due("sante.ame_droits_1a", "sante_couverture") == date(2028, 3, 9)  # eve
    assert h.due("sante.ame_soins_programmes_9m", "sante_couverture") == date(2026, 12, 11)


def test_implicit_refusal_opens_the_appeal_deadline():
    h = harness()
    h.fire("demander_ame", "sante_couverture", **AME, domiciliation=True)
    h.fire("refuser", "sante_couverture", date_notification_refus="2026-05-11",
           refus_implicite=True)
    assert h.due("sante.recours_refus_2m", "sante_couverture") == date(2026, 7, 13)
    assert "sante.ame_decision_2m" not in h.tracks["sante_couverture"].deadlines


# --- CSS and care ---------------------------------------------------------------------

CSS = {"date_demande_css": "2026-03-10", "justificatif_ressources": True}


def test_css_needs_an_open_puma():
    h = harness()
    h.assert_refused("demander", "sante.css_sans_puma", "sante_css", **CSS)
    h.fire("demander_puma", "sante_couverture", **PUMA, domiciliation=True,
           nationalite_francaise_ue=True)
    h.fire("ouvrir_puma", "sante_couverture", date_ouverture_puma="2026-03-10")
    h.assert_refused("demander", "sante.css_ressources_manquantes", "sante_css",
                     **{**CSS, "justificatif_ressources": False})
    assert "sante.css_possible" in check_codes(h.fire("demander", "sante_css", **CSS))
    h.fire("accorder", "sante_css", date_attribution_css="2026-04-01",
           participation="sans_participation")
    assert h.due("sante.css_1a", "sante_css") == date(2027, 3, 31)  # eve of the anniversary


def test_css_is_not_for_ame_holders():
    h = harness()
    h.fire("demander_ame", "sante_couverture", **AME, domiciliation=True)
    h.fire("accorder_ame", "sante_couverture", date_ouverture_droits_ame="2026-03-10")
    h.assert_refused("demander", "sante.ame_exclut_css", "sante_css", **CSS)


@pytest.mark.parametrize(("structure", "code"), [
    ("pass", "sante.orientation_possible"), ("cegidd", "sante.orientation_possible"),
    ("medecin_generaliste", "sante.soins_sans_couverture")])
def test_orientation_without_coverage(structure, code):
    h = harness()
    out = h.fire("orienter", "sante_soins", date_orientation="2026-03-10", structure=structure)
    assert code in check_codes(out)


def test_a_referral_naming_a_partner_needs_her_consent_to_share_with_it():
    h = harness()
    refused = h.assert_refused("orienter", "partage.consentement_manquant", "sante_soins",
                               date_orientation="2026-03-10", structure="cegidd",
                               partenaire="CeGIDD de Lille")
    assert "CeGIDD de Lille" in refused.reasons[0].message
    h.give_consent("partage", date(2026, 3, 9), partner="cegidd de lille")
    out = h.fire("orienter", "sante_soins", date_orientation="2026-03-10", structure="cegidd",
                 partenaire="CeGIDD de Lille")
    assert "partage.consenti" in check_codes(out)


def test_a_referral_without_a_named_partner_shares_nothing():
    out = harness().fire("orienter", "sante_soins", date_orientation="2026-03-10",
                         structure="pass")
    assert "partage.sans_partenaire" in check_codes(out)


def test_gp_needs_open_rights():
    h = harness()
    h.fire("orienter", "sante_soins", date_orientation="2026-03-10", structure="pass")
    h.assert_refused("declarer_medecin_traitant", "sante.sans_couverture", "sante_soins",
                     date_declaration_medecin="2026-03-12")
    h.fire("demander_ame", "sante_couverture", **AME, domiciliation=True)
    h.fire("accorder_ame", "sante_couverture", date_ouverture_droits_ame="2026-03-10")
    out = h.fire("declarer_medecin_traitant", "sante_soins", date_declaration_medecin="2026-03-12")
    assert "sante.droits_ouverts" in check_codes(out)


# --- rules ----------------------------------------------------------------------------

@pytest.mark.parametrize(("rule_id", "start", "due"), [
    # validities end the eve of their anniversary (no eve when the anniversary day does not
    # exist: 29 February 2024 + 1 year is the last day of February 2025)
    ("sante.domiciliation_1a", date(2026, 3, 10), date(2027, 3, 9)),
    ("sante.domiciliation_1a", date(2024, 2, 29), date(2025, 2, 28)),
    ("sante.domiciliation_1a", date(2026, 8, 15), date(2027, 8, 14)),  # a Saturday: not moved
    ("sante.domiciliation_reponse_2m", date(2026, 3, 14), date(2026, 5, 15)),  # Ascension
    ("sante.domiciliation_contact_3m", date(2026, 1, 20), date(2026, 4, 20)),
    # the CPAM's silence is an implicit refusal born on its date, even a Sunday or Saturday
    ("sante.ame_decision_2m", date(2026, 3, 10), date(2026, 5, 10)),
    ("sante.ame_decision_2m", date(2025, 12, 31), date(2026, 2, 28)),  # no 31 February
    ("sante.ame_droits_1a", date(2026, 3, 10), date(2027, 3, 9)),
    # conditions "after / more than N months" are met the day after the N months
    ("sante.ame_soins_programmes_9m", date(2026, 3, 10), date(2026, 12, 11)),
    ("sante.puma_carence_3m", date(2026, 1, 31), date(2026, 5, 1)),  # 30 April, then next day
    ("sante.puma_carence_3m", date(2026, 3, 10), date(2026, 6, 11)),
    # decree 2019-1468: kept until the end of the 6th month after the permit's expiry
    ("sante.puma_maintien_6m", date(2026, 10, 1), date(2027, 4, 30)),
    ("sante.puma_maintien_6m", date(2026, 10, 31), date(2027, 4, 30)),
    ("sante.css_1a", date(2026, 6, 1), date(2027, 5, 31)),
    ("sante.recours_refus_2m", date(2026, 5, 11), date(2026, 7, 13)),  # Saturday 11 July
])
def test_rule_due_dates(rule_id, start, due):
    rule = harness().host.catalog.rule(rule_id)
    assert compute_due(rule, start).due == due


def test_rule_notes_are_said_in_explanations():
    catalog = harness().host.catalog
    css = compute_due(catalog.rule("sante.css_1a"), date(2026, 6, 1)).explanation
    assert "[U]" in css and "[S]" in css
    ame = compute_due(catalog.rule("sante.ame_decision_2m"), date(2026, 3, 10)).explanation
    assert "implicitement rejetée" in ame


# --- report ---------------------------------------------------------------------------

def test_report_counts_persons_and_steps_reached():
    tracks = (
        ReportTrack(id=1, person_id=20, definition_id="sante_domiciliation", domain="sante",
                    step="domiciliee", status="open", opened_at=moment("2025-10-01")),
        ReportTrack(id=2, person_id=20, definition_id="sante_couverture", domain="sante",
                    step="ame_accordee", status="open", opened_at=moment("2026-01-15")),
        ReportTrack(id=3, person_id=21, definition_id="sante_couverture", domain="sante",
                    step="puma_ouverte", status="open", opened_at=moment("2026-04-02")),
        ReportTrack(id=4, person_id=22, definition_id="sante_soins", domain="sante",
                    step="abandonnee", status="closed", opened_at=moment("2025-06-01")),
    )
    events = (
        ReportEvent(id=200, track_id=1, person_id=20, definition_id="sante_domiciliation",
                    trigger="signaler_contact", to_step="domiciliee",
                    occurred_at=moment("2026-02-01")),
        ReportEvent(id=201, track_id=2, person_id=20, definition_id="sante_couverture",
                    trigger="demander_ame", to_step="ame_demandee", occurred_at=moment("2026-01-20")),
        ReportEvent(id=202, track_id=2, person_id=20, definition_id="sante_couverture",
                    trigger="accorder_ame", to_step="ame_accordee", occurred_at=moment("2026-03-02")),
    )
    context = ReportContext(start=date(2026, 1, 1), end=date(2026, 3, 31), tracks=tracks,
                            events=events)
    [section] = plugins.sante.report.sections(context)
    figures = {f.key: f for f in section.figures}
    assert figures["personnes_accompagnees"].value == 1  # 21 opened after, 22 closed before
    assert figures["personnes_accompagnees"].sources == ("track:1", "track:2")
    assert figures["domiciliations"].value == 0  # collecting mail is not a new domiciliation
    assert figures["ame_demandees"].sources == ("event:201",)
    assert figures["ame_accordees"].sources == ("event:202",)
    assert figures["puma_ouvertes"].value == 0
