"""``parcours import``: templates, a round trip through them, and refusals in French."""

from __future__ import annotations

from tests.cli_runner import ADMIN, Cli, assert_french_error

SUPERVISOR = "sonia"


def test_templates_import_in_order_and_bad_files_are_refused(cli: Cli, tmp_path):
    people, register, ods = tmp_path / "p.csv", tmp_path / "r.xlsx", tmp_path / "r.ods"
    for result in cli.many([
            (("import", "--template", "personnes", "--output", people), {"user": ADMIN}),
            (("import", "--template", "registre", "--output", register), {"user": ADMIN}),
            (("import", "--template", "registre", "--output", ods), {"user": ADMIN}),
            (("import", "--template", "registre"), {"user": ADMIN})]):
        assert result.code == 0, str(result)
    stdout = result.out
    assert stdout.startswith("\ufeffdate;début;fin;bénévole;heures;pseudo;anonymes")
    assert_french_error(cli.run("import", "registre", ods, "--dry-run", user=ADMIN), 1,
                        "ligne 2, colonne « pseudo » : pseudonyme inconnu « Amina »")
    persons = cli.ok("import", "personnes", people, user=ADMIN)
    assert "2 personne(s)" in persons.out
    # The delegation holds persons now: its register is its supervisors' to import.
    assert_french_error(cli.run("import", "registre", ods, "--dry-run", user=ADMIN), 1,
                        "compte déjà des personnes.*superviseur·e de la délégation")
    cli.add_user(SUPERVISOR, "superviseur")
    checked = cli.ok("import", "registre", ods, "--dry-run", user=SUPERVISOR)
    assert "rien n'a été écrit" in checked.out and "2 permanence(s)" in checked.out
    done = cli.json("import", "registre", register, user=SUPERVISOR)
    assert done["counts"] == {"dropins": 2, "volunteers": 3, "visits": 3, "anonymous": 11}
    again, usage, kind, role = cli.many([
        (("import", "registre", register, "--json"), {"user": SUPERVISOR}),
        (("import",), {"user": ADMIN}),
        (("import", "inventaire", register), {"user": ADMIN}),
        (("import", "registre", register), {})])
    assert_french_error(again, 1, r"ligne 2, colonne « date » : la permanence du 03/03/2026 existe déjà")
    assert again.json()["issues"][0]["line"] == 2
    assert_french_error(usage, 1, "parcours import --template")
    assert_french_error(kind, 1, "Type d'import inconnu")
    assert_french_error(role, 1, "ne permet pas")


def test_each_problem_of_a_refused_file_is_a_line_of_its_own(cli: Cli, tmp_path):
    # They were joined into one line with literal « \n » between them, cut at 2,000 characters.
    bad = tmp_path / "p.csv"
    bad.write_text("pseudo;premier passage;référent·e;notes\nZoé;31/02/2026;;\n"
                   "Ana;01/13/2026;;\nLéa\nmultiligne;;;\n", encoding="utf-8")
    refused = assert_french_error(cli.run("import", "personnes", bad, "--dry-run", user=ADMIN), 1)
    lines = refused.err.splitlines()
    assert lines[0].startswith("Import refusé, rien n'a été enregistré : ")
    assert len(lines) >= 3 and all(line.startswith("  ligne ") for line in lines[1:]), lines
    assert "\\n" not in refused.err
