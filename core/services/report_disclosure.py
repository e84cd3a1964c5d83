"""Which hidden counts a reader works out exactly from the published ones and their sums.

The reader of external reports knows every published count and linear relations between
counts (a total is the sum of its parts, a quarter the sum of its months). Substituting what
is published leaves relations between hidden counts only; a hidden count is *determined* when
these relations alone give it, that is when its unit vector lies in their span. Worked out
exactly, with fractions, on the reduced row echelon form: a count is determined when its
column is a pivot whose row has no other term.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from fractions import Fraction


def determined(relations: Iterable[Mapping[Hashable, int]],
               hidden: Iterable[Hashable]) -> set[Hashable]:
    """The hidden counts the relations give (each relation: coefficients summing to zero over
    counts, published ones included, which are dropped as known)."""
    columns = {v: i for i, v in enumerate(dict.fromkeys(hidden))}
    rows = []
    for relation in relations:
        row = {columns[v]: Fraction(c) for v, c in relation.items() if v in columns and c}
        if row:
            rows.append(row)
    names = {i: v for v, i in columns.items()}
    return {names[pivot] for pivot, row in _reduced(rows).items() if len(row) == 1}


def _reduced(rows: list[dict[int, Fraction]]) -> dict[int, dict[int, Fraction]]:
    """The rows in reduced row echelon form, by pivot column (sparse: column → value)."""
    basis: dict[int, dict[int, Fraction]] = {}
    for row in rows:
        for pivot in [c for c in row if c in basis]:
            if pivot in row:
                _subtract(row, basis[pivot], row[pivot])
        if not row:
            continue
        lead = min(row)
        scale = row[lead]
        row = {c: v / scale for c, v in row.items()}
        for other in basis.values():
            if lead in other:
                _subtract(other, row, other[lead])
        basis[lead] = row
    return basis


def _subtract(row: dict[int, Fraction], other: dict[int, Fraction], factor: Fraction) -> None:
    """``row -= factor * other``, dropping the terms that cancel."""
    for column, value in other.items():
        left = row.get(column, Fraction(0)) - factor * value
        if left:
            row[column] = left
        else:
            row.pop(column, None)
