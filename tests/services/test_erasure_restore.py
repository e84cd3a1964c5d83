"""A backup taken before an erasure, once restored, holds nothing more of her than the erased
base (security.md, « Backups and erasure »): the restore erases her again the way the erasure
did, so the referent's name typed in her events and her track, and her events' check
messages, are blanked there too, her open tracks are closed, her coded facts (a plugin
track's date included) kept, and her sealed rows and key gone; on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import services as svc
from core.persistence import snapshot
from core.persistence.access_models import RequestRecord
from core.errors import PersistenceError
from core.persistence.database import Database, make_engine
from core.persistence.revision import found_revision
from core.persistence.models import (Consent, Deadline, Event, Note, Person, PersonIdentity,
                                     PersonKey, PersonSearch, ReviewMark, SensitiveFact, Track)
from core.plugins import build_plugin_host
from core.services.app import Parcours
from core.services.users import upgrade_base
from tests.accounts import FAST, PASSWORD, USERS, make_app, reauth, who
from tests.conftest import throwaway_database
from tests.services.conftest import walk_psp_to_authorised

NOW = date(2026, 3, 10)
REFERENT = "kanarireferente"
"""Her referent's account name: typed by a reassignment in the review queue and in her
follow-up's facts, it stays in clear in her events and her track until she is erased."""
FT_ID, PAUSE, NOTE = "KFT9318274", "KANARI-PAUSE-05ee", "KANARI-NOTE-a81c"
"""Sealed with her key (sensitive facts, a note): never in clear, their rows deleted."""
CHECK_MESSAGE, CHECK_CODE = "Nationalité française ou européenne", "emploi.ressortissante_ue"
"""Written in clear in her France Travail registration's checks (hers alone in the base)."""
HER_TABLES = (PersonIdentity, Note, SensitiveFact, Consent, Deadline, RequestRecord,
              PersonSearch, PersonKey)


def _host():
    return build_plugin_host(allow=["emploi"])


@pytest.fixture(params=["sqlite", pytest.param("pg", marks=[pytest.mark.pg, pytest.mark.slow])])
def urls(request, tmp_path) -> Iterator[tuple[str, str]]:
    """The live base's URL and the empty base a backup of it is restored into."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'p.db'}", f"sqlite:///{tmp_path / 'restauree.db'}"
        return
    try:
        snapshot.pg_tool("pg_dump"), snapshot.pg_tool("pg_restore")
    except Exception as exc:
        pytest.skip(f"outils PostgreSQL absents : {exc}")
    with throwaway_database() as live, throwaway_database() as target:
        yield live, target


def _her_file(app) -> int:
    """A person whose referent a supervisor named from the review queue, followed by her,
    authorised on the PSP (a deadline), registered with France Travail (the identifier
    typed), paused (the reason typed), with a note; her tracks are open."""
    bea, sonia = who(app, "bea"), reauth(app, "sonia")
    person = svc.add_person(app, bea, "Kanari-Restauree").id
    svc.start_track(app, who(app, "camille"), person, "psp")  # no referent yet: in the queue
    dropin = svc.open_dropin(app, bea, NOW).id
    svc.record_visit(app, bea, dropin, person)
    key = next(i.key for i in svc.review_queue(app, sonia, kinds={"no_referent"})
               if i.person_id == person)
    svc.reassign(app, sonia, key, REFERENT)
    referent = who(app, REFERENT)
    svc.give_consent(app, referent, person, "suivi")
    walk_psp_to_authorised(app, person, by=REFERENT)  # the authorisation's deadline, sealed
    svc.advance(app, referent, person, "parcours", "suivre", facts={"referent": REFERENT})
    svc.start_track(app, referent, person, "emploi_france_travail")
    svc.advance(app, referent, person, "emploi_france_travail", "inscrire",
                facts={"date_inscription": "2026-03-04", "identifiant_france_travail": FT_ID,
                       "nationalite_francaise_ue": True})
    svc.advance(app, referent, person, "parcours", "mettre_en_pause",
                facts={"motif_pause": PAUSE})
    svc.add_note(app, referent, person, NOTE)
    return person


def _raw(url: str, person: int) -> dict[str, Any]:
    """Her rows as stored, read straight from the base (dates of the erasure as set or not:
    the restore erases her again on its own day)."""
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            row = session.get_one(Person, person)
            return {
                "person": (row.erased_at is not None, row.alias_enc, row.alias_hash,
                           row.referent_id, row.followed),
                "events": [(e.kind, e.track_id, e.trigger, e.facts, e.checks, e.deadlines_enc)
                           for e in session.scalars(select(Event).where(
                               Event.person_id == person).order_by(Event.id))],
                "tracks": [(t.definition_id, t.step, t.status, t.closed_at is not None,
                            t.facts, t.next_due)
                           for t in session.scalars(select(Track).where(
                               Track.person_id == person).order_by(Track.id))],
                "sealed reasons": session.scalar(select(func.count()).select_from(ReviewMark)
                                                 .where(ReviewMark.person_id == person,
                                                        ReviewMark.reason_enc.is_not(None))),
                **{model.__tablename__: session.scalar(
                    select(func.count()).select_from(model).where(model.person_id == person))
                   for model in HER_TABLES},
            }
    finally:
        engine.dispose()


def _clear(rows: dict[str, Any]) -> str:
    return json.dumps([rows["events"], rows["tracks"]], ensure_ascii=False, default=str)


def test_a_restore_blanks_her_events_and_tracks_as_the_erasure_did(urls, tmp_path):
    live, target = urls
    app = make_app(live, today=NOW, host=_host(), users=dict(USERS, **{REFERENT: "referent"}))
    try:
        person = _her_file(app)
        backup = Path(svc.create_backup(app, who(app, "admin"), tmp_path / "b.sauvegarde").path)
        backed_up = _raw(live, person)
        assert REFERENT in _clear(backed_up) and CHECK_MESSAGE in _clear(backed_up)
        assert {t[2] for t in backed_up["tracks"]} == {"open"}
        assert any(e[5] is not None for e in backed_up["events"]) and backed_up["deadlines"]
        svc.erase_person(app, reauth(app, "sonia"), person, "demande de la personne (art. 17)")
        erased = _raw(live, person)
        key_file = str(app.keys.keyfile.path)
    finally:
        app.close()
    assert REFERENT not in _clear(erased) and CHECK_MESSAGE not in _clear(erased)

    restored = svc.restore_backup(backup, target, key_file=key_file, host=_host())

    assert restored.check.ok, restored.check
    again = _raw(target, person)
    for text in (REFERENT, CHECK_MESSAGE, FT_ID, PAUSE, NOTE):
        assert text not in _clear(again)
    assert again == erased
    ft = next(t for t in again["tracks"] if t[0] == "emploi_france_travail")
    assert ft[2:5] == ("closed", True, {"date_inscription": "2026-03-04"})
    if target.startswith("sqlite"):  # nor in the restored file's free pages
        assert CHECK_CODE.encode() not in Path(target.removeprefix("sqlite:///")).read_bytes()


@pytest.fixture(params=["sqlite", pytest.param("pg", marks=[pytest.mark.pg, pytest.mark.slow])])
def three_urls(request, tmp_path) -> Iterator[tuple[str, str, str]]:
    """The live base's URL, the base a backup is restored into, and the one a backup of that
    restored base is restored into in turn."""
    if request.param == "sqlite":
        yield tuple(f"sqlite:///{tmp_path / name}.db" for name in ("p", "r1", "r2"))
        return
    try:
        snapshot.pg_tool("pg_dump"), snapshot.pg_tool("pg_restore")
    except Exception as exc:
        pytest.skip(f"outils PostgreSQL absents : {exc}")
    with throwaway_database() as live, throwaway_database() as first, \
            throwaway_database() as second:
        yield live, first, second


def test_an_erased_persons_number_is_not_given_again_after_a_restore(three_urls, tmp_path):
    """A backup taken before a person was added holds no row of hers: once she was erased and
    that backup restored, the next person added got her number, which the erasure register
    names, and the next restore erased that other person's file as hers."""
    live, first, second = three_urls
    app = make_app(live, today=NOW, host=_host())
    try:
        older = Path(svc.create_backup(app, who(app, "admin"), tmp_path / "a.sauvegarde").path)
        erased = svc.add_person(app, who(app, "bea"), "Kanari-Effacee").id
        svc.erase_person(app, reauth(app, "sonia"), erased, "doublon")
        key_file = str(app.keys.keyfile.path)
    finally:
        app.close()
    assert svc.restore_backup(older, first, key_file=key_file, host=_host()).check.ok
    app = Parcours.open(first, today=NOW, host=_host(), security=FAST, key_file=key_file)
    try:
        newcomer = svc.add_person(app, who(app, "bea"), "Kanari-Nouvelle").id
        later = Path(svc.create_backup(app, who(app, "admin"), tmp_path / "b.sauvegarde").path)
    finally:
        app.close()
    assert newcomer != erased
    restored = svc.restore_backup(later, second, key_file=key_file, host=_host())
    assert restored.check.ok and restored.erased_again == 0
    app = Parcours.open(second, today=NOW, host=_host(), security=FAST, key_file=key_file)
    try:
        assert svc.show_person(app, who(app, "bea"), newcomer).alias == "Kanari-Nouvelle"
    finally:
        app.close()


KILLED_RESTORE = """
import os, signal, sys
from pathlib import Path
from core import services as svc
from core.services import restore_erasures

def killed(*args, **kwargs):  # the process dies where the persons erased since are erased
    os.kill(os.getpid(), signal.SIGKILL)

restore_erasures.erase_again = killed
svc.restore_backup(Path(sys.argv[1]), sys.argv[2], key_file=sys.argv[3])
"""


def test_a_restore_killed_before_erasing_again_leaves_the_target_empty(tmp_path):
    """A SQLite restore killed after the rows were loaded and before the persons erased since
    were erased again left her key and her file readable in the target, which ``check``
    found sound and a second restore refused as not empty."""
    live, target = f"sqlite:///{tmp_path / 'p.db'}", f"sqlite:///{tmp_path / 'restauree.db'}"
    app = make_app(live, today=NOW, host=_host())
    try:
        person = svc.add_person(app, who(app, "bea"), "Kanari-Revenue").id
        backup = Path(svc.create_backup(app, who(app, "admin"), tmp_path / "b.sauvegarde").path)
        svc.erase_person(app, reauth(app, "sonia"), person, "demande de la personne")
        key_file = str(app.keys.keyfile.path)
    finally:
        app.close()
    private = tmp_path / "tmp"  # the killed process leaves its private folder behind
    private.mkdir()
    killed = subprocess.run([sys.executable, "-c", KILLED_RESTORE, str(backup), target,
                             key_file], capture_output=True, check=False,
                            env={**os.environ, "TMPDIR": str(private)})
    assert killed.returncode == -signal.SIGKILL, killed.stderr

    target_db = Database(target)
    try:
        assert snapshot.is_empty(target_db)
    finally:
        target_db.dispose()
    restored = svc.restore_backup(backup, target, key_file=key_file, host=_host())
    assert restored.check.ok and restored.erased_again == 1
    assert _raw(target, person)["person_keys"] == 0


@pytest.mark.pg
@pytest.mark.slow
def test_a_postgresql_restore_killed_before_erasing_again_leaves_a_base_no_command_opens(
        tmp_path):
    """``pg_restore`` commits the rows by themselves: killed before the persons erased since
    were erased again, the target held her key and her file, with the copied sessions open,
    at the schema version every command accepts. The version is now written last, with the
    erasures and the sessions ended: before that, every command refuses the base."""
    try:
        snapshot.pg_tool("pg_dump"), snapshot.pg_tool("pg_restore")
    except Exception as exc:
        pytest.skip(f"outils PostgreSQL absents : {exc}")
    with throwaway_database() as live, throwaway_database() as target:
        app = make_app(live, today=NOW, host=_host())
        try:
            person = svc.add_person(app, who(app, "bea"), "Kanari-Revenue").id
            backup = Path(svc.create_backup(app, who(app, "admin"),
                                            tmp_path / "b.sauvegarde").path)
            svc.erase_person(app, reauth(app, "sonia"), person, "demande de la personne")
            key_file = str(app.keys.keyfile.path)
        finally:
            app.close()
        private = tmp_path / "tmp"
        private.mkdir()
        killed = subprocess.run([sys.executable, "-c", KILLED_RESTORE, str(backup), target,
                                 key_file], capture_output=True, check=False,
                                env={**os.environ, "TMPDIR": str(private)})
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        assert _raw(target, person)["person_keys"] == 1  # her key is there, and yet:
        refused = Database(target)
        try:
            assert found_revision(refused) is None
        finally:
            refused.dispose()
        checked = svc.check_database(target, key_file=key_file)
        assert not checked.ok
        # Said as what it is: neither « parcours init » nor « parcours upgrade » (which
        # failed, "the base usable as it was") is the way out, a new restore is.
        schema = next(c for c in checked.checks if c.name == "schema")
        assert "restauration interrompue" in schema.message
        opened = Parcours.open(target, host=_host(), security=FAST, key_file=key_file)
        try:
            with pytest.raises(PersistenceError, match="restauration interrompue"):
                svc.show_person(opened, who(opened, "bea"), person)
            with pytest.raises(PersistenceError, match="restauration interrompue"):
                upgrade_base(opened)
            with pytest.raises(PersistenceError, match="restauration interrompue"):
                svc.initialise(opened, "nouvelle", PASSWORD)
        finally:
            opened.close()
        assert _raw(target, person)["person_keys"] == 1  # nothing was written
