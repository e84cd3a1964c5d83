"""Property: from every external report of a year together, no secret count has one value.

A count over a quarter is the sum of its months', over the year the sum of its quarters'
(numbers of visits; not numbers of persons seen, which a reader cannot add up). Each of the
seventeen whole periods may be asked for, so the reader of all of them knows each published
value and these sums, the total and parts of each report included. Until December 2026 each
report was decided against its enclosing periods only: January, February and the first
quarter gave March's small count by difference. A secret cell is *determined* when these
linear relations alone give its value: its unit vector lies in the span of the relations over
the secret cells (exact, with fractions). The bounds a reader also knows (a published count
is at least 5, none is negative) are searched by the two-report property beside this one.
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings

from core.services.report_secrecy import decided_before, year_secrets

from .test_secrecy_property import PARTS, PERIODS, SUM, SUMS, published, visits

ADDITIVE = (SUM, *PARTS)
"""Cells that add up over time (visits); the number of persons seen does not."""
MONTHS, QUARTERS, WHOLE = PERIODS[:12], PERIODS[12:16], PERIODS[16]
OVER_TIME = [*((q, MONTHS[3 * i:3 * i + 3]) for i, q in enumerate(QUARTERS)), (WHOLE, QUARTERS)]


def relations() -> list[dict[tuple, int]]:
    """Every linear relation the reader knows, as coefficients summing to zero."""
    found = [{(span, SUM): 1, (span, PARTS[0]): -1, (span, PARTS[1]): -1} for span in PERIODS]
    for whole, terms in OVER_TIME:
        for cell in ADDITIVE:
            found.append({(whole, cell): 1, **{(t, cell): -1 for t in terms}})
    return found


def determined(truth, shown) -> list[tuple]:
    """The secret cells whose value the published ones and the relations give exactly."""
    hidden = [(span, c) for span in PERIODS for c in ADDITIVE if shown[span][c] is None]
    index = {h: i for i, h in enumerate(hidden)}
    rows = [[Fraction(0)] * len(hidden) for _ in relations()]
    for row, relation in zip(rows, relations(), strict=True):
        for key, coefficient in relation.items():
            if key in index:
                row[index[key]] += coefficient
    basis = _echelon([r for r in rows if any(r)])
    found = []
    for target in hidden:
        vector = [Fraction(int(i == index[target])) for i in range(len(hidden))]
        for pivot, row in basis:
            if vector[pivot]:
                factor = vector[pivot]
                vector = [v - factor * r for v, r in zip(vector, row, strict=True)]
        if not any(vector):
            found.append(target)
    return found


def _echelon(rows: list[list[Fraction]]) -> list[tuple[int, list[Fraction]]]:
    """The rows reduced (each pivot 1, alone in its column), with their pivot columns."""
    basis: list[tuple[int, list[Fraction]]] = []
    for row in rows:
        for pivot, other in basis:
            if row[pivot]:
                factor = row[pivot]
                row = [v - factor * o for v, o in zip(row, other, strict=True)]
        lead = next((i for i, v in enumerate(row) if v), None)
        if lead is None:
            continue
        row = [v / row[lead] for v in row]
        basis = [(p, [v - o[lead] * r for v, r in zip(o, row, strict=True)]) for p, o in basis]
        basis.append((lead, row))
    return basis


def _year(monthly: list[int]) -> dict:
    counts = {span: {SUM: n} for span, n in zip(MONTHS, monthly, strict=True)}
    counts.update({q: {SUM: sum(monthly[3 * i:3 * i + 3])} for i, q in enumerate(QUARTERS)})
    counts[WHOLE] = {SUM: sum(monthly)}
    return counts


def _hidden(secret, spans) -> list:
    return [span for span in spans if SUM in secret[span]]


def test_january_february_and_the_quarter_do_not_give_march():
    # March's 3 visits are secret; January's and February's 10 and the quarter's 23 are not
    # small, nor a small number apart: decided report by report, all three were published.
    # January and February were published before March ended: the quarter is hidden.
    secret = year_secrets(_year([10, 10, 3, *[40] * 9]), [])
    assert _hidden(secret, MONTHS[:3]) == [MONTHS[2]]
    assert _hidden(secret, QUARTERS) == [QUARTERS[0]]
    assert SUM in secret[WHOLE]  # the year less the three quarters published would be March


def test_two_secret_months_leave_the_quarter_and_the_year_when_their_rest_is_not_small():
    secret = year_secrets(_year([10, 3, 4, *[40] * 9]), [])
    assert _hidden(secret, MONTHS[:3]) == MONTHS[1:3]
    assert _hidden(secret, QUARTERS) == [] and SUM not in secret[WHOLE]  # 7 is no small rest


def test_a_small_rest_hides_the_wider_period():
    # February and March together are 3 (each secret): the quarter less January would say so.
    secret = year_secrets(_year([10, 1, 2, *[40] * 9]), [])
    assert _hidden(secret, QUARTERS) == [QUARTERS[0]]


def test_a_rest_of_nothing_hides_the_wider_period():
    # No visit in February nor March (each secret): the quarter's 10 less January's 10 leaves
    # 0, and counts are never negative, so a published quarter would say both months are 0.
    secret = year_secrets(_year([10, 0, 0, *[40] * 9]), [])
    assert _hidden(secret, MONTHS[:3]) == MONTHS[1:3]
    assert _hidden(secret, QUARTERS) == [QUARTERS[0]] and SUM in secret[WHOLE]


STEP = ("asile", "asile.etape.sejour_victime.carte_l425_1")
"""A step reached: its figure shows only once reached, so its absence says 0."""


def _steps(monthly: list[int]) -> dict:
    counts = {span: ({STEP: n} if n else {}) for span, n in zip(MONTHS, monthly, strict=True)}
    for i, q in enumerate(QUARTERS):
        counts[q] = {STEP: n} if (n := sum(monthly[3 * i:3 * i + 3])) else {}
    counts[WHOLE] = {STEP: sum(monthly)}
    return counts


def test_a_step_absent_from_a_quarter_counts_zero_in_the_year():
    # One card in January, one in April, none from July to September (no figure: 0), 15 in
    # the last quarter: a published year of 17 less 15 leaves 2 for two secret quarters, each
    # at least 1 since it shows: both were 1.
    secret = year_secrets(_steps([1, 0, 0, 1, 0, 0, 0, 0, 0, 5, 5, 5]), [])
    assert STEP in secret[QUARTERS[0]] and STEP in secret[QUARTERS[1]]
    assert STEP in secret[WHOLE]


def test_two_secret_steps_a_rest_of_five_apart_hide_the_quarter():
    # May's 1 and June's 4 are secret; a published quarter of 5 (April: no figure) would say
    # both are 1 to 4, each being at least 1 since it shows.
    secret = year_secrets(_steps([10, 10, 10, 0, 1, 4, *[40] * 6]), [])
    assert STEP in secret[QUARTERS[1]]


@settings(max_examples=100, deadline=None)
@given(drawn=visits, later=visits)
def test_a_period_once_over_is_decided_the_same_whatever_comes_after(drawn, later):
    # Decided with the whole year, a quarter over in April depended on May's visits: asked in
    # April and again in June, its reports gave March's count by difference.
    truth, _ = published(drawn)
    again, _ = published(drawn + [(day + 60, person, n) for day, person, n in later
                                  if day + 60 <= 364])
    for span in PERIODS:
        before = decided_before(span)
        if any(truth[p] != again[p] for p in before):
            continue  # data inside the period or before it changed: another question
        assert year_secrets({p: truth[p] for p in before}, SUMS)[span] == \
            year_secrets(again, SUMS)[span]


@settings(max_examples=200, deadline=None)
@given(drawn=visits)
def test_no_secret_cell_of_the_whole_year_of_reports_is_determined(drawn):
    truth, shown = published(drawn)
    assert determined(truth, shown) == []


def test_the_check_finds_what_report_by_report_secrecy_left():
    # The check itself: March alone hidden beside a published quarter is determined.
    truth = {span: {SUM: 50, PARTS[0]: 30, PARTS[1]: 20} for span in PERIODS}
    shown = {span: dict(cells) for span, cells in truth.items()}
    shown[MONTHS[2]] = {SUM: None, PARTS[0]: None, PARTS[1]: None}
    assert (MONTHS[2], SUM) in determined(truth, shown)
