"""The logement plugin: regular stay for social housing, DALO/DAHO checks and deadlines, report.

Regular stay from another domain is built with the built-in PSP and APS tracks.
"""

from __future__ import annotations

from datetime import date

import pytest

import plugins.logement
from core import DelegationInfo, ReportContext, Role, compute_due
from core.reports import ReportEvent, ReportTrack
from core.testing import TrackHarness, check_codes, moment
from tests.plugins.psp_steps import grant_aps

TODAY = date(2026, 3, 10)


def harness(today: date = TODAY) -> TrackHarness:
    return TrackHarness.with_plugins(("logement", plugins.logement), strict=True, today=today)


DEPOT = {"date_depot_demande": "2026-03-10", "mode_depot": "en_ligne",
         "piece_identite_ou_titre": True, "avis_imposition": True}


def registered(h: TrackHarness, when: str = "2025-01-10") -> None:
    h.fire("deposer", "logement_demande_sociale", **DEPOT, nationalite_francaise_ue=True)
    h.fire("enregistrer", "logement_demande_sociale", date_enregistrement=when,
           numero_unique="05925011000042")


# --- social-housing application: regular stay and documents ---------------------------

def test_application_refused_without_regular_stay():
    h = harness()
    err = h.assert_refused("deposer", "logement.sans_sejour_regulier",
                           "logement_demande_sociale", **DEPOT)
    assert err.reasons[0].missing == ("nationalite_francaise_ue",)


def test_application_allowed_for_an_eu_national():
    h = harness()
    out = h.fire("deposer", "logement_demande_sociale", **DEPOT, nationalite_francaise_ue=True)
    assert {"logement.nationalite_ue", "logement.dossier_complet"} <= check_codes(out)
    assert h.due("logement.numero_unique_1m", "logement_demande_sociale") == date(2026, 4, 10)


def test_application_allowed_with_the_aps_with_an_open_question():
    h = harness()
    h.assert_refused("deposer", "logement.sans_sejour_regulier", "logement_demande_sociale",
                     **DEPOT)
    grant_aps(h)
    out = h.fire("deposer", "logement_demande_sociale", **DEPOT)
    assert "logement.aps_a_verifier" in check_codes(out)
    assert "logement.sejour_expire_bientot" not in check_codes(out)


def test_stay_document_ending_soon_warns():
    h = harness()
    grant_aps(h, until="2026-03-20")
    assert "logement.sejour_expire_bientot" in check_codes(
        h.fire("deposer", "logement_demande_sociale", **DEPOT))


def test_expired_stay_document_blocks():
    h = harness()
    grant_aps(h, until="2026-03-09")
    h.assert_refused("deposer", "logement.sans_sejour_regulier", "logement_demande_sociale",
                     **DEPOT)


def test_identity_document_is_required_tax_notice_only_warned():
    h = harness()
    h.assert_refused("deposer", "logement.dossier_incomplet", "logement_demande_sociale",
                     **{**DEPOT, "piece_identite_ou_titre": False}, nationalite_francaise_ue=True)
    out = h.fire("deposer", "logement_demande_sociale", **{**DEPOT, "avis_imposition": False},
                 nationalite_francaise_ue=True)
    assert "logement.avis_imposition_manquant" in check_codes(out)


def test_registration_renewal_keeps_seniority():
    h = harness()
    registered(h, when="2026-03-20")
    # valid one year: until the eve of the anniversary
    assert h.due("logement.demande_sociale_1a", "logement_demande_sociale") == date(2027, 3, 19)
    h.fire("renouveler", "logement_demande_sociale", date_renouvellement="2027-03-01")
    track = h.tracks["logement_demande_sociale"]
    assert track.facts["date_enregistrement"] == "2026-03-20"
    assert "logement.demande_sociale_1a" not in track.deadlines
    assert h.due("logement.demande_sociale_renouvelee_1a",
                 "logement_demande_sociale") == date(2028, 2, 29)


# --- shelter --------------------------------------------------------------------------

def test_volunteers_record_115_calls_but_not_siao_referrals():
    h = harness()
    h.fire("appeler_115", "logement_hebergement", role=Role.BENEVOLE, date_appel_115="2026-01-14")
    h.fire("heberger", "logement_hebergement", role=Role.BENEVOLE,
           date_entree_hebergement="2026-01-14", type_hebergement="chu")
    # "more than 6 months" in shelter: the DALO ground is met the day after, 15 July
    assert h.due("logement.hebergement_6m", "logement_hebergement") == date(2026, 7, 15)
    h.assert_refused("orienter_siao", "engine.role", "logement_hebergement", role=Role.BENEVOLE,
                     date_orientation_siao="2026-03-05", dispositif="chrs")
    h.fire("orienter_siao", "logement_hebergement", date_orientation_siao="2026-03-05",
           dispositif="chrs")
    assert h.due("logement.chrs_decision_1m", "logement_hebergement") == date(2026, 4, 7)


# --- DALO -----------------------------------------------------------------------------

DALO = {"date_reception_comed": "2026-03-02", "motif_dalo": "sans_logement",
        "formulaire_comed": True, "pieces_justificatives": True}


def test_dalo_incomplete_file_refused():
    h = harness()
    err = h.assert_refused("deposer", "logement.recours_incomplet", "logement_dalo",
                           **{**DALO, "pieces_justificatives": False})
    assert err.reasons[0].missing == ("pieces_justificatives",)


def test_dalo_without_regular_stay_only_warns():
    h = harness()
    out = h.fire("deposer", "logement_dalo", **DALO)
    assert "logement.dalo_sejour_a_verifier" in check_codes(out)
    assert h.due("logement.dalo_comed_3m", "logement_dalo") == date(2026, 6, 2)


def test_dalo_with_regular_stay_passes():
    h = harness()
    grant_aps(h)
    assert "logement.dalo_recevable" in check_codes(h.fire("deposer", "logement_dalo", **DALO))


def test_abnormally_long_delay_needs_a_registered_application():
    h = harness()
    facts = {**DALO, "motif_dalo": "delai_anormalement_long", "nationalite_francaise_ue": True}
    h.assert_refused("deposer", "logement.dalo_sans_demande_sociale", "logement_dalo", **facts)
    registered(h)
    assert "logement.dalo_recevable" in check_codes(h.fire("deposer", "logement_dalo", **facts))


def test_shelter_ground_warns_before_six_months():
    h = harness()
    h.fire("appeler_115", "logement_hebergement", date_appel_115="2026-01-14")
    h.fire("heberger", "logement_hebergement", date_entree_hebergement="2026-01-14",
           type_hebergement="chu")
    facts = {**DALO, "motif_dalo": "hebergement_plus_6_mois", "nationalite_francaise_ue": True}
    out = h.fire("deposer", "logement_dalo", **facts)
    assert "logement.dalo_hebergement_moins_6m" in check_codes(out)


def test_shelter_ground_after_six_months_passes():
    h = harness(today=date(2026, 8, 1))
    h.fire("appeler_115", "logement_hebergement", date_appel_115="2026-01-14")
    h.fire("heberger", "logement_hebergement", date_entree_hebergement="2026-01-14",
           type_hebergement="chu")
    # the ground is assessed on the day the COMED receives the application
    facts = {**DALO, "motif_dalo": "hebergement_plus_6_mois", "nationalite_francaise_ue": True,
             "date_reception_comed": "2026-07-20"}
    assert "logement.dalo_recevable" in check_codes(h.fire("deposer", "logement_dalo", **facts))


def test_dalo_path_without_offer_to_the_tribunal():
    h = harness()
    h.fire("deposer", "logement_dalo", **DALO, nationalite_francaise_ue=True)
    h.fire("reconnaitre_prioritaire", "logement_dalo", date_decision_comed="2026-05-15")
    # the prefect's deadline is not moved past Saturday 15 August (CE n° 400470)
    assert h.due("logement.dalo_offre_3m", "logement_dalo") == date(2026, 8, 15)
    assert "logement.dalo_comed_3m" not in h.tracks["logement_dalo"].deadlines
    h.fire("constater_absence_offre", "logement_dalo", date_fin_delai_prefet="2026-08-17")
    # an appeal to the administrative court is franc: 17 December does not count
    assert h.due("logement.dalo_recours_4m", "logement_dalo") == date(2026, 12, 18)
    h.fire("saisir_ta", "logement_dalo", date_saisine_ta="2026-10-01")
    assert set(h.tracks["logement_dalo"].deadlines) == {"logement.ta_jugement_2m"}


def test_dalo_large_urban_area_and_rejection():
    h = harness()
    h.fire("deposer", "logement_dalo", **DALO, nationalite_francaise_ue=True)
    h.fire("reconnaitre_prioritaire_6m", "logement_dalo", date_decision_comed="2026-05-15")
    assert h.due("logement.dalo_offre_6m", "logement_dalo") == date(2026, 11, 15)
    other = harness()
    other.fire("deposer", "logement_dalo", **DALO, nationalite_francaise_ue=True)
    other.fire("rejeter", "logement_dalo", date_notification_rejet="2026-06-02",
               rejet_implicite=True)
    assert other.due("logement.comed_recours_2m", "logement_dalo") == date(2026, 8, 3)


def test_dalo_overseas_gives_the_comed_and_the_prefect_six_months():
    """CCH R441-15 and R441-16-1: in an overseas department the COMED has six months to
    decide and the préfet six months to offer housing, whichever decision is recorded."""
    guadeloupe = DelegationInfo(code="pap", holiday_subdivision="971")
    h = TrackHarness.with_plugins(("logement", plugins.logement), strict=True, today=TODAY,
                                  delegation=guadeloupe)
    h.fire("deposer", "logement_dalo", **DALO, nationalite_francaise_ue=True)
    assert set(h.tracks["logement_dalo"].deadlines) == {"logement.dalo_comed_6m_outre_mer"}
    assert h.due("logement.dalo_comed_6m_outre_mer", "logement_dalo") == date(2026, 9, 2)
    h.fire("reconnaitre_prioritaire", "logement_dalo", date_decision_comed="2026-05-15")
    assert set(h.tracks["logement_dalo"].deadlines) == {"logement.dalo_offre_6m_outre_mer"}
    assert h.due("logement.dalo_offre_6m_outre_mer", "logement_dalo") == date(2026, 11, 15)
    h.fire("constater_absence_offre", "logement_dalo", date_fin_delai_prefet="2026-11-16")
    assert set(h.tracks["logement_dalo"].deadlines) == {"logement.dalo_recours_4m"}
    rejected = TrackHarness.with_plugins(("logement", plugins.logement), strict=True,
                                         today=TODAY, delegation=guadeloupe)
    rejected.fire("deposer", "logement_dalo", **DALO, nationalite_francaise_ue=True)
    rejected.fire("rejeter", "logement_dalo", date_notification_rejet="2026-09-03",
                  rejet_implicite=True)
    assert set(rejected.tracks["logement_dalo"].deadlines) == {"logement.comed_recours_2m"}


# --- DAHO -----------------------------------------------------------------------------

DAHO = {"date_reception_comed": "2026-03-02", "formulaire_comed": True,
        "pieces_justificatives": True}


@pytest.mark.parametrize("structure", ["logement_transition", "logement_foyer", "rhvs"])
def test_daho_transitional_housing_needs_regular_stay(structure):
    h = harness()
    err = h.assert_refused("deposer", "logement.daho_sejour_requis", "logement_daho", **DAHO,
                           structure_demandee=structure)
    assert err.reasons[0].missing == ("nationalite_francaise_ue",)
    grant_aps(h)
    out = h.fire("deposer", "logement_daho", **DAHO, structure_demandee=structure)
    assert "logement.daho_sejour_regulier" in check_codes(out)


def test_daho_shelter_place_has_no_stay_condition():
    h = harness()
    out = h.fire("deposer", "logement_daho", **DAHO, structure_demandee="hebergement")
    assert "logement.daho_sans_condition_sejour" in check_codes(out)
    assert h.due("logement.daho_comed_6s", "logement_daho") == date(2026, 4, 13)
    h.fire("reconnaitre_prioritaire_3m", "logement_daho", date_decision_comed="2026-04-10")
    assert h.due("logement.daho_offre_3m", "logement_daho") == date(2026, 7, 10)


def test_daho_incomplete_file_refused():
    h = harness()
    h.assert_refused("deposer", "logement.recours_incomplet", "logement_daho",
                     **{**DAHO, "formulaire_comed": False}, structure_demandee="hebergement")


# --- rules ----------------------------------------------------------------------------

@pytest.mark.parametrize(("rule_id", "start", "due"), [
    # an application is valid until the eve of its anniversary, whatever the weekday
    ("logement.demande_sociale_1a", date(2026, 3, 10), date(2027, 3, 9)),
    ("logement.demande_sociale_1a", date(2026, 2, 13), date(2027, 2, 12)),
    ("logement.numero_unique_1m", date(2026, 4, 8), date(2026, 5, 11)),  # 8 May
    ("logement.dalo_comed_3m", date(2026, 3, 10), date(2026, 6, 10)),
    # the COMED's silence is an implicit rejection born on 1 May, a holiday: not moved
    ("logement.dalo_comed_3m", date(2026, 2, 1), date(2026, 5, 1)),
    # the prefect's deadline is not moved: the appeal counts from it (CE n° 400470)
    ("logement.dalo_offre_3m", date(2026, 5, 15), date(2026, 8, 15)),  # 15 August, Saturday
    ("logement.dalo_offre_6m", date(2026, 5, 15), date(2026, 11, 15)),  # Sunday 15 Nov
    # the injunction appeal is franc: the day after the date-to-date end, then moved
    ("logement.dalo_recours_4m", date(2026, 8, 17), date(2026, 12, 18)),
    ("logement.dalo_recours_4m", date(2026, 8, 31), date(2027, 1, 4)),  # 1 Jan, weekend
    ("logement.daho_comed_6s", date(2026, 3, 2), date(2026, 4, 13)),
    ("logement.daho_offre_6s", date(2026, 4, 3), date(2026, 5, 15)),
    ("logement.hebergement_6m", date(2026, 1, 14), date(2026, 7, 15)),  # more than 6 months
    ("logement.chrs_decision_1m", date(2026, 3, 5), date(2026, 4, 7)),  # Sunday, Easter Monday
])
def test_rule_due_dates(rule_id, start, due):
    rule = harness().host.catalog.rule(rule_id)
    assert compute_due(rule, start).due == due


def test_unverified_rules_say_so():
    catalog = harness().host.catalog
    for rule_id in ("logement.daho_offre_3m", "logement.chrs_decision_1m",
                    "logement.dalo_offre_6m", "logement.demande_sociale_renouvelee_1a"):
        explanation = compute_due(catalog.rule(rule_id), TODAY).explanation
        assert "[U]" in explanation, rule_id


# --- report ---------------------------------------------------------------------------

def test_report_counts_persons_and_steps_reached():
    tracks = (
        ReportTrack(id=1, person_id=30, definition_id="logement_demande_sociale",
                    domain="logement", step="enregistree", status="open",
                    opened_at=moment("2025-05-01")),
        ReportTrack(id=2, person_id=31, definition_id="logement_dalo", domain="logement",
                    step="prioritaire", status="open", opened_at=moment("2026-02-01")),
        ReportTrack(id=3, person_id=31, definition_id="logement_hebergement",
                    domain="logement", step="solution_stable", status="closed",
                    opened_at=moment("2025-12-01")),
        ReportTrack(id=4, person_id=32, definition_id="logement_daho", domain="logement",
                    step="abandonnee", status="closed", opened_at=moment("2025-10-01")),
    )
    events = (
        ReportEvent(id=300, track_id=1, person_id=30, definition_id="logement_demande_sociale",
                    trigger="renouveler", to_step="enregistree", occurred_at=moment("2026-04-20")),
        ReportEvent(id=301, track_id=2, person_id=31, definition_id="logement_dalo",
                    trigger="deposer", to_step="comed_saisie", occurred_at=moment("2026-02-02")),
        ReportEvent(id=302, track_id=2, person_id=31, definition_id="logement_dalo",
                    trigger="reconnaitre_prioritaire", to_step="prioritaire",
                    occurred_at=moment("2026-05-15")),
        ReportEvent(id=303, track_id=3, person_id=31, definition_id="logement_hebergement",
                    trigger="reloger", to_step="solution_stable", occurred_at=moment("2026-03-01")),
        ReportEvent(id=304, track_id=1, person_id=30, definition_id="logement_demande_sociale",
                    trigger="deposer", to_step="deposee", occurred_at=moment("2025-05-01")),
    )
    context = ReportContext(start=date(2026, 1, 1), end=date(2026, 6, 30), tracks=tracks,
                            events=events)
    [section] = plugins.logement.report.sections(context)
    figures = {f.key: f for f in section.figures}
    assert figures["personnes_accompagnees"].value == 2
    assert set(figures["personnes_accompagnees"].sources) == {"track:1", "track:2", "track:3"}
    assert figures["demandes_sociales_enregistrees"].value == 0  # a renewal is not a new one
    assert figures["demandes_sociales_deposees"].value == 0  # filed before the period
    assert figures["dalo_deposes"].sources == ("event:301",)
    assert figures["dalo_prioritaires"].sources == ("event:302",)
    assert figures["solutions_stables"].value == 1
