"""``parcours report``: the period, the formats, the file-only formats, ``--explain``; the
supervisor reads the figures, the administrator only the external version."""

from __future__ import annotations

import csv
import stat
import io

from openpyxl import load_workbook

import pytest

from tests.cli_runner import ADMIN, Cli, assert_french_error

SUPERVISOR = "sonia"


@pytest.fixture
def cli(cli: Cli) -> Cli:
    """The initialised copy with a supervisor, ``sonia``."""
    cli.add_user(SUPERVISOR, "superviseur")
    return cli


def test_report_command_formats_and_errors(cli: Cli, tmp_path):
    cli.ok("dropin", "open", "2026-03-03", "--from", "13:30", "--to", "18:30",
           "--volunteer", "Marie=5", "--volunteer", "Paul=4,5")
    cli.ok("dropin", "anonymous", "1", "--count", "3")
    xlsx = tmp_path / "r.xlsx"
    sv = {"user": SUPERVISOR}
    later = {"env": {"PARCOURS_TODAY": "2027-01-04"}}  # external reports: periods over only
    runs = cli.many([
        (("report", "--year", "2026", "--json"), sv),
        (("report", "--from", "2026-03-01", "--to", "31/03/2026", "--format", "csv"), sv),
        (("report", "--year", "2026", "--format", "xlsx", "--output", xlsx), sv),
        (("report", "--year", "2026", "--explain", "heures_benevoles"), sv),
        (("report", "--year", "2026", "--external"), {**sv, **later}),
        (("report", "--year", "2026", "--format", "ods"), sv),
        (("report", "--year", "26"), sv),
        (("report", "--from", "2026-03-01"), sv),
        (("report", "--year", "2026", "--external", "--explain", "passages"), sv),
        (("report", "--year", "2026"), {}),
        (("report", "--year", "2026", "--json"), {"user": ADMIN, **later}),
        (("report", "--year", "2026", "--explain", "heures_benevoles"), {"user": ADMIN}),
        (("report", "--quarter", "2026-t1", "--external", "--json"), {**sv, **later}),
        (("report", "--month", "2026-03", "--json"), sv),
        (("report", "--from", "2026-03-03", "--to", "2026-03-03", "--external"), sv),
        (("report", "--month", "2026-13"), sv),
        (("report", "--month", "2026-03", "--year", "2026"), sv),
        (("report", "--month", "2026-03", "--external"), sv),
    ])
    doc = runs[0].json()
    figures = {f["key"]: f["value"] for s in doc["sections"] for f in s["figures"]}
    assert (figures["permanences"], figures["heures_benevoles"], figures["passages"]) == (1, 9.5, 3)
    rows = list(csv.reader(io.StringIO(runs[1].out.lstrip("\ufeff")), delimiter=";"))
    assert ["Permanences et passages", "Heures de bénévolat", "9,5", "heures_benevoles",
            "01/03/2026", "31/03/2026"] in rows
    assert "rapport écrit" in runs[2].out.lower()
    assert load_workbook(xlsx).worksheets[0]["A1"].value.startswith("Rapport d'activité")
    assert runs[3].out.splitlines()[0] == "Heures de bénévolat : 2 enregistrement(s)"
    assert "secret" in runs[4].out and "< 5" not in runs[4].out
    assert_french_error(runs[5], 2, "--output")  # a usage error, like the others
    assert_french_error(runs[6], 2, "Année invalide")
    assert_french_error(runs[7], 1, "--to")
    assert_french_error(runs[8], 1, "--external")
    assert_french_error(runs[9], 1, "ne permet pas")  # camille, a referent
    # The administrator reads no case content: the external version, small counts hidden.
    admin = {f["key"]: f["value"] for s in runs[10].json()["sections"] for f in s["figures"]}
    assert (admin["permanences"], admin["heures_benevoles"], admin["passages"]) == (1, 9.5, None)
    assert_french_error(runs[11], 1, "ne permet pas")
    quarter, march = runs[12].json(), runs[13].json()
    assert (quarter["start"], quarter["end"], quarter["external"]) == ("2026-01-01", "2026-03-31", True)
    assert (march["start"], march["end"], march["external"]) == ("2026-03-01", "2026-03-31", False)
    assert_french_error(runs[14], 1, "mois, un trimestre ou une année entiers")
    assert_french_error(runs[15], 2, "2026-03 pour --month")
    assert_french_error(runs[16], 1, "une seule période")
    running = runs[17]  # on 10 March, March is not over: no count of it leaves yet
    assert running.code == 0 and "Période en cours" in running.out
    assert "secret" in running.out and "9,5" in running.out  # hours count no one


def test_explain_takes_the_full_namespaced_key(cli: Cli):
    shipped = {"user": SUPERVISOR, "env": {"PARCOURS_PLUGINS_ALLOW": "emploi,logement,sante"}}
    year = ("report", "--year", "2026")
    full, by_section, legacy, shared, doc = cli.many([
        ((*year, "--explain", "emploi.personnes_accompagnees"), shipped),
        ((*year, "--explain", "logement/personnes_accompagnees"), shipped),
        ((*year, "--explain", "psp_personnes"), shipped),
        ((*year, "--explain", "personnes_accompagnees"), shipped),
        ((*year, "--json"), shipped)])
    assert full.out.splitlines()[0] == "Personnes accompagnées (emploi) : 0 enregistrement(s)"
    assert by_section.out.splitlines()[0] == "Personnes accompagnées (logement) : 0 enregistrement(s)"
    assert legacy.out.splitlines()[0] == "Personnes ayant un PSP en cours : 0 enregistrement(s)"
    assert_french_error(shared, 1, "Indicateur ambigu « personnes_accompagnees » : précisez la "
                        "clé complète \\(emploi.personnes_accompagnees, "
                        "logement.personnes_accompagnees, sante.personnes_accompagnees\\)")
    sections = {s["id"]: s for s in doc.json()["sections"]}
    assert sections["emploi"]["figures"][0]["key"] == "emploi.personnes_accompagnees"
    assert (sections["emploi"]["domain_label"], sections["psp"]["domain_label"]) == (
        "Emploi et insertion", "Parcours de sortie de la prostitution (PSP)")


def test_an_existing_file_is_replaced_only_with_replace(cli: Cli, tmp_path):
    kept = tmp_path / "parcours.db"  # a typo away from the report's name
    kept.write_bytes(b"precieux")
    link = tmp_path / "lien.csv"
    link.symlink_to(tmp_path / "ailleurs.csv")  # dangling: a report must not land there
    sv = {"user": SUPERVISOR}
    year = ("report", "--year", "2026", "--format", "csv", "--output")
    refused, through_link, replaced = cli.many([
        ((*year, kept), sv), ((*year, link), sv), ((*year, kept, "--replace"), sv)])
    assert_french_error(refused, 1, "existe déjà")
    assert_french_error(through_link, 1, "existe déjà")
    assert not (tmp_path / "ailleurs.csv").exists()
    assert replaced.code == 0 and kept.read_bytes().startswith(b"\xef\xbb\xbfsection;")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".parcours-")) == []
