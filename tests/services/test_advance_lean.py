"""The lean write path of ``advance``: how many statements it runs, and its projection's
conditional UPDATE (issue 11 §2). Counts, not timings: the speed is measured in bench/."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, text

from core import services as svc
from core.errors import ConflictError
from core.engine.checks import TrackSnapshot
from core.persistence.models import Event, Person, PersonIdentity, Track
from core.services import consent_store, person_snapshot, records
from core.services.keys import Sealer
from core.services.principal import authenticate
from core.services.registry import Call
from tests.accounts import add_followed, consent, who
from tests.statements import sent


def _statements(app, action) -> list[str]:
    """The SQL statements ``action`` runs (BEGIN and pragmas left out)."""
    with sent(app.db) as found:
        action()
    return [s.sql for s in found if not s.sql.startswith(("BEGIN", "PRAGMA"))]


def test_an_advance_runs_ten_statements(app):
    person = add_followed(app, "Amina")
    camille = who(app, "camille")
    svc.advance(app, camille, person, "parcours", "mettre_en_pause")  # warm caches
    ran = _statements(app, lambda: svc.advance(app, camille, person, "parcours",
                                               "reprendre_suivi"))
    # Session and delegations; person with her tracks and their deadlines; referent,
    # identity, key, delegation and consents; sensitive values; event, last contact,
    # aggregate, track; audit head and row (the session was touched less than a minute ago).
    # It was sixteen, then twelve (the person, and her consents, each on their own).
    assert len(ran) <= 10, "\n".join(ran)
    updates = [s for s in ran if s.startswith("UPDATE tracks")]
    assert len(updates) == 1 and "tracks.version = ?" in updates[0]
    assert not any(s.startswith(("SELECT deadlines.", "SELECT user_delegations.",
                                 "SELECT delegations.", "SELECT consents.", "SELECT tracks."))
                   for s in ran)  # joined instead


@pytest.mark.pg
def test_on_postgresql_the_last_writes_of_an_advance_are_one_statement(pg_app):
    """The event, the last contact, the month's count and the projection go as one statement
    (each statement is a round trip to the server); the event's id comes back from it. A move
    into follow-up sets whether she is followed in the last contact's part: worked out from
    her tracks as read, it reads no table, as joined writes must not (one snapshot)."""
    person = add_followed(pg_app, "Amina")
    camille = who(pg_app, "camille")
    svc.advance(pg_app, camille, person, "parcours", "mettre_en_pause")
    ran = _statements(pg_app, lambda: svc.advance(pg_app, camille, person, "parcours",
                                                  "reprendre_suivi"))
    joined = [s for s in ran if s.lstrip().startswith("WITH")]
    assert len(joined) == 1, "\n".join(ran)
    assert all(part in joined[0] for part in ("INSERT INTO events", "UPDATE persons",
                                              "INSERT INTO report_aggregates", "UPDATE tracks",
                                              "followed="))
    assert not any(s.startswith(("UPDATE ", "INSERT INTO events", "INSERT INTO report_aggregates"))
                   for s in ran)
    # Her row locked (a move that may change whether she is followed: her file is then read
    # as the writer before left it); session; person, tracks, deadlines; her context;
    # sensitive values; the joined writes; audit head and row.
    assert [s for s in ran if "FOR UPDATE" in s] == [ran[1]] and "FROM persons" in ran[1]
    assert len(ran) <= 7, "\n".join(ran)
    done = svc.advance(pg_app, camille, person, "parcours", "mettre_en_pause")
    with pg_app.db.read() as session:
        assert session.scalar(select(Track.step).where(Track.person_id == person,
                                                       Track.definition_id == "parcours")) \
            == "en_pause"
        assert session.scalar(select(Event.trigger).where(Event.id == done.event_id)) \
            == "mettre_en_pause"
        assert session.scalar(select(Person.followed).where(Person.id == person)) is False


def test_the_joined_reads_keep_every_approval_and_consent_once(app):
    """Her context is a row per (approval, consent) pair: each is read once, in order."""
    admin = who(app, "admin")
    svc.record_agrement(app, admin, "principale", "59", granted_on=date(2023, 2, 1))
    svc.record_agrement(app, admin, "principale", "62", requested_on=date(2024, 5, 2))
    person = add_followed(app, "Amina")
    credential = who(app, "camille")
    svc.give_consent(app, credential, person, "partage", partner="France Travail")
    with app.db.write() as session:
        call = Call(app, session, authenticate(session, credential, app.now()))
        file = records.find_file(call, person, write=True)
        snapshot = person_snapshot.person_snapshot(call, app.catalog, file.person, file)
        alone = consent_store.snapshots(call, person)
        delegation = person_snapshot.delegation_info(session, file.person.delegation_id)
    assert snapshot.consents == alone and len(alone) == 2
    assert snapshot.delegation == delegation and len(delegation.agrements) == 2


def _opened(monkeypatch) -> list[str]:
    """The tables whose sealed values are opened from now on, in order."""
    tables: list[str] = []
    kept = Sealer.open

    def spy(self, person_id, table, row_id, column, blob):
        tables.append(table)
        return kept(self, person_id, table, row_id, column, blob)

    monkeypatch.setattr(Sealer, "open", spy)
    return tables


def test_her_sealed_values_are_opened_only_when_a_check_reads_them(app, monkeypatch):
    """Her alias, birth date and other tracks' deadlines are built on first read: a pause
    (no check) opens none of them; read, they are what an eager snapshot holds."""
    person = add_followed(app, "Amina")
    credential = who(app, "camille")
    svc.start_track(app, credential, person, "psp")
    with app.db.write() as session:
        call = Call(app, session, authenticate(session, credential, app.now()))
        session.add(PersonIdentity(person_id=person, data_enc=call.sealer.seal(
            person, "person_identities", person, "data", {"birth_date": "1990-04-02"})))
    opened = _opened(monkeypatch)
    svc.advance(app, credential, person, "parcours", "mettre_en_pause")
    assert not {"persons", "person_identities"} & set(opened), opened
    with app.db.write() as session:
        call = Call(app, session, authenticate(session, credential, app.now()))
        file = records.find_file(call, person, write=True)
        snapshot = person_snapshot.person_snapshot(call, app.catalog, file.person, file)
        opened.clear()
        assert snapshot.consents and snapshot.referent == "camille" and opened == []
        assert snapshot.alias == "Amina" and snapshot.birth_date == date(1990, 4, 2)
        eager = tuple(TrackSnapshot.of(app.catalog.definitions.get(
            (row.definition_id, row.definition_version)), row,
            records.open_deadlines(call, file, row.id)) for row in file.tracks)
        assert snapshot.tracks == eager and {t.definition_id for t in eager} == {
            "parcours", "psp"}
        assert snapshot.tracks is snapshot.tracks  # built once
    assert opened[:2] == ["persons", "person_identities"]


def test_her_sensitive_facts_are_opened_only_for_a_move_that_reads_facts(app, monkeypatch):
    """A pause runs no check and computes no deadline: the track's sealed values are not
    read. Resuming runs a check: the engine then gets every recorded fact, sensitive ones
    included, as before."""
    person = add_followed(app, "Amina")
    camille = who(app, "camille")
    svc.advance(app, camille, person, "parcours", "mettre_en_pause",
                facts={"motif_pause": "Hospitalisation"})
    given: list[dict] = []
    kept = app.engine.fire
    monkeypatch.setattr(app.engine, "fire", lambda state, *a, **k: (
        given.append(dict(state.facts)), kept(state, *a, **k))[1])
    resumed = _statements(app, lambda: svc.advance(app, camille, person, "parcours",
                                                   "reprendre_suivi"))
    assert any(s.startswith("SELECT sensitive_facts.") for s in resumed)
    assert given[-1]["motif_pause"] == "Hospitalisation" and given[-1]["referent"] == "camille"
    paused = _statements(app, lambda: svc.advance(app, camille, person, "parcours",
                                                  "mettre_en_pause"))
    assert not any("sensitive_facts" in s for s in paused if s.startswith("SELECT")), paused
    assert "motif_pause" not in given[-1] and given[-1]["referent"] == "camille"


def test_an_administrators_actions_read_none_of_her_tracks(app):
    """The administrator may not read a person's front desk: asking for her actions must not
    have her tracks (their facts) nor deadlines read, even to be left unshown."""
    person = add_followed(app, "Amina")
    admin = who(app, "admin")
    assert svc.list_actions(app, admin, person) == []
    ran = _statements(app, lambda: svc.list_actions(app, admin, person))
    assert not [s for s in ran if "tracks" in s or "deadlines" in s], ran
    # Whoever reads her front desk gets her file with her, in the same statement.
    camille = _statements(app, lambda: svc.list_actions(app, who(app, "camille"), person))
    assert any("FROM persons LEFT OUTER JOIN tracks" in s for s in camille)


def test_a_track_changed_meanwhile_is_a_conflict(any_app):
    app = any_app
    person = add_followed(app, "Amina")
    credential = who(app, "camille")
    with pytest.raises(ConflictError, match="modifié"), app.db.write() as session:
        principal = authenticate(session, credential, app.now())
        call = Call(app, session, principal)
        row = session.get(Person, person)
        file = records.load_file(session, row)
        stored = file.track("parcours")
        # What another writer would have done between the read and the write (PostgreSQL).
        session.connection().execute(text("UPDATE tracks SET version = version + 1 "
                                          "WHERE id = :id"), {"id": stored.id})
        state = records.track_state(call, file, stored)
        snapshot = person_snapshot.person_snapshot(call, app.catalog, row, file)
        defn = app.engine.definition_of(state)
        outcome = app.engine.fire(state, "mettre_en_pause", call.actor, today=app.today(),
                                  person=snapshot)
        records.record_outcome(call, defn, stored, outcome, app.occurred(None),
                               file.open_rows(stored.id), delegation_id=row.delegation_id)
    with app.db.read() as session:
        assert session.scalar(select(Track.step).where(Track.definition_id == "parcours",
                                                        Track.person_id == person)) \
            == "suivi_individuel"  # rolled back: nothing of the transition stayed


def test_facts_written_then_read_again_in_one_transaction(app):
    """The demo runs several bodies in one transaction: a track's facts changed by one
    transition are read back, as written, by the next."""
    person = svc.add_person(app, who(app, "camille"), "Amina").id
    consent(app, person)
    credential = who(app, "camille")
    with app.db.write() as session:
        call = Call(app, session, authenticate(session, credential, app.now()))
        svc.advance.body(call, person, "parcours", "suivre", facts={"referent": "camille"})
        svc.advance.body(call, person, "parcours", "mettre_en_pause")
        svc.advance.body(call, person, "parcours", "reprendre_suivi")
    with app.db.read() as session:
        track = session.scalars(select(Track).where(Track.person_id == person,
                                                    Track.definition_id == "parcours")).one()
    assert track.facts["referent"] == "camille" and track.step == "suivi_individuel"
    assert track.version == 4  # created, then three transitions


def test_a_snapshot_kept_by_a_check_opens_nothing_after_its_call(app, monkeypatch):
    """A check that keeps ``ctx.person`` (a buggy plugin's cache) reads after the call only
    what it read during it: her other sealed values stay closed, with no new transaction."""
    person = svc.add_person(app, who(app, "camille"), "Amina").id
    consent(app, person)
    kept = []
    check_id = app.catalog.definition("parcours").transition("suivre", "connue").checks[0]
    spec = app.catalog.checks[check_id]

    def keeping(ctx):
        kept.append(ctx.person)
        assert ctx.person.alias == "Amina"  # read during the call: opened, audited
        return spec.func(ctx)

    monkeypatch.setitem(app.catalog.checks, check_id, spec.model_copy(update={"func": keeping}))
    svc.advance(app, who(app, "camille"), person, "parcours", "suivre",
                facts={"referent": "camille"})
    snapshot, = kept
    assert snapshot.alias == "Amina"
    opened = _opened(monkeypatch)
    for deferred in ("birth_date", "tracks"):
        with pytest.raises(RuntimeError, match="after the call"):
            getattr(snapshot, deferred)
    assert opened == []
