"""The XLSX and ODS exports as documents an association can send to its funder (issue 13):
read back with openpyxl and odfpy, each has a title block (association, delegation, period,
generation date, « données fictives » on a demonstration base), styled headers, frozen panes,
column widths, real dates and numbers with French formats, a sheet per section, the months,
a provenance sheet, and the internal keys hidden."""

from __future__ import annotations

from datetime import datetime

import pytest
from odf import teletype
from odf.config import ConfigItem, ConfigItemMapEntry
from odf.meta import InitialCreator
from odf.opendocument import load as load_ods
from odf.table import Table, TableCell, TableColumn, TableRow
from openpyxl import load_workbook
from sqlalchemy import update

from core import services as svc
from core.persistence.access_models import BaseInfo
from tests.accounts import who

from .conftest import MARCH, Month, after


def _export(app, tmp_path, fmt, **kw):
    path = tmp_path / f"rapport.{fmt}"
    svc.export_report(app, who(app, "sonia"), *MARCH, fmt, path, **kw)
    return path


def _fictitious(app) -> None:
    with app.db.write() as session:
        session.execute(update(BaseInfo).values(fictitious=True))


@pytest.fixture
def association(monkeypatch, tmp_path):
    """``[association] nom`` in the configuration's ``parcours.toml``."""
    config = tmp_path / "config"
    config.mkdir()
    (config / "parcours.toml").write_text('[association]\nnom = "Le Nid — essai"\n', encoding="utf-8")
    monkeypatch.setattr("core.services.app.config_dir", lambda: config)
    return "Le Nid — essai"


def test_xlsx_is_a_document_to_hand_over(month: Month, tmp_path, association):
    _fictitious(month.app)
    book = load_workbook(_export(month.app, tmp_path, "xlsx"))
    report = svc.activity_report(month.app, who(month.app, "sonia"), *MARCH)
    assert book.sheetnames == [*(s.title[:31] for s in report.sections), "Par mois", "Provenance"]
    first = book.worksheets[0]
    assert first["A1"].value == "Rapport d'activité du 01/03/2026 au 31/03/2026"
    assert first["A1"].font.bold and first["A1"].font.size == 14
    block = {row[0]: row[1] for row in first.iter_rows(min_row=2, max_row=7, values_only=True) if row[0]}
    assert block["Association"] == association
    assert block["Délégation(s)"]  # the delegation's label
    assert (block["Du"], block["Au"]) == (datetime(2026, 3, 1), datetime(2026, 3, 31))  # real dates
    assert first["B4"].number_format == "DD/MM/YYYY" and isinstance(block["Généré le"], datetime)
    mark = next(c for row in first.iter_rows(max_row=8) for c in row
                if c.value and "FICTIVES" in str(c.value))
    assert mark.font.bold and mark.font.color.rgb.endswith("C00000")
    header = next(row for row in first.iter_rows() if row[0].value == "Indicateur")
    assert all(c.font.bold and c.fill.fgColor.rgb.endswith("2F5496") for c in header)
    assert first.freeze_panes == f"A{header[0].row + 1}"  # the header stays in view
    assert first.column_dimensions["C"].hidden  # the internal keys
    assert first.column_dimensions["A"].width >= 20
    figures = {row[2].value: row[1] for row in first.iter_rows(min_row=header[0].row + 1)}
    assert figures["passages"].value == 15 and figures["passages"].number_format == "#,##0"
    assert figures["heures_benevoles"].value == 16.5
    assert figures["heures_benevoles"].number_format == "#,##0.0#"
    month_row = list(book["Par mois"].iter_rows(min_row=2, max_row=2))[0]
    assert month_row[0].value == datetime(2026, 3, 1) and month_row[0].number_format == "MM/YYYY"
    provenance = {row[0]: row[1] for row in book["Provenance"].iter_rows(values_only=True)}
    assert provenance["Données"].startswith("DONNÉES FICTIVES")
    assert provenance["Logiciel"].startswith("Parcours")
    assert provenance["Diffusion"] == "usage interne"
    assert "--explain" in provenance["Clés des chiffres"]
    assert book.properties.creator == "Parcours" and "openpyxl" not in (book.properties.lastModifiedBy or "")


def test_a_real_base_says_so_in_its_provenance_and_marks_nothing(month: Month, tmp_path):
    book = load_workbook(_export(month.app, tmp_path, "xlsx"))
    texts = [str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value]
    assert not any("FICTIVES" in t for t in texts)
    assert {row[0]: row[1] for row in book["Provenance"].iter_rows(values_only=True)}["Données"] == \
        "données réelles de l'association"


def test_an_external_xlsx_has_no_months_and_says_its_audience(month: Month, tmp_path):
    book = load_workbook(_export(after(month), tmp_path, "xlsx", external=True))
    assert "Par mois" not in book.sheetnames
    provenance = {row[0]: row[1] for row in book["Provenance"].iter_rows(values_only=True)}
    assert provenance["Diffusion"].startswith("diffusion externe")


def _cells(table) -> list[list[TableCell]]:
    return [list(row.getElementsByType(TableCell)) for row in table.getElementsByType(TableRow)]


def test_ods_is_the_same_document(month: Month, tmp_path, association):
    _fictitious(month.app)
    path = _export(month.app, tmp_path, "ods")
    doc = load_ods(str(path))
    tables = {t.getAttribute("name"): t for t in doc.spreadsheet.getElementsByType(Table)}
    assert list(tables)[-2:] == ["Par mois", "Provenance"]
    first = next(iter(tables.values()))
    rows = _cells(first)
    assert teletype.extractText(rows[0][0]).startswith("Rapport d'activité du 01/03/2026")
    start = next(r[1] for r in rows if r and teletype.extractText(r[0]) == "Du")
    assert (start.getAttribute("valuetype"), start.getAttribute("datevalue")) == ("date", "2026-03-01")
    assert teletype.extractText(start) == "01/03/2026"
    assert any("FICTIVES" in teletype.extractText(c) for r in rows for c in r)
    assert any(teletype.extractText(c) == association for r in rows for c in r)
    columns = first.getElementsByType(TableColumn)
    assert columns[2].getAttribute("visibility") == "collapse"  # the internal keys
    figures = {teletype.extractText(r[2]): r[1] for r in rows if len(r) > 2}
    assert figures["passages"].getAttribute("valuetype") == "float"
    assert float(figures["passages"].getAttribute("value")) == 15
    month_cell = _cells(tables["Par mois"])[1][0]
    assert month_cell.getAttribute("datevalue") == "2026-03-01"
    assert teletype.extractText(month_cell) == "03/2026"
    frozen = {e.getAttribute("name"): {i.getAttribute("name"): teletype.extractText(i)
                                       for i in e.getElementsByType(ConfigItem)}
              for e in doc.settings.getElementsByType(ConfigItemMapEntry) if e.getAttribute("name")}
    header = next(i for i, r in enumerate(rows) if r and teletype.extractText(r[0]) == "Indicateur")
    assert frozen[first.getAttribute("name")]["VerticalSplitPosition"] == str(header + 1)
    assert [teletype.extractText(e) for e in doc.meta.getElementsByType(InitialCreator)] == ["Parcours"]


def test_sheet_names_stay_valid_and_unique():
    from core.services.report_sheets import sheet_name
    assert sheet_name("Emploi / insertion [test]: a*b?", []) == "Emploi   insertion  test   a b"
    assert sheet_name("x" * 40, ["x" * 31]) == "x" * 27 + " (2)"
    assert len(sheet_name("y" * 80, [])) == 31
