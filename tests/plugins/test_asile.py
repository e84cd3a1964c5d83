"""The asile plugin: rules, checks (refused and allowed), shared facts, CNDA suspension, report."""

from __future__ import annotations

from datetime import date

import pytest

import plugins.asile
import plugins.plainte
from core import (DelegationInfo, InvalidFacts, Role, Suspension, compute_due, regular_stay,
                  work_document)
from core.rules.calendar import french_calendar
from core.services.catalog import compute_rule
from core.crossdomain import SHARED_FACTS
from core.engine.facts import sensitivity_of
from core.reports import ReportContext, ReportEvent, ReportTrack
from core.testing import TrackHarness, check_codes, moment
from tests.plugins.psp_steps import authorise_psp
from plugins.asile import report
from plugins.asile.schemas import RecitFacts

TODAY = date(2026, 5, 4)
ASILE = ("asile", plugins.asile)
PLAINTE = ("plainte", plugins.plainte)
OFPRA_FILE = {"formulaire_ofpra": True, "photos": True, "copie_atda": True, "envoi_recommande_ar": True}
L425_1_FILE = {"date_depot_demande_sejour": "2026-04-20", "piece_identite": True,
               "recepisse_plainte": True, "domiciliation": True, "photos": True, "rupture_contact": True}
COMPLAINT = {"mode_plainte": "plainte", "date_plainte": "2026-04-14", "service_plainte": "police",
             "recepisse_remis": True, "qualification": "delit", "consentement_eclaire": True,
             "evaluation_risques": True, "accompagnement": "association"}


def harness(*plugins, today: date = TODAY, **kw) -> TrackHarness:
    return TrackHarness.with_plugins(*(plugins or (ASILE,)), strict=True, today=today, **kw)


def to_atda(h: TrackHarness, delivered: str = "2026-04-23", until: str = "2027-02-22") -> None:
    h.fire("pre_enregistrer", "asile", date_pre_enregistrement="2026-04-20")
    h.fire("enregistrer_procedure_normale", "asile", date_delivrance_atda=delivered,
           sejour_regulier_jusquau=until)


def to_introduced(h: TrackHarness, introduced: str = "2026-05-20") -> None:
    to_atda(h)
    h.fire("rediger_recit", "asile", date_recit="2026-04-28", langue_recit="français",
           recit_traduit_francais=False)
    h.fire("envoyer_ofpra", "asile", date_envoi_ofpra="2026-05-06", **OFPRA_FILE)
    h.fire("enregistrer_introduction", "asile", date_introduction_ofpra=introduced)


def to_rejected(h: TrackHarness, notified: str = "2026-06-10") -> None:
    to_introduced(h)
    h.fire("rejeter", "asile", date_notification_rejet=notified, decision_ofpra="rejet",
           droit_au_maintien=True, sejour_regulier_jusquau="2027-02-22")


# --- rules ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("rule_id", "start", "due"), [
    ("asile.ofpra_21j", date(2026, 4, 23), date(2026, 5, 15)),  # 14 May 2026: Ascension
    ("asile.ofpra_21j", date(2026, 3, 2), date(2026, 3, 23)),
    ("asile.aide_juridictionnelle_15j", date(2026, 6, 10), date(2026, 6, 25)),
    ("asile.aide_juridictionnelle_15j", date(2026, 4, 29), date(2026, 5, 15)),  # 14 May
    # the CNDA month is a délai franc: 10 July is not counted, Saturday 11 July moves to Monday
    ("asile.cnda_1m", date(2026, 6, 10), date(2026, 7, 13)),
    # no 31 February: 28 February, franc: Sunday 1 March, moved to Monday 2 March
    ("asile.cnda_1m", date(2026, 1, 31), date(2026, 3, 2)),
    # "more than 6 months" without a decision: met the day after the 6 months (L554-1)
    ("asile.acces_travail_6m", date(2026, 5, 20), date(2026, 11, 21)),
    ("asile.acces_travail_6m", date(2026, 8, 31), date(2027, 3, 1)),  # 28 Feb, then next day
    ("asile.dublin_recours_7j", date(2026, 11, 4), date(2026, 11, 12)),  # 11 Nov
    ("asile.dublin_recours_48h", date(2026, 11, 6), date(2026, 11, 8)),  # Sunday kept
    # validities end the day before their anniversary
    ("asile.atda_normale_10m", date(2026, 4, 23), date(2027, 2, 22)),
    ("asile.atda_acceleree_6m", date(2026, 1, 7), date(2026, 7, 6)),
    ("asile.atda_dublin_1m", date(2026, 10, 5), date(2026, 11, 4)),
    ("asile.cnda_jugement_5m", date(2026, 8, 10), date(2027, 1, 10)),
    ("asile.carte_l425_1_1an", date(2026, 7, 1), date(2027, 6, 30)),
    ("asile.sejour_silence_4m", date(2026, 4, 20), date(2026, 8, 20)),
    ("asile.enregistrement_3jo", date(2026, 4, 30), date(2026, 5, 6)),  # 1 May Friday, weekend
])
def test_rule_due_dates(rule_id, start, due):
    rule = harness().host.catalog.rule(rule_id, on=start)
    assert compute_due(rule, start).due == due


def test_cnda_month_counts_the_remaining_time_after_legal_aid():
    rule = harness().host.catalog.rule("asile.cnda_1m")
    due = compute_due(rule, date(2026, 6, 10), [Suspension(start=date(2026, 6, 22), end=date(2026, 7, 28))])
    # franc: last day Saturday 11 July, 19 days left on 22 June, running again from 28 July
    assert (due.unadjusted, due.due) == (date(2026, 8, 16), date(2026, 8, 17))


def test_every_rule_has_a_source_and_unverified_ones_a_note():
    rules = plugins.asile.parcours_deadline_rules()
    assert all(r.id.startswith("asile.") and r.source for r in rules)
    assert all(r.note for r in rules if r.evidence.value == "U")


# --- ATDA, OFPRA file and récit --------------------------------------------------------------

def test_atda_records_regular_stay_without_work():
    h = harness()
    to_atda(h)
    assert h.tracks["asile"].facts["autorise_travail"] is False
    assert regular_stay(h.person(), TODAY).definition_id == "asile"
    assert work_document(h.person(), TODAY) is None
    h.assert_due("asile.ofpra_21j", date(2026, 5, 15), "asile")


def test_atda_cannot_be_recorded_as_allowing_work():
    h = harness()
    h.fire("pre_enregistrer", "asile", date_pre_enregistrement="2026-04-20")
    with pytest.raises(InvalidFacts):
        h.fire("enregistrer_procedure_normale", "asile", date_delivrance_atda="2026-04-23",
               sejour_regulier_jusquau="2027-02-22", autorise_travail=True)


def test_ofpra_file_needs_a_recit_in_french_and_the_documents():
    h = harness()
    to_atda(h)
    h.assert_refused("envoyer_ofpra", "asile.recit_non_enregistre", "asile",
                     date_envoi_ofpra="2026-05-06", **OFPRA_FILE)
    h.fire("rediger_recit", "asile", date_recit="2026-04-28", langue_recit="dari",
           recit_traduit_francais=False)
    h.assert_refused("envoyer_ofpra", "asile.recit_non_traduit", "asile",
                     date_envoi_ofpra="2026-05-06", **OFPRA_FILE)
    h.fire("rediger_recit", "asile", date_recit="2026-04-29", langue_recit="dari",
           recit_traduit_francais=True)
    h.assert_refused("envoyer_ofpra", "asile.dossier_ofpra_incomplet", "asile",
                     date_envoi_ofpra="2026-05-06", **{**OFPRA_FILE, "photos": False})
    out = h.fire("envoyer_ofpra", "asile", date_envoi_ofpra="2026-05-06", **OFPRA_FILE)
    assert {"asile.dossier_ofpra_complet", "asile.ofpra_dans_le_delai"} <= check_codes(out)
    assert "asile.ofpra_21j" not in h.tracks["asile"].deadlines


def test_recit_text_is_never_stored():
    assert set(RecitFacts.model_fields) == {"date_recit", "langue_recit", "recit_traduit_francais"}
    with pytest.raises(ValueError):
        RecitFacts(date_recit=TODAY, langue_recit="dari", recit_traduit_francais=True, texte="…")


def test_late_sending_and_expired_atda_are_warnings():
    h = harness(today=date(2026, 5, 20))
    to_atda(h, until="2026-05-25")
    h.fire("rediger_recit", "asile", date_recit="2026-04-28", langue_recit="fr",
           recit_traduit_francais=False)
    out = h.fire("envoyer_ofpra", "asile", date_envoi_ofpra="2026-05-18",
                 **{**OFPRA_FILE, "envoi_recommande_ar": False})
    assert {"asile.ofpra_hors_delai", "asile.document_expire_bientot",
            "asile.envoi_sans_ar"} <= check_codes(out)
    assert h.tracks["asile"].step == "ofpra_envoyee"


def test_expired_document_warning():
    h = harness(today=date(2027, 3, 1))
    to_atda(h)
    h.fire("rediger_recit", "asile", date_recit="2026-04-28", langue_recit="fr",
           recit_traduit_francais=False)
    out = h.fire("envoyer_ofpra", "asile", date_envoi_ofpra="2026-05-06", **OFPRA_FILE)
    assert "asile.document_expire" in check_codes(out)


def test_work_only_after_six_months_without_ofpra_decision():
    h = harness()
    to_introduced(h)
    # L554-1: OFPRA has not decided "within 6 months": on 20 November the 6 months are only
    # just over, so the work authorisation can be asked from the 21st
    h.assert_due("asile.acces_travail_6m", date(2026, 11, 21), "asile")
    h.assert_refused("obtenir_autorisation_travail", "asile.travail_avant_6_mois", "asile",
                     date_autorisation_travail="2026-11-20")
    out = h.fire("obtenir_autorisation_travail", "asile", date_autorisation_travail="2026-11-21")
    assert "asile.travail_ouvert" in check_codes(out)
    assert work_document(h.person(), TODAY).definition_id == "asile"


def test_ofpra_decision_closes_work_access_clock():
    h = harness()
    to_rejected(h)
    deadlines = h.tracks["asile"].deadlines
    assert "asile.acces_travail_6m" not in deadlines
    assert deadlines["asile.cnda_1m"].due == date(2026, 7, 13)  # franc, then Monday
    assert deadlines["asile.aide_juridictionnelle_15j"].due == date(2026, 6, 25)


# The CNDA month (franc) from a notification on 25 February 2027 ends Friday 26 March 2027,
# Good Friday: a holiday in Alsace-Moselle, a working day at the CNDA in Montreuil. From 26
# April it ends Thursday 27 May, the abolition of slavery in Guadeloupe, a working day there too.
LOCAL_HOLIDAYS = [("57", "2027-02-25", date(2027, 3, 26)), ("971", "2027-04-26", date(2027, 5, 27))]


@pytest.mark.parametrize(("subdivision", "notified", "last_day"), LOCAL_HOLIDAYS)
def test_the_cnda_month_ignores_her_delegations_own_holidays(subdivision, notified, last_day):
    """Moving the last day past a holiday the CNDA does not keep would show a date after the
    real one: the appeal filed that day is late."""
    assert french_calendar(subdivision).holiday_name(last_day) is not None
    h = harness(delegation=DelegationInfo(code="locale", holiday_subdivision=subdivision))
    to_rejected(h, notified=notified)
    h.assert_due("asile.cnda_1m", last_day, "asile")
    explanation = compute_rule(h.host, "asile.cnda_1m", date.fromisoformat(notified),
                               subdivision=subdivision).explanation
    assert "calendrier national" in explanation
    assert "calendrier national" not in compute_rule(
        h.host, "asile.cnda_1m", date.fromisoformat(notified)).explanation


def test_legal_aid_asked_the_day_after_a_local_holiday_is_late_in_guadeloupe():
    """Fifteen days from 12 May 2027 end on 27 May, a holiday in Guadeloupe only: the CNDA's
    legal-aid office is open, so a request on the 28th no longer suspends the appeal month."""
    h = harness(delegation=DelegationInfo(code="pap", holiday_subdivision="971"))
    to_rejected(h, notified="2027-05-12")
    h.assert_due("asile.aide_juridictionnelle_15j", date(2027, 5, 27), "asile")
    h.assert_refused("demander_aide_juridictionnelle", "asile.aj_hors_delai", "asile",
                     date_demande_aj="2027-05-28")
    out = h.fire("demander_aide_juridictionnelle", "asile", date_demande_aj="2027-05-27")
    assert ("asile.cnda_1m", "suspend") in [(c.rule, c.action) for c in out.deadlines]


def test_in_guyane_the_ofpra_file_is_due_in_seven_days():
    """CESEDA R591-7, in force in Guyane by arrêté: 7 days from the ATDA, not 21. Sent on 6
    May from an ATDA of 23 April, the file is late in Cayenne and in time in Lille."""
    cayenne = harness(delegation=DelegationInfo(code="cayenne", holiday_subdivision="973"))
    to_atda(cayenne)
    assert set(cayenne.tracks["asile"].deadlines) >= {"asile.ofpra_7j_guyane"}
    assert "asile.ofpra_21j" not in cayenne.tracks["asile"].deadlines
    cayenne.assert_due("asile.ofpra_7j_guyane", date(2026, 4, 30), "asile")
    lille = harness()
    to_atda(lille)
    for h, code in ((cayenne, "asile.ofpra_hors_delai"), (lille, "asile.ofpra_dans_le_delai")):
        h.fire("rediger_recit", "asile", date_recit="2026-04-28", langue_recit="français",
               recit_traduit_francais=False)
        out = h.fire("envoyer_ofpra", "asile", date_envoi_ofpra="2026-05-06", **OFPRA_FILE)
        assert code in check_codes(out)
        assert "asile.ofpra_7j_guyane" not in h.tracks["asile"].deadlines


# --- legal aid and CNDA ---------------------------------------------------------------------

def test_cnda_appeal_needs_an_ofpra_rejection():
    h = harness()
    to_introduced(h)
    appeal = {"date_recours_cnda": "2026-07-01", "recours_motive": True, "copie_decision_ofpra": True}
    h.assert_refused("former_recours_cnda", "asile.cnda_sans_rejet_ofpra", "asile", **appeal)
    h.fire("rejeter", "asile", date_notification_rejet="2026-06-10", decision_ofpra="irrecevabilite",
           droit_au_maintien=True, sejour_regulier_jusquau="2027-02-22")
    out = h.fire("former_recours_cnda", "asile", **appeal)
    assert {"asile.cnda_rejet_ofpra", "asile.cnda_dans_le_delai"} <= check_codes(out)
    h.assert_due("asile.cnda_jugement_5m", date(2026, 12, 1), "asile")


def test_closed_file_cannot_be_appealed_to_the_cnda():
    h = harness()
    to_introduced(h)
    h.fire("cloturer", "asile", date_notification_cloture="2026-09-01")
    h.assert_refused("former_recours_cnda", "asile.cnda_sans_rejet_ofpra", "asile",
                     date_recours_cnda="2026-09-10", recours_motive=True, copie_decision_ofpra=True)


def test_legal_aid_suspends_then_resumes_the_cnda_month():
    h = harness()
    to_rejected(h)
    h.assert_refused("demander_aide_juridictionnelle", "asile.aj_hors_delai", "asile",
                     date_demande_aj="2026-06-26")
    out = h.fire("demander_aide_juridictionnelle", "asile", at=date(2026, 6, 22),
                 date_demande_aj="2026-06-22")
    assert [(c.rule, c.action, c.on) for c in out.deadlines] == [
        ("asile.aide_juridictionnelle_15j", "close", date(2026, 6, 22)),
        ("asile.cnda_1m", "suspend", date(2026, 6, 22))]
    running = h.tracks["asile"].deadlines["asile.cnda_1m"]
    assert running.suspended_since == date(2026, 6, 22)
    assert "asile.aide_juridictionnelle_15j" not in h.tracks["asile"].deadlines
    h.fire("decider_aide_juridictionnelle", "asile", at=date(2026, 7, 28),
           date_notification_aj="2026-07-28", decision_aj="accordee_totale")
    h.assert_due("asile.cnda_1m", date(2026, 8, 17), "asile")


def test_legal_aid_recorded_later_suspends_from_the_stated_dates():
    """The suspension runs from the day legal aid was asked to the day its decision was
    notified (loi 91-647 art. 9-4), whatever day the caseworker records them."""
    h = harness()
    to_rejected(h)
    h.fire("demander_aide_juridictionnelle", "asile", at=date(2026, 6, 24),
           date_demande_aj="2026-06-22")
    assert h.tracks["asile"].deadlines["asile.cnda_1m"].suspended_since == date(2026, 6, 22)
    h.fire("decider_aide_juridictionnelle", "asile", at=date(2026, 8, 3),
           date_notification_aj="2026-07-28", decision_aj="accordee_totale")
    h.assert_due("asile.cnda_1m", date(2026, 8, 17), "asile")


def test_late_cnda_appeal_and_no_right_to_stay_are_warnings():
    h = harness()
    to_introduced(h)
    h.fire("rejeter", "asile", date_notification_rejet="2026-06-10", decision_ofpra="rejet",
           droit_au_maintien=False, sejour_regulier_jusquau="2026-06-10")
    h.assert_refused("former_recours_cnda", "asile.dossier_cnda_incomplet", "asile",
                     date_recours_cnda="2026-07-20", recours_motive=True, copie_decision_ofpra=False)
    out = h.fire("former_recours_cnda", "asile", date_recours_cnda="2026-07-20",
                 recours_motive=True, copie_decision_ofpra=True)
    assert {"asile.cnda_hors_delai", "asile.sans_droit_au_maintien"} <= check_codes(out)


# --- Dublin ----------------------------------------------------------------------------------

def test_dublin_transfer_in_detention_opens_48_hours():
    h = harness()
    h.fire("pre_enregistrer", "asile", date_pre_enregistrement="2026-10-01")
    h.fire("enregistrer_procedure_dublin", "asile", date_delivrance_atda="2026-10-05",
           sejour_regulier_jusquau="2026-11-04")
    h.fire("notifier_transfert", "asile", date_acceptation_etat="2026-10-28",
           date_notification_transfert="2026-11-06", mesure="retention",
           heure_notification_transfert="2026-11-06T17:30")
    h.assert_due("asile.dublin_recours_48h", date(2026, 11, 8), "asile")
    out = h.fire("former_recours_transfert", "asile", date_recours_transfert="2026-11-09")
    assert "asile.dublin_recours_hors_delai" in check_codes(out)


def test_dublin_appeal_in_time_passes():
    h = harness()
    h.fire("pre_enregistrer", "asile", date_pre_enregistrement="2026-10-01")
    h.fire("enregistrer_procedure_dublin", "asile", date_delivrance_atda="2026-10-05",
           sejour_regulier_jusquau="2026-11-04")
    h.fire("notifier_transfert", "asile", date_acceptation_etat="2026-10-28",
           date_notification_transfert="2026-11-04")
    out = h.fire("former_recours_transfert", "asile", date_recours_transfert="2026-11-12")
    assert "asile.dublin_recours_dans_le_delai" in check_codes(out)


# --- ADA and AFIS ----------------------------------------------------------------------------

CMA = {"date_acceptation_cma": "2026-04-24", "hebergement_propose": True,
       "ressources_inferieures_rsa": True}


def test_ada_conditions_refused_and_allowed():
    h = harness(birth_date=date(1995, 2, 1))
    h.assert_refused("accepter_cma", "asile.ada_sans_atda", "asile_ada", **CMA)
    to_atda(h)
    h.assert_refused("accepter_cma", "asile.ada_ressources", "asile_ada",
                     **{**CMA, "ressources_inferieures_rsa": False})
    out = h.fire("accepter_cma", "asile_ada", **CMA)
    assert "asile.ada_ofpra_a_envoyer" in check_codes(out)


def test_ada_refused_to_a_minor():
    h = harness(birth_date=date(2009, 1, 1))
    to_atda(h)
    h.assert_refused("accepter_cma", "asile.ada_mineure", "asile_ada", **CMA)


AFIS = {"date_demande_afis": "2026-05-04", "situation_sejour": "aps",
        "ressources_mois_precedent": 0, "beneficiaire_rsa": False, "beneficiaire_ada": False}


def authorised_psp(h: TrackHarness) -> None:
    authorise_psp(h, "2026-03-16")


def test_ada_granted_rules_out_afis_and_its_cut_allows_it():
    h = harness(birth_date=date(1995, 2, 1))
    to_atda(h)
    h.fire("accepter_cma", "asile_ada", **CMA)
    h.fire("ouvrir_ada", "asile_ada", date_ouverture_ada="2026-05-01")
    assert h.tracks["asile_ada"].facts["beneficiaire_ada"] is True
    authorised_psp(h)
    h.assert_refused("demander", "psp.afis_ada", "psp_afis", **AFIS)
    h.fire("couper_ada", "asile_ada", date_coupure_ada="2026-05-02", motif_coupure="refus_hebergement")
    h.fire("demander", "psp_afis", **AFIS)
    h.assert_step("demandee", "psp_afis")


# --- victims' residence (L425-1, L425-3) -------------------------------------------------------

def test_l425_1_refused_without_complaint_and_with_a_main_courante():
    h = harness(ASILE, PLAINTE)
    h.assert_refused("demander_carte_l425_1", "asile.l425_1_sans_plainte", "sejour_victime", **L425_1_FILE)
    h.fire("deposer_main_courante", "plainte", date_main_courante="2026-04-07")
    assert h.tracks["plainte"].facts["plainte_deposee"] is False
    h.assert_refused("demander_carte_l425_1", "asile.l425_1_sans_plainte", "sejour_victime", **L425_1_FILE)


def test_l425_1_allowed_after_a_complaint_even_once_its_track_is_closed():
    h = harness(ASILE, PLAINTE)
    h.fire("deposer_plainte", "plainte", **COMPLAINT)
    h.fire("clore", "plainte", motif_cloture="renonciation_personne")
    out = h.fire("demander_carte_l425_1", "sejour_victime", **L425_1_FILE)
    assert {"asile.l425_1_plainte_deposee", "asile.dossier_l425_1_complet"} <= check_codes(out)
    h.assert_due("asile.sejour_silence_4m", date(2026, 8, 20), "sejour_victime")


def test_l425_1_file_documents_and_passport_expiry():
    h = harness(ASILE, PLAINTE)
    h.fire("deposer_plainte", "plainte", **COMPLAINT)
    h.assert_refused("demander_carte_l425_1", "asile.dossier_l425_1_incomplet", "sejour_victime",
                     **{**L425_1_FILE, "domiciliation": False})
    out = h.fire("demander_carte_l425_1", "sejour_victime",
                 **{**L425_1_FILE, "passeport_valide_jusquau": "2026-05-10"})
    assert "asile.passeport_expire" in check_codes(out)


def test_reflection_receipt_and_l425_1_card_allow_work():
    h = harness(ASILE, PLAINTE)
    h.fire("obtenir_recepisse_reflexion", "sejour_victime", date_delivrance_recepisse="2026-04-03",
           sejour_regulier_jusquau="2026-06-03")
    assert work_document(h.person(), TODAY).definition_id == "sejour_victime"
    h.fire("deposer_plainte", "plainte", **COMPLAINT)
    h.fire("demander_carte_l425_1", "sejour_victime", **L425_1_FILE)
    h.fire("delivrer_carte_l425_1", "sejour_victime", date_delivrance_carte="2026-07-01",
           sejour_regulier_jusquau="2027-06-30", beneficiaire_ada=True)
    facts = h.tracks["sejour_victime"].facts
    assert (facts["sejour_regulier_jusquau"], facts["autorise_travail"]) == ("2027-06-30", True)
    assert work_document(h.person(), date(2027, 6, 1)).definition_id == "sejour_victime"
    # the card issued on 1 July 2026 is valid until 30 June 2027, as written on it
    h.assert_due("asile.carte_l425_1_1an", date(2027, 6, 30), "sejour_victime")


def test_renewal_and_resident_card_conditions():
    h = harness(ASILE, PLAINTE, today=date(2027, 6, 1))
    h.fire("deposer_plainte", "plainte", **COMPLAINT)
    h.fire("demander_carte_l425_1", "sejour_victime", **L425_1_FILE)
    h.fire("delivrer_carte_l425_1", "sejour_victime", date_delivrance_carte="2026-07-01",
           sejour_regulier_jusquau="2027-06-10", beneficiaire_ada=False)
    renewal = {"date_depot_demande_sejour": "2027-05-10", "rupture_contact": True}
    h.assert_refused("demander_renouvellement", "asile.l425_1_sans_preuve_procedure",
                     "sejour_victime", attestation_procedure_en_cours=False, **renewal)
    out = h.fire("demander_renouvellement", "sejour_victime", attestation_procedure_en_cours=True,
                 **renewal)
    assert {"asile.l425_1_renouvelable", "asile.document_expire_bientot"} <= check_codes(out)
    h.fire("renouveler_carte", "sejour_victime", date_delivrance_carte="2027-06-09",
           sejour_regulier_jusquau="2028-06-08", beneficiaire_ada=False)
    h.assert_refused("demander_carte_resident", "asile.l425_3_sans_condamnation", "sejour_victime",
                     date_depot_demande_sejour="2028-01-10", condamnation_definitive=True,
                     copie_decision_condamnation=False)
    out = h.fire("demander_carte_resident", "sejour_victime", date_depot_demande_sejour="2028-01-10",
                 condamnation_definitive=True, copie_decision_condamnation=True)
    assert "asile.l425_3_condamnation" in check_codes(out)


def test_volunteers_do_not_record_residence_steps():
    h = harness(ASILE, PLAINTE)
    h.assert_refused("obtenir_recepisse_reflexion", "engine.role", "sejour_victime", role=Role.BENEVOLE,
                     date_delivrance_recepisse="2026-04-03", sejour_regulier_jusquau="2026-06-03")


def test_shared_facts_are_ordinary_so_other_domains_can_read_them():
    host = harness().host
    for defn in plugins.asile.parcours_track_definitions():
        for tr in defn.transitions:
            schema = defn.facts_schema(tr)
            for name in set(schema.model_fields) & set(SHARED_FACTS):
                assert sensitivity_of(schema, name) == "ordinary", (defn.id, tr.trigger, name)
    assert host.incidents == []


# --- report ---------------------------------------------------------------------------------

def test_report_counts_persons_recits_and_steps():
    tracks = (ReportTrack(id=1, person_id=10, definition_id="asile", domain="asile",
                          step="ofpra_envoyee", status="open", opened_at=moment("2025-12-01")),
              ReportTrack(id=2, person_id=10, definition_id="asile_ada", domain="asile",
                          step="ada_versee", status="open", opened_at=moment("2026-02-01")),
              ReportTrack(id=3, person_id=11, definition_id="sejour_victime", domain="asile",
                          step="abandonnee", status="closed", opened_at=moment("2025-01-01")),
              ReportTrack(id=4, person_id=12, definition_id="plainte", domain="plainte",
                          step="deposee", status="open", opened_at=moment("2026-02-01")))

    def ev(i, track, defn, trigger, to, day):
        return ReportEvent(id=i, track_id=track, person_id=10, definition_id=defn, trigger=trigger,
                           to_step=to, occurred_at=moment(day))

    events = (ev(1, 1, "asile", "rediger_recit", "atda_delivree", "2026-02-03"),
              ev(2, 1, "asile", "rediger_recit", "atda_delivree", "2026-02-10"),
              ev(3, 1, "asile", "envoyer_ofpra", "ofpra_envoyee", "2026-02-12"),
              ev(4, 2, "asile_ada", "ouvrir_ada", "ada_versee", "2026-02-15"),
              ev(5, 1, "asile", "rediger_recit", "atda_delivree", "2025-12-20"),
              ev(6, 4, "plainte", "deposer_plainte", "deposee", "2026-02-15"))
    ctx = ReportContext(start=date(2026, 1, 1), end=date(2026, 3, 31), tracks=tracks, events=events)
    (section,) = report.sections(ctx)
    figures = {f.key: f for f in section.figures}
    assert figures["asile.personnes"].value == 1
    assert set(figures["asile.personnes"].sources) == {"track:1", "track:2"}
    assert (figures["asile.recits"].value, figures["asile.recits"].sources) == (2, ("event:1", "event:2"))
    assert figures["asile.etape.asile.ofpra_envoyee"].value == 1
    assert figures["asile.etape.asile_ada.ada_versee"].sources == ("event:4",)
    assert "asile.etape.asile.atda_delivree" not in figures
    assert all(not k.startswith("asile.etape.plainte") for k in figures)
