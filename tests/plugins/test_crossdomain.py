"""Cross-domain checks of issue 4, with the real installed plugins together.

One fictitious person's tracks are driven through the engine (``core.testing.TrackHarness``)
on a single host loaded from the entry points: each combination of the issue is shown
refused, then allowed, with its exact reason code. A last test goes through the services
and a SQLite file, so that the person snapshot read from the database is exercised too.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from core import services as svc
from core.errors import TransitionRefused
from core.plugins import build_plugin_host
from core.testing import TrackHarness
from tests.accounts import add_followed, make_app, who
from tests.plugins.psp_steps import authorise_psp, deliver_aps

HOST = build_plugin_host()
TODAY = date(2026, 5, 4)  # a Monday
BORN = date(1990, 3, 15)
SOON = (TODAY + timedelta(days=10)).isoformat()

COMPLAINT = {"mode_plainte": "plainte", "date_plainte": "2026-04-14", "service_plainte": "police",
             "recepisse_remis": True, "qualification": "delit", "consentement_eclaire": True,
             "evaluation_risques": True, "accompagnement": "association"}
L425_1_FILE = {"date_depot_demande_sejour": "2026-04-20", "piece_identite": True,
               "recepisse_plainte": True, "domiciliation": True, "photos": True,
               "rupture_contact": True}
OFPRA_FILE = {"formulaire_ofpra": True, "photos": True, "copie_atda": True,
              "envoi_recommande_ar": True}
HOUSING = {"date_depot_demande": "2026-05-04", "mode_depot": "guichet",
           "piece_identite_ou_titre": True, "avis_imposition": True}
AFIS = {"date_demande_afis": "2026-05-04", "situation_sejour": "recepisse",
        "ressources_mois_precedent": 0, "beneficiaire_rsa": False, "beneficiaire_ada": False}
AME = {"date_arrivee_france": "2025-06-01", "piece_identite": True,
       "justificatif_presence": True, "justificatif_ressources": True, "domiciliation": True}
PUMA = {"date_demande_puma": "2026-05-04", "piece_identite": True,
        "justificatif_residence_3m": True, "rib": True, "domiciliation": True}
CNDA = {"date_recours_cnda": "2026-06-15", "recours_motive": True, "copie_decision_ofpra": True}


def person(today: date = TODAY) -> TrackHarness:
    return TrackHarness(host=HOST, today=today, birth_date=BORN)


def refusals(h: TrackHarness, trigger: str, code: str, track: str, **facts) -> list[str]:
    """Assert ``code`` refuses the move (nothing changed) and return every blocking code."""
    return [r.code for r in h.assert_refused(trigger, code, track, **facts).reasons]


def severities(outcome) -> dict[str, str]:
    return {r.code: str(r.severity) for r in outcome.checks}


# --- situations recorded by each domain ----------------------------------------------------

def authorised(h: TrackHarness) -> None:
    authorise_psp(h, "2026-03-10", commission="2026-03-01")


def with_aps(h: TrackHarness, until: str = "2026-09-09") -> None:
    authorised(h)
    deliver_aps(h, asked="2026-03-12", issued="2026-03-20", until=until)


def file_complaint(h: TrackHarness) -> None:
    h.fire("deposer_plainte", "plainte", **COMPLAINT)
    h.assert_step("deposee", "plainte")


def l425_1_card(h: TrackHarness) -> None:
    file_complaint(h)
    h.fire("demander_carte_l425_1", "sejour_victime", **L425_1_FILE)
    h.fire("delivrer_carte_l425_1", "sejour_victime", date_delivrance_carte="2026-04-28",
           sejour_regulier_jusquau="2027-04-27", beneficiaire_ada=False)
    h.assert_step("carte_l425_1", "sejour_victime")


def reflection_receipt(h: TrackHarness) -> None:
    h.fire("obtenir_recepisse_reflexion", "sejour_victime", date_delivrance_recepisse="2026-04-20",
           sejour_regulier_jusquau="2026-07-20")
    h.assert_step("recepisse_reflexion", "sejour_victime")


def to_atda(h: TrackHarness, until: str = "2027-02-22") -> None:
    h.fire("pre_enregistrer", "asile", date_pre_enregistrement="2026-04-20")
    h.fire("enregistrer_procedure_normale", "asile", date_delivrance_atda="2026-04-23",
           sejour_regulier_jusquau=until)
    h.fire("rediger_recit", "asile", date_recit="2026-04-28", langue_recit="français",
           recit_traduit_francais=False)
    h.assert_step("atda_delivree", "asile")


def lodge_at_ofpra(h: TrackHarness) -> None:
    to_atda(h)
    h.fire("envoyer_ofpra", "asile", date_envoi_ofpra="2026-04-30", **OFPRA_FILE)
    h.fire("enregistrer_introduction", "asile", date_introduction_ofpra="2026-05-04")
    h.assert_step("ofpra_introduite", "asile")


def grant_ada(h: TrackHarness) -> None:
    to_atda(h)
    h.fire("accepter_cma", "asile_ada", date_acceptation_cma="2026-04-24",
           hebergement_propose=True, ressources_inferieures_rsa=True)
    h.fire("ouvrir_ada", "asile_ada", date_ouverture_ada="2026-04-30")
    h.assert_step("ada_versee", "asile_ada")


def request_rsa(h: TrackHarness) -> None:
    h.fire("demander", "emploi_rsa", date_demande_rsa="2026-04-27",
           situation_sejour="refugiee_ou_protegee")
    h.assert_step("demandee", "emploi_rsa")


def to_employment(h: TrackHarness, move: str) -> tuple[str, str, dict, str]:
    """An employment track just before its right-to-work check: (trigger, track, facts, step)."""
    day = h.today.isoformat()
    if move == "iae":
        h.fire("demander_eligibilite", "emploi_iae", date_diagnostic=day,
               prescripteur="france_travail")
        h.fire("valider_eligibilite", "emploi_iae", date_validation_eligibilite=day)
        return "embaucher", "emploi_iae", {"date_embauche": day, "type_siae": "aci"}, "en_parcours"
    return "inscrire", "emploi_france_travail", {"date_inscription": day}, "inscrite"


MOVES = ["france_travail", "iae"]


# --- 1. employment needs a right to work ---------------------------------------------------

@pytest.mark.parametrize("move", MOVES)
def test_employment_refused_without_right_to_work(move):
    h = person()
    trigger, track, facts, _ = to_employment(h, move)
    assert refusals(h, trigger, "emploi.sans_droit_au_travail", track, **facts) == [
        "emploi.sans_droit_au_travail"]


@pytest.mark.parametrize("move", MOVES)
@pytest.mark.parametrize("grant", [with_aps, l425_1_card, reflection_receipt],
                         ids=["aps_psp", "carte_l425_1", "recepisse_reflexion"])
def test_employment_allowed_with_a_work_document(grant, move):
    h = person()
    grant(h)
    trigger, track, facts, step = to_employment(h, move)
    outcome = h.fire(trigger, track, **facts)
    h.assert_step(step, track)
    assert severities(outcome)["emploi.document_autorisant_travail"] == "passed"


@pytest.mark.parametrize("move", MOVES)
def test_asylum_seeker_works_only_after_six_months_without_ofpra_decision(move):
    h = person()
    to_atda(h)  # the ATDA is a regular stay that does not allow work
    trigger, track, facts, step = to_employment(h, move)
    assert refusals(h, trigger, "emploi.sans_droit_au_travail", track, **facts) == [
        "emploi.sans_droit_au_travail"]
    h.fire("envoyer_ofpra", "asile", date_envoi_ofpra="2026-04-30", **OFPRA_FILE)
    h.fire("enregistrer_introduction", "asile", date_introduction_ofpra="2026-05-04")
    due = h.due("asile.acces_travail_6m", "asile")
    assert due == date(2026, 11, 5)  # "more than" 6 months from 4 May: met the day after
    h.today = due - timedelta(days=1)
    assert refusals(h, trigger, "emploi.asile_moins_6m", track, **facts) == [
        "emploi.asile_moins_6m"]
    h.today = due
    outcome = h.fire(trigger, track, **facts)
    h.assert_step(step, track)
    assert severities(outcome)["emploi.asile_autorisation_employeur"] == "warning"


def test_asylum_work_access_ends_with_the_ofpra_decision():
    h = person()
    lodge_at_ofpra(h)
    h.fire("rejeter", "asile", date_notification_rejet="2026-06-10", decision_ofpra="rejet",
           droit_au_maintien=True, sejour_regulier_jusquau="2027-02-22")
    h.today = date(2026, 11, 10)  # past the six months, but OFPRA has decided
    trigger, track, facts, _ = to_employment(h, "france_travail")
    assert refusals(h, trigger, "emploi.sans_droit_au_travail", track, **facts) == [
        "emploi.sans_droit_au_travail"]


# --- 2. social housing needs a regular-stay document ---------------------------------------

@pytest.mark.parametrize("expired_atda", [False, True], ids=["nothing", "expired_atda"])
def test_social_housing_refused_without_regular_stay(expired_atda):
    h = person()
    if expired_atda:
        to_atda(h, until="2026-05-03")
    assert refusals(h, "deposer", "logement.sans_sejour_regulier", "logement_demande_sociale",
                    **HOUSING) == ["logement.sans_sejour_regulier"]


@pytest.mark.parametrize(("grant", "code", "severity"), [
    (to_atda, "logement.sejour_regulier", "passed"),
    (with_aps, "logement.aps_a_verifier", "warning"),
], ids=["atda", "aps"])
def test_social_housing_allowed_with_atda_or_aps(grant, code, severity):
    h = person()
    grant(h)
    outcome = h.fire("deposer", "logement_demande_sociale", **HOUSING)
    h.assert_step("deposee", "logement_demande_sociale")
    assert severities(outcome)[code] == severity


# --- 3. AFIS excludes ADA and RSA ------------------------------------------------------------

def test_afis_allowed_without_ada_nor_rsa_once_psp_authorised():
    h = person()
    assert refusals(h, "demander", "psp.non_autorise", "psp_afis", **AFIS) == ["psp.non_autorise"]
    authorised(h)
    outcome = h.fire("demander", "psp_afis", **AFIS)
    h.assert_step("demandee", "psp_afis")
    assert severities(outcome)["psp.afis_ni_rsa_ni_ada"] == "passed"


def test_afis_refused_while_ada_is_paid():
    h = person()
    authorised(h)
    grant_ada(h)  # the AFIS form itself says "no ADA": the asile track says otherwise
    assert refusals(h, "demander", "psp.afis_ada", "psp_afis", **AFIS) == ["psp.afis_ada"]
    h.fire("terminer_ada", "asile_ada", date_fin_ada="2026-05-02")
    h.fire("demander", "psp_afis", **AFIS)
    h.assert_step("demandee", "psp_afis")


def test_afis_refused_while_rsa_is_requested():
    h = person()
    authorised(h)
    request_rsa(h)
    assert refusals(h, "demander", "psp.afis_rsa", "psp_afis", **AFIS) == ["psp.afis_rsa"]
    h.fire("refuser", "emploi_rsa", date_fin_rsa="2026-05-02")
    h.fire("demander", "psp_afis", **AFIS)
    h.assert_step("demandee", "psp_afis")


# --- 4. AME and PUMa exclude each other ------------------------------------------------------

def set_aside_coverage(h: TrackHarness) -> str:
    """Keep the open coverage track under another name, so that a second one can be opened."""
    h.tracks["couverture_1"] = h.tracks.pop("sante_couverture")
    return "couverture_1"


def test_ame_excludes_puma():
    h = person()
    h.fire("demander_ame", "sante_couverture", date_demande_ame="2026-04-06", **AME)
    h.fire("accorder_ame", "sante_couverture", date_ouverture_droits_ame="2026-04-20")
    assert refusals(h, "demander_puma", "engine.not_from_step", "sante_couverture",
                    **PUMA) == ["engine.not_from_step"]
    with_aps(h)  # the stay became regular
    first = set_aside_coverage(h)
    assert refusals(h, "demander_puma", "sante.ame_exclut_puma", "sante_couverture",
                    **PUMA) == ["sante.ame_exclut_puma"]
    h.fire("basculer_puma", first, **PUMA)  # the allowed way: one coverage switching
    h.assert_step("puma_demandee", first)
    h.fire("abandonner", first, motif_cloture="autre")
    outcome = h.fire("demander_puma", "sante_couverture", **PUMA)
    h.assert_step("puma_demandee", "sante_couverture")
    assert severities(outcome)["sante.couverture_unique"] == "passed"


def test_puma_excludes_ame():
    h = person()
    with_aps(h, until="2026-09-09")
    h.fire("demander_puma", "sante_couverture", **PUMA)
    h.fire("ouvrir_puma", "sante_couverture", date_ouverture_puma="2026-05-04")
    h.today = date(2026, 10, 5)  # the APS has expired: AME conditions are met
    ame = {**AME, "date_demande_ame": "2026-10-05"}
    assert refusals(h, "demander_ame", "engine.not_from_step", "sante_couverture",
                    **ame) == ["engine.not_from_step"]
    first = set_aside_coverage(h)
    assert refusals(h, "demander_ame", "sante.puma_exclut_ame", "sante_couverture",
                    **ame) == ["sante.puma_exclut_ame"]
    h.fire("abandonner", first, motif_cloture="autre")
    outcome = h.fire("demander_ame", "sante_couverture", **ame)
    h.assert_step("ame_demandee", "sante_couverture")
    assert severities(outcome)["sante.couverture_unique"] == "passed"


def test_ame_refused_while_a_regular_stay_is_recorded():
    h = person()
    with_aps(h)
    assert refusals(h, "demander_ame", "sante.ame_sejour_regulier", "sante_couverture",
                    date_demande_ame="2026-05-04", **AME) == ["sante.ame_sejour_regulier"]


# --- 5. a CNDA appeal needs an OFPRA rejection ---------------------------------------------

def test_cnda_appeal_needs_an_ofpra_rejection():
    h = person()
    lodge_at_ofpra(h)
    assert refusals(h, "former_recours_cnda", "asile.cnda_sans_rejet_ofpra", "asile",
                    **CNDA) == ["asile.cnda_sans_rejet_ofpra"]
    h.fire("rejeter", "asile", date_notification_rejet="2026-06-10", decision_ofpra="rejet",
           droit_au_maintien=True, sejour_regulier_jusquau="2027-02-22")
    outcome = h.fire("former_recours_cnda", "asile", **CNDA)
    h.assert_step("cnda_saisie", "asile")
    assert severities(outcome)["asile.cnda_rejet_ofpra"] == "passed"


# --- 6. the L425-1 card needs a filed complaint, not a main courante -----------------------

def test_l425_1_card_needs_a_complaint_not_a_main_courante():
    h = person()
    assert refusals(h, "demander_carte_l425_1", "asile.l425_1_sans_plainte", "sejour_victime",
                    **L425_1_FILE) == ["asile.l425_1_sans_plainte"]
    h.fire("deposer_main_courante", "plainte", date_main_courante="2026-04-10")
    h.assert_step("main_courante", "plainte")
    assert refusals(h, "demander_carte_l425_1", "asile.l425_1_sans_plainte", "sejour_victime",
                    **L425_1_FILE) == ["asile.l425_1_sans_plainte"]
    file_complaint(h)  # a complaint after the main courante
    outcome = h.fire("demander_carte_l425_1", "sejour_victime", **L425_1_FILE)
    h.assert_step("l425_1_demandee", "sejour_victime")
    assert severities(outcome)["asile.l425_1_plainte_deposee"] == "passed"


# --- 7. document checklists: completeness and expiry -----------------------------------------

@pytest.mark.parametrize(("setup", "track", "trigger", "facts", "code"), [
    (lambda h: h.fire("signer_document", "psp", date_signature_document="2026-01-05"),
     "psp", "constituer_dossier",
     {"piece_identite": True, "attestation_cessation": True, "domiciliation": False},
     "psp.dossier_incomplet"),
    (file_complaint, "sejour_victime", "demander_carte_l425_1", {**L425_1_FILE, "photos": False},
     "asile.dossier_l425_1_incomplet"),
    (None, "sante_couverture", "demander_ame",
     {**AME, "date_demande_ame": "2026-05-04", "justificatif_presence": False},
     "sante.dossier_cpam_incomplet"),
    (with_aps, "logement_demande_sociale", "deposer",
     {**HOUSING, "piece_identite_ou_titre": False}, "logement.dossier_incomplet"),
], ids=["psp", "l425_1", "ame", "logement"])
def test_incomplete_file_is_refused(setup, track, trigger, facts, code):
    h = person()
    if setup is not None:
        setup(h)
    assert refusals(h, trigger, code, track, **facts) == [code]


def test_passport_expiry_warns_on_the_l425_1_file():
    h = person()
    file_complaint(h)
    outcome = h.fire("demander_carte_l425_1", "sejour_victime",
                     **{**L425_1_FILE, "passeport_valide_jusquau": SOON})
    h.assert_step("l425_1_demandee", "sejour_victime")
    assert severities(outcome)["asile.passeport_expire"] == "warning"


def test_atda_expiry_warns_when_sending_the_ofpra_file():
    h = person()
    to_atda(h, until=SOON)
    outcome = h.fire("envoyer_ofpra", "asile", date_envoi_ofpra="2026-04-30", **OFPRA_FILE)
    h.assert_step("ofpra_envoyee", "asile")
    assert severities(outcome)["asile.document_expire_bientot"] == "warning"


def test_aps_expiry_warns_on_employment_and_housing():
    h = person()
    with_aps(h, until=SOON)
    work = h.fire("inscrire", "emploi_france_travail", date_inscription="2026-05-04")
    assert severities(work)["emploi.document_travail_expire_bientot"] == "warning"
    housing = h.fire("deposer", "logement_demande_sociale", **HOUSING)
    assert severities(housing)["logement.sejour_expire_bientot"] == "warning"
    h.assert_step("inscrite", "emploi_france_travail")
    h.assert_step("deposee", "logement_demande_sociale")


def test_domiciliation_expiry_warns_on_the_cpam_file():
    h = person()
    with_aps(h)
    h.fire("demander", "sante_domiciliation", date_demande_domiciliation="2025-04-28",
           organisme_domiciliation="ccas", lien_commune="sejour", formulaire_cerfa=True)
    h.fire("domicilier", "sante_domiciliation", date_attestation="2025-05-12")
    assert TODAY < h.due("sante.domiciliation_1a", "sante_domiciliation") <= TODAY + timedelta(15)
    outcome = h.fire("demander_puma", "sante_couverture",
                     **{k: v for k, v in PUMA.items() if k != "domiciliation"})
    h.assert_step("puma_demandee", "sante_couverture")
    assert severities(outcome)["sante.domiciliation_expire_bientot"] == "warning"


# --- through the services and the database ---------------------------------------------------

def test_right_to_work_read_from_the_database(tmp_path):
    app = make_app(f"sqlite:///{tmp_path}/x.db", today=TODAY, host=HOST,
                   users={"camille": "referent"})
    camille = who(app, "camille")
    try:
        person = add_followed(app, "Personne fictive")

        def advance(track: str, trigger: str, **facts):
            return svc.advance(app, camille, person, track, trigger, facts=facts)

        svc.start_track(app, camille, person, "emploi_france_travail")
        with pytest.raises(TransitionRefused) as refused:
            advance("emploi_france_travail", "inscrire", date_inscription="2026-05-04")
        assert [r.code for r in refused.value.reasons] == ["emploi.sans_droit_au_travail"]

        svc.start_track(app, camille, person, "psp")
        for trigger, facts in [
            ("signer_document", {"date_signature_document": "2026-01-05"}),
            ("constituer_dossier", {"piece_identite": "oui", "attestation_cessation": "oui",
                                    "domiciliation": "oui"}),
            ("transmettre", {"date_envoi": "2026-01-20"}),
            ("enregistrer_avis", {"date_commission": "2026-03-01", "avis": "favorable"}),
            ("autoriser", {"date_decision": "2026-03-10", "debut_periode": "2026-03-10"})]:
            advance("psp", trigger, **facts)
        svc.start_track(app, camille, person, "psp_aps")
        advance("psp_aps", "demander", date_demande_aps="2026-03-12")
        assert advance("psp_aps", "delivrer", date_delivrance_aps="2026-03-20",
                       sejour_regulier_jusquau="2026-09-09").step == "delivree"

        result = advance("emploi_france_travail", "inscrire", date_inscription="2026-05-04")
        assert (result.step, result.warnings) == ("inscrite", ())
        tracks = {t.track: t.step for t in svc.show_person(app, camille, person).tracks}
        assert tracks["emploi_france_travail"] == "inscrite"
    finally:
        app.close()
