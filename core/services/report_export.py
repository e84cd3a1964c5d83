"""Writing an activity report: terminal text, Markdown, CSV, JSON, XLSX and ODS.

Every format renders the same rows (section, label, value, key). The spreadsheets
(:mod:`core.services.report_sheets`, written by ``report_xlsx`` and ``report_ods``) are
documents to hand over: a sheet per section with a title block, real dates and numbers, the
months, a provenance sheet. Suppressed values stay their text (« < 5 », « masqué »); the CSV is
what French Excel opens directly (``;`` separator, decimal comma, UTF-8 with a BOM). Any
text cell that a spreadsheet could take for a formula (starting with ``= + - @``, a tab or
a carriage return, also behind spaces or in full width) is neutralised with a leading
apostrophe (security.md IN-3), in CSV, XLSX and ODS alike: labels and keys come from plugins,
which the report does not trust.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from core import messages as M
from core.services.report_model import ActivityReport, display

FORMATS = ("table", "markdown", "csv", "json", "xlsx", "ods")
FILE_ONLY = ("xlsx", "ods")
"""Binary formats, written to a file only."""
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""Starts that make a spreadsheet read a cell as a formula: neutralised on export, refused
on import."""

Cell = str | int | float


FORMULA_START_WIDE = ("\uff1d", "\uff0b", "\uff0d", "\uff20")
"""The full-width ＝ ＋ － ＠: a spreadsheet with an East Asian input setting may fold them
to their ASCII forms, so an export defuses them too (the apostrophe costs nothing)."""
LEADING_BLANKS = " \u00a0"
"""Spaces before « = » do not stop a spreadsheet (the import refuses them on the same ground)."""


def neutralise(text: str) -> str:
    """The text with a leading apostrophe if a spreadsheet could read it as a formula."""
    start = text.lstrip(LEADING_BLANKS)
    return "'" + text if start.startswith(FORMULA_START + FORMULA_START_WIDE) else text


def title(report: ActivityReport) -> str:
    head = M.REPORT_TITLE.format(start=M.short_date(report.start), end=M.short_date(report.end))
    return f"{head} — {M.REPORT_EXTERNAL_TITLE}" if report.external else head


def rows(report: ActivityReport) -> Iterator[tuple[str, str, Cell, str]]:
    """(section title, label, value, key) per figure; a suppressed value is its text."""
    for section in report.sections:
        for fig in section.figures:
            yield section.title, fig.label, fig.display if fig.value is None else fig.value, fig.key


def month_rows(report: ActivityReport) -> Iterator[tuple[str, int, float, int, int]]:
    for m in report.months:
        yield (m.month.strftime("%m/%Y"), m.dropins, m.volunteer_hours, m.visits_identified,
               m.visits_anonymous)


# --- text formats ---------------------------------------------------------------------------

def render_text(report: ActivityReport) -> str:
    """An aligned plain-text report for the terminal."""
    width = max([len(f.label) for s in report.sections for f in s.figures] or [10])
    lines = [title(report), ""]
    for section in report.sections:
        lines.append(section.title)
        lines.extend(f"  {f.label.ljust(width)}  {f.display.rjust(9)}" for f in section.figures)
        lines.append("")
    if report.months:
        lines.append(M.REPORT_SECTION_MONTHS)
        heads = M.REPORT_MONTH_COLUMNS
        lines.append("  " + "  ".join(h.rjust(max(len(h), 7)) for h in heads))
        for row in month_rows(report):
            cells = (v if isinstance(v, str) else display(v) for v in row)
            lines.append("  " + "  ".join(c.rjust(max(len(h), 7))
                                          for c, h in zip(cells, heads, strict=True)))
        lines.append("")
    lines.extend(report.notes)
    return "\n".join(lines).rstrip() + "\n"


def _md(text: str) -> str:
    return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|")


def render_markdown(report: ActivityReport) -> str:
    """A Markdown document: one table per section, then the months and the notes."""
    lines = [f"# {_md(title(report))}", ""]
    for section in report.sections:
        lines += [f"## {_md(section.title)}", "", f"| {M.REPORT_COL_LABEL} | {M.REPORT_COL_VALUE} |",
                  "|---|---:|"]
        lines += [f"| {_md(f.label)} | {_md(f.display)} |" for f in section.figures]
        lines.append("")
    if report.months:
        heads = M.REPORT_MONTH_COLUMNS
        lines += [f"## {M.REPORT_SECTION_MONTHS}", "", "| " + " | ".join(heads) + " |",
                  "|---|" + "---:|" * (len(heads) - 1)]
        lines += ["| " + " | ".join(v if isinstance(v, str) else display(v) for v in row) + " |"
                  for row in month_rows(report)]
        lines.append("")
    lines += [f"> {_md(note)}" for note in report.notes]
    return "\n".join(lines).rstrip() + "\n"


def render_json(report: ActivityReport) -> str:
    return json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2)


# --- spreadsheet formats ------------------------------------------------------------------

def _csv_number(value: int | float) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    return str(int(value))


def _csv_cell(value: Cell) -> str:
    return neutralise(value) if isinstance(value, str) else _csv_number(value)


def render_csv(report: ActivityReport) -> bytes:
    """CSV for French spreadsheets: ``;``, decimal comma, UTF-8 with BOM, CRLF."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([M.REPORT_COL_SECTION, M.REPORT_COL_LABEL, M.REPORT_COL_VALUE,
                     M.REPORT_COL_KEY, M.REPORT_COL_FROM, M.REPORT_COL_TO])
    for section, label, value, key in rows(report):
        writer.writerow([_csv_cell(section), _csv_cell(label), _csv_cell(value), _csv_cell(key),
                         M.short_date(report.start), M.short_date(report.end)])
    return out.getvalue().encode("utf-8-sig")


def render(report: ActivityReport, fmt: str) -> bytes:
    """The report in format ``fmt`` (one of :data:`FORMATS`), as bytes."""
    if fmt == "csv":
        return render_csv(report)
    if fmt == "xlsx":
        from core.services.report_xlsx import render_xlsx
        return render_xlsx(report)
    if fmt == "ods":
        from core.services.report_ods import render_ods
        return render_ods(report)
    text = {"table": render_text, "markdown": render_markdown, "json": render_json}[fmt](report)
    return text.encode("utf-8")
