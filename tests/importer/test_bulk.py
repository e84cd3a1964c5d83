"""A large person list: written in batches through one compiled INSERT per table (``COPY`` on
PostgreSQL), progress told after each batch, still all or nothing."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from faker import Faker

from core import messages as M
from core import services as svc
from core.cli.progress import ProgressLine
from core.crypto import search
from core.persistence import bulk
from core.services import import_persons
from core.services.app import Parcours
from core.services.importer import import_bytes
from tests.accounts import who

from .conftest import PEOPLE, counts, to_csv


def _people(count: int) -> list[list[str]]:
    fake = Faker("fr_FR")
    fake.seed_instance(11)
    return [PEOPLE[0]] + [[f"{fake.first_name()} {n}", "24/02/2026",
                           "camille" if n % 2 else "", "Suivi à reprendre" if n % 3 else ""]
                          for n in range(count)]


def test_a_list_is_written_in_batches_and_progress_is_told(app: Parcours, monkeypatch):
    monkeypatch.setattr(import_persons, "BATCH", 3)
    told: list[tuple[int, int]] = []
    rows = _people(7)
    report = import_bytes(app, who(app, "sonia"), "personnes", to_csv(rows), "p.csv",
                          progress=lambda done, total: told.append((done, total)))
    assert told == [(3, 7), (6, 7), (7, 7)]
    assert report.counts == {"persons": 7, "notes": 4, "referents": 3}
    assert counts(app)["persons"] == 7 and counts(app)["notes"] == 4
    last = rows[-1][0]
    found = svc.list_persons(app, who(app, "sonia"), search=last.split()[0][:4])
    assert last in [p.alias for p in found]  # the search pieces of the last batch are there
    person = svc.show_person(app, who(app, "sonia"), last)
    assert person.pathway_step == "premier_accueil" and person.referent is None
    assert svc.show_person(app, who(app, "sonia"), rows[-2][0]).referent == "camille"


def _imported_like_person_add(app: Parcours) -> None:
    import_bytes(app, who(app, "sonia"), "personnes", to_csv(_people(bulk.COPY_FROM + 6)),
                 "p.csv")
    imported = svc.list_persons(app, who(app, "sonia"))
    assert len(imported) == bulk.COPY_FROM + 6
    one = svc.show_person(app, who(app, "sonia"), imported[-1].id)
    history = svc.history(app, who(app, "sonia"), one.id)
    assert [e.kind for e in history] == ["person_added", "track_started"]
    notes = [n.text for n in svc.list_notes(app, who(app, "camille"), one.id)] \
        if one.referent == "camille" else []
    assert notes in ([], ["Suivi à reprendre"])
    svc.advance(app, who(app, "camille"), one.id, "parcours", "reconnaitre")
    assert svc.show_person(app, who(app, "sonia"), one.id).pathway_step == "connue"


def test_a_large_list_lands_as_person_add_writes_it(app: Parcours):
    _imported_like_person_add(app)


@pytest.mark.pg
def test_a_large_list_lands_through_copy_on_postgresql(pg_app: Parcours, monkeypatch):
    used: list[str] = []
    real = bulk.BulkInsert._copy

    def spy(self, connection, rows):
        used.append(self.table.name)
        real(self, connection, rows)

    monkeypatch.setattr(bulk.BulkInsert, "_copy", spy)
    _imported_like_person_add(pg_app)
    assert {"persons", "person_keys", "person_search", "tracks", "events"} <= set(used)


def _fails_after_the_first_tables(app: Parcours, monkeypatch) -> None:
    real = import_persons._Writers.__init__

    def broken(self, call):
        real(self, call)
        self.events.run = lambda *_: (_ for _ in ()).throw(RuntimeError("disque débranché"))

    monkeypatch.setattr(import_persons._Writers, "__init__", broken)
    before = counts(app)
    with pytest.raises(Exception):  # noqa: B017 - whatever the failure, nothing stays
        import_bytes(app, who(app, "sonia"), "personnes", to_csv(_people(bulk.COPY_FROM + 6)),
                     "p.csv")
    assert counts(app) == before
    assert svc.list_persons(app, who(app, "sonia")) == []


def test_a_failure_midway_leaves_nothing(app: Parcours, monkeypatch):
    _fails_after_the_first_tables(app, monkeypatch)


@pytest.mark.pg
def test_a_failure_midway_leaves_nothing_on_postgresql(pg_app: Parcours, monkeypatch):
    _fails_after_the_first_tables(pg_app, monkeypatch)


def test_the_search_hash_is_hmac_sha256_truncated():
    key, text = b"k" * 32, "piece:ami"
    assert search.token(key, text) == hmac.new(key, text.encode(), hashlib.sha256).hexdigest()[:32]
    assert search.alias_tokens(key, "Éloïse") == search.key_tokens(key, "eloise")


def test_the_progress_line_is_redrawn_on_a_terminal_only(monkeypatch, capsys):
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    line = ProgressLine(M.IMPORT_PROGRESS)
    line.update(1, 4)
    line.update(1, 4)  # same percent: not redrawn
    line.update(4, 4)
    line.close()
    err = capsys.readouterr().err
    assert err == "\rImport : 1 sur 4 personnes écrites (25 %)" \
                  "\rImport : 4 sur 4 personnes écrites (100 %)\n"
    monkeypatch.setattr("sys.stderr.isatty", lambda: False)
    quiet = ProgressLine(M.IMPORT_PROGRESS)
    quiet.update(2, 4)
    quiet.close()
    assert capsys.readouterr().err == ""
