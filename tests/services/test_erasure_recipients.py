"""The erasure names the partners her data went to, for the supervisor to tell them (GDPR
art. 19): the names are sealed with her key, which the erasure destroys, so nobody could say
afterwards whom to tell. Named in its answer only: not in the audit, not in a kept retry."""

from __future__ import annotations

import json
from datetime import date

import plugins.sante
from core import services as svc
from core.plugins import build_plugin_host
from tests.accounts import add_followed, make_app, reauth, who

REASON = "demande de la personne, art. 17"


def test_the_erasure_names_whom_her_file_and_her_referrals_went_to(sqlite_url, tmp_path):
    host = build_plugin_host(load_entrypoints=False, extra=[("sante", plugins.sante)])
    app = make_app(sqlite_url, host=host, today=date(2026, 3, 10))
    try:
        person = add_followed(app)
        camille = who(app, "camille")
        svc.give_consent(app, camille, person, "partage", partner="Avocat Ami")
        svc.give_consent(app, camille, person, "partage", partner="CeGIDD de Lille")
        svc.give_consent(app, camille, person, "partage", partner="Jamais Servi")
        svc.start_track(app, camille, person, "sante_soins")
        svc.advance(app, camille, person, "sante_soins", "orienter",
                    facts={"date_orientation": "2026-03-10", "structure": "cegidd",
                           "partenaire": "cegidd de lille"})
        svc.export_person(app, reauth(app, "camille"), person, tmp_path / "a.json",
                          partner="Avocat Ami", tracks=["parcours"])
        sonia = reauth(app, "sonia")
        done = svc.erase_person(app, sonia, person, REASON, request_id="effacement-1")
        assert done.notify == ["Avocat Ami", "cegidd de lille"]  # not a consent never used
        again = svc.erase_person(app, sonia, person, REASON, request_id="effacement-1")
        assert again.person_id == person and again.notify == []  # a retry keeps no names
        audit = json.dumps([r.detail for r in svc.list_audit(app, who(app, "admin"))])
        assert "Avocat" not in audit and "cegidd" not in audit.lower()
    finally:
        app.close()


def test_a_retention_run_names_them_too(sqlite_url, tmp_path):
    """R1 erases her after two years without contact: the run's line for her names them."""
    from tests.accounts import follow, with_clock
    app = make_app(sqlite_url, today=date(2024, 1, 10))
    try:
        person = svc.add_person(app, who(app, "camille"), "Amina",
                                first_visit=date(2024, 1, 10)).id
        follow(app, person, day="2024-01-10")
        svc.give_consent(app, who(app, "camille"), person, "partage", partner="PASS Roubaix")
        svc.export_person(app, reauth(app, "camille"), person, tmp_path / "pass.txt",
                          partner="PASS Roubaix", tracks=["parcours"])
        later = with_clock(app, date(2026, 6, 1))
        lines: list[str] = []
        svc.apply_due(later, reauth(later, "sonia"),
                      progress=lambda item, text, done: lines.append(text))
        assert any(f"n° {person}" in line and "« PASS Roubaix »" in line
                   and "RGPD art. 19" in line for line in lines), lines
    finally:
        app.close()
