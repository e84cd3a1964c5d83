"""What the activity report returns: figures with their sources, sections, monthly rows.

The report is a plain read model that every format (terminal, Markdown, CSV, JSON, XLSX, ODS)
and the TUI render. :func:`for_external` turns an internal report into one fit to leave the
association (security.md RT-4): the cells :mod:`core.services.report_secrecy` declares secret
lose their value, sources are dropped (their number would give the value away) and the monthly
series is left out (twelve monthly cells would let a hidden yearly part be rebuilt).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from core import messages as M
from core.services.report_secrecy import Cell, Span, Sum, year_secrets

SOURCE_SAMPLE = 20
"""How many source references a figure carries; ``explain_figure`` pages through the rest."""

Suppression = Literal["", "secret"]


class _View(BaseModel):
    model_config = ConfigDict(defer_build=True, frozen=True)


class FigureView(_View):
    """One number of the report, with the records behind it."""

    key: str
    label: str
    value: int | float | None
    """None only when suppressed in an external report."""
    display: str
    """The value as people read it (« 2 300 », « 12,5 », « < 5 », « masqué »)."""
    count: bool = True
    """A count of people or records (suppressible), as opposed to hours or drop-ins."""
    suppressed: Suppression = ""
    sources: tuple[str, ...] = ()
    """Up to :data:`SOURCE_SAMPLE` references such as ``visit:12``; empty when external."""
    sources_total: int | None = None
    """How many references there are in all (``parcours report --explain KEY`` lists them)."""
    parts: tuple[str, ...] = ()
    """Keys of the figures this one is the sum of (for secondary suppression)."""


class SectionView(_View):
    """A titled group of figures: a core section or one plugin's."""

    id: str
    title: str
    plugin: str = ""
    domain_label: str = ""
    """The French label of the domain the section reports on (its id is a declared domain)."""
    figures: tuple[FigureView, ...] = ()


class MonthView(_View):
    """Drop-in activity of one calendar month (internal reports only)."""

    month: date
    """The first day of the month."""
    dropins: int
    volunteer_hours: float
    visits_identified: int
    visits_anonymous: int


class ActivityReport(_View):
    """The activity report of a period."""

    start: date
    end: date
    external: bool = False
    generated_at: datetime
    sections: tuple[SectionView, ...] = ()
    months: tuple[MonthView, ...] = ()
    notes: tuple[str, ...] = ()
    """Warnings for the reader: a plugin whose section is missing, the suppression rule."""
    association: str = ""
    """The association's name (``[association] nom`` in ``parcours.toml``), for exports."""
    delegations: tuple[str, ...] = ()
    """The labels of the delegations counted (the reader's own)."""
    fictitious: bool = False
    """A demonstration base: exports say « données fictives »."""

    def figure(self, key: str) -> FigureView:
        """The figure ``key`` (see :func:`find_figure`); KeyError when absent or ambiguous."""
        found = find_figure(self.sections, key)
        if len(found) != 1:
            raise KeyError(key)
        return found[0]

    def values(self) -> dict[str, int | float | None]:
        """Every figure's value by key (the first section wins when two share a key)."""
        found: dict[str, int | float | None] = {}
        for sec in self.sections:
            for fig in sec.figures:
                found.setdefault(fig.key, fig.value)
        return found


def find_figure(sections: Iterable[Any], key: str) -> list[Any]:
    """Every figure ``key`` names among ``sections``, best match first.

    ``key`` is a figure's full key (``emploi.personnes_accompagnees``), optionally after its
    section's id (``emploi/personnes_accompagnees``); a key given without its plugin's prefix
    (``psp_personnes``, as before keys were namespaced) still names the one figure whose full
    key ends with it. More than one figure back means the key is ambiguous.
    """
    section, _, name = key.rpartition("/")
    figures = [f for s in sections if not section or s.id == section for f in s.figures]
    exact = [f for f in figures if f.key == name]
    return exact or [f for f in figures if f.key.endswith(f".{name}")]


class FigureSources(_View):
    """One page of the records that fed a figure."""

    key: str
    label: str
    total: int
    offset: int
    refs: tuple[str, ...]


def display(value: int | float) -> str:
    """French display of a number: spaces between thousands, a decimal comma (« 2 300,5 »)."""
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
    else:
        text = f"{int(value):,}"
    return text.replace(",", " ").replace(".", ",")


def make_figure(key: str, label: str, value: int | float, *, count: bool = True,
                sources: tuple[str, ...] = (), sources_total: int | None = None,
                parts: tuple[str, ...] = ()) -> FigureView:
    """A figure with its display text, keeping at most :data:`SOURCE_SAMPLE` references."""
    total = len(sources) if sources_total is None else sources_total
    return FigureView(key=key, label=label, value=value, display=display(value), count=count,
                      sources=tuple(sources[:SOURCE_SAMPLE]), sources_total=total, parts=parts)


def count_cells(report: ActivityReport) -> dict[Cell, int | float]:
    """The report's counts of people or records by (section, key); hours and drop-ins aside."""
    return {(sec.id, fig.key): fig.value for sec in report.sections for fig in sec.figures
            if fig.count and fig.value is not None}


def sums_of(report: ActivityReport) -> list[Sum]:
    """The sums that bind cells of the report: each total with its parts."""
    return [((sec.id, fig.key), frozenset((sec.id, part) for part in fig.parts))
            for sec in report.sections for fig in sec.figures if fig.parts]


def for_external(report: ActivityReport, before: Mapping[Span, ActivityReport] | None
                 ) -> ActivityReport:
    """The same report with secret cells hidden, and sources and monthly rows removed.

    ``before`` holds the same report over every whole period decided before it or with it
    (:func:`core.services.report_secrecy.decided_before`): its secret cells are decided after
    theirs (:func:`core.services.report_secrecy.year_secrets`). None: the period is not over,
    and no count of it is published yet (asked on two days, it would give a day's counts).
    """
    if before is None:
        secret = set(count_cells(report))
        notes = (*report.notes, M.REPORT_NOTE_EXTERNAL, M.REPORT_NOTE_EXTERNAL_RUNNING)
    else:
        counts = {span: count_cells(other) for span, other in before.items()}
        sums = {total_parts for other in before.values() for total_parts in sums_of(other)}
        secret = year_secrets(counts, sums)[(report.start, report.end)]
        notes = (*report.notes, M.REPORT_NOTE_EXTERNAL)
    sections = [sec.model_copy(update={"figures": tuple(
        _hidden(f) if (sec.id, f.key) in secret else _public(f) for f in sec.figures)})
        for sec in report.sections]
    return report.model_copy(update={"external": True, "sections": tuple(sections), "months": (),
                                     "notes": notes})


def _public(fig: FigureView) -> FigureView:
    return fig.model_copy(update={"sources": (), "sources_total": None})


def _hidden(fig: FigureView) -> FigureView:
    return fig.model_copy(update={"value": None, "display": M.REPORT_SECRET, "suppressed": "secret",
                                  "sources": (), "sources_total": None})
