"""Every malformed file of security.md §3 is refused with its line, column and French
message, and writes nothing but the ``import_failed`` audit event (no content in it)."""

from __future__ import annotations

import io
import random
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from core.services import import_readers
from core.services.import_model import ImportRejected
from core.services.importer import import_bytes
from tests.accounts import who

from .conftest import PEOPLE, REGISTER, counts, failures, to_csv, to_xlsx

H = REGISTER[0]
P = PEOPLE[0]


def reg(*rows: list) -> bytes:
    return to_csv([H, *rows])


def people(*rows: list) -> bytes:
    return to_csv([P, *rows])


GOOD = ["03/03/2026", "13:30", "18:30", "Marie", "5", "Amina", ""]


@dataclass(frozen=True)
class Case:
    kind: str
    data: Callable[[], bytes]
    line: int | None
    column: str | None
    message: str
    """A regular expression the first issue's message must match."""


CASES = {
    "empty file": Case("registre", lambda: b"", None, None, r"^Le fichier est vide\.$"),
    "only a BOM and blank lines": Case("registre", lambda: b"\xef\xbb\xbf\r\n;;\r\n", None, None,
                                       "vide"),
    "header only": Case("registre", lambda: reg(), None, None, "que la ligne d'en-tête"),
    "bad encoding": Case("registre", lambda: reg(GOOD) + "03/03/2026;;;Mar".encode() + b"\x81\x8d;2;;\r\n",
                         3, None, "Encodage non reconnu"),
    "binary garbage": Case("registre", lambda: random.Random(6).randbytes(5000), None, None,
                           "Fichier illisible"),
    "NUL byte": Case("registre", lambda: reg(GOOD, ["03/03/2026", "", "", "Paul\x00", "4", "", ""]),
                     3, None, "Caractère nul"),
    "unbalanced quotes": Case("registre", lambda: reg(GOOD) + b'03/03/2026;;;"Paul;4;;\r\n', 3, None,
                              "Guillemets mal fermés"),
    "wrong delimiter": Case("registre", lambda: to_csv([H, GOOD], delimiter="|"), 1,
                            "date|début|fin|bénévole|heures|pseudo|anonymes", "colonne inconnue"),
    "missing column": Case("registre", lambda: to_csv([H[1:], GOOD[1:]]), 1, None,
                           "colonne « date » manquante"),
    "duplicate column": Case("registre", lambda: to_csv([[*H, "Pseudo"], [*GOOD, "Rose"]]), 1,
                             "Pseudo", r"colonne en double \(déjà « pseudo »\)"),
    "unknown column": Case("registre", lambda: to_csv([[*H, "téléphone"], [*GOOD, "06"]]), 1,
                           "téléphone", "colonne inconnue ; colonnes possibles : date, début"),
    "extra cells": Case("registre", lambda: reg(GOOD, [*GOOD[:5], "Rose", "", "en trop"]), 3, None,
                        "8 cellules pour 7 colonnes"),
    "impossible date": Case("registre", lambda: reg(GOOD, ["31/04/2026", "", "", "Paul", "4", "", ""]),
                            3, "date", r"^date invalide « 31/04/2026 »"),
    "not a leap year": Case("registre", lambda: reg(["29/02/2025", "13:30", "", "", "", "", "2"]),
                            2, "date", "date invalide « 29/02/2025 »"),
    "date in the future": Case("registre", lambda: reg(["02/04/2026", "13:30", "", "", "", "", "2"]),
                               2, "date", "date dans le futur"),
    "missing date": Case("registre", lambda: reg(GOOD, ["", "", "", "Paul", "4", "", ""]), 3, "date",
                         "valeur obligatoire manquante"),
    "bad time": Case("registre", lambda: reg(["03/03/2026", "25:00", "", "", "", "", "2"]), 2, "début",
                     "heure invalide « 25:00 »"),
    "end before start": Case("registre", lambda: reg(["03/03/2026", "13:30", "12:00", "", "", "", "2"]),
                             2, "fin", "l'heure de fin doit suivre"),
    "negative hours": Case("registre", lambda: reg(["03/03/2026", "13:30", "", "Paul", "-3", "", ""]),
                           2, "heures", "nombre d'heures invalide « -3 »"),
    "hours without a name": Case("registre", lambda: reg(["03/03/2026", "13:30", "", "", "4", "", ""]),
                                 2, "heures", "sans nom de bénévole"),
    "name without hours": Case("registre", lambda: reg(["03/03/2026", "13:30", "", "Paul", "", "", ""]),
                               2, "heures", "heures manquantes pour « Paul »"),
    "anonymous not a number": Case("registre", lambda: reg(["03/03/2026", "13:30", "", "", "", "", "deux"]),
                                   2, "anonymes", "passages anonymes invalide « deux »"),
    "unknown alias": Case("registre", lambda: reg(["03/03/2026", "13:30", "", "", "", "Inconnue", ""]),
                          2, "pseudo", "pseudonyme inconnu « Inconnue »"),
    "same visit twice": Case("registre", lambda: reg(GOOD, ["03/03/2026", "", "", "", "", "amina", ""]),
                             3, "pseudo", "passage déjà noté à la ligne 2"),
    "volunteer twice": Case("registre", lambda: reg(GOOD, ["03/03/2026", "", "", "MARIE", "2", "", ""]),
                            3, "bénévole", "figure déjà à la ligne 2"),
    "which session": Case("registre", lambda: reg(["03/03/2026", "", "", "", "", "", "2"], GOOD,
                                                  ["03/03/2026", "19:00", "", "", "", "", "1"]),
                          2, "début", "plusieurs permanences le 03/03/2026"),
    "formula in a name": Case("registre", lambda: reg(["03/03/2026", "13:30", "", "@SUM(A1)", "2", "", ""]),
                              2, "bénévole", "commence par « @ »"),
    "old XLS": Case("registre", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, None, None,
                    "XLS"),
    "zip that is no workbook": Case("registre", lambda: _zip({"a.txt": b"bonjour"}), None, None,
                                    "ni un classeur XLSX ni un classeur ODS"),
    "damaged zip": Case("registre", lambda: b"PK\x03\x04" + b"\x00" * 200, None, None,
                        "Fichier illisible"),
    "wrong sheet": Case("registre", lambda: to_xlsx(REGISTER, ("Feuil1", "Feuil2")), None, None,
                        "pas de feuille « registre » et en a plusieurs"),
    "a person list given as a register": Case("registre", lambda: people(["Zoé", "", "", ""]), 1,
                                              "premier passage", "colonne inconnue"),
    "duplicate alias": Case("personnes", lambda: people(["Zoé", "", "", ""], ["zoe", "", "", ""]),
                            3, "pseudo", r"en double \(déjà à la ligne 2\)"),
    "alias already known": Case("personnes", lambda: people(["rose", "", "", ""]), 2, "pseudo",
                                r"« rose » existe déjà \(personne n° \d+\)"),
    "unknown referent": Case("personnes", lambda: people(["Zoé", "", "Gaston", ""]), 2, "référent",
                             "référent·e inconnu·e « Gaston »"),
    "a volunteer as referent": Case("personnes", lambda: people(["Zoé", "", "bea", ""]), 2, "référent",
                                    "est benevole"),
    "empty alias": Case("personnes", lambda: people(["Zoé", "", "", ""], ["  ", "", "", "une note"]),
                        3, "pseudo", "ne peut pas être vide"),
    "huge cell": Case("personnes", lambda: people(["Zoé", "", "", "x" * 200_000]), 2, None,
                      "Cellule démesurée"),
    "long note": Case("personnes", lambda: people(["Zoé", "", "", "x" * 6000]), 2, "notes",
                      r"texte trop long \(6000 caractères, 5000 au plus\)"),
    "long alias": Case("personnes", lambda: people(["y" * 300, "", "", ""]), 2, "pseudo", "trop long"),
}


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_bad_file_is_refused_where_it_is_wrong_and_writes_nothing(known, name):
    case = CASES[name]
    data = case.data()
    before = counts(known)
    with pytest.raises(ImportRejected) as caught:
        import_bytes(known, who(known, "sonia"), case.kind, data, f"{case.kind}.csv")
    issue = caught.value.issues[0]
    assert (issue.line, issue.column) == (case.line, case.column), caught.value.msg
    assert re.search(case.message, issue.message), caught.value.msg
    assert caught.value.msg.startswith("Import refusé, rien n'a été enregistré")
    assert counts(known) == before
    assert failures(known) == [{"kind": case.kind, "file": f"{case.kind}.csv", "size": len(data),
                                "errors": len(caught.value.issues)}]


def test_the_issue_reads_as_a_person_fixing_the_sheet_would(known):
    bad = reg(GOOD, ["31/04/2026", "", "", "Paul", "4", "", ""])
    with pytest.raises(ImportRejected) as caught:
        import_bytes(known, who(known, "sonia"), "registre", bad, "r.csv")
    assert str(caught.value.issues[0]) == ("ligne 3, colonne « date » : date invalide « 31/04/2026 » : "
                                           "attendu JJ/MM/AAAA, et une date qui existe")


@pytest.mark.parametrize("sign", ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tonglet", "\rretour"])
def test_formula_starts_are_refused_in_text_cells(known, sign):
    with pytest.raises(ImportRejected, match="formules de tableur") as caught:
        import_bytes(known, who(known, "sonia"), "personnes", people([f"{sign}", "", "", ""]), "p.csv")
    assert (caught.value.issues[0].line, caught.value.issues[0].column) == (2, "pseudo")


def test_one_bad_line_among_many_and_all_problems_listed(known):
    rows = [["03/03/2026", "13:30", "18:30", f"Bénévole {i}", "1", "", ""] for i in range(200)]
    rows += [["31/02/2026", "13:30", "", "", "", "", "1"]] * 40
    before = counts(known)
    with pytest.raises(ImportRejected) as caught:
        import_bytes(known, who(known, "sonia"), "registre", reg(*rows), "r.csv")
    assert [i.line for i in caught.value.issues] == list(range(202, 242))
    assert caught.value.details[-1] == "… et 10 autre(s) problème(s)."
    assert len(caught.value.details) == 31 and "\n" not in caught.value.msg
    assert counts(known) == before


def test_an_imported_register_is_not_imported_twice(known):
    import_bytes(known, who(known, "sonia"), "registre", reg(GOOD), "r.csv")
    before = counts(known)
    with pytest.raises(ImportRejected, match=r"permanence du 03/03/2026 existe déjà \(n° \d+\)"):
        import_bytes(known, who(known, "sonia"), "registre", reg(GOOD), "r.csv")
    assert counts(known) == before


def test_a_workbook_too_big_once_unzipped_is_refused(known, monkeypatch):
    monkeypatch.setattr(import_readers, "MAX_UNZIPPED", 2000)
    with pytest.raises(ImportRejected, match="anormalement volumineux"):
        import_bytes(known, who(known, "sonia"), "registre", to_xlsx(REGISTER), "r.xlsx")


def test_quoted_line_breaks_keep_line_numbers_true(known):
    data = people(["Zoé", "", "", "première ligne\nseconde ligne"], ["Léa", "30/02/2026", "", ""])
    with pytest.raises(ImportRejected) as caught:
        import_bytes(known, who(known, "sonia"), "personnes", data, "p.csv")
    assert (caught.value.issues[0].line, caught.value.issues[0].column) == (4, "premier passage")
