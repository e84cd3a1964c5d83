"""The person list: each person lands exactly as ``person add`` writes her, plus her referent
and a restricted note; the register can then name her."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from core import services as svc
from core.persistence.models import Event, Note, Person, Track, User
from core.services.app import Parcours
from core.services.importer import import_bytes

from .conftest import PEOPLE, REGISTER, counts, to_csv, to_ods
from tests.accounts import who


def test_a_person_list_lands_with_referents_notes_and_pathways(app: Parcours):
    report = import_bytes(app, who(app, "sonia"), "personnes", to_ods(PEOPLE, "personnes"), "p.ods")
    assert report.counts == {"persons": 3, "notes": 2, "referents": 2}
    with app.db.read() as session:
        users = {u.id: u.name for u in session.scalars(select(User))}
        persons = {p.alias: p for p in session.scalars(select(Person))}
        notes = session.scalars(select(Note).order_by(Note.id)).all()
        tracks = session.scalars(select(Track)).all()
    assert {a: (p.first_visit, users.get(p.referent_id)) for a, p in persons.items()} == {
        "Amina": (date(2026, 2, 24), "camille"), "Éloïse": (None, None),
        "Rose": (date(2026, 3, 10), "sonia")}
    assert persons["Amina"].last_contact_at == datetime(2026, 2, 24, 12, tzinfo=UTC)
    assert persons["Amina"].alias_key == "amina" and persons["Éloïse"].alias_key == "eloise"
    assert [(n.text, n.sensitivity) for n in notes] == [
        ("Orientée par une association partenaire", "restricted"),
        ("Parle espagnol ; préfère le mardi", "restricted")]
    assert {(t.definition_id, t.step, t.status, t.version) for t in tracks} == {
        ("parcours", "premier_accueil", "open", 1)}
    registered = import_bytes(app, who(app, "sonia"), "registre", to_csv(REGISTER), "r.csv")
    assert registered.counts["visits"] == 4


def test_an_imported_person_is_what_person_add_writes(app: Parcours):
    import_bytes(app, who(app, "sonia"), "personnes", to_csv([PEOPLE[0], ["Amina", "24/02/2026", "", ""]]),
                 "p.csv")
    added = svc.add_person(app, who(app, "sonia"), "Rose", first_visit=date(2026, 2, 24))
    imported = svc.show_person(app, who(app, "sonia"), "Amina")
    fields = ("first_visit", "referent", "pathway_step", "pathway_label")
    assert [getattr(imported, f) for f in fields] == [getattr(added, f) for f in fields]
    strip = lambda t: (t.track, t.version, t.step, t.status, t.step_since, t.last_event_at,  # noqa: E731
                       t.next_due, t.row_version)
    assert [strip(t) for t in imported.tracks] == [strip(t) for t in added.tracks]
    shape = lambda person: [(e.kind, e.track, e.to_step, e.occurred_at, e.actor, e.facts)  # noqa: E731
                            for e in svc.history(app, who(app, "sonia"), person)]
    assert shape(imported.id) == shape(added.id)
    # and the imported person moves on like any other
    svc.advance(app, who(app, "camille"), imported.id, "parcours", "reconnaitre")
    assert svc.show_person(app, who(app, "sonia"), imported.id).pathway_step == "connue"


def test_a_dry_run_of_a_person_list_writes_nothing(app: Parcours):
    before = counts(app)
    report = import_bytes(app, who(app, "sonia"), "personnes", to_csv(PEOPLE), "p.csv", dry_run=True)
    assert report.counts == {"persons": 3, "notes": 2, "referents": 2} and not report.written
    assert counts(app) == before
    with app.db.read() as session:
        assert session.scalars(select(Event.kind).where(Event.kind.like("import%"))).all() == []
