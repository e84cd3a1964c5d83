"""The emploi plugin: right to work across domains, RSA against AFIS, its checks, rules and report.

Other domains' situations are built with the built-in PSP/APS/AFIS tracks, and, for asylum
and the L425-1 card, with a tiny fake plugin defined here (the real asile and plainte
plugins are not imported): it records the shared facts and opens the public rule
``asile.acces_travail_6m`` exactly as the asile domain does.
"""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import BaseModel, ConfigDict

import plugins.emploi
from core import (DeadlineRule, Evidence, ReportContext, StepDefinition, StepKind,
                  TrackDefinition, TransitionDefinition, TransitionRefused, Unit, compute_due,
                  fact, hookimpl)
from core.reports import ReportEvent, ReportTrack
from core.testing import TrackHarness, check_codes, moment
from tests.plugins.psp_steps import authorise_psp, deliver_aps

TODAY = date(2026, 9, 1)


# --- a fake asylum / residence domain ---------------------------------------------------

class _Facts(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AtdaFacts(_Facts):
    sejour_regulier_jusquau: date = fact(label="Fin de validité de l'ATDA")
    autorise_travail: bool = fact(False, label="Autorise le travail")


class IntroductionFacts(_Facts):
    date_introduction_ofpra: date = fact(label="Introduction à l'OFPRA")


class TitreFacts(_Facts):
    sejour_regulier_jusquau: date = fact(label="Fin de validité de la carte ou du récépissé")
    autorise_travail: bool = fact(True, label="Autorise le travail")


def _track(track_id: str, steps: tuple[tuple[str, type], ...], opens=(), closes=()):
    names = ["debut", *(name for name, _ in steps), "fin"]
    defs = [StepDefinition(id="debut", label="début")]
    defs += [StepDefinition(id=name, label=name, facts=facts) for name, facts in steps]
    defs.append(StepDefinition(id="fin", label="fin", kind=StepKind.FINAL))
    moves = [TransitionDefinition(trigger=f"vers_{dest}", label=dest, source=(src,), dest=dest,
                                  opens=opens if dest == "introduite" else (),
                                  closes=closes if dest == "fin" else ())
             for src, dest in zip(names, names[1:], strict=False)]
    return TrackDefinition(id=track_id, label=track_id, domain="asile", initial="debut",
                           steps=tuple(defs), transitions=tuple(moves))


ACCES_TRAVAIL = DeadlineRule(id="asile.acces_travail_6m", label="Accès au travail (asile)",
                             source="CESEDA L554-1", evidence=Evidence.SECONDARY,
                             start_fact="date_introduction_ofpra", start_label="introduction",
                             duration=6, unit=Unit.MONTHS, roll_to_working_day=False)
ASILE = _track("asile_factice", (("atda", AtdaFacts), ("introduite", IntroductionFacts)),
               opens=("asile.acces_travail_6m",), closes=("asile.acces_travail_6m",))
CARTE = _track("carte_factice", (("carte", TitreFacts),))


class FakeAsile:
    """Stands for the asile and plainte domains: shared facts and the 6-month rule only."""

    @hookimpl
    def parcours_track_definitions(self):
        return [ASILE, CARTE]

    @hookimpl
    def parcours_deadline_rules(self):
        return [ACCES_TRAVAIL]


# --- helpers ----------------------------------------------------------------------------

def harness(*extra, today: date = TODAY, birth: date | None = None) -> TrackHarness:
    return TrackHarness.with_plugins(("emploi", plugins.emploi), *extra, strict=True,
                                     today=today, birth_date=birth)


def with_asile(**kw) -> TrackHarness:
    return harness(("asile_factice", FakeAsile()), **kw)


def grant_aps(h: TrackHarness, until: str = "2027-03-01") -> None:
    """Walk the built-in PSP to an authorised pathway and an issued APS (allows work)."""
    authorise_psp(h, "2026-03-16")
    deliver_aps(h, asked="2026-03-20", issued="2026-04-02", until=until)


INSCRIPTION = {"date_inscription": "2026-09-01"}


# --- emploi.droit_au_travail ----------------------------------------------------------

def test_registration_refused_without_any_right_to_work():
    h = harness()
    err = h.assert_refused("inscrire", "emploi.sans_droit_au_travail", "emploi_france_travail",
                           **INSCRIPTION)
    assert err.reasons[0].missing == ("nationalite_francaise_ue",)


def test_registration_allowed_for_an_eu_national():
    h = harness()
    out = h.fire("inscrire", "emploi_france_travail", **INSCRIPTION, nationalite_francaise_ue=True)
    assert "emploi.ressortissante_ue" in check_codes(out)
    h.assert_step("inscrite", "emploi_france_travail")


def test_aps_of_the_psp_allows_registration():
    h = harness()
    h.assert_refused("inscrire", "emploi.sans_droit_au_travail", "emploi_france_travail",
                     **INSCRIPTION)
    grant_aps(h)
    out = h.fire("inscrire", "emploi_france_travail", **INSCRIPTION)
    assert "emploi.document_autorisant_travail" in check_codes(out)


def test_aps_ending_soon_warns_but_allows():
    h = harness()
    grant_aps(h, until="2026-09-10")
    out = h.fire("inscrire", "emploi_france_travail", **INSCRIPTION)
    assert "emploi.document_travail_expire_bientot" in check_codes(out)


def test_expired_aps_no_longer_allows_work():
    h = harness()
    grant_aps(h, until="2026-08-31")
    h.assert_refused("inscrire", "emploi.sans_droit_au_travail", "emploi_france_travail",
                     **INSCRIPTION)


def test_l425_1_card_or_reflection_receipt_allows_hiring_in_iae():
    h = with_asile()
    h.fire("vers_carte", "carte_factice", sejour_regulier_jusquau="2027-05-01")
    h.fire("demander_eligibilite", "emploi_iae", date_diagnostic="2026-08-20",
           prescripteur="france_travail")
    h.fire("valider_eligibilite", "emploi_iae", date_validation_eligibilite="2026-08-25")
    out = h.fire("embaucher", "emploi_iae", date_embauche="2026-09-01", type_siae="ei")
    assert "emploi.document_autorisant_travail" in check_codes(out)
    assert h.due("emploi.pass_iae_24m", "emploi_iae") == date(2028, 8, 31)  # eve of anniversary


def test_atda_alone_does_not_allow_work():
    h = with_asile()
    h.fire("vers_atda", "asile_factice", sejour_regulier_jusquau="2027-01-01")
    h.assert_refused("inscrire", "emploi.sans_droit_au_travail", "emploi_france_travail",
                     **INSCRIPTION)


def test_asylum_before_six_months_refused_with_the_date():
    h = with_asile()
    h.fire("vers_atda", "asile_factice", sejour_regulier_jusquau="2027-01-01")
    h.fire("vers_introduite", "asile_factice", date_introduction_ofpra="2026-04-15")
    err = h.assert_refused("inscrire", "emploi.asile_moins_6m", "emploi_france_travail",
                           **INSCRIPTION)
    assert "15/10/2026" in err.reasons[0].message


def test_asylum_after_six_months_without_decision_allows_with_a_warning():
    h = with_asile()
    h.fire("vers_atda", "asile_factice", sejour_regulier_jusquau="2027-01-01")
    h.fire("vers_introduite", "asile_factice", date_introduction_ofpra="2026-01-15")
    out = h.fire("inscrire", "emploi_france_travail", **INSCRIPTION)
    assert "emploi.asile_autorisation_employeur" in check_codes(out)


def test_asylum_decided_closes_the_work_access():
    h = with_asile()
    h.fire("vers_atda", "asile_factice", sejour_regulier_jusquau="2026-08-01")
    h.fire("vers_introduite", "asile_factice", date_introduction_ofpra="2026-01-15")
    h.fire("vers_fin", "asile_factice")
    h.assert_refused("inscrire", "emploi.sans_droit_au_travail", "emploi_france_travail",
                     **INSCRIPTION)


def test_hiring_out_of_france_travail_list_needs_the_right_to_work():
    h = harness()
    h.fire("inscrire", "emploi_france_travail", **INSCRIPTION, nationalite_francaise_ue=True)
    out = h.fire("trouver_emploi", "emploi_france_travail", date_debut_contrat="2026-10-01",
                 type_contrat="cdi")
    assert "emploi.ressortissante_ue" in check_codes(out)  # read back from the registration
    h.assert_step("en_emploi", "emploi_france_travail")


# --- RSA and the built-in AFIS check ------------------------------------------------------

AFIS = {"date_demande_afis": "2026-09-01", "situation_sejour": "francaise_ue",
        "ressources_mois_precedent": 0, "beneficiaire_rsa": False, "beneficiaire_ada": False}
RSA = {"date_demande_rsa": "2026-09-01", "situation_sejour": "francaise_ue"}


def authorise_psp_from_august(h: TrackHarness) -> None:
    authorise_psp(h, "2026-03-16", "2026-08-16")


def test_rsa_request_records_the_shared_fact_and_afis_is_refused():
    h = harness(birth=date(1990, 5, 4))
    authorise_psp_from_august(h)
    h.fire("demander", "emploi_rsa", **RSA)
    assert h.tracks["emploi_rsa"].facts["beneficiaire_rsa"] is True
    h.assert_refused("demander", "psp.afis_rsa", "psp_afis", **AFIS)
    h.fire("accorder", "emploi_rsa", date_ouverture_rsa="2026-09-20")
    h.assert_refused("demander", "psp.afis_rsa", "psp_afis", **AFIS)


def test_afis_allowed_once_rsa_is_refused():
    h = harness(birth=date(1990, 5, 4))
    authorise_psp_from_august(h)
    h.fire("demander", "emploi_rsa", **RSA)
    h.fire("refuser", "emploi_rsa", date_fin_rsa="2026-09-20")
    assert h.tracks["emploi_rsa"].facts["beneficiaire_rsa"] is False
    h.fire("demander", "psp_afis", **AFIS)
    h.assert_step("demandee", "psp_afis")


def test_afis_allowed_without_any_rsa_track():
    h = harness(birth=date(1990, 5, 4))
    authorise_psp_from_august(h)
    h.fire("demander", "psp_afis", **AFIS)
    h.assert_step("demandee", "psp_afis")


@pytest.mark.parametrize(("facts", "birth", "code"), [
    ({}, date(2003, 1, 1), "emploi.rsa_moins_25_ans"),
    ({"parent_isole": True}, date(2003, 1, 1), "emploi.rsa_conditions"),
    ({"activite_3214h": True}, date(2003, 1, 1), "emploi.rsa_conditions"),
    ({"situation_sejour": "autre_titre"}, date(1990, 1, 1), "emploi.rsa_anciennete_titre"),
    ({"situation_sejour": "refugiee_ou_protegee"}, date(1990, 1, 1), "emploi.rsa_conditions"),
    ({}, None, "emploi.rsa_age_inconnu"),
])
def test_rsa_conditions(facts, birth, code):
    h = harness(birth=birth)
    if code == "emploi.rsa_conditions":
        assert code in check_codes(h.fire("demander", "emploi_rsa", **{**RSA, **facts}))
    else:
        h.assert_refused("demander", code, "emploi_rsa", **{**RSA, **facts})


# --- other checks ---------------------------------------------------------------------

def registered(h: TrackHarness) -> None:
    h.fire("inscrire", "emploi_france_travail", **INSCRIPTION, nationalite_francaise_ue=True)


@pytest.mark.parametrize(("hours", "adapted", "code"), [
    (10, False, "emploi.heures_inferieures_15"), (10, True, "emploi.heures_activite"),
    (15, False, "emploi.heures_activite")])
def test_engagement_contract_hours(hours, adapted, code):
    h = harness()
    registered(h)
    out = h.fire("signer_contrat", "emploi_france_travail", date_signature_contrat="2026-09-02",
                 heures_activite_hebdo=hours, amenagement_heures=adapted)
    assert code in check_codes(out)


@pytest.mark.parametrize(("facts", "code", "refused"), [
    ({"prescripteur": "mission_locale"}, "emploi.prescripteur_habilite", False),
    ({"prescripteur": "association_habilitee"}, "emploi.habilitation_a_verifier", False),
    ({"prescripteur": "autocontrole_siae", "criteres_niveau_1": 1}, "emploi.criteres_iae", False),
    ({"prescripteur": "autocontrole_siae", "criteres_niveau_2": 3}, "emploi.criteres_iae", False),
    ({"prescripteur": "autocontrole_siae", "criteres_niveau_2": 2},
     "emploi.criteres_iae_a_verifier", False),
    ({"prescripteur": "autocontrole_siae", "criteres_niveau_2": 1},
     "emploi.criteres_iae_insuffisants", True),
])
def test_iae_eligibility(facts, code, refused):
    h = harness()
    facts = {"date_diagnostic": "2026-08-20", **facts}
    if refused:
        h.assert_refused("demander_eligibilite", code, "emploi_iae", **facts)
    else:
        assert code in check_codes(h.fire("demander_eligibilite", "emploi_iae", **facts))


CEJ = {"date_signature_cej": "2026-09-01", "structure_cej": "mission_locale",
       "nationalite_francaise_ue": True}


@pytest.mark.parametrize(("birth", "extra", "code"), [
    (date(2004, 9, 30), {}, "emploi.cej_age"),
    (date(2000, 9, 1), {}, "emploi.cej_hors_age"),
    (date(2000, 9, 1), {"rqth": True}, "emploi.cej_age"),
    (date(2011, 1, 1), {}, "emploi.cej_hors_age"),
    (None, {}, "emploi.cej_age_inconnu"),
    (None, {"date_naissance": "2005-01-01"}, "emploi.cej_age"),
])
def test_cej_age(birth, extra, code):
    h = harness(birth=birth)
    if code == "emploi.cej_age":
        assert code in check_codes(h.fire("signer", "emploi_cej", **CEJ, **extra))
    else:
        h.assert_refused("signer", code, "emploi_cej", **CEJ, **extra)


def test_cej_warns_without_france_travail_registration_and_runs_twelve_months():
    h = harness(birth=date(2004, 9, 30))
    assert "emploi.cej_sans_inscription" in check_codes(h.fire("signer", "emploi_cej", **CEJ))
    assert h.due("emploi.cej_12m", "emploi_cej") == date(2027, 8, 31)  # eve of anniversary
    h.fire("prolonger", "emploi_cej", date_decision_prolongation="2027-07-01")
    assert h.due("emploi.cej_18m", "emploi_cej") == date(2028, 2, 29)
    assert "emploi.cej_12m" not in h.tracks["emploi_cej"].deadlines


def test_cej_with_france_travail_registration_passes():
    h = harness(birth=date(2004, 9, 30))
    registered(h)
    assert "emploi.cej_inscrite" in check_codes(h.fire("signer", "emploi_cej", **CEJ))


def test_cir_needs_a_regular_stay_and_flags_the_aps():
    h = harness()
    h.assert_refused("signer", "emploi.cir_sans_sejour_regulier", "emploi_cir",
                     date_signature_cir="2026-09-01")
    grant_aps(h)
    out = h.fire("signer", "emploi_cir", date_signature_cir="2026-09-01")
    assert "emploi.cir_aps_a_verifier" in check_codes(out)
    assert h.due("emploi.cir_1a", "emploi_cir") == date(2027, 8, 31)


def test_cir_with_another_residence_document_passes():
    h = with_asile()
    h.fire("vers_carte", "carte_factice", sejour_regulier_jusquau="2027-05-01")
    assert "emploi.cir_sejour" in check_codes(h.fire("signer", "emploi_cir",
                                                date_signature_cir="2026-09-01"))


def test_refusals_leave_the_track_unchanged():
    h = harness()
    with pytest.raises(TransitionRefused):
        h.fire("inscrire", "emploi_france_travail", **INSCRIPTION)
    assert h.tracks["emploi_france_travail"].step == "a_inscrire"


# --- rules ----------------------------------------------------------------------------

@pytest.mark.parametrize(("rule_id", "start", "due"), [
    # contract and approval durations end the eve of their anniversary
    ("emploi.pass_iae_24m", date(2026, 3, 10), date(2028, 3, 9)),
    ("emploi.pass_iae_24m", date(2026, 2, 28), date(2028, 2, 27)),
    ("emploi.cej_12m", date(2026, 3, 10), date(2027, 3, 9)),
    ("emploi.cej_12m", date(2025, 8, 31), date(2026, 8, 30)),
    ("emploi.cej_18m", date(2026, 3, 10), date(2027, 9, 9)),
    ("emploi.cir_1a", date(2026, 3, 10), date(2027, 3, 9)),
    ("emploi.formation_francais_2m", date(2026, 3, 14), date(2026, 5, 15)),  # Ascension
    ("emploi.formation_debut_3m", date(2026, 5, 1), date(2026, 8, 3)),  # Saturday 1 August
])
def test_rule_due_dates(rule_id, start, due):
    rule = harness().host.catalog.rule(rule_id)
    assert compute_due(rule, start).due == due


def test_unverified_rules_say_so():
    catalog = harness().host.catalog
    explanation = compute_due(catalog.rule("emploi.cir_1a"), date(2026, 3, 10)).explanation
    assert "[U]" in explanation


def test_training_follow_up_is_practice_not_unverified_law():
    """The follow-up thresholds for starting a course are the association's own practice
    (domain.md §6.3), so they are tagged [P], not presented as a law not yet verified."""
    catalog = harness().host.catalog
    for rule_id in ("emploi.formation_francais_2m", "emploi.formation_debut_3m"):
        explanation = compute_due(catalog.rule(rule_id), date(2026, 3, 10)).explanation
        assert "[P]" in explanation and "[U]" not in explanation
        assert "pratique de l'association, pas un délai légal" in explanation


# --- report ---------------------------------------------------------------------------

def test_report_counts_persons_and_steps_reached():
    tracks = (
        ReportTrack(id=1, person_id=10, definition_id="emploi_france_travail", domain="emploi",
                    step="contrat_engagement", status="open", opened_at=moment("2025-11-02")),
        ReportTrack(id=2, person_id=10, definition_id="emploi_rsa", domain="emploi",
                    step="beneficiaire", status="open", opened_at=moment("2026-01-10")),
        ReportTrack(id=3, person_id=11, definition_id="emploi_iae", domain="emploi",
                    step="sortie", status="closed", opened_at=moment("2026-02-01")),
        ReportTrack(id=4, person_id=12, definition_id="emploi_cej", domain="emploi",
                    step="termine", status="closed", opened_at=moment("2025-01-01")),
        ReportTrack(id=5, person_id=13, definition_id="psp", domain="psp",
                    step="autorise", status="open", opened_at=moment("2026-01-01")),
    )
    events = (
        ReportEvent(id=100, track_id=1, person_id=10, definition_id="emploi_france_travail",
                    trigger="inscrire", to_step="inscrite", occurred_at=moment("2026-01-05")),
        ReportEvent(id=101, track_id=1, person_id=10, definition_id="emploi_france_travail",
                    trigger="signer_contrat", to_step="contrat_engagement",
                    occurred_at=moment("2026-01-20")),
        ReportEvent(id=102, track_id=1, person_id=10, definition_id="emploi_france_travail",
                    trigger="signaler_activite", to_step="contrat_engagement",
                    occurred_at=moment("2026-02-03")),
        ReportEvent(id=103, track_id=3, person_id=11, definition_id="emploi_iae",
                    trigger="embaucher", to_step="en_parcours", occurred_at=moment("2026-02-10")),
        ReportEvent(id=104, track_id=2, person_id=10, definition_id="emploi_rsa",
                    trigger="accorder", to_step="beneficiaire", occurred_at=moment("2026-02-15")),
    )
    context = ReportContext(start=date(2026, 1, 1), end=date(2026, 3, 31), tracks=tracks,
                            events=events)
    [section] = plugins.emploi.report.sections(context)
    figures = {f.key: f for f in section.figures}
    assert figures["personnes_accompagnees"].value == 2  # 12's CEJ closed before the period
    assert set(figures["personnes_accompagnees"].sources) == {"track:1", "track:2", "track:3"}
    assert figures["inscriptions_france_travail"].sources == ("event:100",)
    assert figures["contrats_engagement"].value == 1  # the weekly activity is not counted
    assert figures["embauches_iae"].sources == ("event:103",)
    assert figures["rsa_ouverts"].value == 1
    assert figures["cej_signes"].value == 0


def test_report_section_goes_through_the_hook():
    h = harness()
    context = ReportContext(start=date(2026, 1, 1), end=date(2026, 3, 31))
    sections = [s for s in h.host.report_sections(context) if s.plugin == "emploi"]
    assert [s.id for s in sections] == ["emploi"]


def test_a_referral_to_a_named_training_partner_needs_her_consent():
    h = harness()
    h.assert_refused("orienter_francais", "partage.consentement_manquant", "emploi_formation",
                     date_orientation_formation="2026-03-10", financement="associatif",
                     partenaire="ASL du quartier")
    h.give_consent("partage", date(2026, 3, 1), partner="ASL du quartier")
    h.withdraw_consent("partage", "ASL du quartier")
    h.assert_refused("orienter_francais", "partage.consentement_manquant", "emploi_formation",
                     date_orientation_formation="2026-03-10", financement="associatif",
                     partenaire="ASL du quartier")
    h.give_consent("partage", date(2026, 3, 10), partner="ASL du quartier")
    out = h.fire("orienter_francais", "emploi_formation", date_orientation_formation="2026-03-10",
                 financement="associatif", partenaire="ASL du quartier")
    assert "partage.consenti" in check_codes(out)
