"""ReportScreen: the activity report of a year or a period, with charts, sources and export.

One read worker asks ``core.services.activity_report`` for the period (by default the
calendar year before the evaluation date) and the screen shows it in three tabs: every
figure by section (drop-ins, volunteer hours, visits identified and anonymous, distinct,
new and followed persons, then each plugin's section), the visits per month, and the
persons supported per domain (each plugin section's first figure about persons), both
charts drawn by ``textual-plotext``. ``x`` switches to the external version, where counts
below 5 read « < 5 » (the service suppresses them, the monthly series and the sources).
Entrée on a figure lists the records that fed it (``explain_figure``); ``e`` exports to a
file (``export_report``) after a confirmation that shows the path; ``p`` chooses the
period, ``-`` and ``+`` move by one year, F5 computes it again (closing a dialog does not:
a year over a large database takes a moment). Superviseur·es and the administrator only (the
``report.*`` policy rows); the app does not offer the screen to other roles.
"""

from __future__ import annotations

import os
from datetime import date

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import (DataTable, Footer, Header, Static, TabbedContent, TabPane)
from textual_plotext import PlotextPlot

from core import services as svc
from core.services import ActivityReport, FigureSources, FigureView, SectionView
from tui import messages as M
from tui.screens.confirm import ConfirmModal
from tui.screens.explain import ExplainModal
from tui.screens.export import Export, ExportModal
from tui.screens.period import PeriodModal, whole_year
from tui.text import clean, day, fmt, plain, show_or_hide
from tui.widgets.fitted_table import FittedTable, cell
from tui.workers import READ_GROUP, SOURCES_GROUP, WRITE_GROUP, WorkerErrors, backend_of, cancelled

CORE_SECTIONS = ("activite", "personnes")
"""The core sections; every other section is a plugin's (one per domain, and the PSP)."""
SOURCES_PAGE = 500
"""How many records "which records fed this figure" lists at most."""
VALUE_WIDTH = 12
LABEL_LIMIT = 22
"""Longest label on the domains chart before it is shortened."""
CHART_FILLS = ("█", "▒")
"""Fills of the identified and the anonymous visits in the monthly chart (and its legend)."""


def previous_year(today: date) -> tuple[date, date]:
    """The calendar year before ``today``: the report people ask for in the spring."""
    return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)


def months_between(start: date, end: date) -> list[date]:
    """The first day of every month of the period."""
    found, current = [], date(start.year, start.month, 1)
    while current <= end:
        found.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return found


def _bracketed(text: str) -> str:
    """What ends a text in brackets (« santé » in « Personnes accompagnées (santé) »), or ""."""
    if text.endswith(")") and "(" in text:
        return text[text.rindex("(") + 1:-1].strip()
    return ""


def domain_label(section: SectionView, figure: FigureView) -> str:
    """A short label for a domain on the chart: the label its plugin declared for it, else
    the domain its persons figure names in brackets (« Santé »), else the section's title;
    a long one is cut to what it ends with in brackets (« PSP »)."""
    if section.domain_label:
        return _short(clean(section.domain_label))
    named = _bracketed(clean(figure.label))
    if named:
        return named[:1].upper() + named[1:LABEL_LIMIT]
    return _short(clean(section.title))


def _short(label: str) -> str:
    if len(label) > LABEL_LIMIT:
        return _bracketed(label) or label[:LABEL_LIMIT - 1] + "…"
    return label


def persons_per_domain(report: ActivityReport) -> list[tuple[str, FigureView]]:
    """(label, figure) of the persons supported in each plugin section (its first figure
    whose key speaks of persons: ``personnes_accompagnees``, ``asile.personnes``...)."""
    found = []
    for section in report.sections:
        if section.id in CORE_SECTIONS:
            continue
        figure = next((f for f in section.figures if "personnes" in f.key), None)
        if figure is not None:
            found.append((domain_label(section, figure), figure))
    return found


def ticks(top: float) -> list[float]:
    """Whole-number ticks from 0 to at least ``top``, about five of them (plotext's type)."""
    step = max(1, -(-int(top) // 5))
    return list(range(0, int(top) + step + 1, step))


def reference(ref: str) -> str:
    """``person:12`` as « personne n° 12 » (an unknown kind stays as it is)."""
    kind, _, number = ref.partition(":")
    template = M.REPORT_REFS.get(kind)
    return template.format(id=number) if template else ref


class FigureTable(FittedTable):
    """Sections and figures; Entrée lists the records behind the highlighted figure."""

    BINDINGS = [Binding("enter", "select_cursor", M.KEY_SOURCES)]


class ReportScreen(WorkerErrors, Screen[None]):
    """The period, three tabs (figures, per month, per domain), and the report's notes."""

    TITLE = M.REPORT_TITLE
    DEFAULT_CSS = """
    ReportScreen #report-period { height: auto; margin: 0 1; text-style: bold; }
    ReportScreen TabbedContent { height: 1fr; }
    ReportScreen ContentSwitcher { height: 1fr; }
    ReportScreen TabPane { padding: 0; height: 1fr; }
    ReportScreen FigureTable { height: 1fr; }
    ReportScreen #report-hint { height: auto; margin: 0 1; color: $text-muted; }
    ReportScreen .chart-empty { margin: 1; color: $text-muted; }
    ReportScreen #chart-hidden { height: auto; margin: 0 1; color: $text-muted; }
    ReportScreen #report-notes { height: auto; max-height: 3; margin: 0 1; color: $warning; }
    """
    BINDINGS = [
        Binding("escape", "app.back", M.KEY_BACK, show=False),  # room for the keys at 80
        Binding("p", "period", M.KEY_PERIOD),
        Binding("x", "external", M.KEY_EXTERNAL),
        Binding("e", "export", M.KEY_EXPORT),
        Binding("c", "tab('tab-figures')", M.KEY_FIGURES, show=False),
        Binding("m", "tab('tab-months')", M.KEY_MONTHS, show=False),
        Binding("d", "tab('tab-domains')", M.KEY_DOMAINS, show=False),
        Binding("minus", "shift_year(-1)", M.KEY_PREVIOUS_YEAR, show=False),
        Binding("plus", "shift_year(1)", M.KEY_NEXT_YEAR, show=False),
        Binding("f5", "reload", M.KEY_RELOAD, show=False),
    ]

    class Loaded(Message):
        def __init__(self, report: ActivityReport) -> None:
            super().__init__()
            self.report = report

    class Explained(Message):
        def __init__(self, found: FigureSources, start: date, end: date) -> None:
            super().__init__()
            self.found, self.start, self.end = found, start, end

    class Exported(Message):
        def __init__(self, export: Export) -> None:
            super().__init__()
            self.export = export

    def __init__(self) -> None:
        super().__init__()
        self.report: ActivityReport | None = None
        self.figures: dict[str, FigureView] = {}
        """Row key (``section/figure``) → figure."""
        self.start, self.end = date.min, date.min
        self.external = False
        self.generation = 0
        """How many reports have been shown (the tests wait on it)."""

    def compose(self) -> ComposeResult:
        backend = backend_of(self)
        self.start, self.end = previous_year(backend.today())
        yield Header()
        yield Static(self._period_line(), id="report-period")
        with TabbedContent(initial="tab-figures"):
            with TabPane(M.KEY_FIGURES, id="tab-figures"):
                yield FigureTable(id="report-figures")
                yield Static("", id="report-hint")
            with TabPane(M.KEY_MONTHS, id="tab-months"):
                yield PlotextPlot(id="chart-months")
                yield Static(M.REPORT_CHART_NO_MONTHS, id="chart-no-months", classes="chart-empty")
            with TabPane(M.KEY_DOMAINS, id="tab-domains"):
                with Vertical():
                    yield PlotextPlot(id="chart-domains")
                    yield Static(M.REPORT_CHART_NO_DOMAINS, id="chart-no-domains",
                                 classes="chart-empty")
                    yield Static("", id="chart-hidden")
        yield Static("", id="report-notes")
        # Without the palette's « Ctrl+P Commandes » (in the help): at 80 columns it cut
        # « F1 Aide » off the footer.
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        table = self.query_one(FigureTable)
        table.focus()
        self.action_reload()

    def _period_line(self) -> Content:
        line = fmt(M.REPORT_PERIOD, start=day(self.start), end=day(self.end))
        return line + Content(M.REPORT_EXTERNAL if self.external else M.REPORT_INTERNAL)

    # --- loading ------------------------------------------------------------------------
    def action_reload(self) -> None:
        self.query_one("#report-period", Static).update(self._period_line())
        show_or_hide(self.query_one("#report-hint", Static), Content(M.REPORT_LOADING))
        self.load(self.start, self.end, self.external)

    @work(thread=True, exclusive=True, exit_on_error=False, group=READ_GROUP)
    def load(self, start: date, end: date, external: bool) -> None:
        report = backend_of(self).call(svc.activity_report, start, end,
                                       external=external)
        if not cancelled():
            self.post_message(self.Loaded(report))

    @on(Loaded)
    def show(self, message: Loaded) -> None:
        report = message.report
        if (report.start, report.end, report.external) != (self.start, self.end, self.external):
            return
        self.report = report
        self._show_figures(report)
        self._chart_months(report)
        self._chart_domains(report)
        show_or_hide(self.query_one("#report-notes", Static),
                     Content("\n").join(plain(n) for n in report.notes))
        self.generation += 1

    def _show_figures(self, report: ActivityReport) -> None:
        table = self.query_one(FigureTable)
        row = table.cursor_row
        table.clear(columns=True)
        table.add_column(M.REPORT_COL_LABEL, width=max(20, table.room(2) - VALUE_WIDTH), key="label")
        table.add_column(Text(M.REPORT_COL_VALUE, justify="right"), width=VALUE_WIDTH, key="value")
        self.figures = {}
        for n, section in enumerate(report.sections):
            table.add_row(cell(section.title, "bold"), cell(""), key=f"section:{n}")
            for figure in section.figures:
                key = f"{section.id}/{figure.key}"
                if key in self.figures:
                    continue
                self.figures[key] = figure
                table.add_row(cell("  " + clean(figure.label)), cell(figure.display, right=True),
                              key=key)
        first = 1 if self.generation == 0 else 0  # the first figure, under its section title
        table.move_cursor(row=min(max(row, first), table.row_count - 1), animate=False)
        self._show_hint(self.figure)

    @property
    def figure(self) -> tuple[str, FigureView] | None:
        """The highlighted figure with its row key (None on a section title)."""
        table = self.query_one(FigureTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
        return (key, self.figures[key]) if key in self.figures else None

    @on(DataTable.RowHighlighted)
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        key = event.row_key.value or ""
        self._show_hint((key, self.figures[key]) if key in self.figures else None)

    def _show_hint(self, chosen: tuple[str, FigureView] | None) -> None:
        hint = self.query_one("#report-hint", Static)
        if chosen is None:
            show_or_hide(hint, "")
        elif self.external:
            show_or_hide(hint, Content(M.REPORT_SOURCES_EXTERNAL))
        elif chosen[1].sources_total:
            show_or_hide(hint, fmt(M.REPORT_SOURCES_HINT, total=chosen[1].sources_total))
        else:
            show_or_hide(hint, Content(M.REPORT_SOURCES_NONE))

    @on(FittedTable.Resized)
    def refit(self, message: FittedTable.Resized) -> None:
        message.stop()
        if self.report is not None:
            self._show_figures(self.report)

    # --- charts -------------------------------------------------------------------------
    def _chart_months(self, report: ActivityReport) -> None:
        chart = self.query_one("#chart-months", PlotextPlot)
        chart.display = bool(report.months)
        self.query_one("#chart-no-months", Static).display = not report.months
        if not report.months:
            return
        by_month = {m.month: m for m in report.months}
        months = months_between(report.start, report.end)
        one_year = len({m.year for m in months}) == 1
        labels = [M.MONTHS_SHORT[m.month - 1] if one_year else f"{m.month:02d}/{m.year % 100:02d}"
                  for m in months]
        known = [by_month[m].visits_identified if m in by_month else 0 for m in months]
        anonymous = [by_month[m].visits_anonymous if m in by_month else 0 for m in months]
        plt = chart.plt
        plt.clear_figure()
        plt.title(M.REPORT_CHART_MONTHS)
        # Two fills as well as two colours: the legend reads on a monochrome terminal, and
        # for a colour-blind reader. textual-plotext's stub names ``labels`` ``label``.
        plt.stacked_bar(labels, [known, anonymous], marker=list(CHART_FILLS),  # type: ignore[call-arg, arg-type]
                        labels=[M.REPORT_CHART_IDENTIFIED, M.REPORT_CHART_ANONYMOUS])
        plt.yticks(ticks(max(k + a for k, a in zip(known, anonymous, strict=True))))
        chart.refresh()

    def _chart_domains(self, report: ActivityReport) -> None:
        found = persons_per_domain(report)
        shown = [(label, f.value) for label, f in found if f.value is not None]
        hidden = [label for label, f in found if f.value is None]
        chart = self.query_one("#chart-domains", PlotextPlot)
        chart.display = bool(shown)
        self.query_one("#chart-no-domains", Static).display = not shown
        show_or_hide(self.query_one("#chart-hidden", Static),
                     fmt(M.REPORT_CHART_HIDDEN, labels=", ".join(hidden)) if hidden else "")
        if not shown:
            return
        plt = chart.plt
        plt.clear_figure()
        plt.title(M.REPORT_CHART_DOMAINS)
        plt.bar([label for label, _ in shown], [value for _, value in shown],
                orientation="horizontal")
        plt.xticks(ticks(max(value for _, value in shown)))
        chart.refresh()

    # --- the user's choices -------------------------------------------------------------
    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        if tab == "tab-figures":
            self.query_one(FigureTable).focus()

    def action_external(self) -> None:
        self.external = not self.external
        self.action_reload()

    def action_period(self) -> None:
        self.app.push_screen(PeriodModal(self.start, self.end), self._chosen_period)

    def _chosen_period(self, period: tuple[date, date] | None) -> None:
        if period is not None:
            self.start, self.end = period
            self.action_reload()

    def action_shift_year(self, delta: int) -> None:
        year = (whole_year(self.start, self.end) or self.start.year) + delta
        self._chosen_period((date(year, 1, 1), date(year, 12, 31)))

    @on(DataTable.RowSelected)
    def explain(self, event: DataTable.RowSelected) -> None:
        event.stop()
        key = event.row_key.value or ""
        if key not in self.figures:
            return
        if self.external:
            self.app.notify(M.REPORT_SOURCES_EXTERNAL, severity="warning", markup=False)
            return
        self.sources(key, self.start, self.end)

    @work(thread=True, exclusive=True, exit_on_error=False, group=SOURCES_GROUP)
    def sources(self, key: str, start: date, end: date) -> None:
        found = backend_of(self).call(svc.explain_figure, start, end, key,
                                      limit=SOURCES_PAGE)
        if not cancelled():
            self.post_message(self.Explained(found, start, end))

    @on(Explained)
    def explained(self, message: Explained) -> None:
        found = message.found
        lines: list[Content | str] = [fmt(M.REPORT_SOURCES_HEAD, total=found.total,
                                          start=day(message.start), end=day(message.end))]
        lines += [plain(reference(ref)) for ref in found.refs]
        if found.total > len(found.refs):
            lines.append(fmt(M.REPORT_SOURCES_MORE, count=found.total - len(found.refs),
                             key=found.key))
        self.app.push_screen(ExplainModal(M.REPORT_SOURCES_TITLE.format(label=clean(found.label)),
                                          lines, id="report-sources"))

    def action_export(self) -> None:
        self.app.push_screen(ExportModal(self.start, self.end, self.external), self._confirm_export)

    def _confirm_export(self, export: Export | None) -> None:
        if export is None:
            return
        question = M.EXPORT_CONFIRM.format(
            start=day(self.start), end=day(self.end), format=export.fmt,
            audience=M.EXPORT_AUDIENCE_EXTERNAL if self.external else M.EXPORT_AUDIENCE_INTERNAL,
            path=clean(export.path))
        replace = os.path.lexists(export.path)  # replaced only when the question said so
        if replace:
            question += M.EXPORT_REPLACE
        start, end, external = self.start, self.end, self.external

        def answered(yes: bool | None) -> None:
            if yes:
                self.write(export, start, end, external, replace)
        self.app.push_screen(ConfirmModal(question), answered)

    @work(thread=True, exit_on_error=False, group=WRITE_GROUP)
    def write(self, export: Export, start: date, end: date, external: bool,
              replace: bool) -> None:
        backend_of(self).call(svc.export_report, start, end, export.fmt,
                              export.path, external=external, replace=replace)
        self.post_message(self.Exported(export))

    @on(Exported)
    def exported(self, message: Exported) -> None:
        self.app.notify(M.EXPORTED.format(path=clean(message.export.path),
                                          format=message.export.fmt), markup=False)
