"""Deadlines as caseworkers read them: due date, rule, legal source and "why this date".

The state of each deadline (overdue, due soon, upcoming, suspended) is evaluated as of the
application's evaluation date, so ``--today`` shows a file as it will look on another day.
The list is scoped: persons of the caller's delegations only, and the rule, start date and
explanation (which quote the facts the date was computed from) only for those who may read
the track and, when the starting fact is sensitive or restricted, that fact.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from pydantic import BaseModel
from sqlalchemy import ColumnElement, and_, false, or_, select
from sqlalchemy.orm import Bundle

from core import messages as M
from core.definitions.catalog import Catalog
from core.definitions.model import TrackDefinition
from core.delegation import zone_of_subdivision
from core.engine.facts import sensitivity_of
from core.errors import InputError
from core.persistence.access_models import Delegation
from core.persistence.models import Deadline, Person, Track
from core.persistence.prepared import read_to_end
from core.schemas import DeadlineView
from core.services import access, aliases, cursors, records
from core.services.policy import DataClass, class_of
from core.services.registry import Call, service
from core.services.tracks import track_class

PIECE = 1_000
"""Deadlines read, described and handed over at a time by an export (``each``)."""


def deadline_state(row: Deadline, today: date) -> str:
    """Where a deadline stands on ``today`` (read from its clear projection columns)."""
    if row.suspended_since is not None:
        return "suspended"
    if row.due < today:
        return "overdue"
    if row.warn_from <= today:
        return "due_soon"
    return "upcoming"


def delegation_days(call: Call) -> dict[int, date]:
    """Today in each delegation, on its own clock: overseas, a day apart from mainland
    France's in the evening or the morning (a configured evaluation day is everyone's)."""
    return {number: call.app.today(zone_of_subdivision(subdivision)) for number, subdivision
            in call.session.execute(select(Delegation.id, Delegation.holiday_subdivision))}


def _urgent(days: dict[int, date]) -> ColumnElement[bool]:
    """Deadlines past due or in their warning period, each on her delegation's day."""
    return _on_her_day(days, lambda today: or_(Deadline.due < today, Deadline.warn_from <= today))


def _on_her_day(days: dict[int, date],
                holds: Callable[[date], ColumnElement[bool]]) -> ColumnElement[bool]:
    """Deadlines for which ``holds`` on her delegation's day (``days``)."""
    groups: dict[date, list[int]] = {}
    for number, today in days.items():
        groups.setdefault(today, []).append(number)
    on = {today: holds(today) for today in groups}
    if len(on) <= 1:  # everyone on the same day (no delegation: no person either)
        return next(iter(on.values()), false())
    return or_(*(and_(Person.delegation_id.in_(groups[today]), due) for today, due in on.items()))


def _start_class(defn: TrackDefinition, start_fact: str) -> DataClass:
    """The class of the fact a rule starts from, as the track's schemas declare it."""
    levels = {sensitivity_of(schema, start_fact) for schema in _schemas(defn)
              if start_fact in schema.model_fields}
    for level in ("restricted", "sensitive"):
        if level in levels:
            return class_of(level)
    return DataClass.CASE


def _schemas(defn: TrackDefinition) -> list[type[BaseModel]]:
    return [s.facts for s in defn.steps] + [t.facts for t in defn.transitions if t.facts]


def inputs_class(catalog: Catalog, definition: tuple[str, int], rule_id: str,
                 version: int) -> DataClass:
    """The data class of a deadline's inputs (its rule, start and explanation), on a track
    of ``definition`` (id, version)."""
    defn = catalog.definitions.get(definition)
    rule = next((r for r in catalog.rules.get(rule_id, []) if r.version == version), None)
    if defn is None or rule is None:
        return DataClass.CASE
    if (definition[0], rule_id) in catalog.restricted_rules():
        # Opened by a move whose choice tells a restricted fact: its name tells it too.
        return DataClass.RESTRICTED
    return max(_start_class(defn, rule.start_fact), track_class(definition[0]),
               key=list(DataClass).index)


def parse_cursor(after: str) -> tuple[date, int]:
    """``after`` (a deadline's :attr:`~core.schemas.DeadlineView.cursor`) as (due, id).

    Raises:
        InputError: not a position this list gave.
    """
    return cursors.split(after, date.fromisoformat, M.DEADLINES_CURSOR_BAD)


# The columns a view reads, not whole ORM rows: building a delegation's thousand open
# deadlines and their persons as objects (identity map, state, every column) was a third of
# the list's profile (measured at 100,000 persons: 10 to 20 % of its time).
_DEADLINE: Bundle[Any] = Bundle(
    "deadline", Deadline.id, Deadline.person_id, Deadline.track_id, Deadline.rule_id,
    Deadline.rule_version, Deadline.due, Deadline.warn_from, Deadline.status,
    Deadline.suspended_since, Deadline.computation_enc)
_PERSON: Bundle[Any] = Bundle("person", Person.id, Person.alias_enc, Person.delegation_id,
                              Person.referent_id)


@service("deadline.list", write=False)
def list_deadlines(call: Call, person: str | int | None = None, *, referent: str | None = None,
                   urgent: bool = False, limit: int | None = None,
                   after: str | None = None, delegation: str | None = None,
                   until: date | None = None, until_today: bool = False,
                   each: Callable[[list[DeadlineView]], None] | None = None
                   ) -> list[DeadlineView]:
    """Open deadlines of the caller's scope, soonest first, for everyone or for one person.

    Args:
        person: only hers (a number or an exact alias).
        referent: only those of persons whose referent is the user with this name (one's
            own name, or anyone's for a supervisor).
        urgent: only those past due or within their warning period (not suspended).
        delegation: only those of this one of the caller's delegations (its code).
        until: only those due on this day or before (the week's: past due ones included).
        until_today: only those due by today, each on her delegation's day (« aujourd'hui »
            typed: overseas, mainland France's day may be a day apart from hers).
        limit: at most this many (a page); the next page starts ``after`` the last one's
            ``cursor`` (keyset paging: a page costs what it shows, not what comes before).
        each: given, the deadlines are handed to it in pieces as they are read, in their
            order, and none are returned (an export: one piece in memory, not the country).

    Raises:
        NotFound: no such person in the caller's scope.
        PermissionDenied: another user's persons asked for by a non-supervisor.
        InputError: a cursor this list did not give, or a limit below 1.
    """
    if limit is not None and limit < 1:
        raise InputError(M.DEADLINES_LIMIT_BAD.format(value=limit))
    position = parse_cursor(after) if after else None
    narrowed = None
    if delegation is not None:
        from core.services.persons import delegation_for
        narrowed = delegation_for(call, delegation)
    # The track's definition only (two columns, not a whole ORM track with its facts).
    query = select(_DEADLINE, _PERSON, Track.definition_id, Track.definition_version) \
        .join(Person, Deadline.person_id == Person.id) \
        .join(Track, Deadline.track_id == Track.id).where(Deadline.status == "open")
    if person is not None:
        query = query.where(access.visible(call),
                            Deadline.person_id == access.person_for(call, person).id)
        if referent:
            query = query.where(access.followed_by(call, referent))
        if narrowed is not None:
            query = query.where(Person.delegation_id == narrowed)
    elif limit is not None and not referent and narrowed is None and access.sees_most(call):
        # A page of a national scope: the due-date index walked in order, joined to her
        # persons, stops at the page's end (0.3 ms at 100,000 persons, 0.2 s from her persons).
        query = query.where(access.visible(call))
    else:
        # Her persons first, then their deadlines (by person): joined plainly, SQLite walked
        # every open deadline of the country in due order to keep one delegation's (half a
        # second at 100,000 persons for 559 rows).
        persons = select(Person.id).where(access.visible(call))
        if referent:
            persons = persons.where(access.followed_by(call, referent))
        if narrowed is not None:
            persons = persons.where(Person.delegation_id == narrowed)
        query = query.where(Deadline.person_id.in_(persons))
    days = delegation_days(call)
    if urgent:
        query = query.where(Deadline.suspended_since.is_(None), _urgent(days))
    if until is not None:
        query = query.where(Deadline.due <= until)
    if until_today:
        query = query.where(_on_her_day(days, lambda today: Deadline.due <= today))
    if position is not None:
        due, number = position
        # ``due >=`` first: the walk seeks to the cursor's day rather than filtering from
        # the first deadline of the country.
        query = query.where(Deadline.due >= due, or_(Deadline.due > due, Deadline.id > number))
    classes: dict[tuple[str, int, str, int], DataClass] = {}
    names: dict[int, str] = {}
    filters = sorted(k for k, v in (("referent", referent), ("urgent", urgent), ("limit", limit),
                                    ("after", after), ("delegation", delegation),
                                    ("until", until or until_today)) if v)
    if each is not None:
        # Sorted by the database and read a piece at a time (the session keeps no object
        # nobody refers to): an export of the country's deadlines never holds them all.
        from core.services.exports import hand_over
        read_to_end(call.session.connection())
        rows = call.session.execute(query.order_by(Deadline.due, Deadline.id)
                                    .limit(limit).execution_options(yield_per=PIECE))
        hand_over(call, (_views(call, piece, classes, names, days)
                         for piece in rows.partitions()), each, filters)
        return []
    if limit is not None:
        query = query.order_by(Deadline.due, Deadline.id).limit(limit)
    views = _views(call, sorted(call.session.execute(query), key=lambda r: (r[0].due, r[0].id)),
                   classes, names, days)
    call.audit.detail = {"count": len(views), "filters": filters}
    return views


def _views(call: Call, found: Sequence[Any], classes: dict[tuple[str, int, str, int], DataClass],
           names: dict[int, str], days: dict[int, date]) -> list[DeadlineView]:
    """The rows ``(deadline, person, definition, version)`` (the first two as :data:`_DEADLINE`
    and :data:`_PERSON` read them) as views, in their order, each stated on her delegation's
    day (``days``, :func:`delegation_days`);
    ``names``: the aliases opened for the rows before, completed with these rows' persons."""
    names.update(aliases.read(call, list(
        {r[1].id: r[1] for r in found if r[1].id not in names}.values())))
    return [_view(call, row, who, (definition, version),
                  days.get(who.delegation_id) or call.app.today(), names[who.id], classes)
            for row, who, definition, version in found]


def _view(call: Call, row: Any, person: Any, definition: tuple[str, int], today: date,
          alias: str, classes: dict[tuple[str, int, str, int], DataClass]) -> DeadlineView:
    # A list holds many deadlines of few rules: each rule's class is worked out once.
    key = (*definition, row.rule_id, row.rule_version)
    if key not in classes:
        classes[key] = inputs_class(call.app.catalog, definition, row.rule_id, row.rule_version)
    # Restricted inputs open once her referent confirmed her password, as her facts do.
    shown = (access.unlocked(call, person, classes[key]) if classes[key] is DataClass.RESTRICTED
             else access.shows(call, person, classes[key]))
    defn = call.app.catalog.definitions.get(definition)
    if not shown:
        return DeadlineView(id=row.id, person_id=row.person_id, alias=alias,
                            track=defn.domain if defn else definition[0], track_id=row.track_id,
                            rule="", version=0, label="", source="", evidence="", start=None,
                            due=row.due, warn_from=None, status=row.status,
                            state=deadline_state(row, today), explanation="", view="front_desk")
    comp = records.computation(call, row)
    rule = call.app.catalog.rules.get(row.rule_id, [])
    label = next((r.label for r in rule if r.version == row.rule_version), row.rule_id)
    return DeadlineView(id=row.id, person_id=row.person_id, alias=alias,
                        track=definition[0], track_id=row.track_id, rule=row.rule_id,
                        version=row.rule_version, label=label, source=comp.get("source", ""),
                        evidence=comp.get("evidence", ""), start=date.fromisoformat(comp["start"]),
                        due=row.due, warn_from=row.warn_from, status=row.status,
                        state=deadline_state(row, today), explanation=comp.get("explanation", ""))
