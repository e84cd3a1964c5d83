"""The activity report of whole months, read from the monthly aggregates.

For a period made of whole calendar months, :func:`read_summary`, :func:`summary_counts` and
:func:`counted_section` give the same figures as
:func:`core.services.report_figures.count` + :func:`~core.services.report_figures.activity`
+ the plugins' ``parcours_report_sections``, without reading the period's visits and events
row by row:

* the additive figures (drop-ins, hours, visits, new persons, transition events by
  definition, trigger and step reached) are sums of ``report_aggregates`` rows
  (:mod:`core.services.report_aggregates`);
* the counts of *distinct* persons or volunteers cannot be added month by month: they are
  counted in SQL (``COUNT(DISTINCT)``, the track flags in the query), each statement giving
  back its count and its first references, never one row per track or person: volunteers
  and persons seen from the period's drop-ins; persons followed, persons supported per
  domain and persons with a track from the period's active tracks (the covering index
  ``ix_tracks_report``), the few tracks whose figure depends on a move inside the period
  looked up by the track's event index; the statements are built once per shape (national
  or not, the definitions asked for), the period bound as parameters;
* plugins that declare their sections (``parcours_report_counts``) are answered here; a
  plugin with only the older hook still gets its :class:`ReportContext` (built as before,
  only when such a plugin is installed).

Event figures answered from aggregates carry no sample of sources (``sources_total`` says how
many events there are; ``parcours report --explain`` lists them through the older path).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import (BindParameter, ColumnElement, Integer, Select, String, Subquery, bindparam,
                        case, cast, func, literal, null, or_, select, text, union, union_all)
from sqlalchemy.orm import Session

from core.definitions.catalog import Catalog
from core.persistence.models import (FOLLOW_UP_MOVE, Event, Person,
                                    Track)
from core.reports import CountRule, ReportCounts
from core.services import report_aggregates as agg
from core.services.report_figures import (FOLLOW_UP_STEP, PATHWAY, STEP_EVENTS, Counts, Period,
                                          _in_period, _new, parametric, period_params,
                                          stated_start)
from core.services.report_figures import _seen as _seen_ids
from core.services.report_figures import volunteers_count
from core.services.report_model import SOURCE_SAMPLE, FigureView, MonthView, SectionView, make_figure


def whole_months(start: date, end: date) -> tuple[str, str] | None:
    """(first, last) month (``YYYY-MM``) when ``start``..``end`` is whole months, else None."""
    if start.day != 1 or (end + timedelta(days=1)).day != 1 or end < start:
        return None
    return agg.month_of(start), agg.month_of(end)


@dataclass(frozen=True)
class Distinct:
    """A count of distinct persons, with the first references behind it."""

    value: int
    refs: tuple[str, ...] = ()
    """The first :data:`SOURCE_SAMPLE` references, in id order."""
    total: int | None = None
    """How many references there are in all (None: ``value``)."""


@dataclass
class Summary:
    """The aggregate totals of a period and its counts of distinct persons."""

    totals: dict[str, Decimal]
    months: dict[str, dict[str, Decimal]]
    followed: Distinct = field(default_factory=lambda: Distinct(0))
    """Persons followed (person references)."""
    supported: dict[str, Distinct] = field(default_factory=dict)
    """Persons supported, by domain asked for (track references)."""
    with_track: dict[tuple[str, ...], Distinct] = field(default_factory=dict)
    """Persons with a track of these definitions, by set of definitions asked for."""

    def total(self, figure: str) -> Decimal:
        return self.totals.get(figure, Decimal(0))

    @cached_property
    def transitions(self) -> tuple[tuple[str, str | None, str | None, int], ...]:
        """The transition figures, parsed once: (definition, trigger, step, count); every
        declared rule reads them, and parsing them rule by rule cost more than the sums."""
        found = []
        for figure, value in self.totals.items():
            parsed = agg.parse_transition(figure)
            if parsed is not None:
                found.append((*parsed, agg.as_count(value)))
        return tuple(found)


def summary_counts(session: Session, period: Period, summary: Summary) -> Counts:
    """The drop-in counts of :func:`core.services.report_figures.count`, from the aggregates
    (distinct volunteers and persons seen counted in SQL, a sample of those seen fetched)."""
    months = [MonthView(month=date(int(m[:4]), int(m[5:7]), 1),
                        dropins=agg.as_count(v.get("dropins")),
                        volunteer_hours=float(v.get("volunteer_hours", Decimal(0))),
                        visits_identified=agg.as_count(v.get("visits_identified")),
                        visits_anonymous=agg.as_count(v.get("visits_anonymous")))
              for m, v in sorted(summary.months.items()) if v.get("dropins")]
    scoped, params = period.delegations is not None, _params(period)
    volunteers = session.scalar(_volunteers(scoped), params) or 0
    seen, seen_total = _sample(session, _seen(scoped), params)
    new_total = agg.as_count(summary.total("persons_new"))
    new = list(session.scalars(_first_new(scoped), params))
    return Counts(months, agg.as_count(summary.total("anonymous_rows")),
                  agg.as_count(summary.total("volunteer_rows")), volunteers, seen, new,
                  new_total=new_total, seen_total=seen_total)


def read_summary(session: Session, catalog: Catalog, period: Period, first: str,
                 last: str, rules: Iterable[CountRule] = ()) -> Summary:
    """The aggregates of months ``first``..``last``, persons followed, and the distinct
    persons the declared ``rules`` count (supported per domain, with a track), each counted
    in SQL from the period's active tracks: a few rows back, never one per track."""
    totals, months = agg.totals(session, first, last, period.delegations)
    summary = Summary(totals, months)
    scoped, params = period.delegations is not None, _params(period)
    ids, total = _sample(session, _followed(scoped), params)
    summary.followed = Distinct(total, tuple(f"person:{i}" for i in ids))
    rules = list(rules)
    domains = {r.domain for r in rules if r.kind == "persons_supported"}
    pairs = tuple(sorted((key, d.domain) for key, d in catalog.definitions.items()
                         if d.domain in domains))
    if pairs:
        summary.supported = _supported_by_domain(session, _supported(scoped, pairs), params)
    for wanted in {tuple(sorted(r.definitions)) for r in rules
                   if r.kind == "persons_with_track"}:
        ids, total = _sample(session, _with_track(scoped, wanted), params)
        summary.with_track[wanted] = Distinct(total, tuple(f"person:{i}" for i in ids))
    return summary


# The statements are built once per shape (national or not, which definitions) with the
# period as parameters: building and hashing them anew cost more than running them for one
# delegation-year.

def _params(period: Period) -> dict[str, Any]:
    return {"since": period.since, "until": period.until, **period_params(period)}


def _since() -> BindParameter[Any]:
    return bindparam("since", type_=Track.closed_at.type)


def _until() -> BindParameter[Any]:
    return bindparam("until", type_=Track.closed_at.type)


def _sample(session: Session, statement: Select[Any],
            params: dict[str, Any]) -> tuple[list[int], int]:
    rows = session.execute(statement, params).all()
    return [r[0] for r in rows], (rows[0][1] if rows else 0)


def _first_ids(ids: Subquery) -> Select[Any]:
    """The first :data:`SOURCE_SAMPLE` ids of a one-column subquery of distinct ids, each
    with how many there are (counted by the same statement)."""
    column = next(iter(ids.c))
    return select(column, func.count().over()).order_by(column).limit(SOURCE_SAMPLE)


def _active(scoped: bool) -> list[ColumnElement[bool]]:
    """The conditions on ``Track`` of :func:`core.services.report_figures.active_tracks`:
    started (as stated) before the period's end, not closed before its start, a person of
    the period's delegations (``scoped``: the track's own copy of its person's, which
    ``ix_tracks_delegation_report`` leads with)."""
    found = [stated_start() < _until(), or_(Track.closed_at.is_(None), Track.closed_at >= _since())]
    if scoped:
        found.append(Track.delegation_id.in_(bindparam("delegations", expanding=True)))
    return found


def _open_at_end() -> ColumnElement[bool]:
    return or_(Track.closed_at.is_(None), Track.closed_at >= _until())


def _step_at_end() -> ColumnElement[Any]:
    """The track's step as of the period's end: its current step unless an event came
    later, then the last step event before the end (:func:`steps_at`, in SQL)."""
    earlier = select(Event.to_step).where(
        Event.track_id == Track.id, Event.kind.in_(STEP_EVENTS),
        Event.occurred_at < _until(), Event.to_step.is_not(None)) \
        .order_by(Event.occurred_at.desc(), Event.id.desc()).limit(1).scalar_subquery()
    return case((Track.last_event_at >= _until(), func.coalesce(earlier, Track.step)),
                else_=Track.step)


@lru_cache(maxsize=2)
def _followed(scoped: bool) -> Select[Any]:
    return _first_ids(_followed_ids(scoped))


def followed_page(session: Session, period: Period, offset: int,
                  limit: int | None) -> tuple[list[int], int]:
    """One page of the persons followed in the period, in id order, and how many there are
    (``parcours report --explain personnes_suivies``): counted in SQL like the report's
    figure, not from every track of the period loaded in Python."""
    ids = _followed_ids(period.delegations is not None)
    column, params = next(iter(ids.c)), _params(period)
    page = select(column).order_by(column).offset(offset)
    total = session.scalar(select(func.count()).select_from(ids), params) or 0
    found = session.scalars(page if limit is None else page.limit(limit), params)
    return list(found), int(total)


@lru_cache(maxsize=2)
def _followed_ids(scoped: bool) -> Subquery:
    """Persons followed (:func:`core.services.report_figures.activity`): a track other than
    the pathway active in the period, the pathway in follow-up at the period's end, or
    entering or leaving follow-up during the period."""
    other = select(Track.person_id).where(Track.definition_id != PATHWAY, *_active(scoped))
    at_end = select(Track.person_id).where(
        Track.definition_id == PATHWAY, *_active(scoped), _open_at_end(),
        _step_at_end() == FOLLOW_UP_STEP)
    # The partial index's own condition, spelled alike, so that the planner uses it. The
    # person is the track's (every event of a track is its person's): the event's own copy
    # read each event's row beside the index, 0.3 s of a national report of ten years at
    # 100,000 persons, where the index and the track's entry answer in 0.1 s.
    moved = select(Track.person_id).select_from(Event).join(Track, Track.id == Event.track_id) \
        .where(Track.definition_id == PATHWAY, *_active(scoped), text(FOLLOW_UP_MOVE),
               Event.occurred_at >= _since(), Event.occurred_at < _until())
    return union(other, at_end, moved).subquery("followed")


@lru_cache(maxsize=2)
def _volunteers(scoped: bool) -> Select[Any]:
    return volunteers_count(_in_period(parametric(scoped)))


@lru_cache(maxsize=2)
def _seen(scoped: bool) -> Select[Any]:
    """Distinct persons seen (:func:`core.services.report_figures._seen`)."""
    return _first_ids(_seen_ids(parametric(scoped)).subquery("seen"))


@lru_cache(maxsize=2)
def _first_new(scoped: bool) -> Select[Any]:
    return _new(parametric(scoped)).order_by(Person.id).limit(SOURCE_SAMPLE)


@lru_cache(maxsize=32)
def _with_track(scoped: bool, definitions: tuple[str, ...]) -> Select[Any]:
    """Distinct persons with a track of ``definitions`` active in the period."""
    return _first_ids(_with_track_ids(scoped, definitions).subquery("with_track"))


def _with_track_ids(scoped: bool, definitions: tuple[str, ...]) -> Select[Any]:
    # ``person_id + 0``: no index orders it, so SQLite reads these definitions' range of
    # ix_tracks_report rather than the whole (person_id, definition_id) index.
    return select((Track.person_id + 0).label("person_id")).distinct().where(
        Track.definition_id.in_(definitions), *_active(scoped))


@lru_cache(maxsize=32)
def _supported(scoped: bool, pairs: tuple[tuple[tuple[str, int], str], ...]) -> Select[Any]:
    """:func:`core.reports.persons_supported` by domain (``pairs``: each (definition,
    version) with its domain): one row per domain with its distinct persons and tracks,
    then each domain's first tracks.

    Each domain is its own range of ``ix_tracks_report``, counted and sampled apart: a
    ``GROUP BY`` over a computed domain, or a window ranking every track, sorted all the
    period's tracks (national: most of the base) where a top-20 needs no sort."""
    versions = _versions(pairs)
    none = cast(null(), Integer)
    parts: list[Any] = []  # selects of four columns (domain, track, persons, tracks)
    for domain in sorted({d for _, d in pairs}):
        where = _supported_where(scoped, versions, domain)
        label = literal(domain, String)
        parts.append(select(label, none, func.count(Track.person_id.distinct()), func.count())
                     .where(*where))
        firsts = select(label.label("domain"), Track.id, none, none).where(*where) \
            .order_by(Track.id).limit(SOURCE_SAMPLE).subquery()
        parts.append(select(firsts))
    return select(union_all(*parts).subquery("by_domain"))


def _versions(pairs: Iterable[tuple[tuple[str, int], str]]) -> dict[str, set[tuple[int, str]]]:
    """Each definition's (version, domain) pairs."""
    versions: dict[str, set[tuple[int, str]]] = {}
    for (definition, version), domain in pairs:
        versions.setdefault(definition, set()).add((version, domain))
    return versions


def _supported_where(scoped: bool, versions: dict[str, set[tuple[int, str]]],
                     domain: str) -> list[ColumnElement[bool]]:
    """The tracks :func:`_supported` counts for ``domain``."""
    mine = sorted(i for i, found in versions.items() if {d for _, d in found} == {domain})
    mixed = [(Track.definition_id == i) & Track.definition_version.in_(
        sorted(v for v, d in found if d == domain)) for i, found in sorted(versions.items())
        if i not in mine and any(d == domain for _, d in found)]
    moved = select(Event.id).where(
        Event.track_id == Track.id, Event.kind == "transition",
        Event.occurred_at >= _since(), Event.occurred_at < _until()).exists()
    # Started within the period, open at its end, or moved within it (a track closed in
    # the period, started before it: the only ones whose events are looked at).
    return [or_(Track.definition_id.in_(mine), *mixed), *_active(scoped),
            or_(stated_start() >= _since(), _open_at_end(), moved)]


def declared_page(session: Session, catalog: Catalog, period: Period, rule: CountRule,
                  offset: int, limit: int | None) -> tuple[list[str], int] | None:
    """One page of the references behind a declared figure, and how many there are: the
    records the report's own figure counts (its sample is the first page), read in SQL
    (``report --explain``) rather than every active track and event of the period loaded
    to hand the plugins their context (five to eleven seconds nationally). None for a
    rule with several figures (steps reached)."""
    scoped, params = period.delegations is not None, _params(period)
    if rule.kind == "persons_supported":
        pairs = [(key, d.domain) for key, d in catalog.definitions.items()
                 if d.domain == rule.domain]
        if not pairs:
            return [], 0
        query = select(Track.id).where(*_supported_where(scoped, _versions(pairs), rule.domain))
        order: tuple[Any, ...] = (Track.id,)
        prefix = "track"
    elif rule.kind == "persons_with_track":
        query = _with_track_ids(scoped, tuple(sorted(rule.definitions)))
        order, prefix = tuple(query.selected_columns), "person"
    elif rule.kind == "events":
        query = select(Event.id).join(Track, Track.id == Event.track_id).where(*_events_of(
            rule, scoped))
        order, prefix = (Event.occurred_at, Event.id), "event"  # as the plugins list them
    else:
        return None
    total = session.scalar(select(func.count()).select_from(query.subquery()), params) or 0
    page = query.order_by(*order).offset(offset)
    found = session.scalars(page if limit is None else page.limit(limit), params)
    return [f"{prefix}:{i}" for i in found], int(total)


def _events_of(rule: CountRule, scoped: bool) -> list[ColumnElement[bool]]:
    """The transition events :func:`core.reports.event_count` counts for ``rule``: of its
    definitions' tracks active in the period, within it, by trigger and step reached."""
    found = [Event.kind == "transition", Event.occurred_at >= _since(),
             Event.occurred_at < _until(), Track.definition_id.in_(sorted(rule.definitions)),
             *_active(scoped)]
    if rule.trigger is not None:
        found.append(Event.trigger == rule.trigger)
    if rule.step is not None:
        found.append(Event.to_step == rule.step)
    if rule.skip:
        found.append(or_(Event.trigger.is_(None), Event.trigger.not_in(sorted(rule.skip))))
    return found


def _supported_by_domain(session: Session, statement: Select[Any],
                         params: dict[str, Any]) -> dict[str, Distinct]:
    found: dict[str, tuple[int, int]] = {}
    refs: dict[str, list[tuple[int, str]]] = {}
    # One row per domain with its counts (no track), then each domain's first tracks.
    for d, track, persons, rows in session.execute(statement, params):
        if track is None:
            found[d] = (persons, rows)
        else:
            refs.setdefault(d, []).append((track, f"track:{track}"))
    return {d: Distinct(persons, tuple(ref for _, ref in sorted(refs.get(d, ()))), rows)
            for d, (persons, rows) in found.items()}


# --- plugins' declared sections -------------------------------------------------------------

def _event_total(summary: Summary, rule: CountRule) -> int:
    wanted = set(rule.definitions)
    return sum(value for definition, trigger, step, value in summary.transitions
               if definition in wanted and (rule.trigger is None or trigger == rule.trigger)
               and (rule.step is None or step == rule.step) and trigger not in rule.skip)


def _figure(key: str, label: str, value: int, refs: tuple[str, ...] = (),
            total: int | None = None) -> FigureView:
    return make_figure(key, label, value, sources=refs,
                       sources_total=len(refs) if total is None else total)


def _steps(summary: Summary, rule: CountRule) -> list[FigureView]:
    reached: dict[tuple[str, str], int] = {}
    for definition, trigger, step, value in summary.transitions:
        if trigger and step and trigger not in rule.skip:
            reached[(definition, step)] = reached.get((definition, step), 0) + value
    figures = []
    for definition, definition_label, step, step_label in rule.steps:
        found = reached.get((definition, step))
        if found:
            label = f"{definition_label} : {step_label}" if rule.per_track else step_label
            figures.append(_figure(_step_key(rule, definition, step), label, found, total=found))
    return figures


def _step_key(rule: CountRule, definition: str, step: str) -> str:
    return f"{rule.key}.{definition}.{step}" if rule.per_track else f"{rule.key}.{step}"


def possible_keys(rule: CountRule) -> list[str]:
    """Every key a declared rule's figures may have (a step's only once it is reached)."""
    if rule.kind != "steps_reached":
        return [rule.key]
    return [_step_key(rule, definition, step) for definition, _, step, _ in rule.steps]


def _rule_figures(summary: Summary, period: Period, rule: CountRule) -> list[FigureView]:
    if rule.kind in ("persons_supported", "persons_with_track"):
        found = (summary.supported.get(rule.domain, Distinct(0))
                 if rule.kind == "persons_supported"
                 else summary.with_track.get(tuple(sorted(rule.definitions)), Distinct(0)))
        return [_figure(rule.key, rule.label, found.value, found.refs,
                        found.value if found.total is None else found.total)]
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
