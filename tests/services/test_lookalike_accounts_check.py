"""``parcours check`` names the active accounts whose names read alike, made before creating
one was refused for it (« camille » and « cami11e » in the audit log are one person to read)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from core import services as svc
from tests.accounts import make_app, who
from tests.services.conftest import TODAY


def _accounts_check(report):
    return next(item for item in report.checks if item.name == "comptes")


def _made_before(path, names, active: int = 1) -> None:
    """Accounts written as the code before the look-alike refusal let them be made."""
    with sqlite3.connect(path) as connection:
        connection.executemany(
            "INSERT INTO users (name, role, active, created_at, must_change_password) "
            f"VALUES (?, 'referent', {int(active)}, '2026-01-05 10:00:00', 0)",
            [(name,) for name in names])


def test_the_base_check_names_active_accounts_that_read_alike(sqlite_url):
    app = make_app(sqlite_url, today=TODAY)
    svc.disable_user(app, who(app, "admin"), "bea")
    key_file, path = app.key_file, app.db.sqlite_path
    app.close()
    found = _accounts_check(svc.check_database(sqlite_url, key_file=key_file))
    assert found.ok and found.message == ("Aucun nom de compte actif ne se lit comme un autre "
                                          "(4 compte(s)).")
    with sqlite3.connect(path) as connection:  # as the code before the refusal made them
        connection.executemany(
            "INSERT INTO users (name, role, active, created_at, must_change_password) "
            "VALUES (?, 'referent', ?, '2026-01-05 10:00:00', 0)",
            [("SONIA", 1), ("Ѕonia", 1), ("bеa", 1), ("s4m", 0)])  # Cyrillic Ѕ and е
    report = svc.check_database(sqlite_url, key_file=key_file)
    found = _accounts_check(report)
    assert not report.ok and not found.ok
    assert found.message.startswith("Comptes actifs dont les noms se lisent pareil "
                                    "(« sonia », « SONIA », « Ѕonia ») : dans le journal")
    assert "bea" not in found.message and "s4m" not in found.message  # one of each disabled


def test_a_backup_holding_such_accounts_restores_and_ends_its_sessions(sqlite_url, tmp_path):
    """The accounts are what they were when the backup was taken: the restore is faithful,
    so it succeeds and ends the sessions copied with the rows; ``parcours check`` on the
    restored base names them."""
    app = make_app(sqlite_url, today=TODAY)
    with sqlite3.connect(app.db.sqlite_path) as connection:
        connection.executemany(
            "INSERT INTO users (name, role, active, created_at, must_change_password) "
            "VALUES (?, 'referent', 1, '2026-01-05 10:00:00', 0)", [("Ines",), ("lnes",)])
    backup = svc.create_backup(app, who(app, "admin"), tmp_path / "copie.sauvegarde")
    key_file = app.key_file
    app.close()
    url = f"sqlite:///{tmp_path / 'restauree.db'}"
    restored = svc.restore_backup(Path(backup.path), url, key_file=key_file)
    assert restored.check is not None and restored.check.ok, restored.check
    with sqlite3.connect(tmp_path / "restauree.db") as connection:
        assert connection.execute("SELECT count(*) FROM auth_sessions "
                                  "WHERE revoked_at IS NULL").fetchone() == (0,)
        assert ("backup.restore",) in connection.execute("SELECT operation FROM audit_log")
    assert not _accounts_check(svc.check_database(url, key_file=key_file)).ok


def test_names_holding_invisible_or_control_characters_are_named_visibly(sqlite_url):
    """« sonia » with a right-to-left override in it reads like « sonia »: the check names
    both, the override shown as an escape, rather than failing on it with no name; a line
    break cannot add a line of its own to the report."""
    app = make_app(sqlite_url, today=TODAY)
    key_file, path = app.key_file, app.db.sqlite_path
    app.close()
    _made_before(path, ["so\u202enia", "bea\n", "bea\u200b"])
    found = _accounts_check(svc.check_database(sqlite_url, key_file=key_file))
    assert not found.ok
    assert "« sonia », « so\\u202enia »" in found.message
    assert "« bea », « bea\\x0a », « bea\\u200b »" in found.message
    assert "\n" not in found.message and "\u202e" not in found.message


def test_names_alike_through_a_third_are_one_group(sqlite_url):
    """« lnes » (small L) reads like « Ines » (capital I), which reads like « ines »: the
    three are named together, although « lnes » and « ines » share no skeleton, whatever the
    order they were made in."""
    app = make_app(sqlite_url, today=TODAY)
    key_file, path = app.key_file, app.db.sqlite_path
    app.close()
    _made_before(path, ["ines", "lnes", "Ines"])
    found = _accounts_check(svc.check_database(sqlite_url, key_file=key_file))
    assert not found.ok and "(« ines », « lnes », « Ines »)" in found.message
