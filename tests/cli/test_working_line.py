"""Long commands that cannot count (a backup, a check) say on a terminal that they are at
work and for how long, then erase the line; scripts and logs get nothing of it."""

from __future__ import annotations

import threading
import time

import pytest

from core.cli import progress
from core.cli.progress import Working
from tests.cli_runner import ADMIN, Cli


def _threads() -> set[str]:
    return {t.name for t in threading.enumerate()}


def test_the_line_counts_seconds_and_is_erased_even_when_the_work_fails(monkeypatch, capsys):
    monkeypatch.setattr(progress, "on_terminal", lambda: True)
    with pytest.raises(OSError):
        with Working("Travail en cours… {seconds} s", every=0.01):
            time.sleep(0.05)
            raise OSError("disque plein")
    err = capsys.readouterr().err
    assert err.startswith("\rTravail en cours… 0 s")
    blank = "\r" + " " * len("Travail en cours… 0 s") + "\r"
    assert err.endswith(blank) and err.count("\r") >= 4  # redrawn, then blanked
    assert "parcours-progress" not in _threads()


def test_nothing_is_written_when_standard_error_is_not_a_terminal(monkeypatch, capsys):
    monkeypatch.setattr(progress, "on_terminal", lambda: False)
    with Working("Travail en cours… {seconds} s", every=0.01):
        time.sleep(0.03)
    assert capsys.readouterr().err == ""


def test_backup_and_check_show_their_line_on_a_terminal(cli: Cli, tmp_path, monkeypatch):
    monkeypatch.setattr(progress, "on_terminal", lambda: True)
    made = cli.run("backup", "--output", tmp_path, user=ADMIN)
    assert made.code == 0, str(made)
    assert "\rSauvegarde en cours : copie, chiffrement et écriture de la base… 0 s" in made.err
    assert "Sauvegarde chiffrée écrite" in made.out
    checked = cli.run("check", user=ADMIN)
    assert checked.code == 0, str(checked)
    assert "\rVérification de la base en cours" in checked.err
    assert "Tout va bien" in checked.out
    monkeypatch.setattr(progress, "on_terminal", lambda: False)
    quiet = cli.ok("check", user=ADMIN)
    assert "en cours" not in quiet.err
