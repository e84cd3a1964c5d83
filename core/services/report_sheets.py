"""The activity report as spreadsheet sheets an association can hand over (XLSX and ODS alike).

This module decides *what* the workbook holds, with no spreadsheet library: one sheet per
report section, then the months, then a provenance sheet; each section's sheet opens with a
title block (the report, the association, the delegations, the period as real dates, the
generation date, « DONNÉES FICTIVES » on a demonstration base), then a styled header row under
which the panes are frozen, then one row per figure. Numbers stay numbers and dates stay dates,
each with its French display format; a figure's internal key is kept in a hidden last column
(``parcours report --explain KEY`` takes it). ``report_xlsx`` and ``report_ods`` write it.

Every text cell goes through :func:`~core.services.report_export.neutralise` (labels come from
plugins, which the report does not trust: security.md IN-3).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from core import messages as M
from core.services.report_model import ActivityReport, FigureView

TEXT, INTEGER, DECIMAL, DAY, MOMENT, MONTH = "text", "integer", "decimal", "day", "moment", "month"
"""Kinds of cell: each has its French display format in the writers."""
TITLE, LABEL, HEAD, MARK, NOTE, PLAIN = "title", "label", "head", "mark", "note", "plain"
"""Roles of a cell: each has its style in the writers."""
SHEET_NAME_MAX = 31
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Cell:
    """One cell: its value, how to show it (``kind``) and its role in the sheet (style)."""

    value: Any
    kind: str = TEXT
    role: str = PLAIN


@dataclass
class Sheet:
    """One sheet: rows of cells, the header row under which panes freeze, column widths
    (in characters), and the columns hidden (0-based)."""

    name: str
    rows: list[list[Cell]] = field(default_factory=list)
    header_row: int | None = None
    """0-based index of the header row: rows above and it stay in view when scrolling."""
    widths: list[int] = field(default_factory=list)
    hidden: set[int] = field(default_factory=set)


def _number(value: int | float) -> Cell:
    if isinstance(value, float) and not value.is_integer():
        return Cell(value, DECIMAL)
    return Cell(int(value), INTEGER)


def figure_cell(fig: FigureView) -> Cell:
    """A figure's value: a number, or the text that replaces a secret one (« < 5 »)."""
    return Cell(fig.display) if fig.value is None else _number(fig.value)


def title_block(report: ActivityReport) -> list[list[Cell]]:
    """The head of every section's sheet: what, whose, when, and whether it is real."""
    from core.services.report_export import title
    rows = [[Cell(title(report), role=TITLE)],
            [Cell(M.SHEET_ASSOCIATION, role=LABEL), Cell(report.association or M.SHEET_NO_ASSOCIATION)],
            [Cell(M.SHEET_DELEGATIONS, role=LABEL),
             Cell(", ".join(report.delegations) or M.SHEET_ALL_DELEGATIONS)],
            [Cell(M.SHEET_FROM, role=LABEL), Cell(report.start, DAY)],
            [Cell(M.SHEET_TO, role=LABEL), Cell(report.end, DAY)],
            [Cell(M.SHEET_GENERATED, role=LABEL), Cell(_local(report.generated_at), MOMENT)]]
    if report.fictitious:
        rows.append([Cell(M.SHEET_FICTITIOUS, role=MARK)])
    return [*rows, []]


def _local(moment: datetime) -> datetime:
    """The generation time as the association's clock shows it, without a zone (spreadsheets
    store none)."""
    return moment.astimezone().replace(tzinfo=None)


def section_sheets(report: ActivityReport) -> list[Sheet]:
    """One sheet per section: title block, header (label, value, hidden key), figures."""
    sheets: list[Sheet] = []
    for section in report.sections:
        sheet = Sheet(sheet_name(section.title, [s.name for s in sheets]))
        sheet.rows = title_block(report)
        sheet.header_row = len(sheet.rows)
        sheet.rows.append([Cell(M.REPORT_COL_LABEL.capitalize(), role=HEAD),
                           Cell(M.REPORT_COL_VALUE.capitalize(), role=HEAD),
                           Cell(M.REPORT_COL_KEY.capitalize(), role=HEAD)])
        sheet.rows += [[Cell(f.label), figure_cell(f), Cell(f.key)] for f in section.figures]
        sheet.hidden = {2}
        sheets.append(sheet)
    return sheets


def month_sheet(report: ActivityReport, taken: list[str]) -> Sheet | None:
    """The monthly series (internal reports only), each month a real date shown ``MM/AAAA``."""
    if not report.months:
        return None
    sheet = Sheet(sheet_name(M.REPORT_SECTION_MONTHS, taken), header_row=0)
    sheet.rows = [[Cell(h.capitalize(), role=HEAD) for h in M.REPORT_MONTH_COLUMNS]]
    sheet.rows += [[Cell(m.month, MONTH), _number(m.dropins), _number(m.volunteer_hours),
                    _number(m.visits_identified), _number(m.visits_anonymous)]
                   for m in report.months]
    return sheet


def provenance_sheet(report: ActivityReport, taken: list[str]) -> Sheet:
    """Where the figures come from: the software, the period, the audience, the notes."""
    from core.services.report_export import title
    sheet = Sheet(sheet_name(M.SHEET_PROVENANCE, taken), header_row=0)
    audience = M.SHEET_EXTERNAL if report.external else M.SHEET_INTERNAL
    sheet.rows = [[Cell(M.SHEET_PROVENANCE_ITEM, role=HEAD), Cell(M.SHEET_PROVENANCE_VALUE, role=HEAD)],
                  [Cell(M.SHEET_REPORT, role=LABEL), Cell(title(report))],
                  [Cell(M.SHEET_SOFTWARE, role=LABEL),
                   Cell(M.SHEET_SOFTWARE_VALUE.format(version=_version()))],
                  [Cell(M.SHEET_GENERATED, role=LABEL), Cell(_local(report.generated_at), MOMENT)],
                  [Cell(M.SHEET_FROM, role=LABEL), Cell(report.start, DAY)],
                  [Cell(M.SHEET_TO, role=LABEL), Cell(report.end, DAY)],
                  [Cell(M.SHEET_AUDIENCE, role=LABEL), Cell(audience)],
                  [Cell(M.SHEET_ASSOCIATION, role=LABEL), Cell(report.association or M.SHEET_NO_ASSOCIATION)],
                  [Cell(M.SHEET_DELEGATIONS, role=LABEL),
                   Cell(", ".join(report.delegations) or M.SHEET_ALL_DELEGATIONS)],
                  [Cell(M.SHEET_DATA, role=LABEL),
                   Cell(M.SHEET_FICTITIOUS if report.fictitious else M.SHEET_REAL,
                        role=MARK if report.fictitious else PLAIN)],
                  [Cell(M.SHEET_KEYS, role=LABEL), Cell(M.SHEET_KEYS_VALUE)]]
    sheet.rows += [[Cell(M.SHEET_NOTE, role=LABEL), Cell(note, role=NOTE)] for note in report.notes]
    return sheet


def workbook(report: ActivityReport) -> list[Sheet]:
    """Every sheet of the exported report, in order, with their column widths."""
    sheets = section_sheets(report)
    months = month_sheet(report, [s.name for s in sheets])
    if months is not None:
        sheets.append(months)
    sheets.append(provenance_sheet(report, [s.name for s in sheets]))
    for sheet in sheets:
        sheet.widths = widths(sheet)
    return sheets


def sheet_name(text: str, taken: list[str]) -> str:
    """A valid, unique sheet name (31 characters, none of ``[]:*?/\\``)."""
    base = _SHEET_NAME_BAD.sub(" ", text).strip()[:SHEET_NAME_MAX] or M.SHEET_DEFAULT
    name, n = base, 2
    while name in taken:
        suffix = f" ({n})"
        name, n = base[:SHEET_NAME_MAX - len(suffix)] + suffix, n + 1
    return name


def widths(sheet: Sheet) -> list[int]:
    """Each column as wide as its longest cell (the title line aside), within 10–60."""
    shown: dict[int, int] = {}
    for row in sheet.rows:
        for i, cell in enumerate(row):
            if cell.role == TITLE:
                continue
            shown[i] = max(shown.get(i, 0), _shown_length(cell))
    return [min(60, max(10, shown.get(i, 0) + 2)) for i in range(max(shown, default=-1) + 1)]


def _shown_length(cell: Cell) -> int:
    if cell.kind in (DAY, MONTH):
        return 10
    if cell.kind == MOMENT:
        return 16
    if isinstance(cell.value, int | float):
        return len(f"{cell.value:,.2f}")
    return len(str(cell.value))


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("parcours")
    except PackageNotFoundError:
        return "?"

