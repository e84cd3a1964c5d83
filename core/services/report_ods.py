"""The activity report as an ODS workbook (odfpy), from :mod:`core.services.report_sheets`.

The same sheets, styles and formats as the XLSX: a bold title, bold labels, a header on a
tinted fill, the « données fictives » mark bold red; dates as date cells shown ``JJ/MM/AAAA``
(months ``MM/AAAA``), numbers as float cells with grouped digits; column widths from the
content; the internal-key column collapsed; panes frozen under each header (the view
settings LibreOffice reads). The document's title and initial creator name Parcours.
"""

from __future__ import annotations

import io
from datetime import date, datetime

from core import messages as M
from core.services.report_model import ActivityReport
from core.services.report_sheets import (DAY, DECIMAL, HEAD, INTEGER, LABEL, MARK, MOMENT, MONTH,
                                         NOTE, TITLE, Cell, Sheet, workbook)

CM_PER_CHARACTER = 0.22


def _data_styles(doc) -> dict[str, str]:
    """The display formats, by kind of cell: the name of each cell style to use."""
    from odf.number import DateStyle, Day, Hours, Minutes, Month, Number, NumberStyle, Text, Year
    from odf.style import Style

    def date_style(name: str, parts) -> str:
        style = DateStyle(name=name)
        for part in parts:
            style.addElement(part)
        doc.automaticstyles.addElement(style)
        return name

    def number_style(name: str, places: int) -> str:
        style = NumberStyle(name=name)
        style.addElement(Number(decimalplaces=places, minintegerdigits=1, grouping="true"))
        doc.automaticstyles.addElement(style)
        return name

    formats = {
        DAY: date_style("f-day", [Day(style="long"), Text(text="/"), Month(style="long"),
                                  Text(text="/"), Year(style="long")]),
        MONTH: date_style("f-month", [Month(style="long"), Text(text="/"), Year(style="long")]),
        MOMENT: date_style("f-moment", [Day(style="long"), Text(text="/"), Month(style="long"),
                                        Text(text="/"), Year(style="long"), Text(text=" "),
                                        Hours(style="long"), Text(text=":"), Minutes(style="long")]),
        INTEGER: number_style("f-integer", 0),
        DECIMAL: number_style("f-decimal", 2),
    }
    names = {}
    for kind, data_style in formats.items():
        cell_style = Style(name=f"c-{kind}", family="table-cell", datastylename=data_style)
        doc.automaticstyles.addElement(cell_style)
        names[kind] = cell_style.getAttribute("name")
    return names


def _role_styles(doc) -> dict[str, str]:
    from odf.style import Style, TableCellProperties, TextProperties

    def style(name: str, text: dict, cell: dict | None = None) -> str:
        made = Style(name=name, family="table-cell")
        made.addElement(TextProperties(**text))
        if cell:
            made.addElement(TableCellProperties(**cell))
        doc.automaticstyles.addElement(made)
        return name

    return {TITLE: style("r-title", {"fontweight": "bold", "fontsize": "14pt"}),
            LABEL: style("r-label", {"fontweight": "bold"}),
            HEAD: style("r-head", {"fontweight": "bold", "color": "#ffffff"},
                        {"backgroundcolor": "#2f5496", "border": "0.5pt solid #808080"}),
            MARK: style("r-mark", {"fontweight": "bold", "color": "#c00000"}),
            NOTE: style("r-note", {}, {"wrapoption": "wrap"})}


def _cell(cell: Cell, data: dict[str, str], roles: dict[str, str], neutralise):
    from odf.table import TableCell
    from odf.text import P

    value = cell.value
    style = roles.get(cell.role) or data.get(cell.kind)
    kwargs = {"stylename": style} if style else {}
    if isinstance(value, datetime):
        made = TableCell(valuetype="date", datevalue=value.strftime("%Y-%m-%dT%H:%M:%S"), **kwargs)
        shown = M.short_moment(value)
    elif isinstance(value, date):
        made = TableCell(valuetype="date", datevalue=value.isoformat(), **kwargs)
        shown = value.strftime("%m/%Y") if cell.kind == MONTH else M.short_date(value)
    elif isinstance(value, int | float):
        made = TableCell(valuetype="float", value=value, **kwargs)
        shown = f"{value:,}".replace(",", "\u202f").replace(".", ",")
    else:
        shown = neutralise(str(value))
        made = TableCell(valuetype="string", **kwargs)
    made.addElement(P(text=shown))
    return made


def _columns(doc, table, sheet: Sheet) -> None:
    from odf.style import Style, TableColumnProperties
    from odf.table import TableColumn
    for i, width in enumerate(sheet.widths):
        name = f"{table.getAttribute('name')}-col{i}".replace(" ", "_")
        style = Style(name=name, family="table-column")
        style.addElement(TableColumnProperties(columnwidth=f"{width * CM_PER_CHARACTER:.2f}cm"))
        doc.automaticstyles.addElement(style)
        extra = {"visibility": "collapse"} if i in sheet.hidden else {}
        table.addElement(TableColumn(stylename=style, **extra))


def _frozen(doc, sheets: list[Sheet]) -> None:
    """The view settings that freeze each sheet's rows down to its header."""
    from odf.config import (ConfigItem, ConfigItemMapEntry, ConfigItemMapIndexed,
                            ConfigItemMapNamed, ConfigItemSet)

    def item(name: str, kind: str, value: object) -> ConfigItem:
        made = ConfigItem(name=name, type=kind)
        made.addText(str(value))
        return made

    tables = ConfigItemMapNamed(name="Tables")
    for sheet in sheets:
        if sheet.header_row is None:
            continue
        rows = sheet.header_row + 1
        entry = ConfigItemMapEntry(name=sheet.name)
        for name, kind, value in (("VerticalSplitMode", "short", 2), ("VerticalSplitPosition", "int", rows),
                                  ("HorizontalSplitMode", "short", 0),
                                  ("HorizontalSplitPosition", "int", 0), ("ActiveSplitRange", "short", 2),
                                  ("PositionTop", "int", 0), ("PositionBottom", "int", rows)):
            entry.addElement(item(name, kind, value))
        tables.addElement(entry)
    view = ConfigItemMapEntry()
    view.addElement(item("ViewId", "string", "view1"))
    view.addElement(tables)
    views = ConfigItemMapIndexed(name="Views")
    views.addElement(view)
    settings = ConfigItemSet(name="ooo:view-settings")
    settings.addElement(views)
    doc.settings.addElement(settings)


def render_ods(report: ActivityReport) -> bytes:
    """The workbook: a sheet per section, the months, the provenance."""
    from odf.dc import Title
    from odf.meta import InitialCreator
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableRow

    from core.services.report_export import neutralise, title
    doc = OpenDocumentSpreadsheet()
    data, roles = _data_styles(doc), _role_styles(doc)
    sheets = workbook(report)
    for sheet in sheets:
        table = Table(name=sheet.name)
        _columns(doc, table, sheet)
        for row in sheet.rows:
            line = TableRow()
            for cell in row:
                line.addElement(_cell(cell, data, roles, neutralise))
            table.addElement(line)
        doc.spreadsheet.addElement(table)
    _frozen(doc, sheets)
    doc.meta.addElement(Title(text=title(report)))
    doc.meta.addElement(InitialCreator(text=M.SHEET_PROPERTIES_CREATOR))
    out = io.BytesIO()
    doc.write(out)
    return out.getvalue()
