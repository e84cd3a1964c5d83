"""Property: from any two external reports of whole periods, no secret count can be rebuilt.

A year of drop-in activity is drawn at random (identified visits of persons, anonymous
visits); every whole month, quarter and year is published as :mod:`core.services.report_secrecy`
decides. The reader of two reports knows every published value, that a total is the sum of
its parts, that a count over a period is never above the same count over a period containing
it, and that a published count is at least 5. A secret cell is *recoverable* when these leave
it one possible value: we look for a second one, moving the secret cells of both reports by
at most one (enough, since each secret cell has a published neighbour at 5 or more, or none).
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from core.services.report_secrecy import SMALL, year_periods, year_secrets

YEAR = 2026
SUM = ("a", "passages")
PARTS = (("a", "identifies"), ("a", "anonymes"))
SEEN = ("p", "personnes_vues")
SUMS = [(SUM, frozenset(PARTS))]


def periods() -> list[tuple[date, date]]:
    months = [(date(YEAR, m, 1), date(YEAR, m, 1) + relativedelta(months=1, days=-1))
              for m in range(1, 13)]
    quarters = [(date(YEAR, m, 1), date(YEAR, m, 1) + relativedelta(months=3, days=-1))
                for m in (1, 4, 7, 10)]
    return [*months, *quarters, (date(YEAR, 1, 1), date(YEAR, 12, 31))]


PERIODS = periods()
assert PERIODS == year_periods(YEAR)  # drawn independently of the module under test

visits = st.lists(st.tuples(st.integers(0, 364), st.integers(0, 12), st.integers(0, 3)),
                  max_size=60)
"""(day of the year, person, anonymous visits that day) triples."""


def counts(drawn, span) -> dict[tuple[str, str], int]:
    start = date(YEAR, 1, 1)
    inside = [(p, anon) for day, p, anon in drawn
              if span[0] <= start + timedelta(days=day) <= span[1]]
    identified, anonymous = len(inside), sum(anon for _, anon in inside)
    return {SUM: identified + anonymous, PARTS[0]: identified, PARTS[1]: anonymous,
            SEEN: len({p for p, _ in inside})}


def published(drawn) -> dict[tuple[date, date], dict[tuple[str, str], int | None]]:
    truth = {span: counts(drawn, span) for span in PERIODS}
    secret = year_secrets(truth, SUMS)
    shown = {span: {c: (None if c in secret[span] else v) for c, v in truth[span].items()}
             for span in PERIODS}
    return truth, shown


def nested(inner, outer) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1] and inner != outer


def consistent(values, first, second, shown) -> bool:
    """Whether a full assignment of both reports agrees with all the reader knows."""
    for span in {first, second}:
        v = values[span]
        if min(v.values()) < 0 or v[SUM] != v[PARTS[0]] + v[PARTS[1]]:
            return False
        if any(x is not None and (v[c] != x or x < SMALL) for c, x in shown[span].items()):
            return False
    for inner, outer in ((first, second), (second, first)):
        if nested(inner, outer) and any(values[inner][c] > values[outer][c] for c in values[inner]):
            return False
    return True


FAMILIES = (frozenset({SUM, *PARTS}), frozenset({SEEN}))
"""Cells bound by some constraint; two families share none, so each is searched alone."""


def recoverable(truth, shown, first, second) -> list[tuple]:
    """The secret cells of these two reports that only one value fits."""
    spans = (first,) if first == second else (first, second)
    hidden = [(span, c) for span in spans for c, x in shown[span].items() if x is None]
    found = []
    for target in hidden:
        family = next(f for f in FAMILIES if target[1] in f)
        others = [h for h in hidden if h != target and h[1] in family]
        alternative = False
        for moves in itertools.product((-1, 0, 1), repeat=len(others)):
            for step in (-1, 1):
                values = {s: dict(truth[s]) for s in (first, second)}
                values[target[0]][target[1]] += step
                for (span, cell), move in zip(others, moves, strict=True):
                    values[span][cell] += move
                if consistent(values, first, second, shown):
                    alternative = True
                    break
            if alternative:
                break
        if not alternative:
            found.append(target)
    return found


PAIRS = [(p, p) for p in PERIODS] + [pair for pair in itertools.permutations(PERIODS, 2)
                                     if nested(*pair)] + [(PERIODS[0], PERIODS[1]),
                                                          (PERIODS[12], PERIODS[13])]
"""One report alone, a period with one around it, and two side by side."""


@settings(max_examples=300, deadline=None)
@given(drawn=visits, pair=st.sampled_from(PAIRS))
def test_no_secret_cell_of_two_reports_has_a_single_possible_value(drawn, pair):
    first, second = pair
    truth, shown = published(drawn)
    assert recoverable(truth, shown, first, second) == []


@settings(max_examples=60, deadline=None)
@given(drawn=visits)
def test_published_counts_of_nested_periods_never_differ_by_less_than_five(drawn):
    _, shown = published(drawn)
    for inner, outer in itertools.permutations(PERIODS, 2):
        if nested(inner, outer):
            for cell, value in shown[inner].items():
                other = shown[outer][cell]
                assert value is None or other is None or other == value or other - value >= SMALL
