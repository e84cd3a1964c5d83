"""The core figures of the activity report, counted in SQL, and the plugins' report context.

Every drop-in figure comes from one aggregate per table over the period's drop-ins (found by
their day index), grouped by day so that the monthly series and the totals share one pass;
no figure loops over events. The event log is read once, through the period's tracks (index
lookups by track), to build the plugins' :class:`ReportContext`, and *persons followed* is
derived from that same context. Each figure names the records that fed it: a sample in the
report, every one of them through :func:`sources` (``parcours report --explain``).

What the figures mean:

* a *visit* is one presence at one drop-in: a person who came to two drop-ins on the same
  day (two sites, or an afternoon and an evening session) made two visits, and counts once
  among *distinct persons seen*; the visit service refuses a second visit to one drop-in;
* *new persons* are those whose first visit falls in the period (``persons.first_visit``);
* *persons followed* are those whose pathway was in individual follow-up
  (``suivi_individuel``) at some moment of the period, or who had a track other than the
  pathway open at some moment of it;
* a track is *active in the period* when it started (its ``track_started`` event, as
  stated) before the period's end and was not closed before its start; the context holds
  those tracks, each with its step as of the period's end, and the transition events that
  occurred in the period.

Periods are whole days, inclusive, in UTC like every stored time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache, partial
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, bindparam, func, join, or_, select, true
from sqlalchemy.orm import Session, aliased

from core import messages as M
from core.definitions.catalog import Catalog
from core.persistence.join_order import outer_first
from core.persistence.models import DropIn, DropInVolunteer, Event, Person, Track, Visit
from core.reports import ReportContext, ReportEvent, ReportTrack
from core.services.followed import FOLLOWED_STEP as FOLLOW_UP_STEP
from core.services.followed import PATHWAY
from core.services.report_model import (SOURCE_SAMPLE, FigureView, MonthView, SectionView,
                                        make_figure)

STEP_EVENTS = ("track_started", "transition")
CHUNK = 900
"""Ids per ``IN`` list: under SQLite's oldest limit on bound parameters."""


@dataclass(frozen=True)
class Period:
    """A period of whole days, ``start`` and ``end`` included, in some delegations."""

    start: date
    end: date
    delegations: tuple[int, ...] | None = None
    """Only these delegations' drop-ins and persons (None: all of them)."""

    @property
    def since(self) -> datetime:
        """The first instant of the period (UTC)."""
        return datetime.combine(self.start, time.min, tzinfo=UTC)

    @property
    def until(self) -> datetime:
        """The first instant after the period (UTC)."""
        return datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=UTC)


def _chunks(items: list[int]) -> Iterable[list[int]]:
    return (items[i:i + CHUNK] for i in range(0, len(items), CHUNK))


# --- drop-ins, hours, visits: one pass per table, by day ---------------------------------

def _in_period(period: Period) -> ColumnElement[bool]:
    when = DropIn.day.between(period.start, period.end)
    if period.delegations is None:
        return when
    return and_(when, DropIn.delegation_id.in_(period.delegations))


def _persons_in(period: Period) -> ColumnElement[bool]:
    """The persons of the period's delegations (a condition on ``Person``)."""
    if period.delegations is None:
        return true()
    return Person.delegation_id.in_(period.delegations)


@dataclass
class Counts:
    """The period's drop-in activity, by month and in all."""

    months: list[MonthView]
    anonymous_rows: int
    volunteer_rows: int
    volunteers: int
    seen: list[int]
    """Ids of the distinct persons who came, in order (the first ones only when
    ``seen_total`` is given)."""
    new: list[int]
    """Ids of the persons whose first visit is in the period, in order (the first ones only
    when ``new_total`` is given)."""
    new_total: int | None = None
    """How many persons are new when ``new`` holds only a sample (None: ``len(new)``)."""
    seen_total: int | None = None
    """How many persons came when ``seen`` holds only a sample (None: ``len(seen)``)."""

    def total(self, name: str) -> Any:
        return sum(getattr(m, name) for m in self.months)


def count(session: Session, period: Period) -> Counts:
    """Drop-ins, volunteers and visits of the period (monthly and totals), seen and new persons."""
    rows: dict[date, dict[str, Any]] = {}

    def at(day: date) -> dict[str, Any]:
        return rows.setdefault(date(day.year, day.month, 1), {
            "dropins": 0, "volunteer_hours": 0.0, "visits_identified": 0, "visits_anonymous": 0})

    for day, n in session.execute(select(DropIn.day, func.count()).where(_in_period(period))
                                  .group_by(DropIn.day)):
        at(day)["dropins"] += n
    volunteer_rows = 0
    for day, hours, n in session.execute(
            select(DropIn.day, func.sum(DropInVolunteer.hours), func.count())
            .join(DropIn, DropIn.id == DropInVolunteer.dropin_id).where(_in_period(period))
            .group_by(DropIn.day)):
        at(day)["volunteer_hours"] += float(hours or 0)
        volunteer_rows += n
    anonymous_rows = 0
    unknown = Visit.person_id.is_(None)
    for day, known, anonymous, n in session.execute(
            select(DropIn.day, func.count(Visit.person_id), func.sum(Visit.count).filter(unknown),
                   func.count().filter(unknown))
            .join(DropIn, DropIn.id == Visit.dropin_id).where(_in_period(period))
            .group_by(DropIn.day)):
        at(day)["visits_identified"] += known
        at(day)["visits_anonymous"] += int(anonymous or 0)
        anonymous_rows += n
    volunteers = session.scalar(volunteers_count(_in_period(period))) or 0
    seen = sorted(session.scalars(_seen(period)))
    new = list(session.scalars(_new(period).order_by(Person.id)))
    months = [MonthView(month=m, **values) for m, values in sorted(rows.items())]
    return Counts(months, anonymous_rows, volunteer_rows, volunteers, seen, new)


def volunteers_count(condition: ColumnElement[bool]) -> Select[Any]:
    """How many volunteers held the drop-ins ``condition`` keeps: a name once per delegation.

    Volunteers are recorded by name within a drop-in's delegation; across delegations, a
    name met twice is two people (the national figure summed every delegation's Marie into
    one, and read no more than the largest delegation's count).
    """
    pairs = select(DropIn.delegation_id, DropInVolunteer.name).distinct().join(
        DropIn, DropIn.id == DropInVolunteer.dropin_id).where(condition).subquery("volunteers")
    return select(func.count()).select_from(pairs)


def _at_dropins(table: Any, walked: bool) -> Any:
    """``table`` joined to its drop-ins; ``walked``: read first, in its id order (on SQLite)."""
    on = DropIn.id == table.dropin_id
    return outer_first(table.__table__, DropIn.__table__, on) if walked \
        else join(table, DropIn, on)


def _visits(period: Period, identified: bool | None, *, walked: bool = False) -> Select[Any]:
    query = select(Visit.id).select_from(_at_dropins(Visit, walked)).where(_in_period(period))
    if identified is not None:
        query = query.where(Visit.person_id.is_not(None) if identified else Visit.person_id.is_(None))
    return query


def _dropins(period: Period) -> Select[Any]:
    return select(DropIn.id).where(_in_period(period))


def _volunteer_rows(period: Period, *, walked: bool = False) -> Select[Any]:
    return select(DropInVolunteer.id).select_from(_at_dropins(DropInVolunteer, walked)) \
        .where(_in_period(period))


def _seen(period: Period) -> Select[Any]:
    return select(Visit.person_id).distinct().join(DropIn, DropIn.id == Visit.dropin_id) \
        .where(_in_period(period), Visit.person_id.is_not(None))


def _new(period: Period) -> Select[Any]:
    return select(Person.id).where(Person.first_visit.between(period.start, period.end),
                                   _persons_in(period))


# --- tracks and events: the plugins' context, and persons followed -------------------------

@dataclass
class Activity:
    """The period's tracks and transitions, as plugins see them, and who was followed."""

    context: ReportContext
    followed: list[int] = field(default_factory=list)


def stated_start() -> ColumnElement[Any]:
    """A track's stated start: ``tracks.started_at``, or for a row written without it (bulk
    import) its first ``track_started`` event's time. SQL's ``COALESCE`` reads the event only
    for such a row: asking the event log of every track cost a third of a national report
    of days."""
    first = aliased(Event)  # not an enclosing query's events (persons followed joins them)
    return func.coalesce(Track.started_at, select(first.occurred_at).where(
        first.track_id == Track.id, first.kind == "track_started")
        .order_by(first.id).limit(1).scalar_subquery().correlate(Track))


def active_tracks(session: Session, period: Period) -> list[Any]:
    """The tracks active in the period: started (as stated) before its end, not closed before
    its start; rows of id, person, definition and version, step, closing and last event
    times, and ``started_at``, in id order (the plugins' tracks and their figures' sources
    come in a stable order: the aggregates path gives each domain's first tracks by id)."""
    started = stated_start()
    candidates = select(Track.id, Track.person_id, Track.definition_id, Track.definition_version,
                        Track.step, Track.closed_at, Track.last_event_at,
                        started.label("started_at")).where(
        started < period.until, or_(Track.closed_at.is_(None), Track.closed_at >= period.since))
    if period.delegations is not None:
        candidates = candidates.where(Track.person_id.in_(select(Person.id).where(_persons_in(period))))
    return list(session.execute(candidates.order_by(Track.id)))


def activity(session: Session, catalog: Catalog, period: Period) -> Activity:
    """The active tracks (step as of the period's end), the period's transition events, and
    the persons followed, from one read of those tracks' events by index."""
    rows = active_tracks(session, period)
    late = [t.id for t in rows if t.last_event_at >= period.until]
    steps = steps_at(session, late, period.until) if late else {}
    tracks = tuple(ReportTrack(
        id=t.id, person_id=t.person_id, definition_id=t.definition_id,
        domain=domain_of(catalog, t.definition_id, t.definition_version),
        step=steps.get(t.id, t.step),
        status="closed" if t.closed_at is not None and t.closed_at < period.until else "open",
        opened_at=t.started_at) for t in rows)
    by_id = {t.id: t for t in tracks}
    events, moved_in_follow_up = [], set()
    for chunk in _chunks(sorted(by_id)):
        for e in session.execute(select(
                Event.id, Event.track_id, Event.person_id, Event.trigger, Event.from_step,
                Event.to_step, Event.occurred_at, Event.facts).where(
                Event.track_id.in_(chunk), Event.kind == "transition",
                Event.occurred_at >= period.since, Event.occurred_at < period.until)):
            track = by_id[e.track_id]
            if track.definition_id == PATHWAY and FOLLOW_UP_STEP in (e.from_step, e.to_step):
                moved_in_follow_up.add(e.person_id)
            events.append(ReportEvent(
                id=e.id, track_id=e.track_id, person_id=e.person_id,
                definition_id=track.definition_id, trigger=e.trigger, to_step=e.to_step,
                occurred_at=e.occurred_at,
                facts={k: v for k, v in (e.facts or {}).items() if not k.startswith("_")}))
    events.sort(key=lambda e: (e.occurred_at, e.id))
    # In follow-up at some moment = in it at the period's end, or entering or leaving it
    # during the period; any other track active in the period counts as well.
    followed = moved_in_follow_up | {
        t.person_id for t in tracks
        if t.definition_id != PATHWAY or (t.step == FOLLOW_UP_STEP and t.status == "open")}
    context = ReportContext(start=period.start, end=period.end, tracks=tracks, events=tuple(events))
    return Activity(context, sorted(followed))


def domain_of(catalog: Catalog, definition: str, version: int) -> str:
    found = catalog.definitions.get((definition, version))
    return found.domain if found else ""


def steps_at(session: Session, track_ids: list[int], until: datetime) -> dict[int, str]:
    """The step each track was at just before ``until``, from its step events."""
    steps: dict[int, str] = {}
    for chunk in _chunks(track_ids):
        query = select(Event.track_id, Event.to_step).where(
            Event.track_id.in_(chunk), Event.kind.in_(STEP_EVENTS), Event.occurred_at < until,
            Event.to_step.is_not(None)).order_by(Event.occurred_at, Event.id)
        for track, step in session.execute(query):
            assert track is not None and step is not None  # the query keeps step events only
            steps[track] = step
    return steps


# --- the core sections -----------------------------------------------------------------------

@dataclass(frozen=True)
class SourceSpec:
    """A core figure's label and the kind of its records; ``ids`` queries them (None when
    they come from :func:`activity`). ``walks``: the table whose rows they are, when
    ``ids(period, walked=True)`` reads it first, in id order (:func:`sample`)."""

    label: str
    kind: str
    ids: Callable[..., Select[Any]] | None
    walks: Any = None


SOURCES: dict[str, SourceSpec] = {
    "permanences": SourceSpec(M.REPORT_DROPINS, "dropin", _dropins),
    "heures_benevoles": SourceSpec(M.REPORT_HOURS, "dropin_volunteer", _volunteer_rows,
                                   DropInVolunteer),
    "benevoles": SourceSpec(M.REPORT_VOLUNTEERS, "dropin_volunteer", _volunteer_rows,
                            DropInVolunteer),
    "passages": SourceSpec(M.REPORT_VISITS, "visit", partial(_visits, identified=None), Visit),
    "passages_identifies": SourceSpec(M.REPORT_VISITS_KNOWN, "visit",
                                      partial(_visits, identified=True), Visit),
    "passages_anonymes": SourceSpec(M.REPORT_VISITS_ANONYMOUS, "visit",
                                    partial(_visits, identified=False), Visit),
    "personnes_vues": SourceSpec(M.REPORT_PERSONS_SEEN, "person", _seen),
    "personnes_nouvelles": SourceSpec(M.REPORT_PERSONS_NEW, "person", _new),
    "personnes_suivies": SourceSpec(M.REPORT_PERSONS_FOLLOWED, "person", None),
}
"""Every core figure's label and records; the keys are those of :func:`core_sections`."""


def sources(session: Session, key: str, period: Period, limit: int | None = SOURCE_SAMPLE,
            offset: int = 0) -> tuple[str, ...]:
    """References to the records of a SQL-counted core figure, in id order: one page."""
    spec = SOURCES[key]
    assert spec.ids is not None
    ids = spec.ids(period).subquery("ids")
    column = next(iter(ids.c))
    query = select(column).order_by(column).offset(offset)
    rows = session.scalars(query if limit is None else query.limit(limit))
    return tuple(f"{spec.kind}:{i}" for i in rows)


def parametric(scoped: bool) -> Period:
    """A period whose bounds are the bound parameters ``start`` and ``end`` (and its
    delegations ``delegations`` when ``scoped``): a statement built from it once serves every
    period (:func:`period_params`), instead of being built and hashed anew by each report."""
    day: Any = bindparam("start", type_=DropIn.day.type), bindparam("end", type_=DropIn.day.type)
    delegations: Any = bindparam("delegations", expanding=True) if scoped else None
    return Period(day[0], day[1], delegations)


def period_params(period: Period) -> dict[str, Any]:
    """The values of :func:`parametric`'s parameters for ``period``."""
    params: dict[str, Any] = {"start": period.start, "end": period.end}
    if period.delegations is not None:
        params["delegations"] = list(period.delegations)
    return params


@lru_cache(maxsize=32)
def _first_sources(ids: Callable[[Period], Select[Any]], scoped: bool) -> Select[Any]:
    found = ids(parametric(scoped)).subquery("ids")
    column = next(iter(found.c))
    return select(column).order_by(column).limit(SOURCE_SAMPLE)


WALK = 1_000
"""Rows a national report walks in id order for a figure's first sources (:func:`sample`)."""


def _walk_end(table: Any) -> Select[Any]:
    """The id of the table's :data:`WALK`-th row (none: the table holds fewer)."""
    return select(table.id).order_by(table.id).offset(WALK - 1).limit(1)


@lru_cache(maxsize=8)
def _walked_sources(ids: Callable[..., Select[Any]], table: Any) -> Select[Any]:
    return ids(parametric(False), walked=True).where(table.id <= bindparam("walk_end")) \
        .order_by(table.id).limit(SOURCE_SAMPLE)


def _walked(session: Session, spec: SourceSpec, params: dict[str, Any]) -> list[int] | None:
    """The first ids of the period's records, found among the table's first :data:`WALK`
    rows; None when fewer than a sample's worth are there (later rows may come first).

    A wide period holds most of the table's rows: its first records are among the table's
    first ones, found in a few rows walked in id order. Asked through the period's index,
    they were every record of the period sorted to keep twenty (0.07 s each for the visits
    of ten national years at 100,000 persons).
    """
    end = session.scalar(_walk_end(spec.walks))
    if end is None:
        return None  # a small table: its period's index answers as cheaply
    found = list(session.scalars(_walked_sources(spec.ids, spec.walks),
                                 {**params, "walk_end": end}))
    return found if len(found) == SOURCE_SAMPLE else None


def sample(session: Session, key: str, period: Period) -> tuple[str, ...]:
    """The first references of a SQL-counted core figure (:func:`sources` with the default
    limit), through a statement built once per kind of period. A national period first
    walks the table's first rows (:func:`_walked`)."""
    spec = SOURCES[key]
    assert spec.ids is not None
    params = period_params(period)
    found = _walked(session, spec, params) \
        if spec.walks is not None and period.delegations is None else None
    if found is None:
        found = list(session.scalars(_first_sources(spec.ids, period.delegations is not None),
                                     params))
    return tuple(f"{spec.kind}:{i}" for i in found)


def source_total(session: Session, key: str, period: Period) -> int:
    """How many records a SQL-counted core figure rests on."""
    spec = SOURCES[key]
    assert spec.ids is not None
    return session.scalar(select(func.count()).select_from(spec.ids(period).subquery())) or 0


def core_sections(session: Session, period: Period, counts: Counts,
                  followed: list[int], followed_total: int | None = None) -> list[SectionView]:
    """The drop-in activity and the persons sections, each figure with a sample of sources
    (``followed``: the persons followed, or their first ones when ``followed_total`` says how
    many there are)."""
    known, anonymous = counts.total("visits_identified"), counts.total("visits_anonymous")
    found: dict[object, tuple[str, ...]] = {}  # figures with the same records: read once

    def fig(key: str, value: int | float, rows: int, **kw: Any) -> FigureView:
        ids = SOURCES[key].ids
        if ids not in found:
            found[ids] = sample(session, key, period)
        return make_figure(key, SOURCES[key].label, value, sources_total=rows,
                           sources=found[ids], **kw)

    def persons(key: str, ids: list[int], total: int | None = None) -> FigureView:
        total = len(ids) if total is None else total
        return make_figure(key, SOURCES[key].label, total,
                           sources=tuple(f"person:{i}" for i in ids[:SOURCE_SAMPLE]),
                           sources_total=total)

    dropins = counts.total("dropins")
    return [
        SectionView(id="activite", title=M.REPORT_SECTION_ACTIVITY, figures=(
            fig("permanences", dropins, dropins, count=False),
            fig("heures_benevoles", round(counts.total("volunteer_hours"), 2),
                counts.volunteer_rows, count=False),
            fig("benevoles", counts.volunteers, counts.volunteer_rows, count=False),
            fig("passages", known + anonymous, known + counts.anonymous_rows,
                parts=("passages_identifies", "passages_anonymes")),
            fig("passages_identifies", known, known),
            fig("passages_anonymes", anonymous, counts.anonymous_rows))),
        SectionView(id="personnes", title=M.REPORT_SECTION_PERSONS, figures=(
            persons("personnes_vues", counts.seen, counts.seen_total),
            persons("personnes_nouvelles", counts.new, counts.new_total),
            persons("personnes_suivies", followed, followed_total))),
    ]
