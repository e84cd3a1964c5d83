"""The activity report of whole months, read from the monthly aggregates.

For a period made of whole calendar months, :func:`summary_report` gives the same figures as
:func:`core.services.report_figures.count` + :func:`~core.services.report_figures.activity`
+ the plugins' ``parcours_report_sections``, without reading the period's visits and events
row by row:

* the additive figures (drop-ins, hours, visits, new persons, transition events by
  definition, trigger and step reached) are sums of ``report_aggregates`` rows
  (:mod:`core.services.report_aggregates`);
* the counts of *distinct* persons or volunteers cannot be added month by month: persons
  seen and volunteers are counted in SQL as before; persons followed, persons supported per
  domain and persons with a track come from the period's active tracks (one row per track,
  not per event), and the few tracks whose figure depends on a move inside the period are
  looked up by the track's event index;
* plugins that declare their sections (``parcours_report_counts``) are answered here; a
  plugin with only the older hook still gets its :class:`ReportContext` (built as before,
  only when such a plugin is installed).

Event figures answered from aggregates carry no sample of sources (``sources_total`` says how
many events there are; ``parcours report --explain`` lists them through the older path).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import Select, case, func, or_, select, text
from sqlalchemy.orm import Session

from core.definitions.catalog import Catalog
from core.persistence.models import (FOLLOW_UP_MOVE, DropIn, DropInVolunteer, Event, Person,
                                    Track)
from core.reports import CountRule, ReportCounts
from core.services import report_aggregates as agg
from core.services.report_figures import (CHUNK, FOLLOW_UP_STEP, PATHWAY, Counts, Period,
                                          _in_period, _new, _seen, domain_of, steps_at)
from core.services.report_model import SOURCE_SAMPLE, FigureView, MonthView, SectionView, make_figure


def whole_months(start: date, end: date) -> tuple[str, str] | None:
    """(first, last) month (``YYYY-MM``) when ``start``..``end`` is whole months, else None."""
    if start.day != 1 or (end + timedelta(days=1)).day != 1 or end < start:
        return None
    return agg.month_of(start), agg.month_of(end)


class _Track(NamedTuple):  # a tuple: hundreds of thousands of them nationally
    id: int
    person_id: int
    definition_id: str
    domain: str
    closed: int
    """1 when closed before the period's end."""
    fresh: int
    """1 when started within the period."""


@dataclass
class Summary:
    """The aggregate totals of a period and what the tracks say about distinct persons."""

    totals: dict[str, Decimal]
    months: dict[str, dict[str, Decimal]]
    tracks: list[_Track] = field(default_factory=list)
    """The period's active tracks."""
    moved: set[int] = field(default_factory=set)
    """Tracks (among those whose figures depend on it) with a transition in the period."""
    followed: list[int] = field(default_factory=list)

    def total(self, figure: str) -> Decimal:
        return self.totals.get(figure, Decimal(0))


def summary_counts(session: Session, period: Period, summary: Summary) -> Counts:
    """The drop-in counts of :func:`core.services.report_figures.count`, from the aggregates
    (distinct volunteers and persons seen in SQL, as there)."""
    months = [MonthView(month=date(int(m[:4]), int(m[5:7]), 1),
                        dropins=agg.as_count(v.get("dropins")),
                        volunteer_hours=float(v.get("volunteer_hours", Decimal(0))),
                        visits_identified=agg.as_count(v.get("visits_identified")),
                        visits_anonymous=agg.as_count(v.get("visits_anonymous")))
              for m, v in sorted(summary.months.items()) if v.get("dropins")]
    volunteers = session.scalar(select(func.count(DropInVolunteer.name.distinct())).join(
        DropIn, DropIn.id == DropInVolunteer.dropin_id).where(_in_period(period))) or 0
    seen = sorted(session.scalars(_seen(period)))
    new_total = agg.as_count(summary.total("persons_new"))
    new = list(session.scalars(_new(period).order_by(Person.id).limit(SOURCE_SAMPLE)))
    return Counts(months, agg.as_count(summary.total("anonymous_rows")),
                  agg.as_count(summary.total("volunteer_rows")), volunteers, seen, new,
                  new_total=new_total)


def read_summary(session: Session, catalog: Catalog, period: Period, first: str,
                 last: str) -> Summary:
    """The aggregates of months ``first``..``last`` and the active tracks' distinct persons."""
    totals, months = agg.totals(session, first, last, period.delegations)
    summary = Summary(totals, months)
    # Rows fetched at once: (id, person, definition, version, step, closed, late, fresh).
    rows = session.connection().execute(_active(period)).all()
    late = [r[0] for r in rows if r[2] == PATHWAY and r[6]]
    steps = steps_at(session, late, period.until) if late else {}
    domains = {(d, v): domain_of(catalog, d, v) for d, v in {(r[2], r[3]) for r in rows}}
    summary.tracks = [_Track(r[0], r[1], r[2], domains[(r[2], r[3])], r[5], r[7]) for r in rows]
    # A track opened before the period and closed within it counts as supported only when it
    # moved within the period: the only tracks whose events are looked at.
    doubtful = [t.id for t in summary.tracks if t.closed and not t.fresh]
    summary.moved = _moved(session, doubtful, period)
    followed = {r[1] for r in rows if r[2] != PATHWAY or (
        not r[5] and steps.get(r[0], r[4]) == FOLLOW_UP_STEP)}
    # Persons not followed yet may have entered or left follow-up during the period.
    pathway = [r[0] for r in rows if r[2] == PATHWAY and r[1] not in followed]
    followed |= _follow_up_movers(session, pathway, period)
    summary.followed = sorted(followed)
    return summary


def _active(period: Period) -> Select[Any]:
    """The tracks of :func:`core.services.report_figures.active_tracks`, with what the figures
    need as flags computed in SQL (no timestamp reaches Python): ``closed`` before the
    period's end, ``late`` (an event after it), ``fresh`` (started within the period)."""
    since, until = period.since, period.until
    # The stored start; a row written without it (bulk import) gets its first event's.
    started = func.coalesce(Track.started_at, select(Event.occurred_at).where(
        Event.track_id == Track.id, Event.kind == "track_started")
        .order_by(Event.id).limit(1).scalar_subquery())
    inner = select(Track.id, Track.person_id, Track.definition_id, Track.definition_version,
                   Track.step, case((Track.closed_at < until, 1), else_=0).label("closed"),
                   case((Track.last_event_at >= until, 1), else_=0).label("late"),
                   started.label("started_at")).where(
        or_(Track.closed_at.is_(None), Track.closed_at >= since))
    if period.delegations is not None:
        inner = inner.where(Track.person_id.in_(
            select(Person.id).where(Person.delegation_id.in_(period.delegations))))
    # Materialised: SQLite would otherwise copy the start's subquery into the outer WHERE and
    # SELECT and look each track's first event up twice.
    found = inner.cte("active").prefix_with("MATERIALIZED")
    return select(found.c.id, found.c.person_id, found.c.definition_id,
                  found.c.definition_version, found.c.step, found.c.closed, found.c.late,
                  case((found.c.started_at >= since, 1), else_=0).label("fresh")).where(
        found.c.started_at < until)


def _chunks(items: list[int]) -> Iterable[list[int]]:
    return (items[i:i + CHUNK] for i in range(0, len(items), CHUNK))


def _moved(session: Session, track_ids: list[int], period: Period) -> set[int]:
    moved: set[int] = set()
    for chunk in _chunks(track_ids):
        moved.update(session.scalars(select(Event.track_id).distinct().where(
            Event.track_id.in_(chunk), Event.kind == "transition",
            Event.occurred_at >= period.since, Event.occurred_at < period.until)))
    return {t for t in moved if t is not None}


def _follow_up_movers(session: Session, track_ids: list[int], period: Period) -> set[int]:
    found: set[int] = set()
    for chunk in _chunks(track_ids):
        # The partial index's own condition, spelled alike, so that the planner uses it.
        found.update(session.scalars(select(Event.person_id).distinct().where(
            Event.track_id.in_(chunk), text(FOLLOW_UP_MOVE),
            Event.occurred_at >= period.since, Event.occurred_at < period.until)))
    return {p for p in found if p is not None}


# --- plugins' declared sections -------------------------------------------------------------

def _event_total(summary: Summary, rule: CountRule) -> int:
    wanted = set(rule.definitions)
    total = 0
    for figure, value in summary.totals.items():
        parsed = agg.parse_transition(figure)
        if parsed is None:
            continue
        definition, trigger, step = parsed
        if (definition in wanted and (rule.trigger is None or trigger == rule.trigger)
                and (rule.step is None or step == rule.step) and trigger not in rule.skip):
            total += agg.as_count(value)
    return total


def _supported(summary: Summary, period: Period, domain: str) -> tuple[int, tuple[str, ...]]:
    # Every active track started before the period's end.
    tracks = [t for t in summary.tracks if t.domain == domain
              and (t.fresh or not t.closed or t.id in summary.moved)]
    return len({t.person_id for t in tracks}), tuple(f"track:{t.id}" for t in tracks)


def _figure(key: str, label: str, value: int, refs: tuple[str, ...] = (),
            total: int | None = None) -> FigureView:
    return make_figure(key, label, value, sources=refs,
                       sources_total=len(refs) if total is None else total)


def _steps(summary: Summary, rule: CountRule) -> list[FigureView]:
    reached: dict[tuple[str, str], int] = {}
    for figure, value in summary.totals.items():
        parsed = agg.parse_transition(figure)
        if parsed is None:
            continue
        definition, trigger, step = parsed
        if trigger and step and trigger not in rule.skip:
            reached[(definition, step)] = reached.get((definition, step), 0) + agg.as_count(value)
    figures = []
    for definition, definition_label, step, step_label in rule.steps:
        found = reached.get((definition, step))
        if found:
            label = f"{definition_label} : {step_label}" if rule.per_track else step_label
            key = f"{rule.key}.{definition}" if rule.per_track else rule.key
            figures.append(_figure(f"{key}.{step}", label, found, total=found))
    return figures


def _rule_figures(summary: Summary, period: Period, rule: CountRule) -> list[FigureView]:
    if rule.kind == "persons_supported":
        value, refs = _supported(summary, period, rule.domain)
        return [_figure(rule.key, rule.label, value, refs)]
    if rule.kind == "persons_with_track":
        wanted = set(rule.definitions)
        persons = sorted({t.person_id for t in summary.tracks if t.definition_id in wanted})
        return [_figure(rule.key, rule.label, len(persons),
                        tuple(f"person:{i}" for i in persons))]
    if rule.kind == "events":
        value = _event_total(summary, rule)
        return [_figure(rule.key, rule.label, value, total=value)]
    return _steps(summary, rule)


def counted_section(summary: Summary, period: Period, section: ReportCounts,
                    domain_label: str) -> SectionView:
    """A declared section, counted."""
    figures = tuple(f for rule in section.counts for f in _rule_figures(summary, period, rule))
    return SectionView(id=section.id, title=section.title, plugin=section.plugin,
                       domain_label=domain_label, figures=figures)
