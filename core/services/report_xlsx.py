"""The activity report as an XLSX workbook (openpyxl), from :mod:`core.services.report_sheets`.

Styles: a large bold title, bold labels, a bold header on a tinted fill with a border, the
« données fictives » mark bold red; panes frozen under each header; column widths from the
content; the internal-key column hidden. Numbers and dates are real cells with French
display formats (Excel shows ``#,##0`` with the reader's own separators: ``1 234,5`` in
French). The document properties name Parcours, not openpyxl, and carry the title.
"""

from __future__ import annotations

import io

from core import messages as M
from core.services.report_model import ActivityReport
from core.services.report_sheets import (DAY, DECIMAL, HEAD, INTEGER, LABEL, MARK, MOMENT, MONTH,
                                         NOTE, TEXT, TITLE, Cell, workbook)

FORMATS = {INTEGER: "#,##0", DECIMAL: "#,##0.0#", DAY: "DD/MM/YYYY", MOMENT: "DD/MM/YYYY HH:MM",
           MONTH: "MM/YYYY", TEXT: "@"}
"""Display format per kind of cell."""


def _styles() -> dict[str, dict]:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    line = Side(style="thin", color="808080")
    return {TITLE: {"font": Font(bold=True, size=14)},
            LABEL: {"font": Font(bold=True)},
            HEAD: {"font": Font(bold=True, color="FFFFFF"),
                   "fill": PatternFill("solid", fgColor="2F5496"),
                   "border": Border(bottom=line, top=line, left=line, right=line),
                   "alignment": Alignment(vertical="center")},
            MARK: {"font": Font(bold=True, color="C00000")},
            NOTE: {"alignment": Alignment(wrap_text=True, vertical="top")}}


def render_xlsx(report: ActivityReport) -> bytes:
    """The workbook: a sheet per section, the months, the provenance."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    from core.services.report_export import neutralise, title
    book = Workbook()
    book.remove(book.active)
    styles = _styles()
    for sheet in workbook(report):
        page = book.create_sheet(sheet.name)
        for r, row in enumerate(sheet.rows, start=1):
            for c, cell in enumerate(row, start=1):
                _write(page.cell(row=r, column=c), cell, styles, neutralise)
        for i, width in enumerate(sheet.widths, start=1):
            page.column_dimensions[get_column_letter(i)].width = width
        for i in sheet.hidden:
            page.column_dimensions[get_column_letter(i + 1)].hidden = True
        if sheet.header_row is not None:
            page.freeze_panes = page.cell(row=sheet.header_row + 2, column=1)
    book.properties.creator = M.SHEET_PROPERTIES_CREATOR
    book.properties.lastModifiedBy = M.SHEET_PROPERTIES_CREATOR
    book.properties.title = title(report)
    book.properties.created = book.properties.modified = report.generated_at.replace(tzinfo=None)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write(target, cell: Cell, styles: dict[str, dict], neutralise) -> None:
    target.value = neutralise(cell.value) if isinstance(cell.value, str) else cell.value
    target.number_format = FORMATS[cell.kind]
    for name, style in styles.get(cell.role, {}).items():
        setattr(target, name, style)
