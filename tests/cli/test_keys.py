"""``parcours keys status`` and ``parcours keys rotate`` through the command line: the
administrator's only, progress in French on standard error, a JSON summary on standard output,
and the key file copied before the rotation refused afterwards with one French sentence."""

from __future__ import annotations

import json
import shutil

from tests.cli_runner import ADMIN, Cli, assert_french_error, assert_no_traceback


def _key_file(cli: Cli):
    [path] = (cli.root / "config" / "parcours" / "cles").glob("*.json")  # beside it: its lock
    return path


def test_the_administrator_rotates_the_key_and_everything_still_reads(cli: Cli):
    for alias in ("Amina", "Binta", "Chloé"):
        cli.ok("person", "add", alias)
    number = cli.json("person", "list")["persons"][0]["id"]
    cli.ok("consent", "give", str(number), "suivi", "--date", "2026-03-01")
    cli.ok("advance", str(number), "parcours", "suivre", "--set", "referent=camille")
    cli.ok("note", "add", str(number), "une note chiffrée")
    status = cli.json("keys", "status", user=ADMIN)
    assert (status["kek_version"], status["file_versions"], status["rotation"]) == (1, [1], None)
    assert status["persons_by_version"] == {"1": 3} and status["key_file"] == str(_key_file(cli))
    before = _key_file(cli).read_text()

    rotated = cli.run("keys", "rotate", "--batch", "2", "--json", user=ADMIN)
    assert_no_traceback(rotated)
    assert rotated.code == 0, str(rotated)
    summary = rotated.json()
    assert {k: summary[k] for k in ("kek_version", "previous", "rewrapped", "dropped", "resumed")} \
        == {"kek_version": 2, "previous": 1, "rewrapped": 3, "dropped": [1], "resumed": False}
    assert rotated.err.splitlines()[:2] == [
        "Rotation de la clé de chiffrement…",
        "Nouvelle version 2 de la clé, enregistrée dans le fichier de clé ; 3 personne(s) à "
        "ré-envelopper."]
    assert "Rotation des clés : 3/3 personne(s) (100 %)." in rotated.err
    assert "La base utilise maintenant la version 2 de la clé." in rotated.err

    assert sorted(json.loads(_key_file(cli).read_text())["keys"]) == ["2"]
    assert [p["alias"] for p in cli.json("person", "list")["persons"]] == ["Chloé", "Binta", "Amina"]
    cli.ok("reauth", "--password-stdin", input="Cheval-Correct-Pile-2026!\n")
    assert [n["text"] for n in cli.json("note", "list", str(number))["notes"]] == ["une note chiffrée"]
    status = cli.json("keys", "status", user=ADMIN)
    assert (status["kek_version"], status["file_versions"], status["persons_by_version"]) == (
        2, [2], {"2": 3})

    # The copy of the key file made before the rotation no longer opens the base.
    _key_file(cli).write_text(before)
    assert_french_error(cli.run("person", "list"), 1, r"date d'avant une rotation des clés")


def test_text_output_and_status_say_what_happened(cli: Cli):
    cli.ok("person", "add", "Amina")
    # A request id (accepted by every write command) does not make the steps replay the first.
    done = cli.run("keys", "rotate", "--request-id", "rotation-1", user=ADMIN)
    assert done.code == 0, str(done)
    assert done.out.splitlines() == [
        "Rotation terminée : version 2 de la clé ; 1 personne(s) ré-enveloppée(s) ; anciennes "
        "versions retirées du fichier de clé (v1).",
        f"Faites dès maintenant une nouvelle copie hors ligne du fichier de clé {_key_file(cli)} : "
        "les copies antérieures n'ouvrent plus cette base (seulement ses sauvegardes d'avant la "
        "rotation)."]
    shown = cli.ok("keys", "status", user=ADMIN).out.splitlines()
    assert shown == ["Version de la clé de la base : 2",
                     f"Fichier de clé : {_key_file(cli)} (versions 2)",
                     "Aucune rotation en cours.",
                     "Clés des personnes par version : v2 : 1"]


def test_only_the_administrator_may(cli: Cli):
    copy = _key_file(cli).read_text()
    for args in (("keys", "rotate"), ("keys", "status")):
        assert_french_error(cli.run(*args), 1, r"ne permet pas cette opération")
    assert _key_file(cli).read_text() == copy
    assert_french_error(cli.run("keys", "rotate", "--batch", "0", user=ADMIN), 2)


def test_a_rotation_left_under_way_is_shown_and_finished(cli: Cli, tmp_path):
    for alias in ("Amina", "Binta"):
        cli.ok("person", "add", alias)
    from core import services as svc
    from core.services.app import Parcours
    from tests.accounts import PASSWORD
    keep = shutil.copy2(_key_file(cli), tmp_path / "avant.json")
    app = Parcours.open(cli.url, key_file=str(_key_file(cli)))
    admin = svc.Credential(svc.sign_in(app, ADMIN, PASSWORD).secret)
    svc.rotate_step(app, admin, batch=1)
    svc.rotate_step(app, admin, batch=1, start=False)
    app.close()
    shown = cli.ok("keys", "status", user=ADMIN).out
    assert "Rotation en cours vers la version 2 : 1/2 personne(s)" in shown
    assert "Relancez « parcours keys rotate » pour la terminer." in shown
    finished = cli.run("keys", "rotate", "--json", user=ADMIN)
    assert finished.code == 0, str(finished)
    summary = finished.json()
    assert (summary["kek_version"], summary["previous"], summary["resumed"]) == (2, 1, True)
    assert "Rotation des clés : 2/2 personne(s) (100 %)." in finished.err
    assert keep.read_text() != _key_file(cli).read_text()
