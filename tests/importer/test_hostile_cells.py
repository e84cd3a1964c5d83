"""Issue 15, point 4: the importer's text cells go through the same gate in every format.

Formulas are refused once the cell is trimmed (`` =1+1`` too); text that was converted twice
between encodings (``ZoÃ©``) is refused where it is; an encoding is chosen only when it reads
the whole file, so UTF-8 rows around a stray byte are refused at the stray byte's line; control
characters and bidirectional overrides are refused in CSV, XLSX and ODS cells alike; dates,
times and numbers are ASCII digits. Every refusal names its line and column, and nothing is
written.
"""

from __future__ import annotations

from datetime import date

import pytest

from core.services.import_model import ImportRejected
from core.services.importer import import_bytes
from tests.accounts import who

from .conftest import PEOPLE, REGISTER, counts, to_csv, to_ods, to_xlsx

P, H = PEOPLE[0], REGISTER[0]
WRITERS = {"csv": to_csv, "xlsx": lambda rows: to_xlsx(rows, ("personnes",)),
           "ods": lambda rows: to_ods(rows, "personnes")}


def refused(app, kind: str, data: bytes, line: int | None, column: str | None,
            message: str) -> None:
    before = counts(app)
    with pytest.raises(ImportRejected) as caught:
        import_bytes(app, who(app, "sonia"), kind, data, f"{kind}.fichier")
    issue = caught.value.issues[0]
    assert (issue.line, issue.column, message in issue.message) == (line, column, True), \
        caught.value.msg
    assert counts(app) == before


@pytest.mark.parametrize("fmt", sorted(WRITERS))
@pytest.mark.parametrize("text", [" =1+1", "  +cmd", "\u00a0@SUM(A1)", " -2+3", "\t=1+1"])
def test_a_formula_is_refused_after_trimming(known, fmt, text):
    refused(known, "personnes", WRITERS[fmt]([P, ["Zoé", None, None, text]]), 2, "notes",
            "formules de tableur")


@pytest.mark.parametrize("fmt", sorted(WRITERS))
@pytest.mark.parametrize(("column", "row"), [("pseudo", ["ZoÃ©", None, None, None]),
                                             ("notes", ["Zoé", None, None, "rendez-vous Ã\u00a0la CAF"]),
                                             ("notes", ["Zoé", None, None, "lâ€™avocate"])])
def test_text_converted_twice_is_refused_where_it_is(known, fmt, column, row):
    refused(known, "personnes", WRITERS[fmt]([P, row]), 2, column, "mal converti")


@pytest.mark.parametrize("fmt", sorted(WRITERS))
@pytest.mark.parametrize("text", ["Ami\x9bna", "Ami\x7fna", "\u202eanimA", "\u2066Amina\u2069"])
def test_controls_and_overrides_are_refused_in_every_format(known, fmt, text):
    refused(known, "personnes", WRITERS[fmt]([P, [text, None, None, None]]), 2, "pseudo",
            "caractère non autorisé" if fmt != "ods" or text[3] not in "\x7f\x9b" else "�")


@pytest.mark.parametrize("text", ["Ami\x1b]52;c;eA==\x07na", "Ami\x1b[2Jna", "Ami\bna"])
def test_escape_sequences_in_a_csv_cell_are_refused(known, text):
    refused(known, "personnes", to_csv([P, [text, "", "", ""]]), 2, "pseudo",
            "caractère non autorisé")


def test_a_replacement_character_is_refused(known):
    refused(known, "personnes", to_csv([P, ["Zo\ufffd", "", "", ""]]), 2, "pseudo", "perdu")


def test_a_name_of_invisible_characters_is_refused(known):
    refused(known, "registre", to_csv([H, ["03/03/2026", "", "", "\u200b\u200d", "2", "", ""]]),
            2, "bénévole", "ne peut pas être vide")


def test_a_note_keeps_its_lines(known):
    before = counts(known)["notes"]
    import_bytes(known, who(known, "sonia"), "personnes",
                 to_csv([P, ["Zoé", "", "", "première ligne\nseconde ligne"]]), "p.csv")
    assert counts(known)["notes"] == before + 1


def test_utf8_rows_around_a_stray_byte_are_refused_at_the_stray_byte(known):
    data = (to_csv([P, ["Zoé", "", "", "déjà vue"]], encoding="utf-8")
            + b"L\xe9a;;;\r\n" + "Inès;;;\r\n".encode())
    refused(known, "personnes", data, 3, None, "Encodage incohérent")


def test_a_whole_windows_1252_file_is_read_as_such(known):
    data = to_csv([P, ["Zoé", "", "", "déjà vue à l’accueil"]], encoding="cp1252")
    report = import_bytes(known, who(known, "sonia"), "personnes", data, "p.csv")
    assert "Windows-1252" in report.read_as and report.written


def test_a_file_in_neither_encoding_is_refused_with_its_line(known):
    data = to_csv([P, ["Zoé", "", "", ""]], encoding="cp1252") + b"L\x81a;;;\r\n"
    refused(known, "personnes", data, 3, None, "Encodage non reconnu")


@pytest.mark.parametrize(("column", "value"), [("date", "٠٣/٠٣/٢٠٢٦"), ("date", "０３/０３/２０２６"),
                                               ("début", "１３:３０"), ("heures", "٣"),
                                               ("anonymes", "３"), ("date", "03/03/1969")])
def test_dates_times_and_numbers_are_ascii_digits(known, column, value):
    row = {"date": "03/03/2026", "début": "13:30", "fin": "", "bénévole": "Paul", "heures": "3",
           "pseudo": "", "anonymes": "2"} | {column: value}
    refused(known, "registre", to_csv([H, [row[c] for c in H]]), 2, column, "")


@pytest.mark.parametrize("hours", ["0,001", "0,004", "24,006"])
def test_hours_that_round_to_nothing_or_past_a_day_are_refused(known, hours):
    # « 0,001 » passed as more than 0, then was stored as 0.00 hours.
    row = {"date": "03/03/2026", "début": "13:30", "fin": "", "bénévole": "Paul",
           "heures": hours, "pseudo": "", "anonymes": "2"}
    refused(known, "registre", to_csv([H, [row[c] for c in H]]), 2, "heures", "")


def test_a_workbook_date_before_1970_is_refused(known):
    refused(known, "personnes", to_xlsx([P, ["Zoé", date(1950, 1, 2), None, None]],
                                        ("personnes",)), 2, "premier passage", "invraisemblable")


@pytest.mark.parametrize("fmt", sorted(WRITERS))
@pytest.mark.parametrize("text", ["\n=1+1", "\u2028=HYPERLINK(\"x\")", "\x85@SUM(A1)", "\x0b-2+3"])
def test_a_formula_behind_what_trimming_removes_is_refused(known, fmt, text):
    # Trimming took the line break or separator away and stored « =1+1 » as the note.
    if fmt != "csv" and text[0] == "\x0b":
        pytest.skip("XML cannot carry a vertical tab")
    refused(known, "personnes", WRITERS[fmt]([P, ["Zoé", None, None, text]]), 2, "notes",
            "formules de tableur")
