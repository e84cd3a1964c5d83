"""Statistical secrecy of the external report (security.md RT-4): which periods, which cells.

A report leaving the association covers a whole calendar month, quarter or year, never an
arbitrary span: two spans a day apart would give that day's figures by difference. Nor does it
publish any count of a period still running (:func:`core.services.report_model.for_external`):
asked on two days, it would give a day's counts. Within a period that is over a count is
*secret* (published as « secret », with no value) when:

* it is below :data:`SMALL` (primary secrecy);
* it belongs to a sum (a total and its parts, :attr:`FigureView.parts`) one of whose other
  terms is secret: the whole sum goes, so no term can be rebuilt from the others;
* publishing it would let a reader work out a secret count, with every report of the year
  that ended before it or with it: a quarter is the sum of its months, the year the sum of
  its quarters (or of its months), and a total the sum of its parts
  (:func:`core.services.report_disclosure.determined`);
* the period's count less what its months (or quarters) publish, when one of them is
  secret, would say a secret one is below 5: a rest of 0 to 4 would be told by difference (0:
  each secret term is 0, counts never being negative), and so would a rest of 5 over two
  secret terms of a figure shown only once it is above 0 (a step reached: each is at least
  1, so at most 4). A figure absent from a report counts 0 there.

Periods are decided in the order they end, a month before the quarter and the year that end
with it, each with the decisions already taken: what one report publishes never changes when
later months come in, so two reports of one period asked months apart agree. The price: the
later, wider period is the one hidden (a year whose one month alone is secret keeps its total
secret). Every count is taken as a sum over time (a number of persons seen is not one, but
deny by default). Entries dated back into a period already over can still change its figures:
that is the one way left to a difference, and why a report tells the day it was made.

Every secret cell carries the same mark whatever the reason: a mark per reason (« < 5 »
beside « masqué ») tells the reader a hidden total is at least 5, which can pin a hidden part
down (a total of at least 5 with one visible part of 1 and a hidden part below 5 is 5).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping
from datetime import date

from dateutil.relativedelta import relativedelta

from core import messages as M
from core.errors import InputError
from core.services.report_disclosure import determined

SMALL = 5
"""Counts strictly below this are never published outside the association."""

Cell = tuple[str, str]
"""A figure in a report: (section id, figure key)."""
Span = tuple[date, date]
"""A whole period: its first and last days."""
Sum = tuple[Cell, frozenset[Cell]]
"""A total and its parts (:attr:`FigureView.parts`)."""
Counts = Mapping[Span, Mapping[Cell, int | float]]
"""Counts by period and cell."""


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


def year_periods(year: int) -> list[Span]:
    """The whole periods of a calendar year: its twelve months, four quarters and the year."""
    months = [(date(year, m, 1), date(year, m, 1) + relativedelta(months=1, days=-1))
              for m in range(1, 13)]
    quarters = [(months[i][0], months[i + 2][1]) for i in range(0, 12, 3)]
    return [*months, *quarters, (date(year, 1, 1), date(year, 12, 31))]


def decided_before(span: Span) -> list[Span]:
    """The whole periods of ``span``'s year decided before it or with it, in order: those
    ending before it, and the narrower ones ending with it (:func:`year_secrets` needs their
    counts, and no other)."""
    return [p for p in _in_order(year_periods(span[0].year))
            if (p[1], p[1] - p[0]) <= (span[1], span[1] - span[0])]


def _in_order(spans: Iterable[Span]) -> list[Span]:
    return sorted(spans, key=lambda p: (p[1], p[1] - p[0]))


def _terms(year: int) -> dict[Span, list[Span]]:
    """Each period that is a sum over time, with its terms: quarters, then the year."""
    periods = year_periods(year)
    months, quarters = periods[:12], periods[12:16]
    found = {quarter: months[3 * i:3 * i + 3] for i, quarter in enumerate(quarters)}
    found[periods[16]] = quarters
    return found


def year_secrets(counts: Counts, sums: Iterable[Sum]) -> dict[Span, set[Cell]]:
    """The count cells to hide in each whole period of ``counts`` (periods of one calendar
    year, each given with every period decided before it: :func:`decided_before`), given the
    sums that bind cells (a total and its parts). See the module's rules."""
    sums = list(sums)
    terms = _terms(min(counts)[0].year)
    decided: dict[Span, set[Cell]] = {}
    for span in _in_order(counts):
        cells = counts[span]
        decided[span] = hidden = {cell for cell, value in cells.items() if value < SMALL}
        while True:
            _whole_sums(hidden, cells, sums)
            exposed = _small_rests(span, counts, decided, terms) | \
                _given_away(span, counts, decided, terms, sums)
            if exposed <= hidden:
                break
            hidden |= exposed
    return decided


def _whole_sums(hidden: set[Cell], cells: Mapping[Cell, int | float], sums: list[Sum]) -> None:
    """A total with its parts hidden in part is hidden whole."""
    changed = True
    while changed:  # sums may share a cell
        changed = False
        for total, parts in sums:
            group = ({total} | parts) & cells.keys()
            if group & hidden and not group <= hidden:
                hidden |= group
                changed = True


def _splits(span: Span, terms: Mapping[Span, list[Span]]) -> Iterator[list[Span]]:
    """Every way to cut ``span`` into narrower whole periods: its terms, each kept or cut."""
    if span not in terms:
        return
    choices = [[[t], *_splits(t, terms)] for t in terms[span]]
    for picked in _product(choices):
        yield [p for part in picked for p in part]


def _product(choices: list[list[list[Span]]]) -> Iterator[list[list[Span]]]:
    if not choices:
        yield []
        return
    for first in choices[0]:
        for rest in _product(choices[1:]):
            yield [first, *rest]


def _small_rests(span: Span, counts: Counts, decided: Mapping[Span, set[Cell]],
                 terms: Mapping[Span, list[Span]]) -> set[Cell]:
    """Cells of ``span`` whose count less what a cut of it publishes would tell a hidden term
    below :data:`SMALL`, or leaves one hidden term alone (its value, by difference).

    A term absent from its report counts 0 (a step's figure shows only once reached: its
    absence says 0), and a hidden term at least 1 (it could be such a figure, absent at 0): the
    rest less 1 for each other hidden term is what one of them can be at most. A rest below 0
    only comes of a count of distinct persons, which no reader can add up.
    """
    exposed = set()
    for split in _splits(span, terms):
        for cell, value in counts[span].items():
            if cell in decided[span]:
                continue
            hidden = [p for p in split if cell in decided[p]]
            rest = value - sum(counts[p].get(cell, 0) for p in split if p not in hidden)
            if len(hidden) == 1 or hidden and 0 <= rest < SMALL + len(hidden) - 1:
                exposed.add(cell)
    return exposed


def _given_away(span: Span, counts: Counts, decided: Mapping[Span, set[Cell]],
                terms: Mapping[Span, list[Span]], sums: list[Sum]) -> set[Cell]:
    """Cells of ``span`` whose publishing lets the reports decided so far give a secret count
    exactly: those of each family of cells (bound by sums) where one is then determined."""
    exposed: set[Cell] = set()
    for family in _families(counts[span].keys(), sums):
        if family <= decided[span]:
            continue
        hidden = [(p, c) for p in decided for c in family if c in decided[p]]
        if not hidden:
            continue
        if determined(_relations(family, decided, terms, sums), hidden):
            exposed |= family
    return exposed


def _families(cells: Iterable[Cell], sums: list[Sum]) -> list[set[Cell]]:
    """The cells bound together by sums (a total with its parts, sums sharing a cell)."""
    families: list[set[Cell]] = [{cell} for cell in cells]
    for total, parts in sums:
        bound = {total} | parts
        joined = [f for f in families if f & bound]
        if len(joined) > 1:
            families = [f for f in families if not f & bound] + [set().union(*joined)]
    return families


def _relations(family: set[Cell], decided: Mapping[Span, set[Cell]],
               terms: Mapping[Span, list[Span]], sums: list[Sum]) -> list[dict[Hashable, int]]:
    """What a reader of the decided reports knows of ``family``: each total is the sum of its
    parts, each decided quarter or year the sum of its terms."""
    found: list[dict[Hashable, int]] = []
    for span in decided:
        for total, parts in sums:
            if total in family:
                found.append({(span, total): 1, **{(span, part): -1 for part in parts}})
    for whole, cut in terms.items():
        if whole in decided and all(p in decided for p in cut):
            for cell in family:
                found.append({(whole, cell): 1, **{(p, cell): -1 for p in cut}})
    return found
