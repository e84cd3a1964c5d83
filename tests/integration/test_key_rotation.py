"""Rotating the key-encryption key (CR-4): everything still reads, the old KEK leaves the key
file only at the end, and a run stopped between any two steps, or inside the steps that write
the key file, is finished by the next run. The kill -9 test is in ``test_key_rotation_kill.py``.
"""

from __future__ import annotations

import base64
import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import select

from core import services as svc
from core.crypto.keyfile import KeyFile
from core.errors import InputError, KeyMissing, PermissionDenied
from core.persistence.access_models import BaseInfo
from core.persistence.models import PersonKey
from core.services.app import Parcours
from tests.accounts import FAST, PASSWORD, make_app, reauth, who

from .keys_world import ALIAS, NOTE, RECIT, fill, open_everything

@pytest.fixture(scope="module")
def template(tmp_path_factory) -> tuple[Path, Path, dict[str, int]]:
    """A filled base built once: its file (closed, so whole), its key file and its ids."""
    folder = tmp_path_factory.mktemp("rotation")
    app = make_app(f"sqlite:///{folder / 'p.db'}")
    ids = fill(app)
    key_file = _key_file(app)
    app.close()
    return folder / "p.db", key_file, ids


@pytest.fixture
def base(template, tmp_path):
    path, key_file, ids = template
    app = _copy(path, key_file, tmp_path / "copie")
    yield app, ids
    app.close()


def _key_file(app: Parcours) -> Path:
    return Path(app.keys.keyfile.path)


def _stored_versions(app: Parcours) -> list[int]:
    return sorted(int(v) for v in json.loads(_key_file(app).read_text())["keys"])


def _db_state(app: Parcours) -> tuple[int, dict | None, dict[int, int]]:
    with app.db.read() as session:
        info = session.get(BaseInfo, 1)
        counts: dict[int, int] = {}
        for version in session.scalars(select(PersonKey.kek_version)):
            counts[version] = counts.get(version, 0) + 1
        return info.kek_version, info.rotation, counts


def _reads_through_the_services(app: Parcours, ids: dict[str, int]) -> None:
    camille = reauth(app, "camille")
    assert svc.show_person(app, camille, ids["person"]).alias == ALIAS
    assert [n.text for n in svc.list_notes(app, camille, ids["person"])] == [NOTE]
    assert svc.list_deadlines(app, camille, ids["person"])
    facts = {f.name: f.value for f in svc.person_facts(app, camille, ids["closed"])}
    assert facts["precision"] == RECIT
    assert [p.alias for p in svc.list_persons(app, camille, search="Roseline")] == [ALIAS]


def _open_all(app: Parcours) -> dict[str, int]:
    """Every sealed value of the base opened, with its key file as it is now on disk."""
    return open_everything(app.db.engine.url.render_as_string(hide_password=False), app.key_file)


def _reopened(app: Parcours, **kwargs) -> Parcours:
    """The same base opened afresh, as another process would (keys found and checked again)."""
    return Parcours(app.db, app.host, security=FAST, key_file=app.key_file, **kwargs)


def test_a_rotation_rewraps_every_key_and_everything_still_reads(base):
    app, ids = base
    admin = who(app, "admin")
    before = _open_all(app)
    assert set(before) >= {"persons", "notes", "sensitive_facts", "deadlines", "events",
                           "review_marks"}
    old = KeyFile.read(_key_file(app)).keys[1]
    summary = svc.rotate_keys(app, admin, batch=7)
    persons = _db_state(app)[2][2]
    assert (summary.kek_version, summary.previous, summary.rewrapped) == (2, 1, persons)
    assert summary.dropped == [1] and not summary.resumed
    assert _db_state(app) == (2, None, {2: persons})
    assert _stored_versions(app) == [2]
    assert base64.b64encode(old).decode() not in _key_file(app).read_text()
    assert old not in KeyFile.read(_key_file(app)).keys.values()
    assert _open_all(app) == before
    _reads_through_the_services(_reopened(app), ids)
    status = svc.key_status(app, admin)
    assert (status.kek_version, status.file_versions, status.rotation, status.pending_cleanup,
            status.persons_by_version) == (2, [2], None, False, {2: persons})
    again = svc.rotate_keys(app, admin)
    assert (again.kek_version, again.previous, again.dropped) == (3, 2, [2])
    _reads_through_the_services(_reopened(app), ids)


def test_copies_left_by_a_save_killed_midway_go_with_the_old_versions(base):
    app, _ = base
    keyfile = KeyFile.read(_key_file(app))
    leftover = _key_file(app).parent / f".cle-{keyfile.base}-tue"
    leftover.write_text(_key_file(app).read_text())  # as tempfile left it: the old key inside
    other = _key_file(app).parent / ".cle-une-autre-base-tue"
    other.write_text("{}")
    svc.rotate_keys(app, who(app, "admin"))
    assert not leftover.exists() and other.exists()  # another base's are not ours to touch


def test_the_key_file_copied_before_the_rotation_no_longer_opens_the_base(base, tmp_path):
    app, _ = base
    url = app.db.engine.url.render_as_string(hide_password=False)
    copy = tmp_path / "copie-avant.json"
    shutil.copy2(_key_file(app), copy)
    backup = tmp_path / "sauvegarde-avant.db"
    with closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as connection:
        connection.execute(f"VACUUM INTO '{backup}'")  # a backup taken before the rotation
    svc.rotate_keys(app, who(app, "admin"))
    stale = Parcours.open(url, security=FAST, key_file=str(copy))
    with pytest.raises(KeyMissing, match="date d'avant une rotation des clés"):
        svc.sign_in(stale, "camille", PASSWORD)
    with pytest.raises(KeyMissing, match="date d'avant une rotation"):
        open_everything(url, str(copy))
    # The old backup needs the old copy of the key file, not the current one.
    restored = Parcours.open(f"sqlite:///{backup}", security=FAST, key_file=str(_key_file(app)))
    with pytest.raises(KeyMissing, match="sauvegarde restaurée"):
        svc.sign_in(restored, "camille", PASSWORD)
    assert open_everything(f"sqlite:///{backup}", str(copy))["persons"] > 30
    for opened in (stale, restored):
        opened.close()


def test_a_process_started_before_the_rotation_reads_and_writes_throughout(base):
    app, ids = base
    admin = who(app, "admin")
    early = _reopened(app)
    camille = reauth(early, "camille")
    assert svc.show_person(early, camille, ids["person"]).alias == ALIAS  # keys cached: v1 only
    assert svc.rotate_step(app, admin, batch=5).step == "begin"
    assert svc.rotate_step(app, admin, batch=5, start=False).step == "rewrap"
    # Mid-rotation: her key is wrapped by v2, which the early process had never read.
    assert _db_state(app)[2] == {2: 5, 1: _db_state(app)[2][1]}
    assert svc.show_person(early, camille, ids["person"]).alias == ALIAS
    during = svc.add_person(early, camille, "Arrivée Pendant").id
    svc.rotate_keys(app, admin, batch=50)
    after = svc.add_person(early, camille, "Arrivée Après").id
    with app.db.read() as session:
        versions = {p: session.get(PersonKey, p).kek_version for p in (during, after)}
    assert versions == {during: 2, after: 2}  # never under the version about to be dropped
    _reads_through_the_services(early, ids)
    assert [p.alias for p in svc.list_persons(early, camille, search="Arrivée")] == [
        "Arrivée Après", "Arrivée Pendant"]
    early.close()


def _copy(template: Path, key_file: Path, folder: Path) -> Parcours:
    folder.mkdir()
    shutil.copy2(template, folder / "p.db")
    shutil.copy2(key_file, folder / "cle.json")
    return Parcours.open(f"sqlite:///{folder / 'p.db'}", security=FAST,
                         key_file=str(folder / "cle.json"))


def test_stopped_between_any_two_steps_the_next_run_finishes(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'modele.db'}")
    fill(app, imported=10)
    admin, key_file = who(app, "admin"), _key_file(app)
    app.close()
    whole = _copy(tmp_path / "modele.db", key_file, tmp_path / "entier")
    steps = [s.step for s in _run(whole, admin)]
    whole.close()
    assert steps == ["begin", "rewrap", "rewrap", "rewrap", "rewrap", "finish", "cleanup"]
    for stop in range(1, len(steps)):  # stopped after `stop` steps: a process killed between two
        first = _copy(tmp_path / "modele.db", key_file, tmp_path / f"arret-{stop}")
        for i in range(stop):
            svc.rotate_step(first, admin, batch=4, start=i == 0)
        first.close()
        second = Parcours.open(first.db.engine.url.render_as_string(hide_password=False),
                               security=FAST, key_file=first.key_file)
        summary = svc.rotate_keys(second, admin, batch=4)
        assert (summary.kek_version, summary.dropped) == (2, [1]), stop
        assert summary.previous == (None if steps[stop - 1] == "finish" else 1), stop
        assert summary.resumed
        assert _db_state(second)[:2] == (2, None) and set(_db_state(second)[2]) == {2}
        assert sorted(KeyFile.read(Path(second.key_file)).keys) == [2]
        assert _open_all(second)["persons"] == 13
        second.close()


def _run(app: Parcours, admin, batch: int = 4):
    steps = [svc.rotate_step(app, admin, batch=batch)]
    while steps[-1].step not in ("cleanup", "idle"):
        steps.append(svc.rotate_step(app, admin, batch=batch, start=False))
    return steps


def test_killed_after_the_new_version_was_saved_but_before_the_base_recorded_it(base, monkeypatch):
    app, ids = base
    admin = who(app, "admin")
    saved = KeyFile.add_version

    def saved_then_killed(self):
        saved(self)
        raise RuntimeError("coupure")

    monkeypatch.setattr(KeyFile, "add_version", saved_then_killed)
    with pytest.raises(RuntimeError):
        svc.rotate_step(app, admin)
    monkeypatch.undo()
    assert _stored_versions(app) == [1, 2] and _db_state(app)[:2] == (1, None)
    assert svc.key_status(app, admin).file_versions == [1, 2]
    summary = svc.rotate_keys(app, admin)
    assert (summary.kek_version, summary.previous, summary.resumed) == (2, 1, True)
    assert _stored_versions(app) == [2]
    _reads_through_the_services(_reopened(app), ids)


def test_killed_after_the_end_but_before_the_key_file_was_cleaned(base):
    app, ids = base
    admin = who(app, "admin")
    steps = [svc.rotate_step(app, admin, batch=100)]
    while steps[-1].step != "finish":
        steps.append(svc.rotate_step(app, admin, batch=100, start=False))
    assert _stored_versions(app) == [1, 2] and _db_state(app)[:2] == (2, None)
    status = svc.key_status(app, admin)
    assert status.pending_cleanup and status.rotation is None
    _reads_through_the_services(_reopened(app), ids)
    summary = svc.rotate_keys(app, admin)  # only finishes: no new rotation
    assert (summary.kek_version, summary.previous, summary.dropped) == (2, None, [1])
    assert _stored_versions(app) == [2]


def test_killed_after_the_key_file_was_cleaned_but_before_its_step_committed(base, monkeypatch):
    app, ids = base
    admin = who(app, "admin")
    steps = [svc.rotate_step(app, admin, batch=100)]
    while steps[-1].step != "finish":
        steps.append(svc.rotate_step(app, admin, batch=100, start=False))
    kept = KeyFile.keep_only

    def kept_then_killed(self, version):
        kept(self, version)
        raise RuntimeError("coupure")

    monkeypatch.setattr(KeyFile, "keep_only", kept_then_killed)
    with pytest.raises(RuntimeError):
        svc.rotate_step(app, admin, start=False)
    monkeypatch.undo()
    assert _stored_versions(app) == [2] and _db_state(app)[:2] == (2, None)
    assert not svc.key_status(app, admin).pending_cleanup
    _reads_through_the_services(_reopened(app), ids)


def test_only_the_administrator_rotates_and_batches_are_bounded(base):
    app, _ = base
    for name in ("camille", "sonia", "bea"):
        with pytest.raises(PermissionDenied):
            svc.rotate_step(app, who(app, name))
        with pytest.raises(PermissionDenied):
            svc.key_status(app, who(app, name))
    for batch in (0, 10_001):
        with pytest.raises(InputError, match="Taille de lot"):
            svc.rotate_step(app, who(app, "admin"), batch=batch)
    assert _stored_versions(app) == [1] and _db_state(app)[:2] == (1, None)


@pytest.mark.pg
def test_a_rotation_on_postgresql(pg_url):
    app = make_app(pg_url)
    early = None
    try:
        ids = fill(app, imported=12)
        admin = who(app, "admin")
        early = _reopened(app)
        camille = reauth(early, "camille")
        assert [svc.rotate_step(app, admin, batch=5, start=i == 0).step for i in range(2)] == [
            "begin", "rewrap"]
        during = svc.add_person(early, camille, "Arrivée Pendant").id
        assert svc.show_person(early, camille, ids["person"]).alias == ALIAS
        summary = svc.rotate_keys(app, admin, batch=5)
        assert (summary.kek_version, summary.dropped, summary.resumed) == (2, [1], True)
        assert _stored_versions(app) == [2] and set(_db_state(app)[2]) == {2}
        assert open_everything(pg_url)["persons"] >= 16
        _reads_through_the_services(_reopened(app), ids)
        assert svc.show_person(early, camille, during).alias == "Arrivée Pendant"
    finally:
        if early is not None:
            early.close()
        app.close()
