"""Advancing a track through the services: one transaction, event and projection together."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from core import hookimpl
from core import services as svc
from core.errors import (ConflictError, InvalidFacts, NotFound, TransitionRefused,
                         UnknownTrigger)
from core.persistence.models import Deadline, Event, Note, SensitiveFact, Track
from core.plugins import build_plugin_host
from tests.accounts import add_followed, follow, who

from .conftest import make_app, walk_psp_to_authorised


def counts(app) -> tuple[int, int, int, int]:
    with app.db.read() as session:
        return tuple(session.scalar(select(func.count()).select_from(t))  # type: ignore[return-value]
                     for t in (Event, Track, Deadline, SensitiveFact))


def test_advance_writes_event_projection_and_deadlines(any_app):
    person = add_followed(any_app, "Amina")
    svc.start_track(any_app, who(any_app, "camille"), person, "psp")
    walk_psp_to_authorised(any_app, person)
    view = svc.show_person(any_app, who(any_app, "camille"), person)
    psp = next(t for t in view.tracks if t.track == "psp")
    assert (psp.step, psp.next_due) == ("autorise", date(2026, 9, 9))  # eve of the anniversary
    assert psp.row_version == 6  # created, then five transitions
    dues = {d.rule: d for d in svc.list_deadlines(any_app, who(any_app, "camille"), person)}
    assert dues["psp.duree_max_24m"].due == date(2028, 3, 9)
    assert "CASF L121-9" in dues["psp.autorisation_6m"].explanation
    events = svc.history(any_app, who(any_app, "camille"), person, "psp")
    assert [e.trigger for e in events if e.kind == "transition"][-1] == "autoriser"
    assert events[-1].actor == "camille" and events[-1].actor_role == "referent"


def test_refusal_writes_nothing(any_app):
    person = svc.add_person(any_app, who(any_app, "camille"), "Amina").id
    before = counts(any_app)
    with pytest.raises(TransitionRefused) as refused:
        svc.advance(any_app, who(any_app, "camille"), person, "parcours", "suivre",
                    facts={"referent": "camille"})
    assert [r.code for r in refused.value.reasons] == ["parcours.consentement_manquant"]
    for bad in ({"referent": "camille", "consentement": "oui", "date_consentement": "2026-03-01"},
                {"inconnu": "x"}):
        with pytest.raises(InvalidFacts):
            svc.advance(any_app, who(any_app, "camille"), person, "parcours", "suivre", facts=bad)
    with pytest.raises(UnknownTrigger):
        svc.advance(any_app, who(any_app, "camille"), person, "parcours", "envoler")
    with pytest.raises(NotFound):
        svc.advance(any_app, who(any_app, "camille"), 999, "parcours", "reconnaitre")
    assert counts(any_app) == before


def test_stale_version_is_a_conflict_and_loses_nothing(app):
    person = svc.add_person(app, who(app, "camille"), "Amina").id
    seen = svc.show_person(app, who(app, "camille"), person).tracks[0].row_version
    svc.advance(app, who(app, "bea"), person, "parcours", "reconnaitre")
    before = counts(app)
    with pytest.raises(ConflictError, match="modifié"):
        svc.advance(app, who(app, "camille"), person, "parcours", "perdre_contact", expected_version=seen)
    assert counts(app) == before
    assert svc.show_person(app, who(app, "camille"), person).pathway_step == "connue"


def test_sensitive_facts_are_kept_apart(app):
    person = svc.add_person(app, who(app, "camille"), "Amina").id
    svc.advance(app, who(app, "camille"), person, "parcours", "clore",
                facts={"motif_cloture": "autre", "precision": "CANARY-RECIT-7f3a"})
    with app.db.read() as session:
        stored = session.scalars(select(SensitiveFact)).all()
        track = session.scalars(select(Track)).one()
        event = session.scalars(select(Event).where(Event.kind == "transition")).one()
    assert [(s.name, s.sensitivity) for s in stored] == [("precision", "restricted")]
    assert b"CANARY" not in stored[0].value_enc  # sealed with the person's key
    assert "precision" not in track.facts and "CANARY" not in str(event.facts)
    assert event.facts["_sensibles"] == ["precision"]
    facts = svc.person_facts(app, who(app, "sonia"), person, reason="Vérification du dossier")
    assert next(f.value for f in facts if f.name == "precision") == "CANARY-RECIT-7f3a"


def test_note_lands_with_its_event(app):
    person = svc.add_person(app, who(app, "camille"), "Amina").id
    result = svc.advance(app, who(app, "bea"), person, "parcours", "reconnaitre", note="Vue mardi")
    with app.db.read() as session:
        note = session.scalars(select(Note)).one()
    assert note.event_id == result.event_id and b"Vue mardi" not in note.text_enc
    notes = svc.list_notes(app, who(app, "sonia"), person, reason="Relecture")
    assert [n.text for n in notes] == ["Vue mardi"]


def test_suivre_sets_the_person_referent(app):
    person = svc.add_person(app, who(app, "camille"), "Amina").id
    follow(app, person, "camille")
    assert svc.show_person(app, who(app, "sonia"), person).referent == "camille"


class Notifier:
    def __init__(self, fail: bool) -> None:
        self.fail, self.seen = fail, []

    @hookimpl
    def parcours_after_transition(self, notice):
        if self.fail:
            raise RuntimeError("notification en panne")
        self.seen.append(notice.trigger)


def test_failing_notification_does_not_undo_the_transition(sqlite_url):
    good, bad = Notifier(False), Notifier(True)
    host = build_plugin_host(load_entrypoints=False, extra=[("bad", bad), ("good", good)])
    app = make_app(sqlite_url, host=host)
    person = svc.add_person(app, who(app, "camille"), "Amina").id
    result = svc.advance(app, who(app, "bea"), person, "parcours", "reconnaitre")
    assert result.step == "connue"
    assert svc.show_person(app, who(app, "camille"), person).pathway_step == "connue"
    assert good.seen == ["reconnaitre"]
    assert [(i.plugin, i.hook) for i in host.incidents] == [("bad", "parcours_after_transition")]


def test_track_start_is_idempotent(app):
    person = svc.add_person(app, who(app, "camille"), "Amina").id
    first = svc.start_track(app, who(app, "camille"), person, "psp")
    again = svc.start_track(app, who(app, "camille"), person, "psp")
    assert (first.created, again.created, again.id) == (True, False, first.id)


def test_search_ignores_accents_and_case(app):
    for alias in ("Éloïse", "Amina", "eloise B"):
        svc.add_person(app, who(app, "bea"), alias)
    assert [p.alias for p in svc.list_persons(app, who(app, "bea"), search="ELOÏ")] == ["eloise B", "Éloïse"]
