"""An export for a partner leaves out what docs/security.md says it does: restricted
content, supervision decisions and her consents to share with partners. Her events carried
all three: the checks' messages recorded with a transition (« Crime : pas de délai préalable
de 3 mois. » tells the restricted qualification), the supervision's events (a snooze with its
date), and her sharing consents (another partner's among them)."""

from __future__ import annotations

import json
from datetime import date

import plugins.plainte
import plugins.sante
from core import services as svc
from core.plugins import build_plugin_host
from tests.accounts import add_followed, make_app, reauth, who

COMPLAINT = {"mode_plainte": "plainte", "date_plainte": "2026-01-23",
             "service_plainte": "gendarmerie", "recepisse_remis": True,
             "qualification": "crime", "consentement_eclaire": True,
             "evaluation_risques": True, "accompagnement": "association"}


def _export(app, person, path, partner=None, tracks=None):
    svc.export_person(app, reauth(app, "camille"), person, path, fmt="json", partner=partner,
                      tracks=tracks)
    return json.loads(path.read_text(encoding="utf-8"))


def test_a_partners_export_leaves_out_supervision_checks_and_sharing(sqlite_url, tmp_path):
    host = build_plugin_host(load_entrypoints=False, extra=[("plainte", plugins.plainte)])
    app = make_app(sqlite_url, host=host, today=date(2026, 3, 10))
    try:
        person = add_followed(app)  # camille's
        camille = who(app, "camille")
        svc.start_track(app, camille, person, "plainte", at=date(2026, 1, 5))
        svc.advance(app, camille, person, "plainte", "deposer_plainte", facts=COMPLAINT,
                    at=date(2026, 1, 26))
        # Its admissibility is judged on the restricted qualification: her password first.
        svc.advance(app, reauth(app, "camille"), person, "plainte", "se_constituer_partie_civile",
                    at=date(2026, 2, 1),
                    facts={"date_constitution_partie_civile": "2026-02-01",
                           "preuve_premiere_plainte": True, "consignation": "a_fixer"})
        svc.give_consent(app, camille, person, "partage", partner="Avocat Ami")
        svc.give_consent(app, camille, person, "partage", partner="CeGIDD de Lille")
        svc.snooze(app, who(app, "sonia"), f"no_contact:person:{person}:2026-01-26",
                   date(2026, 6, 1), "attend retour avocat")
        whole = _export(app, person, tmp_path / "elle.json")
        kinds = [e["kind"] for e in whole["events"]]
        assert "review_snoozed" in kinds and kinds.count("consent_given") >= 3
        assert any("Crime" in json.dumps(e["checks"], ensure_ascii=False)
                   for e in whole["events"])  # her own copy keeps everything
        data = _export(app, person, tmp_path / "partenaire.json", partner="CeGIDD de Lille",
                       tracks=["plainte"])  # chosen by her referent: no referral names it
        events = data["events"]
        assert not any(e["kind"].startswith("review_") for e in events)
        assert not any(e["checks"] for e in events)
        assert not any(e["facts"].get("purpose") == "partage" for e in events)
        assert any(e["kind"] == "transition" for e in events)  # her steps stay
        assert "Avocat" not in json.dumps(data, ensure_ascii=False)
    finally:
        app.close()


def test_a_partners_export_does_not_show_an_export_for_another_partner(sqlite_url, tmp_path):
    """An export for a partner is an event on her file naming the consent it used: shown to
    another partner, it tells that she agreed to share with someone else, and when."""
    app = make_app(sqlite_url, today=date(2026, 3, 10))
    try:
        person = add_followed(app)
        camille = who(app, "camille")
        lawyer = svc.give_consent(app, camille, person, "partage", partner="Avocat Ami")
        clinic = svc.give_consent(app, camille, person, "partage", partner="CeGIDD de Lille")
        _export(app, person, tmp_path / "avocat.json", partner="Avocat Ami", tracks=["parcours"])
        _export(app, person, tmp_path / "cegidd-1.json", partner="CeGIDD de Lille",
                tracks=["parcours"])
        data = _export(app, person, tmp_path / "cegidd-2.json", partner="cegidd de lille",
                       tracks=["parcours"])
        exports = [e["facts"] for e in data["events"] if e["kind"] == "person_exported"]
        parcours = data["tracks"][0]["id"]
        assert exports == [{"format": "json", "destination": "partner", "consent": clinic.id,
                            "tracks": [parcours]}]
        assert not [e for e in data["events"] if e["facts"].get("consent") == lawyer.id]
        assert [c["id"] for c in data["consents"]] == [clinic.id]
        whole = _export(app, person, tmp_path / "elle.json")  # her own copy shows both
        assert [e["facts"].get("consent") for e in whole["events"]
                if e["kind"] == "person_exported"] == [lawyer.id, clinic.id, clinic.id]
    finally:
        app.close()


def test_a_partners_export_does_not_name_the_partner_of_another_referral(sqlite_url, tmp_path):
    """A referral's partner is sealed with her sensitive facts; in another partner's export it
    told whom else she agreed to share with, although her consents to others are left out."""
    host = build_plugin_host(load_entrypoints=False, extra=[("sante", plugins.sante)])
    app = make_app(sqlite_url, host=host, today=date(2026, 3, 10))
    try:
        person = add_followed(app)
        camille = who(app, "camille")
        svc.give_consent(app, camille, person, "partage", partner="Avocat Ami")
        svc.give_consent(app, camille, person, "partage", partner="CeGIDD de Lille")
        svc.start_track(app, camille, person, "sante_soins")
        svc.advance(app, camille, person, "sante_soins", "orienter",
                    facts={"date_orientation": "2026-03-10", "structure": "cegidd",
                           "partenaire": "CeGIDD de Lille"})
        lawyer = _export(app, person, tmp_path / "avocat.json", partner="Avocat Ami",
                         tracks=["sante_soins"])
        assert "CeGIDD de Lille" not in json.dumps(lawyer, ensure_ascii=False)
        assert "partenaire" not in [f["name"] for f in lawyer["facts"]]
        clinic = _export(app, person, tmp_path / "cegidd.json", partner="CEGIDD DE LILLE")
        assert [f["value"] for f in clinic["facts"] if f["name"] == "partenaire"] == [
            "CeGIDD de Lille"]  # the referral to this partner is its own business
        whole = _export(app, person, tmp_path / "elle.json")
        assert [f["value"] for f in whole["facts"] if f["name"] == "partenaire"] == [
            "CeGIDD de Lille"]
    finally:
        app.close()
