"""Arms found from a referent's persons that walk the same rows read them once.

One referent's queue (:attr:`review_context.Context.from_persons`) finds her deadlines'
items in three arms (overdue, due soon high and medium) and her tracks' in three (stalled,
waiting too long high and medium). Each arm probed her persons' open deadlines or tracks
again: at 100,000 persons the busiest referent has 376 persons, and an arm with no row at
all cost 0.7 ms. The arms built on one walk (:attr:`review_items.Arm.source`: its rows and
the conditions they share) are rewritten onto one common table expression of those rows,
which SQLite materialises once for the statement (it is used more than once); each arm keeps
its own conditions (its window, its thresholds), now on the expression's columns.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import Column, Table, select
from sqlalchemy.sql import visitors
from sqlalchemy.sql.selectable import LABEL_STYLE_TABLENAME_PLUS_COL, Join
from sqlalchemy.sql.util import ClauseAdapter

from core.persistence.models import Deadline, Person, Track

WALKED = (Person.__table__, Deadline.__table__, Track.__table__)
"""The tables a shared walk reads (what its arms' columns are rewritten from)."""


def shared(arms: list[Any]) -> list[Any]:
    """``arms``, those sharing a walk rewritten onto one expression of its rows."""
    groups: dict[int, list[int]] = {}
    for place, arm in enumerate(arms):
        if arm.source is not None:
            groups.setdefault(id(arm.source), []).append(place)
    found = list(arms)
    for number, places in enumerate(groups.values()):
        if len(places) < 2:
            continue  # read once anyway
        rows = _rows(f"walk_{number}", [arms[p] for p in places])
        adapter = ClauseAdapter(rows)
        for place in places:
            found[place] = _onto(arms[place], adapter)
    return found


def _rows(name: str, arms: list[Any]) -> Any:
    """The walk's rows with every column its arms read, under the conditions they share."""
    start, common = arms[0].source
    columns: dict[tuple[str, str], Any] = {}
    for arm in arms:
        for part in (arm.query, arm.key, arm.at, arm.sub, arm.ref, *arm.order):
            for element in visitors.iterate(_element(part)):
                if isinstance(element, Column):
                    table = next((t for t in WALKED if element.table is t), None)
                    if table is not None:
                        columns[(table.name, element.key)] = table.c[element.key]
    return select(*columns.values()).select_from(start).where(*common) \
        .set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL).cte(name)


def _onto(arm: Any, adapter: ClauseAdapter) -> Any:
    """``arm`` reading the walk's rows: its query, key, order and cursor columns rewritten.

    Raises:
        RuntimeError: a column of the arm's is not among the walk's (it would have joined
            its table again, every row of it against every row of the walk).
    """
    def onto(part: Any) -> Any:
        return adapter.traverse(_element(part))

    seek = arm.seek
    moved = replace(arm, query=adapter.traverse(arm.query), key=onto(arm.key), at=onto(arm.at),
                    sub=onto(arm.sub), ref=onto(arm.ref),
                    order=tuple(onto(c) for c in arm.order),
                    seek=(lambda ctx: onto(seek(ctx))) if seek else None, source=None)
    named = _tables(moved.query.get_final_froms()) + [
        t for part in (moved.key, moved.at, moved.sub, moved.ref, *moved.order)
        for t in part._from_objects]
    left = sorted({t.name for t in named if any(t is w for w in WALKED)})
    if left:
        raise RuntimeError(f"a shared walk left {left} in an arm")
    return moved


def _tables(froms: Any) -> list[Any]:
    """The tables a FROM list names itself (through its joins, not inside subqueries)."""
    found = []
    for item in froms:
        if isinstance(item, Join):
            found += _tables((item.left, item.right))
        elif isinstance(item, Table):
            found.append(item)
    return found


def _element(part: Any) -> Any:
    """``part`` as a SQL element: an ORM attribute (``Track.id``) is none until coerced, and
    left as it is it would have named its table again, every row of it against the walk's."""
    coerce = getattr(part, "__clause_element__", None)
    return coerce() if coerce is not None else part
