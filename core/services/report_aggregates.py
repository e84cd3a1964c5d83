"""The monthly report aggregates: kept in each write's transaction, rebuilt on demand, read back.

``report_aggregates`` (migration 0009) holds one row per delegation, month (``YYYY-MM``, UTC)
and additive figure of the activity report:

* ``dropins``, ``volunteer_hours``, ``volunteer_rows`` (by the drop-in's day);
* ``visits_identified``, ``visits_anonymous`` (summed counts), ``anonymous_rows`` (by the
  drop-in's day);
* ``persons_new`` (by the person's first visit);
* ``transition:<definition>:<trigger>:<step reached>`` (by the event's ``occurred_at``, in
  the delegation of the track's person): what the plugins' event counts and steps reached
  add up.

Every write that changes one of them calls :func:`add` (or, after bulk work,
:func:`rebuild` for the delegations written) inside its own transaction, so a report read
after the commit sees exactly the rows committed. Counts of *distinct* persons or volunteers
cannot be added month by month; the report counts them in SQL from their own tables.

:func:`rebuild` recomputes every row from drop-ins, visits, persons and events with the same
SQL as migration 0009. Nothing here names a person, and erasing one changes none of these
rows (its visits, first visit and transition events stay, see :mod:`core.services.erasure`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, delete, func, select, text
from sqlalchemy.orm import Session

from core.persistence.models import Person, ReportAggregate
from core.persistence.prepared import Fixed, Write

ADDITIVE = ("dropins", "volunteer_hours", "volunteer_rows", "visits_identified",
            "visits_anonymous", "anonymous_rows", "persons_new")
"""The core figures kept per month (transition counts come on top)."""
TRANSITION = "transition"

Delta = dict[tuple[int, str, str], Decimal | int]
"""(delegation id, month, figure) -> amount to add."""


def month_of(day: date) -> str:
    """``YYYY-MM`` of a day (a UTC timestamp: its UTC day)."""
    if isinstance(day, datetime):
        day = day.astimezone(UTC).date()
    return f"{day.year:04d}-{day.month:02d}"


def transition_figure(definition: str, trigger: str | None, step: str | None) -> str:
    """The figure counting transition events of ``definition`` by trigger and step reached."""
    return f"{TRANSITION}:{definition}:{trigger or ''}:{step or ''}"


def parse_transition(figure: str) -> tuple[str, str | None, str | None] | None:
    """(definition, trigger, step) of a transition figure, None for another figure."""
    kind, _, rest = figure.partition(":")
    if kind != TRANSITION:
        return None
    definition, trigger, step = rest.split(":", 2)
    return definition, trigger or None, step or None


def add(session: Session, delta: Mapping[tuple[int, str, str], Decimal | int]) -> None:
    """Add ``delta`` to the aggregate rows, creating those missing (one upsert statement)."""
    rows = [{"delegation_id": d, "month": m, "figure": f, "value": Decimal(v)}
            for (d, m, f), v in delta.items() if v]
    if not rows:
        return
    connection = session.connection()  # Core: the statement has no ORM entity
    upsert = _upsert(connection.dialect.name)
    if len(rows) <= FEW and connection.dialect.name == "sqlite":
        for row in rows:  # a command's few figures, in process: each at the driver's cost
            upsert.run(connection, row)
    else:
        connection.execute(upsert.statement, rows)


FEW = 4
"""Rows up to which :func:`add` runs the prepared upsert once per row on SQLite rather than one
``executemany`` through SQLAlchemy, which costs more than a few runs (an anonymous visit
counts two figures, a new drop-in three: measured, the count added 9–17 % to the visit). Not
on PostgreSQL, where each run is a round trip and psycopg sends an ``executemany`` in one
pipeline (per row there, one full run: +15–18 %; the full run before, with executemany: −8 to +9 %)."""


_UPSERTS: dict[str, Fixed] = {}
_ANONYMOUS: dict[str, Fixed] = {}
"""Per back-end, the upsert of an anonymous visit's two figures (see :func:`upserts`)."""
_COLUMNS = ("delegation_id", "month", "figure", "value")


def upserts() -> set[Fixed]:
    """Every fixed statement that writes aggregate rows (what a benchmark leaves out to
    measure the write without them)."""
    return {*_UPSERTS.values(), *_ANONYMOUS.values()}


def _upsert(dialect: str) -> Fixed:
    """``INSERT ... ON CONFLICT DO UPDATE SET value = value + excluded.value``, built once per
    back-end (building it costs more than running it)."""
    if dialect not in _UPSERTS:
        _UPSERTS[dialect] = Fixed(_adding(dialect, {n: _typed(n) for n in _COLUMNS}), _COLUMNS)
    return _UPSERTS[dialect]


def _anonymous_upsert(dialect: str) -> Fixed:
    """The upsert of ``visits_anonymous`` (``:anonymous``) and ``anonymous_rows`` (one) for
    one delegation and month, as one statement of two rows."""
    if dialect not in _ANONYMOUS:
        where = {"delegation_id": _typed("delegation_id"), "month": _typed("month")}
        _ANONYMOUS[dialect] = Fixed(_adding(dialect, [
            {**where, "figure": "visits_anonymous", "value": _typed("value", "anonymous")},
            {**where, "figure": "anonymous_rows", "value": Decimal(1)}]),
            ("delegation_id", "month", "anonymous"))
    return _ANONYMOUS[dialect]


def _typed(column: str, name: str | None = None) -> Any:
    return bindparam(name or column, type_=ReportAggregate.__table__.c[column].type)


def _adding(dialect: str, values: Any) -> Any:
    """``INSERT … VALUES`` of ``values`` (one row or a list of rows) that adds to the rows
    already there (``ON CONFLICT DO UPDATE SET value = value + excluded.value``)."""
    table = ReportAggregate.__table__
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    statement = insert(table).values(values)
    return statement.on_conflict_do_update(
        index_elements=["delegation_id", "month", "figure"],
        set_={"value": table.c.value + statement.excluded.value})


def transition_write(session: Session, delegation_id: int, definition: str,
                     trigger: str | None, step: str | None, occurred_at: datetime) -> Write:
    """Count one transition event: the upsert, to run with the event's other writes (the
    write path of ``advance``: :func:`core.persistence.prepared.run_writes`)."""
    return Write(_upsert(session.connection().dialect.name), {
        "delegation_id": delegation_id, "month": month_of(occurred_at),
        "figure": transition_figure(definition, trigger, step), "value": Decimal(1)})


def add_visit(session: Session, delegation_id: int, day: date) -> None:
    """Count a known person's visit at a drop-in of ``day``."""
    add(session, {(delegation_id, month_of(day), "visits_identified"): 1})


def anonymous_write(session: Session, delegation_id: int, day: date, count: int) -> Write:
    """Count ``count`` anonymous visitors at a drop-in of ``day`` (both figures, one upsert):
    to run with the visit's own insert (:func:`core.persistence.prepared.run_writes`), which
    makes them one statement on PostgreSQL."""
    dialect = session.connection().dialect.name
    return Write(_anonymous_upsert(dialect), {"delegation_id": delegation_id,
                                              "month": month_of(day),
                                              "anonymous": Decimal(count)})


def add_first_visit(session: Session, delegation_id: int, day: date) -> None:
    """Count a person whose first visit was just set to ``day``."""
    add(session, {(delegation_id, month_of(day), "persons_new"): 1})


def move_first_visit(session: Session, delegation_id: int, was: date | None, day: date) -> None:
    """Count a person whose first visit moves from ``was`` (None: unknown) to ``day``."""
    delta: Delta = {(delegation_id, month_of(day), "persons_new"): 1}
    if was is not None:
        old = (delegation_id, month_of(was), "persons_new")
        delta[old] = delta.get(old, 0) - 1
    add(session, delta)


def add_dropin(session: Session, delegation_id: int, day: date,
               hours: Iterable[Decimal]) -> None:
    """Count a new drop-in and the hours of the volunteers recorded with it."""
    given = list(hours)
    month = month_of(day)
    add(session, {(delegation_id, month, "dropins"): 1,
                  (delegation_id, month, "volunteer_rows"): len(given),
                  (delegation_id, month, "volunteer_hours"): sum(given, Decimal(0))})


def _month(column: str, dialect: str, stamp: bool = False) -> str:
    if dialect == "postgresql":
        return (f"to_char(timezone('UTC', {column}), 'YYYY-MM')" if stamp
                else f"to_char({column}, 'YYYY-MM')")
    return f"substr({column}, 1, 7)"


def fill_sql(dialect: str) -> str:
    """One delegation's aggregate rows (``:delegation``), recomputed from drop-ins, visits,
    persons and events: the SQL of migration 0009, one delegation at a time."""
    return ("INSERT INTO report_aggregates (delegation_id, month, figure, value)"
            + figures_sql(dialect))


def figures_sql(dialect: str) -> str:
    """The SELECT of :func:`fill_sql`: (delegation_id, month, figure, value) as the rows of
    one delegation (``:delegation``) should be."""
    day = _month("d.day", dialect)
    dropin = "d.delegation_id = :delegation"
    return f"""
SELECT delegation_id, month, figure, SUM(value) FROM (
  SELECT d.delegation_id AS delegation_id, {day} AS month, 'dropins' AS figure,
         CAST(1 AS NUMERIC(16, 2)) AS value FROM dropins d WHERE {dropin}
  UNION ALL SELECT d.delegation_id, {day}, 'volunteer_hours', v.hours
    FROM dropin_volunteers v JOIN dropins d ON d.id = v.dropin_id WHERE {dropin}
  UNION ALL SELECT d.delegation_id, {day}, 'volunteer_rows', 1
    FROM dropin_volunteers v JOIN dropins d ON d.id = v.dropin_id WHERE {dropin}
  UNION ALL SELECT d.delegation_id, {day},
         CASE WHEN v.person_id IS NULL THEN 'visits_anonymous' ELSE 'visits_identified' END,
         v.count FROM visits v JOIN dropins d ON d.id = v.dropin_id WHERE {dropin}
  UNION ALL SELECT d.delegation_id, {day}, 'anonymous_rows', 1
    FROM visits v JOIN dropins d ON d.id = v.dropin_id
    WHERE {dropin} AND v.person_id IS NULL
  UNION ALL SELECT p.delegation_id, {_month("p.first_visit", dialect)}, 'persons_new', 1
    FROM persons p WHERE p.delegation_id = :delegation AND p.first_visit IS NOT NULL
  UNION ALL SELECT p.delegation_id, {_month("e.occurred_at", dialect, stamp=True)},
         'transition:' || t.definition_id || ':' || COALESCE(e.trigger, '') || ':'
         || COALESCE(e.to_step, ''), 1
    FROM persons p JOIN tracks t ON t.person_id = p.id JOIN events e ON e.track_id = t.id
    WHERE p.delegation_id = :delegation AND e.kind = 'transition'
) AS figures GROUP BY delegation_id, month, figure"""


def rebuild(session: Session, delegations: Iterable[int] | None = None,
            progress: Callable[[int, int], None] | None = None) -> int:
    """Recompute the aggregate rows (of ``delegations``, or all) from the rows they count.

    Deletes the rows concerned, then inserts them again, one delegation at a time (``progress``
    gets (done, total) after each). Returns how many rows were written.
    """
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        # One rebuild at a time, after the writes in flight that add to these rows and before
        # those that come next (SQLite runs one writer at a time): a second rebuild deleted
        # only the rows it saw, not those the first was writing, then wrote them again and
        # was refused as a duplicate; a write's first row of a month likewise.
        session.execute(text("LOCK TABLE report_aggregates IN SHARE ROW EXCLUSIVE MODE"))
    if delegations is None:
        from core.persistence.access_models import Delegation
        chosen = list(session.scalars(select(Delegation.id).order_by(Delegation.id)))
    else:
        chosen = sorted(set(delegations))
    fill = text(fill_sql(dialect))
    for done, delegation in enumerate(chosen, 1):
        session.execute(delete(ReportAggregate).where(
            ReportAggregate.delegation_id == delegation))
        session.execute(fill, {"delegation": delegation})
        if progress is not None:
            progress(done, len(chosen))
    counted = select(func.count()).select_from(ReportAggregate)
    if delegations is not None:
        counted = counted.where(ReportAggregate.delegation_id.in_(chosen))
    return session.scalar(counted) or 0


def differences(session: Session, delegation: int) -> int:
    """How many (month, figure) of ``delegation`` hold another value than its rows give
    (a row missing on either side counts as zero): what a rebuild would change."""
    stored = _amounts(session.execute(
        select(ReportAggregate.month, ReportAggregate.figure, ReportAggregate.value)
        .where(ReportAggregate.delegation_id == delegation)))
    computed = _amounts((m, f, v) for _, m, f, v in session.execute(
        text(figures_sql(session.get_bind().dialect.name)), {"delegation": delegation}))
    zero = Decimal(0)
    return sum(stored.get(key, zero) != computed.get(key, zero)
               for key in stored.keys() | computed.keys())


def _amounts(rows: Iterable[Any]) -> dict[tuple[str, str], Decimal]:
    # Both sides to the cent: a NUMERIC sum comes back as float or int on SQLite.
    cent = Decimal("0.01")
    return {(month, figure): Decimal(str(value or 0)).quantize(cent)
            for month, figure, value in rows}


def delegation_of(session: Session, person_id: int) -> int:
    """The delegation of a person (for a write path that has only her number)."""
    return session.scalar(select(Person.delegation_id).where(Person.id == person_id)) or 0


def totals(session: Session, first: str, last: str,
           delegations: tuple[int, ...] | None) -> tuple[dict[str, Decimal], dict[str, dict[str, Decimal]]]:
    """The figures summed over months ``first``..``last`` (``YYYY-MM``, included), and the
    core figures month by month, in these delegations (None: all)."""
    query = select(ReportAggregate.month, ReportAggregate.figure,
                   func.sum(ReportAggregate.value)).where(
        ReportAggregate.month.between(first, last)).group_by(
        ReportAggregate.month, ReportAggregate.figure)
    if delegations is not None:
        query = query.where(ReportAggregate.delegation_id.in_(delegations))
    total: dict[str, Decimal] = {}
    months: dict[str, dict[str, Decimal]] = {}
    for month, figure, value in session.execute(query):
        amount = Decimal(value or 0)
        total[figure] = total.get(figure, Decimal(0)) + amount
        if figure in ADDITIVE:
            months.setdefault(month, {})[figure] = amount
    return total, months


def as_count(value: Any) -> int:
    """An aggregate value as the integer count it is."""
    return int(value or 0)
