"""An export for a partner holds only the démarches sent to it (GDPR art. 5(1)(c)): those
whose referral named it, and those her referent chose. It held her whole file but restricted
content before: a care partner named in a health referral was sent her complaint's steps and
her drop-in visits, a training partner her health pathway."""

from __future__ import annotations

import json
from datetime import date

import pytest

import plugins.plainte
import plugins.sante
from core import services as svc
from core.errors import InputError, NotFound
from core.plugins import build_plugin_host
from tests.accounts import add_followed, make_app, reauth, who

CLINIC = "CeGIDD de Lille"
GENERAL_NOTE = "kanari-general : inquiète pour son logement"
CARE_NOTE = "kanari-care : rendez-vous pris avec le médecin"


@pytest.fixture
def world(sqlite_url):
    host = build_plugin_host(load_entrypoints=False,
                             extra=[("sante", plugins.sante), ("plainte", plugins.plainte)])
    app = make_app(sqlite_url, host=host, today=date(2026, 3, 10))
    try:
        person = add_followed(app)
        camille = who(app, "camille")
        svc.give_consent(app, camille, person, "partage", partner=CLINIC)
        svc.start_track(app, camille, person, "plainte", at=date(2026, 3, 2))
        svc.start_track(app, camille, person, "sante_soins")
        svc.advance(app, camille, person, "sante_soins", "orienter",
                    facts={"date_orientation": "2026-03-10", "structure": "cegidd",
                           "partenaire": CLINIC})
        svc.add_note(app, camille, person, GENERAL_NOTE, sensitivity="sensitive")
        svc.add_note(app, camille, person, CARE_NOTE, track="sante_soins", sensitivity="sensitive")
        dropin = svc.open_dropin(app, who(app, "bea"), date(2026, 3, 10)).id
        svc.record_visit(app, who(app, "bea"), dropin, person, needs={"sante": True})
        yield app, person
    finally:
        app.close()


def _export(app, person, path, **kwargs):
    svc.export_person(app, reauth(app, "camille"), person, path, fmt="json", **kwargs)
    return json.loads(path.read_text(encoding="utf-8"))


def test_a_partner_receives_only_the_demarche_that_referred_her_to_it(world, tmp_path):
    app, person = world
    data = _export(app, person, tmp_path / "cegidd.json", partner="cegidd de lille")
    care = [t["id"] for t in data["tracks"]]
    assert [t["definition"] for t in data["tracks"]] == ["sante_soins"]
    assert {f["track_id"] for f in data["facts"]} == set(care)
    assert {d["track_id"] for d in data["deadlines"]} <= set(care)
    assert [n["text"] for n in data["notes"]] == [CARE_NOTE]
    assert "visits" not in data
    assert {e["track_id"] for e in data["events"] if e["kind"] != "person_exported"} == set(care)
    text = json.dumps(data, ensure_ascii=False)
    assert "plainte" not in text.lower() and GENERAL_NOTE not in text
    whole = _export(app, person, tmp_path / "elle.json")  # her own copy says what went where
    sent = [e["facts"] for e in whole["events"] if e["kind"] == "person_exported"]
    assert sent[0]["tracks"] == care and sent[0]["destination"] == "partner"
    assert {t["definition"] for t in whole["tracks"]} == {"parcours", "plainte", "sante_soins"}
    assert whole["visits"] and GENERAL_NOTE in json.dumps(whole, ensure_ascii=False)


def test_her_referent_chooses_more_by_name_or_number_and_unknown_ones_are_refused(world,
                                                                                   tmp_path):
    app, person = world
    pathway = next(t.id for t in svc.show_person(app, who(app, "camille"), person).tracks
                   if t.track == "parcours")
    data = _export(app, person, tmp_path / "a.json", partner=CLINIC,
                   tracks=["plainte", f"n° {pathway}"])
    assert [t["definition"] for t in data["tracks"]] == ["parcours", "plainte", "sante_soins"]
    with pytest.raises(NotFound, match="« emploi »"):
        _export(app, person, tmp_path / "b.json", partner=CLINIC, tracks=["emploi"])
    with pytest.raises(InputError, match="--partner"):
        _export(app, person, tmp_path / "c.json", tracks=["plainte"])
    assert not (tmp_path / "b.json").exists() and not (tmp_path / "c.json").exists()


def test_with_nothing_to_send_the_export_is_refused_and_nothing_written(sqlite_url, tmp_path):
    app = make_app(sqlite_url, today=date(2026, 3, 10))
    try:
        person = add_followed(app)
        svc.give_consent(app, who(app, "camille"), person, "partage", partner="Avocat Ami")
        with pytest.raises(InputError, match="Rien à transmettre à « Avocat Ami »"):
            _export(app, person, tmp_path / "avocat.json", partner="Avocat Ami")
        assert not (tmp_path / "avocat.json").exists()
        whole = _export(app, person, tmp_path / "elle.json")
        assert [e for e in whole["events"] if e["kind"] == "person_exported"] == []
    finally:
        app.close()



def test_a_partner_is_not_told_her_first_visit_nor_her_last_contact(world, tmp_path):
    """A partner's export holds no drop-in visit, yet its first section gave « premier
    passage » (her first drop-in visit) and « dernier contact » (her last visit, or a step of
    a démarche not sent)."""
    app, person = world
    data = _export(app, person, tmp_path / "cegidd.json", partner=CLINIC)
    assert not {"first_visit", "last_contact_at"} & set(data["person"])
    svc.export_person(app, reauth(app, "camille"), person, tmp_path / "cegidd.txt",
                      fmt="texte", partner=CLINIC)
    text = (tmp_path / "cegidd.txt").read_text(encoding="utf-8")
    assert "premier passage" not in text and "dernier contact" not in text
    whole = _export(app, person, tmp_path / "elle.json")  # her own copy keeps them
    assert whole["person"]["first_visit"] == "2026-03-10" and whole["person"]["last_contact_at"]


def test_a_move_that_tells_the_qualification_is_veiled_for_a_partner(world, tmp_path):
    """The complaint's qualification is restricted, yet the limitation chosen tells it:
    « Évaluer la prescription (un crime) », its deadline « Prescription de l'action publique
    (crime) » and its 20 years reached the lawyer her referent sent the complaint to."""
    app, person = world
    camille = who(app, "camille")
    svc.advance(app, camille, person, "plainte", "evaluer_prescription_crime_mineure",
                facts={"date_majorite": "2024-05-02"})
    svc.give_consent(app, camille, person, "partage", partner="Avocat Ami")
    data = _export(app, person, tmp_path / "avocat.json", partner="Avocat Ami",
                   tracks=["plainte"])
    text = json.dumps(data, ensure_ascii=False).lower()
    for told in ("crime", "mineure", "prescription", "majorit", "2024-05-02", "2054"):
        assert told not in text, told
    assert "Étape enregistrée (contenu restreint)" in [e["label"] for e in data["events"]]
    mine = json.dumps(_export(app, person, tmp_path / "elle.json"), ensure_ascii=False)
    assert "crime" in mine.lower() and "2054-05-02" in mine  # her own copy keeps it
