"""Issue 12, point by point: each legal error fixed, shown on a real dated case with the bundled
plugins, the reasoning in the test's docstring (domain.md §0, §2.3, §2.5, §3, §4, §5, §6, §9)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from core import Agrement, DelegationInfo, Kind, compute_due
from core.errors import InputError, TransitionRefused
from core.plugins import build_plugin_host
from core.services.catalog import compute_rule
from core.testing import TrackHarness, check_codes
from tests.plugins.psp_steps import authorise_psp, deliver_aps

HOST = build_plugin_host()
BUNDLED = ("parcours", "asile", "emploi", "logement", "plainte", "sante")
ADULT = date(1990, 3, 15)
KEPT = {"engagements_tenus": True, "cessation_effective": True}
AFIS = {"date_demande_afis": "2026-04-01", "situation_sejour": "aps",
        "ressources_mois_precedent": 0, "beneficiaire_rsa": False, "beneficiaire_ada": False}
PUMA = {"piece_identite": True, "justificatif_residence_3m": True, "rib": True,
        "domiciliation": True}
AME = {"piece_identite": True, "justificatif_presence": True, "justificatif_ressources": True,
       "domiciliation": True}


def person(today: date, **kw) -> TrackHarness:
    return TrackHarness(host=HOST, today=today, **{"birth_date": ADULT, **kw})


def due_of(rule_id: str, start, *suspensions):
    return compute_rule(HOST, rule_id, start, list(suspensions))


def registered_asylum_seeker(h: TrackHarness, registered: str = "2026-04-23") -> None:
    h.fire("pre_enregistrer", "asile", date_pre_enregistrement="2026-04-20")
    h.fire("enregistrer_procedure_normale", "asile", date_delivrance_atda=registered,
           sejour_regulier_jusquau="2027-02-22")


def rejected_by_ofpra(h: TrackHarness, notified: str) -> None:
    registered_asylum_seeker(h)
    h.fire("rediger_recit", "asile", date_recit="2026-04-28", langue_recit="français",
           recit_traduit_francais=False)
    h.fire("envoyer_ofpra", "asile", date_envoi_ofpra="2026-05-06", formulaire_ofpra=True,
           photos=True, copie_atda=True, envoi_recommande_ar=True)
    h.fire("enregistrer_introduction", "asile", date_introduction_ofpra="2026-05-20")
    h.fire("rejeter", "asile", date_notification_rejet=notified, decision_ofpra="rejet",
           droit_au_maintien=True, sejour_regulier_jusquau="2027-02-22")


# --- 1. suspension conditions ------------------------------------------------------------

def test_1_legal_aid_suspends_the_cnda_month_only_within_15_days():
    """Loi 91-647 art. 9-4: legal aid suspends the one-month CNDA appeal only when asked within
    15 days of the OFPRA decision's notification. Notified Monday 2 March 2026, the window
    closes on Tuesday 17 March; asked on 25 March, it suspends nothing, and both a one-off
    computation and the asylum track refuse it, with that reason."""
    with pytest.raises(InputError) as late:
        due_of("asile.cnda_1m", date(2026, 3, 2), (date(2026, 3, 25), date(2026, 4, 20)))
    assert "au plus tard le mardi 17 mars 2026" in late.value.msg
    h = person(date(2026, 3, 25))
    rejected_by_ofpra(h, "2026-03-02")
    refused = h.assert_refused("demander_aide_juridictionnelle", "asile.aj_hors_delai", "asile",
                               date_demande_aj="2026-03-25")
    assert "au plus tard le mardi 17 mars 2026" in refused.reasons[0].message


def test_1_the_window_itself_moves_past_a_holiday():
    """Notified Wednesday 29 April 2026, the 15 days end on Ascension Thursday 14 May and
    move to Friday 15 May: a request that day still suspends the CNDA month."""
    h = person(date(2026, 5, 15))
    rejected_by_ofpra(h, "2026-04-29")
    h.fire("demander_aide_juridictionnelle", "asile", date_demande_aj="2026-05-15")
    assert h.tracks["asile"].deadlines["asile.cnda_1m"].suspended_since == date(2026, 5, 15)


# --- 2. délais francs ------------------------------------------------------------------------

@pytest.mark.parametrize(("rule_id", "notified", "last_day"), [
    ("asile.cnda_1m", date(2026, 6, 10), date(2026, 7, 13)),
    ("psp.recours_refus_2m", date(2026, 3, 2), date(2026, 5, 4)),
    ("sante.recours_refus_2m", date(2026, 4, 13), date(2026, 6, 15)),
    ("logement.comed_recours_2m", date(2026, 6, 12), date(2026, 8, 13)),
    ("logement.dalo_recours_4m", date(2026, 8, 17), date(2026, 12, 18)),
    ("logement.daho_recours_4m", date(2026, 7, 31), date(2026, 12, 1)),
])
def test_2_administrative_court_appeals_are_francs(rule_id, notified, last_day):
    """CJA and CESEDA appeals are délais francs (CE 1 July 2020 n° 438152 restates it): the
    day of notification and the day of expiry do not count, so the last day to file is the
    day after the date-to-date end, then moved past weekends and holidays. E.g. CNDA:
    notified 10 June 2026, date-to-date end Friday 10 July, last day Saturday 11 July,
    moved to Monday 13 July."""
    due = due_of(rule_id, notified)
    assert (due.due, due.franc) == (last_day, True)
    assert "délai franc" in due.explanation


def test_2_every_shipped_limit_rule_decides_franc_and_dublin_is_not():
    """Each last-day-to-act rule of the bundled packs states explicitly whether it is franc;
    the Dublin transfer appeal (CESEDA L921-1) is not: notified Wednesday 4 November 2026, its
    7 days end on Wednesday 11 November, Armistice, moved to Thursday 12."""
    shipped = [r for r in HOST.catalog.all_rules()
               if HOST.catalog.origin[f"rule:{r.id}"] in BUNDLED and r.kind is Kind.LIMIT]
    assert shipped and all("franc" in r.model_fields_set for r in shipped)
    assert all(r.franc_source for r in shipped if r.franc)
    dublin = due_of("asile.dublin_recours_7j", date(2026, 11, 4))
    assert (dublin.due, dublin.franc) == (date(2026, 11, 12), False)
    assert "délai non franc" in dublin.explanation


# --- 3. versions by effective date -----------------------------------------------------------

@pytest.mark.parametrize(("notified", "version", "last_day"), [
    ("2024-07-10", 1, date(2024, 7, 25)), ("2024-07-15", 2, date(2024, 7, 22))])
def test_3_the_dublin_appeal_version_is_the_one_in_force_on_the_notification(
        notified, version, last_day):
    """Law 2024-42: the transfer appeal is 7 days for decisions notified from 15 July 2024,
    15 days before. Notified Wednesday 10 July 2024: 15 days, Thursday 25 July; notified
    Monday 15 July: 7 days, Monday 22 July."""
    h = person(date(2024, 7, 20))
    h.fire("pre_enregistrer", "asile", date_pre_enregistrement="2024-05-02")
    h.fire("enregistrer_procedure_dublin", "asile", date_delivrance_atda="2024-05-06",
           sejour_regulier_jusquau="2024-06-05")
    h.fire("notifier_transfert", "asile", date_acceptation_etat="2024-07-01",
           date_notification_transfert=notified)
    running = h.tracks["asile"].deadlines["asile.dublin_recours_7j"]
    assert (running.version, running.due) == (version, last_day)


# --- 4. dates that mean "until", silences, "more than" ---------------------------------------

def test_4_validities_end_the_eve_of_their_anniversary():
    """An ATDA issued on 23 April 2026 for 10 months is valid until 22 February 2027, as
    written on it; the explanation says "valable jusqu'au" with that last valid day."""
    due = due_of("asile.atda_normale_10m", date(2026, 4, 23))
    assert due.due == date(2027, 2, 22)
    assert due.explanation.startswith("Valable jusqu'au lundi 22 février 2027 inclus")
    for rule_id, issued, last in [("asile.carte_l425_1_1an", date(2026, 7, 1), date(2027, 6, 30)),
                                  ("sante.ame_droits_1a", date(2026, 3, 10), date(2027, 3, 9)),
                                  ("sante.css_1a", date(2026, 6, 1), date(2027, 5, 31)),
                                  ("sante.domiciliation_1a", date(2026, 1, 20), date(2027, 1, 19)),
                                  ("psp.autorisation_6m", date(2026, 1, 15), date(2026, 7, 14))]:
        assert due_of(rule_id, issued).due == last, rule_id


@pytest.mark.parametrize(("rule_id", "start", "born"), [
    ("sante.ame_decision_2m", date(2026, 3, 10), date(2026, 5, 10)),  # a Sunday
    ("logement.dalo_comed_3m", date(2026, 2, 1), date(2026, 5, 1)),  # 1 May
    ("logement.daho_comed_6s", date(2026, 3, 21), date(2026, 5, 2)),  # a Saturday
])
def test_4_an_implicit_decision_is_born_on_its_date(rule_id, start, born):
    """An authority's silence becomes an implicit decision on the day the time runs out,
    whatever the weekday: it is not a time limit for the person, so it is never moved."""
    due = due_of(rule_id, start)
    assert (due.due, due.kind) == (born, Kind.SILENCE)
    assert due.explanation.startswith("Décision implicite née le")


@pytest.mark.parametrize(("rule_id", "start", "met"), [
    ("sante.ame_presence_3m", date(2026, 1, 10), date(2026, 4, 11)),
    ("sante.puma_carence_3m", date(2026, 1, 10), date(2026, 4, 11)),
    ("plainte.partie_civile_3m", date(2026, 3, 20), date(2026, 6, 21)),
    ("asile.acces_travail_6m", date(2026, 5, 20), date(2026, 11, 21)),
])
def test_4_more_than_n_months_is_met_the_day_after(rule_id, start, met):
    """"More than three months" of presence (AME), of residence (asylum seekers' PUMa), since
    the complaint (CPP 85), or six months without an OFPRA decision (L554-1): on the 3-month
    date exactly the condition is not met yet; it is from the next day."""
    assert due_of(rule_id, start).due == met


def test_4_puma_rights_run_to_the_end_of_the_6th_month():
    """Decree 2019-1468: PUMa rights are kept until the end of the 6th month after the
    permit's expiry: expired 15 March 2026, kept until 30 September 2026."""
    due = due_of("sante.puma_maintien_6m", date(2026, 3, 15))
    assert due.due == date(2026, 9, 30)
    assert "fin du 6e mois" in due.explanation


# --- 5. explanations -----------------------------------------------------------------------

def test_5_explanations_say_why_a_date_was_clamped_and_what_was_left():
    """Notified 31 January 2026, the CNDA month has no 31 February: the last day of February
    counts, then franc. Asked on 10 March, decided on 20 March, legal aid left 24 days after
    a notification on 2 March, which run again from 20 March."""
    clamped = due_of("asile.cnda_1m", date(2026, 1, 31))
    assert "pas de 31 février : dernier jour du mois" in clamped.explanation
    h = person(date(2026, 3, 21))
    rejected_by_ofpra(h, "2026-03-02")
    h.fire("demander_aide_juridictionnelle", "asile", date_demande_aj="2026-03-10")
    out = h.fire("decider_aide_juridictionnelle", "asile", date_notification_aj="2026-03-20",
                 decision_aj="accordee_totale")
    resumed = next(c for c in out.deadlines if c.action == "resume")
    assert resumed.due.due == date(2026, 4, 13)
    assert ("il restait 24 jour(s) le mardi 10 mars 2026, qui courent à nouveau à compter du "
            "vendredi 20 mars 2026") in resumed.due.explanation


# --- 6. asylum seekers and PUMa --------------------------------------------------------------

def test_6_an_asylum_seeker_waits_more_than_3_months_for_puma():
    """Decree 2019-1531: adult asylum seekers get PUMa only after more than 3 months from the
    registration of their application. Registered on 23 April 2026, an ATDA holder asking on
    5 May (12 days later) is refused, and sent to the PASS or urgent care; from 24 July the
    request passes. The wait applies by itself, with no carence step recorded."""
    h = person(date(2026, 5, 5))
    registered_asylum_seeker(h)
    refused = h.assert_refused("demander_puma", "sante.puma_carence_asile", "sante_couverture",
                               date_demande_puma="2026-05-05", **PUMA)
    reason = refused.reasons[0]
    assert "à partir du 24/07/2026" in reason.message and "PASS" in reason.remedy
    out = h.fire("demander_puma", "sante_couverture", date_demande_puma="2026-07-24", **PUMA)
    assert "sante.puma_conditions" in check_codes(out)


def test_6_minors_do_not_wait():
    """The 3-month wait is for adult asylum seekers: a 16-year-old may ask at once."""
    h = person(date(2026, 5, 5), birth_date=date(2010, 1, 2))
    registered_asylum_seeker(h)
    out = h.fire("demander_puma", "sante_couverture", date_demande_puma="2026-05-05", **PUMA)
    assert "sante.puma_conditions" in check_codes(out)


# --- 7. AFIS, RSA and ADA exclude each other, both ways --------------------------------------

def afis_paid(h: TrackHarness) -> None:
    authorise_psp(h, "2026-03-16")
    deliver_aps(h, asked="2026-03-18", issued="2026-03-25", until="2026-09-24")
    h.fire("demander", "psp_afis", **AFIS)
    h.fire("accorder", "psp_afis", date_accord_afis="2026-04-20")


def test_7_granting_rsa_while_afis_runs_warns_with_afis_end():
    """CASF R121-12-13-1 4°: AFIS is for people not eligible to RSA nor ADA. RSA opened on 10
    June 2026 while AFIS is paid: a warning says AFIS stops from the following month, last
    paid month June (until 30 June)."""
    h = person(date(2026, 6, 10))
    afis_paid(h)
    h.fire("demander", "emploi_rsa", date_demande_rsa="2026-05-20", situation_sejour="francaise_ue")
    out = h.fire("accorder", "emploi_rsa", date_ouverture_rsa="2026-06-10")
    [flag] = [r for r in out.checks if r.code == "psp.afis_cumul"]
    assert "le RSA" in flag.message and "jusqu'au 30/06/2026" in flag.message


def test_7_opening_ada_while_afis_runs_warns_too():
    """The same exclusivity from the asylum side: ADA opened on 3 July 2026 stops AFIS from
    August (paid until 31 July)."""
    h = person(date(2026, 7, 3))
    afis_paid(h)
    registered_asylum_seeker(h, "2026-06-20")
    h.fire("accepter_cma", "asile_ada", date_acceptation_cma="2026-06-22",
           hebergement_propose=True, ressources_inferieures_rsa=True)
    out = h.fire("ouvrir_ada", "asile_ada", date_ouverture_ada="2026-07-03")
    [flag] = [r for r in out.checks if r.code == "psp.afis_cumul"]
    assert "l'ADA" in flag.message and "jusqu'au 31/07/2026" in flag.message


def test_7_ending_the_pathway_flags_aps_and_afis():
    """Ending a PSP ends the APS (L425-4) and AFIS that depend on it: leaving on 15 September
    2026 flags both, AFIS being paid until 30 September."""
    h = person(date(2026, 9, 15))
    afis_paid(h)
    out = h.fire("sortir", "psp", date_sortie="2026-09-15", solution_sejour="salarie")
    assert {"psp.afis_a_arreter", "psp.aps_a_clore"} <= check_codes(out)
    afis = next(r for r in out.checks if r.code == "psp.afis_a_arreter")
    assert "jusqu'au 30/09/2026" in afis.message


# --- 8. PSP renewal ------------------------------------------------------------------------

def test_8_the_sworn_statement_warns_at_entry_and_cessation_is_weighed_at_renewal():
    """CE 19 November 2021 n° 440802 separates entry from renewal and warns against a hard
    guard at entry: without the sworn statement the file goes on with a warning; at the
    renewal, commitments not kept or cessation not effective are flagged for the prefect."""
    h = person(date(2026, 6, 1))
    h.fire("signer_document", "psp", date_signature_document="2026-01-05")
    out = h.fire("constituer_dossier", "psp", piece_identite=True, attestation_cessation=False,
                 domiciliation=True)
    assert "psp.attestation_cessation_absente" in check_codes(out)
    h.fire("transmettre", "psp", date_envoi="2026-01-20")
    h.fire("enregistrer_avis", "psp", date_commission="2026-03-02", avis="favorable")
    h.fire("autoriser", "psp", date_decision="2026-03-16", debut_periode="2026-03-16")
    out = h.fire("transmettre_renouvellement", "psp", date_envoi_renouvellement="2026-07-15",
                 engagements_tenus=False, cessation_effective=False)
    assert {"psp.engagements_non_tenus", "psp.cessation_non_effective"} <= check_codes(out)


def test_8_afis_conditions_are_checked_again_at_renewal():
    """AFIS is granted for the period of the PSP decision; at each renewal its conditions are
    checked again: 700 € of resources in the month before is above the RSA lump sum for one
    person (646.52 € since 1 April 2025)."""
    h = person(date(2026, 7, 15))
    afis_paid(h)
    out = h.fire("transmettre_renouvellement", "psp", date_envoi_renouvellement="2026-07-15",
                 ressources_mois_precedent=700, **KEPT)
    assert "psp.afis_ressources_depassees" in check_codes(out)


# --- 9. the association's approval ---------------------------------------------------------

APPROVED_2023 = Agrement(department="59", granted_on=date(2023, 3, 1))
TACIT_2026 = Agrement(department="59", requested_on=date(2025, 9, 1))


def filed(delegation: DelegationInfo | None, sent: str) -> set[str]:
    h = person(date.fromisoformat(sent), delegation=delegation)
    h.fire("signer_document", "psp", date_signature_document="2025-01-05")
    h.fire("constituer_dossier", "psp", piece_identite=True, attestation_cessation=True,
           domiciliation=True)
    try:
        return check_codes(h.fire("transmettre", "psp", date_envoi=sent))
    except TransitionRefused as refused:
        return {r.code for r in refused.reasons}


def test_9_only_an_approved_association_files_and_is_warned_before_expiry():
    """CASF R121-12-3: an approval lasts 3 years. Granted on 1 March 2023, it covers filings
    until 28 February 2026; from 1 November 2025 (4 months before) a filing warns; on
    2 March 2026 the association is no longer approved and the filing is refused."""
    nord = DelegationInfo(code="lille", department="59", agrements=(APPROVED_2023,))
    assert "psp.agrement_valide" in filed(nord, "2025-06-02")
    assert "psp.agrement_expire_bientot" in filed(nord, "2025-11-03")
    assert "psp.agrement_absent" in filed(nord, "2026-03-02")
    other = DelegationInfo(code="lille", department="62", agrements=(APPROVED_2023,))
    assert "psp.agrement_absent" in filed(other, "2025-06-02")
    assert "psp.agrement_non_renseigne" in filed(None, "2025-06-02")


def test_9_silence_means_approval():
    """A file is complete when the prefect asked for nothing within 2 months, and 4 months
    of silence after a complete file mean approval: filed on 1 September 2025, complete on
    1 November, approved by silence on 1 March 2026, valid until 28 February 2029."""
    nord = DelegationInfo(code="lille", department="59", agrements=(TACIT_2026,))
    assert "psp.agrement_absent" in filed(nord, "2026-02-27")
    assert "psp.agrement_valide" in filed(nord, "2026-03-02")
    complete = due_of("psp.agrement_dossier_complet_2m", date(2025, 9, 1)).due
    approved = due_of("psp.agrement_silence_4m", complete).due
    assert (complete, approved) == (date(2025, 11, 1), date(2026, 3, 1))
    assert due_of("psp.agrement_3a", approved).due == date(2029, 2, 28)


# --- 10. DALO shelter grounds --------------------------------------------------------------

DALO = {"formulaire_comed": True, "pieces_justificatives": True, "nationalite_francaise_ue": True}


def test_10_the_six_months_in_shelter_must_be_continuous():
    """CCH L441-2-3: more than 6 months in shelter is a DALO ground, if continuous. Sheltered
    14 January 2026, out on 2 March, back on 4 March: the count restarts, so an application
    received on 20 July 2026 is flagged (ground met only from 5 September)."""
    h = person(date(2026, 7, 20))
    h.fire("appeler_115", "logement_hebergement", date_appel_115="2026-01-14")
    h.fire("heberger", "logement_hebergement", date_entree_hebergement="2026-01-14",
           type_hebergement="chu")
    h.fire("perdre_place", "logement_hebergement", date_sans_solution="2026-03-02")
    h.fire("appeler_115", "logement_hebergement", date_appel_115="2026-03-04")
    h.fire("heberger", "logement_hebergement", date_entree_hebergement="2026-03-04",
           type_hebergement="hotel")
    assert h.due("logement.hebergement_6m", "logement_hebergement") == date(2026, 9, 5)
    out = h.fire("deposer", "logement_dalo", date_reception_comed="2026-07-20",
                 motif_dalo="hebergement_plus_6_mois", **DALO)
    assert "logement.dalo_hebergement_moins_6m" in check_codes(out)


def test_10_transitional_housing_has_its_18_month_ground():
    """More than 18 months in transitional housing or a logement-foyer is its own ground:
    admitted to an IML flat on 20 April 2026, it is met from 21 October 2027."""
    h = person(date(2027, 10, 21))
    h.fire("orienter_siao", "logement_hebergement", date_orientation_siao="2026-04-01",
           dispositif="iml")
    h.fire("admettre", "logement_hebergement", date_admission="2026-04-20")
    assert h.due("logement.transition_18m", "logement_hebergement") == date(2027, 10, 21)
    early = h.fire("deposer", "logement_dalo", date_reception_comed="2027-10-20",
                   motif_dalo="logement_transition_plus_18_mois", **DALO)
    assert "logement.dalo_transition_moins_18m" in check_codes(early)


# --- 11. AME for minors and its resource ceiling ---------------------------------------------

def test_11_minors_are_exempt_from_presence_and_resources_meet_a_dated_ceiling():
    """AME needs more than 3 months of presence, except for minors [S], and resources under
    the free CSS ceiling (10,339 € a year for one person from 1 April 2025): a 15-year-old
    arrived 3 weeks ago may ask; an adult with 11,000 € is refused."""
    minor = person(date(2026, 3, 10), birth_date=date(2011, 1, 1))
    out = minor.fire("demander_ame", "sante_couverture", date_demande_ame="2026-03-10",
                     date_arrivee_france="2026-02-17", ressources_12_mois=2000, **AME)
    assert {"sante.ame_conditions", "sante.ame_ressources"} <= check_codes(out)
    adult = person(date(2026, 3, 10))
    adult.assert_refused("demander_ame", "sante.ame_presence_3m", "sante_couverture",
                         date_demande_ame="2026-03-10", date_arrivee_france="2026-02-17", **AME)
    adult.assert_refused("demander_ame", "sante.ame_ressources_trop_elevees", "sante_couverture",
                         date_demande_ame="2026-03-10", date_arrivee_france="2025-06-01",
                         ressources_12_mois=11000, **AME)


# --- 12. Dublin and removal --------------------------------------------------------------

def test_12_the_transfer_window_restarts_from_the_final_decision_on_appeal():
    """Reg. 604/2013 art. 29: 6 months from acceptance (28 October 2026: 28 April 2027), or
    from the final decision on a suspensive appeal: rejected on 10 February 2027, the window
    runs again until 10 August 2027."""
    h = person(date(2027, 2, 10))
    h.fire("pre_enregistrer", "asile", date_pre_enregistrement="2026-10-01")
    h.fire("enregistrer_procedure_dublin", "asile", date_delivrance_atda="2026-10-05",
           sejour_regulier_jusquau="2026-11-04")
    h.fire("notifier_transfert", "asile", date_acceptation_etat="2026-10-28",
           date_notification_transfert="2026-11-04")
    assert h.due("asile.dublin_transfert_6m", "asile") == date(2027, 4, 28)
    h.fire("former_recours_transfert", "asile", date_recours_transfert="2026-11-09")
    h.fire("rejeter_recours_transfert", "asile", date_jugement_transfert="2027-02-10")
    assert h.due("asile.dublin_transfert_6m", "asile") == date(2027, 8, 10)


def test_12_removal_order_appeals_are_rules_in_days_and_hours():
    """Since 15 July 2024 (CESEDA L921-1, L921-2): 7 days to appeal a removal order, or 48
    hours from the hour of notification with detention. Notified Friday 4 September 2026:
    Friday 11 September; in detention at 18:00: Sunday 6 September at 18:00, not moved."""
    free = person(date(2026, 9, 4))
    free.fire("notifier", "eloignement", date_notification_oqtf="2026-09-04")
    assert free.due("asile.oqtf_recours_7j", "eloignement") == date(2026, 9, 11)
    late = free.fire("former_recours", "eloignement", date_recours_oqtf="2026-09-14")
    assert "asile.oqtf_recours_hors_delai" in check_codes(late)
    held = person(date(2026, 9, 4))
    out = held.fire("notifier", "eloignement", date_notification_oqtf="2026-09-04",
                    mesure="retention", heure_notification_oqtf="2026-09-04T18:00")
    [opened] = out.deadlines
    assert (opened.rule, opened.due.due_at) == ("asile.oqtf_recours_48h",
                                                datetime(2026, 9, 6, 18, 0))


# --- 13. the missing timers, and practice tagged as practice ----------------------------------

def test_13_afis_stop_aps_validity_and_ofpra_accelerated_targets():
    """§9 timers: AFIS stopped on 10 June 2026 is paid to the end of June (stop from M+1); an
    APS issued on 25 March 2026 lasts at least 6 months, to 24 September (L425-4); OFPRA
    decides an accelerated case in 15 days from lodging (R531-23), 96 hours in detention."""
    h = person(date(2026, 6, 10))
    afis_paid(h)
    assert h.due("psp.aps_validite_6m", "psp_aps") == date(2026, 9, 24)
    h.fire("arreter", "psp_afis", date_arret_afis="2026-06-10", motif_arret="rsa")
    assert h.due("psp.afis_fin_mois", "psp_afis") == date(2026, 6, 30)
    asylum = person(date(2026, 5, 20))
    asylum.fire("pre_enregistrer", "asile", date_pre_enregistrement="2026-04-20")
    asylum.fire("enregistrer_procedure_acceleree", "asile", date_delivrance_atda="2026-04-23",
                sejour_regulier_jusquau="2026-10-22")
    asylum.fire("rediger_recit", "asile", date_recit="2026-04-28", langue_recit="français",
                recit_traduit_francais=False)
    asylum.fire("envoyer_ofpra", "asile", date_envoi_ofpra="2026-05-06", formulaire_ofpra=True,
                photos=True, copie_atda=True, envoi_recommande_ar=True)
    asylum.fire("enregistrer_introduction", "asile", date_introduction_ofpra="2026-05-20",
                examen="accelere")
    assert asylum.due("asile.ofpra_acceleree_15j", "asile") == date(2026, 6, 4)
    detained = compute_due(HOST.catalog.rule("asile.ofpra_retention_96h"),
                           datetime(2026, 5, 20, 9, 0))
    assert detained.due_at == datetime(2026, 5, 24, 9, 0)


def test_13_short_aps_is_flagged():
    """L425-4: the APS is issued for at least 6 months; one written until 1 September 2026
    after issue on 25 March is shorter, and the caseworker is told."""
    h = person(date(2026, 3, 25))
    authorise_psp(h, "2026-03-16")
    h.fire("demander", "psp_aps", date_demande_aps="2026-03-18")
    out = h.fire("delivrer", "psp_aps", date_delivrance_aps="2026-03-25",
                 sejour_regulier_jusquau="2026-09-01")
    assert "psp.aps_trop_courte" in check_codes(out)


@pytest.mark.parametrize("rule_id", ["emploi.formation_francais_2m", "emploi.formation_debut_3m",
                                     "asile.recepisse_demande_1m"])
def test_13_association_practice_is_tagged_as_practice(rule_id):
    """Follow-up thresholds the association chose are not law: tagged [P], not [U]."""
    rule = HOST.catalog.rule(rule_id)
    assert rule.evidence.value == "P"
    assert "pas un délai légal" in compute_due(rule, date(2026, 3, 10)).explanation
