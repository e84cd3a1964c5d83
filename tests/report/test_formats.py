"""Each format written and read back; spreadsheet cells that could run as formulas are defused."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from types import SimpleNamespace

import pytest
from odf import teletype
from odf.opendocument import load as load_ods
from odf.table import Table, TableCell, TableRow
from openpyxl import load_workbook
from sqlalchemy import select

from core import Figure, ReportSection, hookimpl
from core import services as svc
from core.persistence.models import Event
from core.services.report_export import neutralise
from tests.accounts import who

from .conftest import MARCH, Month, after, with_plugins

NASTY = ("=HYPERLINK(\"http://x\",\"clic\")", "+cmd", "-2+3", "@SUM(A1)", "\tonglet", "\rretour")


def _export(app, tmp_path, fmt, **kw):
    path = tmp_path / f"rapport.{fmt}"
    svc.export_report(app, who(app, "sonia"), *MARCH, fmt, path, **kw)
    return path


def test_csv_is_what_french_excel_opens(month: Month, tmp_path):
    data = _export(month.app, tmp_path, "csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["section", "indicateur", "valeur", "clé", "du", "au"]
    values = {r[3]: r[2] for r in rows[1:]}
    assert (values["passages"], values["heures_benevoles"], values["parcours.psp_autorisations"]) == \
        ("15", "16,5", "1")
    assert rows[1][4:] == ["01/03/2026", "31/03/2026"]


def test_json_xlsx_ods_markdown_and_table_read_back(month: Month, tmp_path):
    doc = json.loads(_export(month.app, tmp_path, "json").read_text(encoding="utf-8"))
    assert {f["key"]: f["value"] for s in doc["sections"] for f in s["figures"]}["passages"] == 15
    book = load_workbook(_export(month.app, tmp_path, "xlsx"))
    assert book.sheetnames[-2:] == ["Par mois", "Provenance"]
    cells = {row[2]: row[1] for sheet in book.worksheets[:-2]
             for row in sheet.iter_rows(values_only=True) if len(row) > 2}
    assert cells["passages"] == 15 and cells["heures_benevoles"] == 16.5
    assert list(book["Par mois"].iter_rows(values_only=True))[1] == (
        datetime(2026, 3, 1), 3, 16.5, 5, 10)
    rows = _ods_rows(_export(month.app, tmp_path, "ods"))
    values = {r[2]: r[1] for name, sheet in rows.items() if name not in ("Par mois", "Provenance")
              for r in sheet if len(r) > 2}
    assert values["passages"] == 15.0 and values["heures_benevoles"] == 16.5
    text = _export(month.app, tmp_path, "markdown").read_text(encoding="utf-8")
    assert "| Passages (total) | 15 |" in text and text.startswith("# Rapport d'activité")
    table = _export(month.app, tmp_path, "table").read_text(encoding="utf-8")
    assert "Heures de bénévolat" in table and "16,5" in table


def _ods_rows(path) -> dict[str, list[list]]:
    doc = load_ods(str(path))
    sheets = {}
    for table in doc.spreadsheet.getElementsByType(Table):
        rows = []
        for row in table.getElementsByType(TableRow):
            cells = []
            for cell in row.getElementsByType(TableCell):
                kind = cell.getAttribute("valuetype")
                cells.append(float(cell.getAttribute("value")) if kind == "float"
                             else teletype.extractText(cell))
            rows.append(cells)
        sheets[table.getAttribute("name")] = rows
    return sheets


def test_every_export_is_audited_without_its_figures(month: Month, tmp_path):
    _export(after(month), tmp_path, "csv", external=True)
    with month.app.db.read() as session:
        event = session.scalars(select(Event).where(Event.kind == "report_exported")).one()
    assert event.facts == {"format": "csv", "start": "2026-03-01", "end": "2026-03-31",
                           "external": True}
    assert event.person_id is None


@pytest.mark.parametrize("text", NASTY)
def test_neutralise_defuses_formula_starts(text):
    assert neutralise(text) == "'" + text
    assert neutralise("Passages " + text) == "Passages " + text


def _nasty_plugin():
    figures = tuple(Figure(key=t, label=t, value=1) for t in NASTY)
    section = ReportSection(id="essai", title="=1+1", figures=figures)
    return SimpleNamespace(parcours_report_sections=hookimpl(lambda context: [section]))


def test_formula_like_cells_are_defused_in_csv_xlsx_and_ods(month: Month, tmp_path):
    app = with_plugins(month, ("essai", _nasty_plugin()))
    rows = list(csv.reader(io.StringIO(_export(app, tmp_path, "csv").read_bytes()
                                       .decode("utf-8-sig")), delimiter=";"))
    mine = [r for r in rows if r[0] == "'=1+1"]
    assert [r[1] for r in mine] == ["'" + t for t in NASTY]
    assert all(cell == "" or not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
               for row in rows for cell in row)
    book = load_workbook(_export(app, tmp_path, "xlsx"))
    texts = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row
             if isinstance(c.value, str)]
    assert texts and all(c.data_type == "s" for c in texts)
    assert all(not c.value.startswith(("=", "+", "-", "@", "\t", "\r")) for c in texts)
    assert "'=HYPERLINK(\"http://x\",\"clic\")" in [c.value for c in texts]
    ods = _ods_rows(_export(app, tmp_path, "ods"))["=1+1"]  # the plugin's section: its sheet
    labels = [r[0] for r in ods if len(r) > 2 and r[2] != "Clé" and r[0] != "Indicateur"][-len(NASTY):]
    assert labels == ["'" + t.replace("\r", "\n") for t in NASTY]  # XML stores CR as LF
    doc = load_ods(str(tmp_path / "rapport.ods"))
    assert not any(c.getAttribute("formula") for c in doc.spreadsheet.getElementsByType(TableCell))


HIDDEN = (" =HYPERLINK(\"http://x\",\"clic\")", "\u00a0+cmd", "  =cmd|' /C calc'!A0",
          "\uff1d1+1", "\uff0bcmd", "\uff0d2+3", "\uff20SUM(A1)", " \uff1dSUM(A1)")
"""Formula starts behind spaces or in full width, which a spreadsheet still takes for one."""


def test_formula_starts_behind_spaces_or_in_full_width_are_defused(month: Month, tmp_path):
    figures = tuple(Figure(key=f"k{i}", label=t, value=1) for i, t in enumerate(HIDDEN))
    section = ReportSection(id="essai", title="Essai", figures=figures)
    plugin = SimpleNamespace(parcours_report_sections=hookimpl(lambda context: [section]))
    app = with_plugins(month, ("essai", plugin))
    rows = list(csv.reader(io.StringIO(_export(app, tmp_path, "csv").read_bytes()
                                       .decode("utf-8-sig")), delimiter=";"))
    assert [r[1] for r in rows if r[0] == "Essai"] == ["'" + t for t in HIDDEN]
    values = {r[3]: r[2] for r in rows[1:]}
    assert values["passages"] == "15" and values["heures_benevoles"] == "16,5"  # still numbers
