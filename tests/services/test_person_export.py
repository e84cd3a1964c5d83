"""The person's export (GDPR art. 15): everything held about her, decrypted, audited; to a
partner only with her consent to share with it, and then without restricted content."""

from __future__ import annotations

import json
import stat
from datetime import date

import pytest
from sqlalchemy import update

from core import services as svc
from core.errors import (ConsentRequired, InputError, PermissionDenied, ReasonRequired,
                         ReauthRequired)
from core.persistence.access_models import BaseInfo
from tests.accounts import follow, reauth, who

NOTE = "kanari-export-note : a peur de retourner au foyer"
RESTRICTED = "kanari-export-precision : partie chez sa sœur à Rouen"
ALIAS = "Amina Kanariexport"


@pytest.fixture
def person(app) -> int:
    """A followed person with a note, a consent to share, a closed pathway whose reason is a
    restricted fact, and a new pathway."""
    camille = who(app, "camille")
    found = svc.add_person(app, camille, ALIAS).id
    follow(app, found, "camille")
    svc.add_note(app, camille, found, NOTE)
    svc.give_consent(app, camille, found, "partage", partner="CeGIDD de Lille",
                     given_on=date(2026, 3, 5))
    svc.advance(app, camille, found, "parcours", "clore",
                facts={"motif_cloture": "demenagement", "precision": RESTRICTED})
    return found


def _audit(app, person: int, operation: str = "person.export"):
    return [r for r in svc.list_audit(app, who(app, "sonia"), person=person)
            if r.operation == operation]


def test_the_referent_exports_everything_in_french_after_confirming(app, person, tmp_path):
    target = tmp_path / "amina.txt"
    with pytest.raises(ReauthRequired):
        svc.export_person(app, who(app, "camille"), person, target)
    assert not target.exists()
    done = svc.export_person(app, reauth(app, "camille"), person, target)
    assert (done.person_id, done.format, done.destination) == (person, "texte", "person")
    text = target.read_text(encoding="utf-8")
    assert text.startswith(f"Données enregistrées par l'association au sujet de {ALIAS}")
    for expected in (NOTE, RESTRICTED, "RGPD, article 15", "Consentements",
                     "suivi individuel", "« CeGIDD de Lille »", "Motif de clôture : demenagement",
                     "Accompagnement clos", "Consentement enregistré : suivi individuel"):
        assert expected in text, expected
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    rows = _audit(app, person)  # newest first
    assert [(r.outcome, r.reason) for r in rows] == [("done", None), ("refused", "reauth_required")]
    assert all((r.person_id, r.target, r.detail["destination"], r.detail["format"]) ==
               (person, "export:person", "person", "texte") for r in rows)
    assert "kanari" not in str([r.detail for r in svc.list_audit(app, who(app, "sonia"))]).lower()


def test_the_json_export_holds_every_section_decrypted(app, person, tmp_path):
    target = tmp_path / "amina.json"
    svc.export_person(app, reauth(app, "camille"), person, target, fmt="json")
    data = json.loads(target.read_text(encoding="utf-8"))
    assert {"person", "identity", "consents", "tracks", "facts", "deadlines", "events", "notes",
            "visits", "review_marks", "holds"} <= set(data)
    assert data["person"]["alias"] == ALIAS and data["fictitious"] is False
    assert "notice" not in data
    assert [n["text"] for n in data["notes"]] == [NOTE]
    assert {(f["name"], f["sensitivity"], f["value"]) for f in data["facts"]} == {
        ("precision", "restricted", RESTRICTED)}
    assert [c["purpose"] for c in data["consents"]] == ["suivi", "partage"]
    assert {e["kind"] for e in data["events"]} >= {"person_added", "consent_given", "transition"}


def test_a_supervisor_not_following_her_needs_a_reason_kept_in_the_audit(app, person, tmp_path):
    sonia = who(app, "sonia")
    with pytest.raises(ReasonRequired):
        svc.export_person(app, sonia, person, tmp_path / "a.txt")
    svc.export_person(app, sonia, person, tmp_path / "a.txt", reason="Demande écrite de la personne")
    row = _audit(app, person)[0]
    assert (row.outcome, row.reason, row.detail["reason"]) == (
        "done", "exceptional_access", "Demande écrite de la personne")


@pytest.mark.parametrize("user", ["bea", "sam", "admin"])
def test_volunteers_interns_and_the_admin_cannot_export(app, person, user, tmp_path):
    with pytest.raises(PermissionDenied):
        svc.export_person(app, reauth(app, user), person, tmp_path / "a.txt",
                          reason="Curiosité")
    assert not (tmp_path / "a.txt").exists()
    refused = [r for r in svc.list_audit(app, who(app, "admin"), user=user)
               if r.operation == "person.export"]
    assert [(r.outcome, r.reason) for r in refused] == [("refused", "permission_denied")]
    assert refused[0].person_id is None  # the policy refuses before any person is looked up


def test_a_partner_export_needs_her_consent_to_that_partner(app, person, tmp_path):
    camille = reauth(app, "camille")
    target = tmp_path / "pass.txt"
    with pytest.raises(ConsentRequired, match="« PASS de Roubaix »"):
        svc.export_person(app, camille, person, target, partner="PASS de Roubaix")
    assert not target.exists()
    refused = _audit(app, person)[0]
    assert (refused.outcome, refused.reason, refused.detail["destination"]) == (
        "refused", "consent_required", "partner")
    done = svc.export_person(app, camille, person, target, partner="cegidd de lille",
                             tracks=["parcours"])
    assert (done.destination, done.partner) == ("partner", "CeGIDD de Lille")
    text = target.read_text(encoding="utf-8")
    assert "Export destiné au partenaire « CeGIDD de Lille »" in text
    assert RESTRICTED not in text and NOTE not in text  # restricted content stays home
    assert "CeGIDD" not in str(_audit(app, person)[0].detail)
    svc.export_person(app, camille, person, tmp_path / "pass.json", fmt="json",
                      partner="CeGIDD de Lille", tracks=["parcours"])
    data = json.loads((tmp_path / "pass.json").read_text(encoding="utf-8"))
    assert [c["purpose"] for c in data["consents"]] == ["partage"]  # only this partner's
    assert data["facts"] == [] and data["notes"] == []
    assert "review_marks" not in data and "holds" not in data


def test_a_withdrawn_consent_to_share_stops_the_partner_export_at_once(app, person, tmp_path):
    camille = reauth(app, "camille")
    shared = next(c for c in svc.list_consents(app, camille, person) if c.purpose == "partage")
    svc.withdraw_consent(app, camille, person, shared.id)
    with pytest.raises(ConsentRequired):
        svc.export_person(app, camille, person, tmp_path / "a.txt", partner="CeGIDD de Lille")


def test_a_fictitious_base_says_so_at_the_top(app, person, tmp_path):
    with app.db.write() as session:
        session.execute(update(BaseInfo).values(fictitious=True))
    camille = reauth(app, "camille")
    svc.export_person(app, camille, person, tmp_path / "a.txt")
    svc.export_person(app, camille, person, tmp_path / "a.json", fmt="json")
    assert (tmp_path / "a.txt").read_text(encoding="utf-8").startswith(
        "Données fictives de démonstration\n")
    data = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert next(iter(data)) == "notice" and data["notice"] == "Données fictives de démonstration"
    assert data["fictitious"] is True


def test_an_existing_file_is_never_overwritten(app, person, tmp_path):
    target = tmp_path / "déjà.txt"
    target.write_text("autre chose", encoding="utf-8")
    with pytest.raises(InputError, match="existe déjà"):
        svc.export_person(app, reauth(app, "camille"), person, target)
    assert target.read_text(encoding="utf-8") == "autre chose"
    with pytest.raises(InputError, match="n'existe pas"):
        svc.export_person(app, reauth(app, "camille"), person, tmp_path / "nulle" / "a.txt")
    with pytest.raises(InputError, match="Format"):
        svc.export_person(app, reauth(app, "camille"), person, tmp_path / "a.pdf", fmt="pdf")


def test_the_export_is_on_her_history_for_those_who_read_her_file(app, person, tmp_path):
    svc.export_person(app, reauth(app, "camille"), person, tmp_path / "a.txt")
    kinds = [e.kind for e in svc.history(app, who(app, "camille"), person)]
    assert "person_exported" in kinds and "consent_given" in kinds
    desk = [e.kind for e in svc.history(app, who(app, "bea"), person)]
    assert not {"person_exported", "consent_given"} & set(desk)


def test_export_on_every_backend(any_app, tmp_path):
    camille = who(any_app, "camille")
    person = svc.add_person(any_app, camille, ALIAS).id
    follow(any_app, person, "camille")
    svc.add_note(any_app, camille, person, NOTE)
    svc.export_person(any_app, reauth(any_app, "camille"), person, tmp_path / "a.json", fmt="json")
    data = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert (data["person"]["alias"], [n["text"] for n in data["notes"]]) == (ALIAS, [NOTE])


def test_a_name_ending_in_an_initial_makes_no_double_full_stop(app, person, tmp_path):
    from core.services.person_export_text import render
    target = tmp_path / "elle.json"
    svc.export_person(app, reauth(app, "camille"), person, target, fmt="json")
    data = json.loads(target.read_text(encoding="utf-8"))
    text = render({**data, "generated_by": "Geneviève L."})
    assert "par Geneviève L. Il contient" in text and "L.." not in text


def test_until_its_audit_row_commits_the_file_holds_none_of_her_data(app, person, tmp_path,
                                                                    monkeypatch):
    """A process killed between writing the export and committing its audit row left her
    whole file in clear with no trace that it was made: what is on disk at the commit is
    what such a kill leaves behind."""
    from core.services import registry
    target = tmp_path / "amina.txt"
    seen: list[str] = []
    real = registry.audit.append

    def at_commit(session, entry, *args, **kwargs):
        if entry.operation == "person.export" and target.exists():
            seen.append(target.read_text(encoding="utf-8"))
        return real(session, entry, *args, **kwargs)
    monkeypatch.setattr(registry.audit, "append", at_commit)
    svc.export_person(app, reauth(app, "camille"), person, target)
    [before] = seen
    assert before.startswith("Export de Parcours interrompu avant d'être enregistré")
    assert ALIAS not in before and NOTE not in before and "Kanari" not in before
    after = target.read_text(encoding="utf-8")
    assert after.startswith(f"Données enregistrées par l'association au sujet de {ALIAS}")
    assert len(before.encode("utf-8")) == len(after.encode("utf-8"))  # its room was taken
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
