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
  terms is secret: the whole sum goes, so no term can be rebuilt from the others.

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


def secret_cells(counts: Mapping[Cell, int | float], wider: Iterable[Mapping[Cell, int | float]],
                 sums: Iterable[frozenset[Cell]]) -> set[Cell]:
    """The count cells to hide, given this period's counts, the same counts over the enclosing
    periods, and the groups of cells bound by a sum (a total with its parts)."""
    secret = {cell for cell, value in counts.items() if value < SMALL}
    for other in wider:
        secret |= {cell for cell, value in counts.items()
                   if cell in other and 0 < other[cell] - value < SMALL}
    groups = [group & counts.keys() for group in sums]
    changed = True
    while changed:  # a group hidden in part is hidden whole; groups may share a cell
        changed = False
        for group in groups:
            if group & secret and not group <= secret:
                secret |= group
                changed = True
    return secret
