"""Erasure (security.md RT-2, CR-6): a canary alias, note, restricted fact and clear
identifier typed about a person are gone from the base file and its WAL after
``person.erase``, nothing of hers can be decrypted any more (the reason typed for an
exceptional access to her file included, which the append-only audit log keeps sealed), last
year's report is the same figure for figure, the audit names her number and the reason, and
only a supervisor of her delegation who confirmed her password may do it, never while a legal
hold stands."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, text

from core import messages as M
from core import services as svc
from core.errors import InputError, NotFound, PermissionDenied, ReauthRequired
from core.persistence.access_models import AuditEntry
from core.persistence.models import (Event, Note, Person, PersonKey, SensitiveFact, Track,
                                     Visit)
from core.plugins import build_plugin_host
from tests.accounts import make_app, reauth, who, with_clock

ALIAS = "Kanari-Efface-4e1b"
NOTE = "KANARI-NOTE-a81c : a parlé de son frère à Lyon"
RESTRICTED = "KANARI-RESTREINT-77d2"
FT_ID = "KFT9318274"
"""A France Travail identifier: identifying, so classed sensitive and sealed with her key."""
PAUSE = "KANARI-PAUSE-05ee"
REASON_MARK = "KANARI-MOTIF-3f90"
REASON = f"{REASON_MARK} : son frère a appelé depuis l'hôpital"
"""Typed by a supervisor who does not follow her, to read her restricted fact (the mark is
what the scan looks for: JSON may escape the accents)."""
LAST_YEAR, NOW = date(2025, 3, 3), date(2026, 3, 10)


def scan(folder: Path, needles: list[bytes]) -> dict[str, list[int]]:
    """Which files of ``folder`` (the base, its -wal) hold which needle (by index)."""
    found = {}
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.name.startswith("p.db"):
            data = path.read_bytes()
            hits = [i for i, n in enumerate(needles) if n in data]
            if hits:
                found[path.name] = hits
    return found


def figures(app, credential, year: int) -> dict[tuple[str, str], object]:
    report = svc.activity_report(app, credential, date(year, 1, 1), date(year, 12, 31))
    return {(s.id, f.key): (f.value, f.sources_total, f.sources) for s in report.sections
            for f in s.figures}


@pytest.fixture
def world(tmp_path):
    """Last year: a followed person with a drop-in visit, a note, a restricted fact, a France
    Travail registration and a pause reason; another person beside her."""
    folder = tmp_path / "base"
    folder.mkdir()
    app = make_app(f"sqlite:///{folder / 'p.db'}", today=NOW,
                   host=build_plugin_host(allow=["emploi"]))
    past = with_clock(app, LAST_YEAR)
    camille = who(past, "camille")
    person = svc.add_person(past, camille, ALIAS, first_visit=LAST_YEAR).id
    other = svc.add_person(past, camille, "Autre-Personne", first_visit=LAST_YEAR).id
    for p in (person, other):
        svc.give_consent(past, camille, p, "suivi")
        svc.advance(past, camille, p, "parcours", "suivre", facts={"referent": "camille"})
    dropin = svc.open_dropin(past, who(past, "bea"), LAST_YEAR).id
    svc.record_visit(past, who(past, "bea"), dropin, person)
    svc.record_visit(past, who(past, "bea"), dropin, other)
    svc.record_anonymous(past, who(past, "bea"), dropin, 3)
    svc.close_dropin(past, who(past, "bea"), dropin)
    svc.add_note(past, camille, person, NOTE)
    svc.start_track(past, camille, person, "psp")
    svc.advance(past, camille, person, "psp", "abandonner",
                facts={"motif_cloture": "autre", "precision": RESTRICTED})
    svc.start_track(past, camille, person, "emploi_france_travail")
    svc.advance(past, camille, person, "emploi_france_travail", "inscrire",
                facts={"date_inscription": "2025-03-04", "identifiant_france_travail": FT_ID,
                       "nationalite_francaise_ue": True})
    svc.advance(with_clock(app, date(2025, 6, 2)), camille, person, "parcours",
                "mettre_en_pause", facts={"motif_pause": PAUSE})
    svc.person_facts(past, who(past, "sonia"), person, reason=REASON)
    yield app, person, other, folder
    app.close()


def _sealed(app, person: int) -> list[bytes]:
    """Every ciphertext of hers, and her wrapped key, as stored before the erasure."""
    with app.db.read() as session:
        blobs = [session.get(Person, person).alias_enc, session.get(PersonKey, person).wrapped]
        blobs += session.scalars(select(Note.text_enc).where(Note.person_id == person)).all()
        blobs += session.scalars(select(SensitiveFact.value_enc)
                                 .where(SensitiveFact.person_id == person)).all()
    return blobs


def test_erasure_leaves_nothing_readable_and_last_years_report_unchanged(world):
    app, person, other, folder = world
    sonia = reauth(app, "sonia")
    before = figures(app, sonia, 2025)
    assert before[("personnes", "personnes_vues")][0] == 2
    sealed = _sealed(app, person)
    assert len(sealed) >= 4
    clear = [ALIAS.encode(), NOTE.encode(), RESTRICTED.encode(), FT_ID.encode(), PAUSE.encode(),
             REASON_MARK.encode()]
    app.db.scrub()
    files = scan(folder, clear + sealed)
    # Before: her sealed values are in the file; no canary ever was in clear (the identifier,
    # the pause reason and the exceptional access's reason are free text about her: sealed).
    assert set(files["p.db"]) == set(range(6, 6 + len(sealed)))
    assert _reasons_listed(app, sonia, person) == [REASON]

    done = svc.erase_person(app, sonia, person, "demande de la personne (RGPD art. 17)")

    assert done.scrubbed and done.rows["person_keys"] == 1 and done.rows["notes"] == 1
    assert (folder / "p.db-wal").stat().st_size == 0
    assert scan(folder, clear + sealed) == {}
    assert figures(app, sonia, 2025) == before
    # Nothing of hers opens any more, and nothing else of hers is left to open.
    with app.db.read() as session:
        row = session.get(Person, person)
        assert (row.alias_enc, row.alias_hash, row.referent_id) == (None, None, None)
        assert row.erased_at is not None and row.first_visit == LAST_YEAR
        assert session.get(PersonKey, person) is None
        assert session.scalars(select(Event.deadlines_enc).where(
            Event.person_id == person, Event.deadlines_enc.is_not(None))).all() == []
        tracks = session.scalars(select(Track).where(Track.person_id == person)).all()
        assert {t.status for t in tracks} == {"closed"}
        ft = next(t for t in tracks if t.definition_id == "emploi_france_travail")
        assert ft.facts == {"date_inscription": "2025-03-04"}
        assert session.scalar(select(Visit.id).where(Visit.person_id == person)) is not None
    # Her audit row: her number and the reason, nothing else of her.
    with app.db.read() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.operation == "person.erase")
                                ).one()
    assert (entry.person_id, entry.outcome, entry.target) == (person, "done", f"person:{person}")
    assert entry.detail["reason"] == "demande de la personne (RGPD art. 17)"
    assert entry.detail["reauth"] is True
    # The exceptional access stays in the log, its reason unreadable, and the chain holds.
    assert _reasons_listed(app, sonia, person) == [M.AUDIT_REASON_ERASED]
    assert svc.verify_audit(app, sonia).ok
    # The other person is untouched.
    assert svc.show_person(app, sonia, other).alias == "Autre-Personne"


def _reasons_listed(app, credential, person: int) -> list[str]:
    return [r.detail["reason"] for r in svc.list_audit(app, credential, person=person)
            if r.reason == "exceptional_access"]


def test_an_erased_person_is_gone_from_lists_search_and_files(world):
    app, person, other, _ = world
    sonia = reauth(app, "sonia")
    svc.erase_person(app, sonia, person, "fin d'accompagnement")
    assert [p.id for p in svc.list_persons(app, sonia)] == [other]
    assert svc.list_persons(app, sonia, search="Kanari") == []
    with pytest.raises(NotFound, match=f"n° {person} a été effacée"):
        svc.show_person(app, sonia, person)
    with pytest.raises(NotFound, match="introuvable"):
        svc.show_person(app, sonia, ALIAS)
    with pytest.raises(NotFound, match="effacée"):
        svc.erase_person(app, sonia, person, "deux fois")
    assert all(i.person_id != person for i in svc.review_queue(app, sonia))


def test_only_a_supervisor_who_confirmed_her_password_may_erase(world):
    app, person, _, _ = world
    with pytest.raises(PermissionDenied):
        svc.erase_person(app, reauth(app, "camille"), person, "motif")
    with pytest.raises(ReauthRequired, match="parcours reauth"):
        svc.erase_person(app, who(app, "sonia"), person, "motif")
    sonia = reauth(app, "sonia")
    with pytest.raises(InputError, match="motif"):
        svc.erase_person(app, sonia, person, "   ")
    with pytest.raises(InputError, match="pseudonyme"):
        svc.erase_person(app, sonia, person, f"demande de {ALIAS.lower()}")
    with app.db.read() as session:
        assert session.get(Person, person).erased_at is None
        refused = session.scalars(select(AuditEntry.reason).where(
            AuditEntry.operation == "person.erase")).all()
    assert refused == ["permission_denied", "reauth_required", "input_error", "input_error"]


def test_a_legal_hold_refuses_the_erasure_until_it_is_lifted(world):
    app, person, _, _ = world
    sonia = reauth(app, "sonia")
    svc.place_hold(app, sonia, person, "contentieux prud'homal en cours")
    with pytest.raises(InputError, match="déjà"):
        svc.place_hold(app, sonia, person, "encore")
    with pytest.raises(PermissionDenied, match="gel juridique"):
        svc.erase_person(app, sonia, person, "demande")
    with pytest.raises(PermissionDenied):
        svc.place_hold(app, who(app, "camille"), person, "x")
    svc.lift_hold(app, sonia, person)
    assert svc.erase_person(app, sonia, person, "demande").rows["person_holds"] == 1


def test_the_database_still_refuses_to_rewrite_anyone_elses_history(world):
    app, person, other, _ = world
    svc.erase_person(app, reauth(app, "sonia"), person, "demande")
    raw = app.db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("PRAGMA query_only = 0")  # a pooled connection may come from a read
        for statement in (f"UPDATE events SET facts = '{{}}' WHERE person_id = {other}",
                          f"UPDATE events SET kind = 'x' WHERE person_id = {person}",
                          f"DELETE FROM events WHERE person_id = {person}",
                          "DELETE FROM audit_log WHERE seq = 1"):
            with pytest.raises(Exception, match="append-only"):
                cursor.execute(statement)
    finally:
        raw.close()
    with app.db.read() as session:
        assert session.execute(text("PRAGMA secure_delete")).scalar() == 1


def test_a_reassignment_in_review_keeps_no_referent_name_once_she_is_erased(app):
    # The review decision is about her, not about a track: its event kept the name typed in
    # clear (« the referent's name is blanked », security.md, Erasure).
    person = svc.add_person(app, who(app, "bea"), "Ines").id
    svc.start_track(app, who(app, "camille"), person, "psp")
    dropin = svc.open_dropin(app, who(app, "bea"), app.today()).id
    svc.record_visit(app, who(app, "bea"), dropin, person)
    sonia = reauth(app, "sonia")
    key = next(i.key for i in svc.review_queue(app, sonia, kinds={"no_referent"})
               if i.person_id == person)
    svc.reassign(app, sonia, key, "camille")
    svc.erase_person(app, sonia, person, "demande de la personne (RGPD art. 17)")
    with app.db.read() as session:
        facts = {e.kind: (e.track_id, e.facts) for e in session.scalars(
            select(Event).where(Event.person_id == person, Event.track_id.is_(None)))}
    assert facts["review_reassign"] == (None, {"item": key})  # a code of the queue, no name
    assert facts["visit"] == (None, {"dropin": dropin})  # codes stay: the figures count them


def test_every_table_an_erasure_deletes_from_or_rewrites_is_scrubbed_after():
    """On PostgreSQL the scrub vacuums a list of tables: the retry log (``request_log``),
    whose rows about her an erasure deletes, was left out, its dead rows kept until the
    server's own vacuum."""
    from core.persistence.database import ERASURE_TABLES
    from core.persistence.models import Event, Person, ReviewMark, Track
    from core.services.erasure import HER_ROWS
    touched = {m.__tablename__ for m in (*HER_ROWS, Person, Event, Track, ReviewMark)}
    assert touched <= set(ERASURE_TABLES), touched - set(ERASURE_TABLES)
