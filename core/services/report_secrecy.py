"""Statistical secrecy of the external report (security.md RT-4): which periods, which cells.

A report leaving the association covers a whole calendar month, quarter or year, never an
arbitrary span: two spans a day apart would give that day's figures by difference. Within
such a period a count is *secret* (published as « secret », with no value) when:

* it is below :data:`SMALL` (primary secrecy);
* the same count over an enclosing whole period (the quarter, the year) exceeds it by 1 to 4:
  publishing both would give a small count for the rest of that period by difference (the
  smaller period's cell is the one hidden, so the decision depends on the data only, never on
  which reports were asked for first);
* it belongs to a sum (a total and its parts, :attr:`FigureView.parts`) one of whose other
  terms is secret: the whole sum goes, so no term can be rebuilt from the others;
* a count over a quarter is the sum of its months', a count over the year the sum of its
  quarters': where only one term of such a sum over time (the whole included) would be
  secret, the smallest other month (or quarter) is hidden too, else the whole. Otherwise the
  months of January and February and the first quarter, three reports anyone may ask for,
  gave March's small count by difference. Every count is taken as such a sum (a number of
  persons seen is not one, but deny by default), so a period's secret cells are decided with
  the whole calendar year's (:func:`year_secrets`), from the data only.

Every secret cell carries the same mark whatever the reason: a mark per reason (« < 5 »
beside « masqué ») tells the reader a hidden total is at least 5, which can pin a hidden part
down (a total of at least 5 with one visible part of 1 and a hidden part below 5 is 5).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from dateutil.relativedelta import relativedelta

from core import messages as M
from core.errors import InputError

SMALL = 5
"""Counts strictly below this are never published outside the association."""

Cell = tuple[str, str]
"""A figure in a report: (section id, figure key)."""
Span = tuple[date, date]
"""A whole period: its first and last days."""


def whole_period(start: date, end: date) -> str:
    """``mois``, ``trimestre`` or ``annee`` when ``start``..``end`` is exactly one of them.

    Raises:
        InputError: any other span, with an example of what is accepted.
    """
    if start.day == 1 and end == start + relativedelta(months=1, days=-1):
        return "mois"
    if start.day == 1 and start.month % 3 == 1 and end == start + relativedelta(months=3, days=-1):
        return "trimestre"
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return "annee"
    raise InputError(M.REPORT_EXTERNAL_WHOLE_PERIOD.format(year=start.year))


def enclosing(start: date, end: date) -> list[tuple[date, date]]:
    """The whole periods strictly larger than ``start``..``end`` that contain it."""
    kind = whole_period(start, end)
    year = (date(start.year, 1, 1), date(start.year, 12, 31))
    quarter_start = date(start.year, 3 * ((start.month - 1) // 3) + 1, 1)
    quarter = (quarter_start, quarter_start + relativedelta(months=3, days=-1))
    return {"mois": [quarter, year], "trimestre": [year], "annee": []}[kind]


def year_periods(year: int) -> list[Span]:
    """The whole periods of a calendar year: its twelve months, four quarters and the year."""
    months = [(date(year, m, 1), date(year, m, 1) + relativedelta(months=1, days=-1))
              for m in range(1, 13)]
    quarters = [(months[i][0], months[i + 2][1]) for i in range(0, 12, 3)]
    return [*months, *quarters, (date(year, 1, 1), date(year, 12, 31))]


def _over_time(year: int) -> list[tuple[Span, list[Span]]]:
    """Each period that is the sum of others over time, with them: quarters, then the year."""
    periods = year_periods(year)
    months, quarters, whole = periods[:12], periods[12:16], periods[16]
    return [*((quarter, months[3 * i:3 * i + 3]) for i, quarter in enumerate(quarters)),
            (whole, quarters)]


def year_secrets(counts: Mapping[Span, Mapping[Cell, int | float]],
                 sums: Iterable[frozenset[Cell]]) -> dict[Span, set[Cell]]:
    """The count cells to hide in each whole period of one calendar year, given the same
    counts over every one of them (:func:`year_periods`) and the groups of cells bound by a
    sum (a total with its parts). See the module's rules."""
    year = min(counts)[0].year
    secret = {span: _primary(cells, [counts[w] for w in enclosing(*span)])
              for span, cells in counts.items()}
    groups = list(sums)
    changed = True
    while changed:  # hiding a cell may leave another sum with one hidden term: until none
        changed = _whole_sums(counts, secret, groups)
        changed = _over_time_pairs(counts, secret, year) or changed
    return secret


def _primary(cells: Mapping[Cell, int | float], wider: list[Mapping[Cell, int | float]]) -> set[Cell]:
    """Small counts, and counts a small number below the same over an enclosing period."""
    hidden = {cell for cell, value in cells.items() if value < SMALL}
    for other in wider:
        hidden |= {cell for cell, value in cells.items()
                   if cell in other and 0 < other[cell] - value < SMALL}
    return hidden


def _whole_sums(counts: Mapping[Span, Mapping[Cell, int | float]], secret: dict[Span, set[Cell]],
                groups: list[frozenset[Cell]]) -> bool:
    """A total with its parts hidden in part is hidden whole, in every period."""
    changed = False
    for span, cells in counts.items():
        for group in groups:
            group = group & cells.keys()
            if group & secret[span] and not group <= secret[span]:
                secret[span] |= group
                changed = True
    return changed


def _over_time_pairs(counts: Mapping[Span, Mapping[Cell, int | float]],
                     secret: dict[Span, set[Cell]], year: int) -> bool:
    """A sum over time (a quarter and its months, the year and its quarters) never has one
    hidden term alone: the smallest other term is hidden with it (the earliest of equal
    ones), else the whole."""
    changed = False
    for whole, terms in _over_time(year):
        for cell in counts[whole]:
            members = [whole, *terms]
            hidden = [span for span in members if cell in secret[span]]
            if len(hidden) != 1:
                continue
            shown = [span for span in terms if cell not in secret[span] and cell in counts[span]]
            partner = min(shown, key=lambda span: (counts[span][cell], span)) if shown else whole
            if partner == hidden[0]:  # the whole alone hidden with no term shown: none left
                continue
            secret[partner].add(cell)
            changed = True
    return changed
