"""A delegation's holiday calendar and approvals, stored in the base, reach the engine."""

from __future__ import annotations

from datetime import date

import pytest

from core import services as svc
from core.errors import InputError, TransitionRefused
from core.plugins import build_plugin_host
from tests.accounts import PASSWORD, follow, forget, make_app, who

PSP_FILE = [("signer_document", {"date_signature_document": "2026-01-05"}),
            ("constituer_dossier", {"piece_identite": "oui", "attestation_cessation": "oui",
                                    "domiciliation": "oui"})]


def _strasbourg(app) -> None:
    svc.add_delegation(app, who(app, "admin"), "strasbourg", "Strasbourg", "67", "67")
    svc.add_user(app, who(app, "admin"), "lea", "superviseur", PASSWORD, ["strasbourg"])


def _psp_person(app, user: str) -> int:
    person = svc.add_person(app, who(app, user), "Amina").id
    follow(app, person, user)
    svc.start_track(app, who(app, user), person, "psp")
    for trigger, facts in PSP_FILE:
        svc.advance(app, who(app, user), person, "psp", trigger, facts=facts)
    return person


def test_the_refusal_appeal_in_alsace_moselle_passes_good_friday(app):
    """Refusal notified on 25 January 2027: the appeal (two months, *franc*) ends Friday
    26 March 2027 nationally; in Strasbourg 26 March is Good Friday and 29 March Easter
    Monday, both holidays (code du travail L3134-13), so the last day is Tuesday 30 March."""
    _strasbourg(app)
    dues = {}
    for user in ("camille", "lea"):
        person = _psp_person(app, user)
        svc.advance(app, who(app, user), person, "psp", "transmettre", facts={"date_envoi": "2026-01-20"})
        svc.advance(app, who(app, user), person, "psp", "enregistrer_avis",
                    facts={"date_commission": "2026-03-01", "avis": "defavorable"})
        svc.advance(app, who(app, user), person, "psp", "refuser",
                    facts={"date_notification_refus": "2027-01-25"})
        (due,) = [d for d in svc.list_deadlines(app, who(app, user), person)
                  if d.rule == "psp.recours_refus_2m"]
        dues[user] = due.due
    assert dues == {"camille": date(2027, 3, 26), "lea": date(2027, 3, 30)}


def test_a_recorded_approval_decides_whether_a_psp_file_may_be_filed(app):
    """Approved on 1 February 2023 for three years (CASF R121-12-5): the approval ends on
    31 January 2026, so a file sent on 20 January 2026 is lawful and one sent on 10 February
    2026 is refused."""
    _strasbourg(app)
    svc.record_agrement(app, who(app, "admin"), "strasbourg", "67", granted_on=date(2023, 2, 1))
    person = _psp_person(app, "lea")
    with pytest.raises(TransitionRefused, match="n'est pas agréée"):
        svc.advance(app, who(app, "lea"), person, "psp", "transmettre",
                    facts={"date_envoi": "2026-02-10"})
    result = svc.advance(app, who(app, "lea"), person, "psp", "transmettre",
                         facts={"date_envoi": "2026-01-20"})
    assert result.step == "transmis"
    assert [w.code for w in result.warnings if w.code.startswith("psp.agrement")] == [
        "psp.agrement_expire_bientot"]


def test_an_unknown_holiday_zone_or_department_is_refused(app):
    with pytest.raises(InputError):
        svc.add_delegation(app, who(app, "admin"), "nulle", "Nulle part", "Atlantide")
    with pytest.raises(InputError, match="Calendrier des jours fériés inconnu « Zone A »"):
        # a school holiday zone, not a place: it would have meant the national calendar
        svc.add_delegation(app, who(app, "admin"), "nulle", "Nulle part", "Zone A")
    with pytest.raises(InputError, match="Département invalide"):
        svc.add_delegation(app, who(app, "admin"), "nulle", "Nulle part", None, "99")
    with pytest.raises(InputError, match="au moins une date"):
        svc.record_agrement(app, who(app, "admin"), "principale", "59")
    forget(app)


ASYLUM_TO_REJECTION = [
    ("pre_enregistrer", {"date_pre_enregistrement": "2026-11-02"}),
    ("enregistrer_procedure_normale", {"date_delivrance_atda": "2026-11-05",
                                       "sejour_regulier_jusquau": "2027-09-04"}),
    ("rediger_recit", {"date_recit": "2026-11-10", "langue_recit": "français",
                       "recit_traduit_francais": False}),
    ("envoyer_ofpra", {"date_envoi_ofpra": "2026-11-20", "formulaire_ofpra": True,
                       "photos": True, "copie_atda": True, "envoi_recommande_ar": True}),
    ("enregistrer_introduction", {"date_introduction_ofpra": "2026-11-25"}),
    ("rejeter", {"date_notification_rejet": "2027-02-25", "decision_ofpra": "rejet",
                 "droit_au_maintien": True, "sejour_regulier_jusquau": "2027-09-04"})]


def test_the_cnda_appeal_in_alsace_moselle_ends_on_good_friday(tmp_path):
    """Rejection notified on 25 February 2027: the CNDA month (*franc*) ends Friday 26 March
    2027, Good Friday. Strasbourg does not work that day, the CNDA in Montreuil does: a
    person followed in Strasbourg has the same last day as one followed in Paris, not the
    Tuesday after Easter Monday."""
    app = make_app(f"sqlite:///{tmp_path / 'asile.db'}", today=date(2026, 11, 2),
                   host=build_plugin_host(allow=["asile"]))
    _strasbourg(app)
    dues = {}
    for user in ("camille", "lea"):
        person = svc.add_person(app, who(app, user), "Nour").id
        follow(app, person, user)
        svc.start_track(app, who(app, user), person, "asile")
        for trigger, facts in ASYLUM_TO_REJECTION:
            svc.advance(app, who(app, user), person, "asile", trigger, facts=facts)
        (due,) = [d for d in svc.list_deadlines(app, who(app, user), person)
                  if d.rule == "asile.cnda_1m"]
        dues[user] = due.due
    assert dues == {"camille": date(2027, 3, 26), "lea": date(2027, 3, 26)}
    app.close()
