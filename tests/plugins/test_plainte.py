"""The plainte plugin: rules, checks (refused and allowed), the shared fact, report."""

from __future__ import annotations

from datetime import date

import pytest

import plugins.plainte
from core import Actor, CheckContext, InvalidFacts, Role, TrackSnapshot, compute_due, flagged
from core.engine.facts import sensitivity_of
from core.reports import ReportContext, ReportEvent, ReportTrack
from core.testing import TrackHarness, check_codes, moment
from plugins.plainte import checks, report
from plugins.plainte.tracks import PLAINTE

TODAY = date(2026, 6, 1)
COMPLAINT = {"mode_plainte": "plainte", "date_plainte": "2026-04-14", "service_plainte": "police",
             "recepisse_remis": True, "qualification": "delit", "consentement_eclaire": True,
             "evaluation_risques": True, "accompagnement": "association"}
PARTIE_CIVILE = {"preuve_premiere_plainte": True, "consignation": "a_fixer"}


def harness(today: date = TODAY) -> TrackHarness:
    return TrackHarness.with_plugins(("plainte", plugins.plainte), strict=True, today=today)


@pytest.mark.parametrize(("rule_id", "start", "due"), [
    ("plainte.reflexion_30j", date(2026, 3, 2), date(2026, 4, 1)),
    ("plainte.reflexion_30j", date(2026, 4, 1), date(2026, 5, 1)),  # not rolled: a protection period
    # art. 85: once 3 months "have passed", i.e. from the day after, whatever the weekday
    ("plainte.partie_civile_3m", date(2026, 4, 14), date(2026, 7, 15)),  # the day after 14 July
    ("plainte.partie_civile_3m", date(2026, 3, 20), date(2026, 6, 21)),  # Sunday 21 June
    ("plainte.partie_civile_3m", date(2025, 11, 30), date(2026, 3, 1)),  # 28 Feb clamped, +1
    ("plainte.prescription_delit_6a", date(2025, 12, 31), date(2031, 12, 31)),
    ("plainte.prescription_delit_6a", date(2024, 2, 29), date(2030, 2, 28)),
    ("plainte.prescription_crime_20a", date(2026, 2, 20), date(2046, 2, 20)),
    ("plainte.prescription_mineure_delit_10a", date(2020, 5, 2), date(2030, 5, 2)),
    ("plainte.prescription_mineure_crime_30a", date(2020, 5, 2), date(2050, 5, 2)),
])
def test_rule_due_dates(rule_id, start, due):
    rule = harness().host.catalog.rule(rule_id, on=start)
    assert compute_due(rule, start).due == due


def test_limitation_rules_say_the_continuing_offence_question():
    rules = {r.id: r for r in plugins.plainte.parcours_deadline_rules()}
    assert all("[U]" in r.note for k, r in rules.items() if ".prescription_" in k)


# --- main courante vs complaint, shared fact -----------------------------------------------------

def test_main_courante_records_no_complaint():
    h = harness()
    h.fire("deposer_main_courante", "plainte", date_main_courante="2026-04-07")
    assert h.tracks["plainte"].facts["plainte_deposee"] is False
    assert flagged(h.person(), "plainte_deposee", open_only=False) is None


def test_main_courante_cannot_be_recorded_as_a_complaint():
    h = harness()
    with pytest.raises(InvalidFacts):
        h.fire("deposer_main_courante", "plainte", date_main_courante="2026-04-07",
               plainte_deposee=True)


def test_complaint_records_the_shared_fact_and_opens_three_months():
    h = harness()
    h.fire("informer_delai_reflexion", "plainte", date_information_reflexion="2026-04-01",
           information_langue_comprise=True)
    h.assert_due("plainte.reflexion_30j", date(2026, 5, 1), "plainte")
    out = h.fire("deposer_plainte", "plainte", **COMPLAINT)
    assert h.tracks["plainte"].facts["plainte_deposee"] is True
    assert flagged(h.person(), "plainte_deposee").definition_id == "plainte"
    assert "plainte.reflexion_30j" not in h.tracks["plainte"].deadlines
    h.assert_due("plainte.partie_civile_3m", date(2026, 7, 15), "plainte")
    assert "plainte.prescription_non_evaluee" in check_codes(out)


def test_shared_fact_is_ordinary():
    for tr in PLAINTE.transitions:
        schema = PLAINTE.facts_schema(tr)
        if "plainte_deposee" in schema.model_fields:
            assert sensitivity_of(schema, "plainte_deposee") == "ordinary"
    assert sensitivity_of(PLAINTE.step("deposee").facts, "qualification") == "restricted"


# --- checks ------------------------------------------------------------------------------------

def test_complaint_needs_an_informed_decision():
    h = harness()
    h.assert_refused("deposer_plainte", "plainte.sans_consentement", "plainte",
                     **{**COMPLAINT, "consentement_eclaire": False})
    out = h.fire("deposer_plainte", "plainte", **{**COMPLAINT, "evaluation_risques": False,
                                                   "recepisse_remis": False})
    assert {"plainte.risques_non_evalues", "plainte.recepisse_manquant"} <= check_codes(out)


def test_receipt_recorded_later():
    h = harness()
    h.fire("deposer_plainte", "plainte", **{**COMPLAINT, "recepisse_remis": False})
    out = h.fire("enregistrer_recepisse", "plainte", recepisse_remis=True, copie_pv=True)
    assert "plainte.recepisse_remis" in check_codes(out)
    h.assert_step("deposee", "plainte")


@pytest.mark.parametrize(("last_facts", "code"), [
    ("2025-12-31", "plainte.prescription_lointaine"),
    ("2020-06-01", "plainte.prescription_proche"),
    ("2019-01-01", "plainte.prescription_acquise"),
])
def test_limitation_warnings(last_facts, code):
    h = harness()
    h.fire("evaluer_prescription_delit", "plainte", date_derniers_faits=last_facts)
    assert code in check_codes(h.fire("deposer_plainte", "plainte", **COMPLAINT))


def test_requalifying_keeps_a_single_limitation():
    h = harness()
    h.fire("evaluer_prescription_delit", "plainte", date_derniers_faits="2025-12-31")
    h.fire("evaluer_prescription_crime", "plainte", date_derniers_faits="2025-12-31")
    running = set(h.tracks["plainte"].deadlines)
    assert running == {"plainte.prescription_crime_20a"}


def test_partie_civile_waits_three_months_for_a_delit():
    h = harness()
    h.fire("deposer_plainte", "plainte", **COMPLAINT)
    h.assert_refused("se_constituer_partie_civile", "plainte.partie_civile_prematuree", "plainte",
                     date_constitution_partie_civile="2026-07-14", **PARTIE_CIVILE)
    out = h.fire("se_constituer_partie_civile", "plainte",
                 date_constitution_partie_civile="2026-07-15", **PARTIE_CIVILE)
    assert "plainte.partie_civile_recevable" in check_codes(out)
    assert "plainte.partie_civile_3m" not in h.tracks["plainte"].deadlines


def test_partie_civile_after_dismissal_or_for_a_crime():
    h = harness()
    h.fire("deposer_plainte", "plainte", **COMPLAINT)
    h.fire("classer_sans_suite", "plainte", date_avis_classement="2026-05-20")
    out = h.fire("se_constituer_partie_civile", "plainte",
                 date_constitution_partie_civile="2026-06-01", **PARTIE_CIVILE)
    assert "plainte.partie_civile_apres_classement" in check_codes(out)
    h2 = harness()
    h2.fire("deposer_plainte", "plainte", **{**COMPLAINT, "qualification": "crime"})
    out = h2.fire("se_constituer_partie_civile", "plainte",
                  date_constitution_partie_civile="2026-04-20", **PARTIE_CIVILE)
    assert "plainte.partie_civile_crime" in check_codes(out)


def test_partie_civile_needs_proof_of_the_first_complaint():
    h = harness()
    h.fire("deposer_plainte", "plainte", **{**COMPLAINT, "qualification": "crime"})
    h.assert_refused("se_constituer_partie_civile", "plainte.preuve_plainte_manquante", "plainte",
                     date_constitution_partie_civile="2026-04-20",
                     **{**PARTIE_CIVILE, "preuve_premiere_plainte": False})


def test_partie_civile_recomputes_three_months_when_not_running():
    tr = PLAINTE.transition("se_constituer_partie_civile", "recours_pg")
    track = TrackSnapshot(definition_id="plainte", step="recours_pg",
                          facts={"date_plainte": "2026-04-14", "qualification": "delit"})
    ctx = CheckContext(track=track, transition=tr, actor=Actor("r", Role.REFERENT), today=TODAY,
                       facts={"date_constitution_partie_civile": "2026-07-14"})
    assert checks.partie_civile_admissible(ctx).code == "plainte.partie_civile_prematuree"
    ctx = CheckContext(track=track, transition=tr, actor=Actor("r", Role.REFERENT), today=TODAY,
                       facts={"date_constitution_partie_civile": "2026-07-15"})
    assert checks.partie_civile_admissible(ctx).code == "plainte.partie_civile_recevable"


def test_conviction_without_civi_information_warns():
    h = harness()
    h.fire("deposer_plainte", "plainte", **COMPLAINT)
    h.fire("engager_poursuites", "plainte", date_poursuites="2026-09-15",
           voie_poursuite="tribunal_correctionnel")
    out = h.fire("enregistrer_jugement", "plainte", date_jugement="2027-01-10",
                 issue_jugement="condamnation", decision_definitive=True,
                 partie_civile_audience=True, information_civi=False)
    assert "plainte.civi_non_informee" in check_codes(out)
    h.assert_step("jugee", "plainte")


def test_civi_information_passes():
    h = harness()
    h.fire("deposer_plainte", "plainte", **COMPLAINT)
    h.fire("engager_poursuites", "plainte", date_poursuites="2026-09-15",
           voie_poursuite="tribunal_correctionnel")
    out = h.fire("enregistrer_jugement", "plainte", date_jugement="2027-01-10",
                 issue_jugement="condamnation", decision_definitive=True,
                 partie_civile_audience=True, information_civi=True)
    assert "plainte.civi_informee" in check_codes(out)


def test_volunteer_cannot_record_a_complaint():
    harness().assert_refused("deposer_plainte", "engine.role", "plainte", role=Role.BENEVOLE, **COMPLAINT)


# --- report ------------------------------------------------------------------------------------

def test_report_counts_persons_complaints_and_steps():
    tracks = (ReportTrack(id=1, person_id=10, definition_id="plainte", domain="plainte",
                          step="deposee", status="open", opened_at=moment("2026-01-10")),
              ReportTrack(id=2, person_id=11, definition_id="plainte", domain="plainte",
                          step="main_courante", status="open", opened_at=moment("2025-06-01")),
              ReportTrack(id=3, person_id=12, definition_id="plainte", domain="plainte",
                          step="close", status="closed", opened_at=moment("2025-01-01")),
              ReportTrack(id=4, person_id=13, definition_id="asile", domain="asile",
                          step="rdv_guda", status="open", opened_at=moment("2026-01-10")))

    def ev(i, track, trigger, to, day):
        return ReportEvent(id=i, track_id=track, person_id=10, definition_id="plainte",
                           trigger=trigger, to_step=to, occurred_at=moment(day))

    events = (ev(1, 1, "evaluer_prescription_delit", "preparation", "2026-01-12"),
              ev(2, 1, "deposer_plainte", "deposee", "2026-02-01"),
              ev(3, 2, "deposer_main_courante", "main_courante", "2025-06-02"),
              ev(4, 1, "enregistrer_recepisse", "deposee", "2026-02-03"))
    ctx = ReportContext(start=date(2026, 1, 1), end=date(2026, 3, 31), tracks=tracks, events=events)
    (section,) = report.sections(ctx)
    figures = {f.key: f for f in section.figures}
    assert figures["plainte.personnes"].value == 2
    assert figures["plainte.plaintes_deposees"].sources == ("event:2",)
    assert figures["plainte.etape.deposee"].value == 1
    assert set(figures) == {"plainte.personnes", "plainte.plaintes_deposees", "plainte.etape.deposee"}
