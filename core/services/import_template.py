"""Example files for ``parcours import --template KIND``: the columns and a few fictitious rows.

CSV as French Excel writes it (``;``, UTF-8 with BOM, dates ``JJ/MM/AAAA``), XLSX or ODS
with real date and time cells; the sheet is named after the kind, which is the sheet an
import reads first. The person list's aliases are those the register uses, so importing
the two templates in order (persons, then register) works on a database with no persons.
"""

from __future__ import annotations

import csv
import io
from datetime import date, time
from typing import Any

from core import messages as M
from core.errors import InputError
from core.services.importer import KINDS, LAYOUTS

EXAMPLES: dict[str, list[list[Any]]] = {
    "registre": [
        [date(2026, 3, 3), time(13, 30), time(18, 30), "Marie", 5, "Amina", None],
        [date(2026, 3, 3), None, None, "Paul", 4.5, "Rose", None],
        [date(2026, 3, 3), None, None, None, None, None, 7],
        [date(2026, 3, 10), time(13, 30), time(18, 30), "Marie", 5, "Amina", 4],
    ],
    "personnes": [
        ["Amina", date(2026, 3, 3), None, "Orientée par une association partenaire"],
        ["Rose", date(2026, 3, 3), None, None],
    ],
}
FORMATS = ("csv", "xlsx", "ods")


def template(kind: str, fmt: str = "csv") -> bytes:
    """The example file of ``kind`` in ``fmt`` (csv, xlsx or ods)."""
    if kind not in KINDS:
        raise InputError(M.IMPORT_BAD_KIND.format(kind=kind, kinds=", ".join(KINDS)))
    header = [c.name for c in LAYOUTS[kind]]
    rows = EXAMPLES[kind]
    if fmt == "xlsx":
        return _xlsx(kind, header, rows)
    if fmt == "ods":
        return _ods(kind, header, rows)
    return _csv(header, rows)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return M.short_date(value)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value).replace(".", ",") if isinstance(value, float) else str(value)


def _csv(header: list[str], rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_text(v) for v in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")


def _xlsx(kind: str, header: list[str], rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = kind
    sheet.append(header)
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, date):
                cell.number_format = "DD/MM/YYYY"
            elif isinstance(cell.value, time):
                cell.number_format = "HH:MM"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _ods(kind: str, header: list[str], rows: list[list[Any]]) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name=kind)
    for values in [header, *rows]:
        row = TableRow()
        for value in values:
            row.addElement(_ods_cell(value, TableCell, P))
        table.addElement(row)
    doc.spreadsheet.addElement(table)
    out = io.BytesIO()
    doc.write(out)
    return out.getvalue()


def _ods_cell(value: Any, cell_type: Any, paragraph: Any) -> Any:
    if value is None:
        return cell_type()
    if isinstance(value, date):
        cell = cell_type(valuetype="date", datevalue=value.isoformat())
    elif isinstance(value, time):
        cell = cell_type(valuetype="time", timevalue=f"PT{value.hour:02d}H{value.minute:02d}M00S")
    elif isinstance(value, int | float):
        cell = cell_type(valuetype="float", value=value)
    else:
        cell = cell_type(valuetype="string")
    cell.addElement(paragraph(text=_text(value)))
    return cell
