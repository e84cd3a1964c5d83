"""A personal token limited to a scope (``lecture``, ``statistiques``) can do no more: a
cron's token that only reads the monthly report could, before, record steps, export a
person's file or erase her, all its owner could."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from core import services as svc
from core.errors import InputError, PermissionDenied
from tests.accounts import add_followed, make_app, who


@pytest.fixture
def app(sqlite_url):
    found = make_app(sqlite_url, today=date(2026, 3, 10))
    yield found
    found.close()


def _token(app, scope, user="sonia"):
    return svc.Credential(svc.create_token(app, who(app, user), timedelta(days=30),
                                           "cron", scope).secret)


def test_a_reading_token_reads_and_writes_nothing(app):
    person = add_followed(app)
    reader = _token(app, "lecture", "camille")
    assert [p.id for p in svc.list_persons(app, reader)] == [person]
    assert svc.show_person(app, reader, person).id == person
    with pytest.raises(PermissionDenied, match="ne permet que la lecture"):
        svc.add_note(app, reader, person, "écrit par un script")
    with pytest.raises(PermissionDenied, match="ne permet que la lecture"):
        svc.advance(app, reader, person, "parcours", "mettre_en_pause")
    assert svc.list_notes(app, who(app, "camille"), person) == []
    assert svc.show_person(app, who(app, "camille"), person).tracks[0].step == "suivi_individuel"
    refused = [r for r in svc.list_audit(app, who(app, "admin"), user="camille")
               if r.outcome == "refused"]
    assert [r.reason for r in refused] == ["permission_denied", "permission_denied"]


def test_a_statistics_token_reads_the_report_and_no_person(app):
    person = add_followed(app)
    stats = _token(app, "statistiques")
    assert svc.activity_report(app, stats, date(2026, 1, 1), date(2026, 12, 31))
    assert svc.whoami(app, stats).scope == "statistiques"
    for call in (lambda: svc.list_persons(app, stats), lambda: svc.show_person(app, stats, person),
                 lambda: svc.review_queue(app, stats)):
        with pytest.raises(PermissionDenied, match="ne permet que le rapport d'activité"):
            call()


def test_scopes_are_listed_unknown_ones_refused_and_unscoped_tokens_keep_everything(app):
    _token(app, "Lecture")
    whole = svc.Credential(svc.create_token(app, who(app, "sonia"), timedelta(days=1)).secret)
    assert svc.whoami(app, whole).scope is None
    assert [t.scope for t in svc.list_tokens(app, who(app, "sonia"))] == [None, "lecture"]
    with pytest.raises(InputError, match="Portée de jeton inconnue « tout »"):
        _token(app, "tout")
    made = [r.detail.get("scope") for r in svc.list_audit(app, who(app, "admin"), user="sonia")
            if r.operation == "token.create" and r.outcome == "done"]
    assert made == [None, "lecture"]  # newest first: the audit says which token is limited


def test_a_reading_token_makes_no_backup_and_deletes_none(app, tmp_path):
    """A backup changes no row, yet writes a copy of the whole base where its caller says,
    and ``backup --prune`` with a later ``--today`` deletes every backup: a reading token of
    the administrator did both."""
    folder = tmp_path / "sauvegardes"
    folder.mkdir()
    backup = Path(svc.create_backup(app, who(app, "admin"), folder / "b.sauvegarde").path)
    reader = _token(app, "lecture", "admin")
    with pytest.raises(PermissionDenied, match="ne permet que la lecture"):
        svc.create_backup(app, reader, folder / "copie.sauvegarde")
    with pytest.raises(PermissionDenied, match="ne permet que la lecture"):
        svc.prune_backups(app, reader, folder)
    assert [p.name for p in folder.iterdir()] == [backup.name]
    assert svc.verify_backup(app, reader, backup).path == str(backup)  # reading it stays
