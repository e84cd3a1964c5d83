"""The activity report: services to build it, trace a figure to its records, and export it.

``activity_report`` of whole months reads the monthly aggregates and the period's tracks
(:mod:`core.services.report_summary`) and answers the plugins' declared counts
(``parcours_report_counts``; the built-in PSP section and the bundled domains declare theirs);
for any other period, or a plugin with only the older hook, it counts the core figures in SQL
(:mod:`core.services.report_figures`) and hands the period's tracks and transition events to
the plugins through ``parcours_report_sections``. It returns an :class:`ActivityReport`; with
``external=True`` (whole months, quarters or years only) the secret cells are hidden
(:mod:`core.services.report_secrecy`); a demonstration base's reports say they are
fictitious. ``explain_figure`` pages through the records behind one figure.
``export_report`` writes a file in any format and records a ``report_exported`` event
(format and period, never content: security.md IN-3).

Policy: superviseurs and admins, each for their own delegations. Referents are left out on
purpose: the report counts the delegation's whole caseload, and ``explain`` lists record ids
of persons they do not follow. An administrator reads no case content: she gets the external
version only (suppressed small counts, no sources) and cannot ``explain`` a figure.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import messages as M
from core.definitions.catalog import Catalog
from core.errors import InputError, NotFound
from core.persistence.access_models import BaseInfo, Delegation
from core.persistence.models import DropIn, Event, Person
from core.reports import CountRule, ReportSection
from core.services.registry import Call, service
from core.services.report_export import FORMATS, render
from core.services.report_figures import (SOURCES, Activity, Period, activity, core_sections,
                                          count, source_total, sources)
from core.services.report_model import (ActivityReport, FigureSources, SectionView,
                                        find_figure, for_external, make_figure)
from core.services.report_secrecy import decided_before, whole_period
from core.services.report_summary import (counted_section, declared_page, followed_page,
                                          possible_keys, read_summary, summary_counts,
                                          whole_months)
from core.text import clean_line

__all__ = ["activity_report", "explain_figure", "export_report", "period_of"]


def period_of(start: date, end: date, delegations: frozenset[int] | None = None) -> Period:
    """The period from ``start`` to ``end`` included (in these delegations); InputError when
    reversed."""
    if end < start:
        raise InputError(M.REPORT_BAD_PERIOD.format(start=M.short_date(start),
                                                    end=M.short_date(end)))
    return Period(start, end, None if delegations is None else tuple(sorted(delegations)))


def _external(call: Call, external: bool) -> bool:
    return external or call.principal.role.value == "admin"


def _plugin_section(section: ReportSection, catalog: Catalog) -> SectionView:
    figures = tuple(make_figure(f.key, f.label, f.value, sources=f.sources,
                                count=isinstance(f.value, int) and not isinstance(f.value, bool))
                    for f in section.figures)
    domain = _domain_label(catalog, section.id)
    return SectionView(id=section.id, title=section.title, plugin=section.plugin,
                       domain_label=domain, figures=figures)


def _plugin_sections(call: Call, found: Activity) -> tuple[list[ReportSection], list[str]]:
    host = call.app.host
    before = len(host.incidents)
    sections = host.report_sections(found.context)
    notes = [M.REPORT_NOTE_PLUGIN_FAILED.format(plugin=i.plugin, error=i.error)
             for i in host.incidents[before:]]
    return sections, notes


def build_report(call: Call, start: date, end: date, *, external: bool = False) -> ActivityReport:
    """The report of a period inside an open service call (shared by read and export).

    External: only for a whole month, quarter or year. Once it is over, built with the same
    figures over the periods of its year that ended before it or with it, which decide the
    cells hidden by difference (:mod:`core.services.report_secrecy`); still running, no count.
    """
    period_of(start, end)
    external = _external(call, external)
    call.audit.detail = {"start": start.isoformat(), "end": end.isoformat(), "external": external}
    if external:
        whole_period(start, end)  # refused before the year's reports are built
        # A period still running publishes no count (for_external): nothing to decide with.
        before = None if end >= call.app.today() else \
            {span: _internal(call, *span) for span in decided_before((start, end))}
        report = before[(start, end)] if before else _internal(call, start, end)
    else:
        report = _internal(call, start, end)
    if fictitious(call.session):
        report = report.model_copy(update={"notes": (M.REPORT_FICTITIOUS, *report.notes),
                                           "fictitious": True})
    report = report.model_copy(update={"association": association_name(),
                                       "delegations": _delegations(call)})
    return for_external(report, before) if external else report


def _delegations(call: Call) -> tuple[str, ...]:
    """The labels of the delegations the reader's report counts."""
    query = select(Delegation.label).order_by(Delegation.label)
    if call.principal.delegations is not None:
        query = query.where(Delegation.id.in_(call.principal.delegations))
    return tuple(call.session.scalars(query))


def association_name() -> str:
    """``[association] nom`` in ``parcours.toml`` (configuration directory), or empty."""
    import tomllib

    from core.services.app import config_dir
    path = config_dir() / "parcours.toml"
    try:
        with path.open("rb") as file:
            return str(tomllib.load(file).get("association", {}).get("nom", "")).strip()
    except (OSError, tomllib.TOMLDecodeError):
        return ""


def _scope(call: Call) -> frozenset[int] | None:
    """The reader's delegations, or None when no other delegation holds a person or a
    drop-in: the figures are then counted without a filter on delegations (the same rows,
    since every person and drop-in has a delegation), which the planner reads range by range
    rather than person by person. A national supervisor listed in every delegation but an
    empty one (the base's first) reads the national report so."""
    mine = call.principal.delegations
    if mine is None:
        return None
    others = [d for d in call.session.scalars(select(Delegation.id)) if d not in mine]
    if len(others) > len(mine):
        return mine  # a reader of some delegations: the filter is what makes it cheap
    session = call.session
    if others and (
            session.scalar(select(Person.id).where(Person.delegation_id.in_(others)).limit(1))
            or session.scalar(select(DropIn.id).where(DropIn.delegation_id.in_(others)).limit(1))):
        return mine
    return None


def _internal(call: Call, start: date, end: date) -> ActivityReport:
    period = period_of(start, end, _scope(call))
    months = whole_months(start, end)
    if months is not None:
        return _summarised(call, period, *months)
    return _from_rows(call, period)


def _summarised(call: Call, period: Period, first: str, last: str) -> ActivityReport:
    """Whole months: the figures from the monthly aggregates and the active tracks
    (:mod:`core.services.report_summary`); plugins with only the older hook get their context."""
    session, catalog, host = call.session, call.app.catalog, call.app.host
    before = len(host.incidents)
    declared = host.report_counts()
    summary = read_summary(session, catalog, period, first, last,
                           [rule for section in declared for rule in section.counts])
    counts = summary_counts(session, period, summary)
    counted = frozenset(s.plugin for s in declared)
    older = [p for p in host.section_plugins() if p not in counted]
    plugin_views: list[tuple[str, SectionView]] = [
        (s.plugin, counted_section(summary, period, s, _domain_label(catalog, s.id)))
        for s in declared]
    if older:
        found = activity(session, catalog, period)
        plugin_views += [(s.plugin, _plugin_section(s, catalog))
                         for s in host.report_sections(found.context, skip=counted)]
    notes = [M.REPORT_NOTE_PLUGIN_FAILED.format(plugin=i.plugin, error=i.error)
             for i in host.incidents[before:]]
    order = {name: i for i, name in enumerate(host.section_plugins())}
    plugin_views.sort(key=lambda pair: order.get(pair[0], len(order)))  # stable: same plugin
    followed = [int(ref.partition(":")[2]) for ref in summary.followed.refs]
    sections = core_sections(session, period, counts, followed, summary.followed.value)
    return ActivityReport(start=period.start, end=period.end, generated_at=call.app.now(),
                          sections=(*sections, *(v for _, v in plugin_views)),
                          months=tuple(counts.months), notes=tuple(notes))


def _domain_label(catalog: Catalog, section: str) -> str:
    return catalog.domain_label(section) if section in catalog.domain_definitions else ""


def _from_rows(call: Call, period: Period) -> ActivityReport:
    """Any period: the figures from the period's rows, plugins from their report context."""
    start, end = period.start, period.end
    counts = count(call.session, period)
    found = activity(call.session, call.app.catalog, period)
    plugin_sections, notes = _plugin_sections(call, found)
    sections = core_sections(call.session, period, counts, found.followed)
    return ActivityReport(start=start, end=end, generated_at=call.app.now(),
                          sections=(*sections, *(_plugin_section(s, call.app.catalog)
                                                 for s in plugin_sections)),
                          months=tuple(counts.months), notes=tuple(notes))


def fictitious(session: Session) -> bool:
    """Whether the base is a demonstration base (every report and export says so)."""
    return bool(session.scalar(select(BaseInfo.fictitious)))


def narrow(call: Call, delegation: str | None, external: bool = False) -> None:
    """``delegation`` given (one of the caller's codes): the call reads the report as a
    supervisor of that delegation alone would, its figures, sources and label.

    Raises:
        PermissionDenied: not one of the caller's delegations.
        InputError: an external report (an administrator's always is) of one delegation.
    """
    if delegation is None:
        return
    if _external(call, external):
        # Hidden small counts are worked out against the periods over before it, not against the
        # other delegations: the national figure less each delegation's would give them back.
        raise InputError(M.REPORT_EXTERNAL_DELEGATION)
    from core.services.persons import delegation_for
    chosen = delegation_for(call, delegation)
    call.principal = replace(call.principal, delegations=frozenset({chosen}))


@service("report.activity", write=False)
def activity_report(call: Call, start: date, end: date, *, external: bool = False,
                    delegation: str | None = None) -> ActivityReport:
    """The activity report from ``start`` to ``end`` (both included).

    Args:
        start, end: the period, whole days.
        external: for figures leaving the association: a whole month, quarter or year only,
            secret cells hidden (below 5, or what would let one be deduced), no sources, no
            monthly series.
        delegation: the report of this one of the caller's delegations (its code) only.

    Raises:
        InputError: ``end`` before ``start``; an external report of another span.
        PermissionDenied: a delegation that is not one of the caller's.
    """
    narrow(call, delegation, external)
    report = build_report(call, start, end, external=external)
    call.audit.detail["delegation"] = delegation
    return report


@service("report.explain", write=False)
def explain_figure(call: Call, start: date, end: date, key: str, *, offset: int = 0,
                   limit: int | None = None, delegation: str | None = None) -> FigureSources:
    """The references of the records behind figure ``key``.

    ``key`` is a core figure's key, or a plugin figure's full key (``emploi.personnes_accompagnees``,
    optionally as ``section/key``); a plugin key without its prefix still works when only one
    figure ends with it (:func:`core.services.report_model.find_figure`).

    Raises:
        NotFound: no figure has that key.
        InputError: several figures end with that key: their full keys are listed.
        PermissionDenied: a ``delegation`` (as in :func:`activity_report`) not the caller's.
    """
    narrow(call, delegation)
    period = period_of(start, end, call.principal.delegations)
    key = clean_line(key, field="la clé du chiffre")
    call.audit.detail = {"figure": key, "start": start.isoformat(), "end": end.isoformat(),
                         "delegation": delegation}
    bare = key.rpartition("/")[2]
    stop = None if limit is None else offset + limit
    if bare in SOURCES and SOURCES[bare].ids is not None:
        return FigureSources(key=bare, label=SOURCES[bare].label, offset=offset,
                             refs=sources(call.session, bare, period, limit, offset),
                             total=source_total(call.session, bare, period))
    if bare in SOURCES:
        ids, total = followed_page(call.session, period, offset, limit)
        return FigureSources(key=bare, label=SOURCES[bare].label, total=total, offset=offset,
                             refs=tuple(f"person:{i}" for i in ids))
    declared = _declared_figures(call, key)
    if declared is not None and not declared:
        raise NotFound(M.REPORT_UNKNOWN_FIGURE.format(key=key))
    rule = _declared_rule(declared) if whole_months(start, end) is not None else None
    page = None if rule is None else declared_page(call.session, call.app.catalog, period,
                                                   rule, offset, limit)
    if rule is not None and page is not None:
        return FigureSources(key=rule.key, label=rule.label, total=page[1], offset=offset,
                             refs=tuple(page[0]))
    sections, _ = _plugin_sections(call, activity(call.session, call.app.catalog, period))
    figures = find_figure(sections, key)
    if len(figures) > 1:
        raise InputError(M.REPORT_AMBIGUOUS_FIGURE.format(
            key=key, choices=", ".join(f.key for f in figures)))
    if not figures:
        raise NotFound(M.REPORT_UNKNOWN_FIGURE.format(key=key))
    fig = figures[0]
    return FigureSources(key=fig.key, label=fig.label, total=len(fig.sources),
                         offset=offset, refs=tuple(fig.sources[offset:stop]))


class _Key(NamedTuple):
    key: str
    rule: CountRule


class _Possible(NamedTuple):
    """A section's figure keys that may appear, as :func:`find_figure` reads them."""

    id: str
    figures: tuple[_Key, ...]


def _declared_figures(call: Call, key: str) -> list[_Key] | None:
    """The declared figures ``key`` may name, told from the declared counts before any
    track is read (a mistyped key was refused only after every active track of the period
    had been loaded: nine seconds nationally). None when a plugin with only the older hook
    says its keys with its figures: then any key may name one of those."""
    host = call.app.host
    declared = host.report_counts()
    if set(host.section_plugins()) - {s.plugin for s in declared}:
        return None
    return find_figure([_Possible(s.id, tuple(_Key(k, rule) for rule in s.counts
                                              for k in possible_keys(rule)))
                        for s in declared], key)


def _declared_rule(found: list[_Key] | None) -> CountRule | None:
    """The rule of the one declared figure found (None: none, several, or older plugins;
    the figures are then worked out from the period's tracks, an ambiguous key refused)."""
    return found[0].rule if found is not None and len(found) == 1 else None


@service("report.export")
def export_report(call: Call, start: date, end: date, fmt: str, path: str | os.PathLike[str], *,
                  external: bool = False, delegation: str | None = None,
                  replace: bool = False) -> ActivityReport:
    """Write the report of a period to ``path`` in format ``fmt`` and record the export.

    The file is written whole or not at all (a temporary file renamed into place), readable
    by its owner only; an existing file (or link) at ``path`` is replaced only with
    ``replace`` (the interface asks first). The ``report_exported`` event names the format,
    the period and whether it was external; never the figures nor the file's content.

    Raises:
        InputError: unknown format, reversed period, the file exists (without ``replace``),
            or it cannot be written.
        PermissionDenied: a ``delegation`` (as in :func:`activity_report`) not the caller's.
    """
    if fmt not in FORMATS:
        raise InputError(M.REPORT_BAD_FORMAT.format(value=fmt, choices=", ".join(FORMATS)))
    if not replace and os.path.lexists(path):  # before the report is worked out
        raise InputError(M.REPORT_FILE_EXISTS.format(path=path))
    narrow(call, delegation, external)
    report = build_report(call, start, end, external=external)
    call.audit.detail["delegation"] = delegation
    external = _external(call, external)
    _write_private(Path(path), render(report, fmt), replace)
    call.session.add(Event(kind="report_exported", occurred_at=call.app.now(),
                           recorded_at=call.app.now(), actor_id=call.actor.id,
                           actor_role=call.actor.role.value,
                           facts={"format": fmt, "start": start.isoformat(),
                                  "end": end.isoformat(), "external": external,
                                  **({"delegation": delegation} if delegation else {})}))
    return report


def _write_private(path: Path, data: bytes, replace: bool) -> None:
    try:
        fd, tmp = tempfile.mkstemp(prefix=".parcours-", dir=path.parent or Path("."))
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            if replace:
                os.replace(tmp, path)
            else:
                _publish_new(Path(tmp), path)
        finally:
            Path(tmp).unlink(missing_ok=True)
    except FileExistsError:
        raise InputError(M.REPORT_FILE_EXISTS.format(path=path)) from None
    except OSError as exc:
        raise InputError(M.REPORT_CANNOT_WRITE.format(path=path, error=M.os_error(exc) or
                                                      type(exc).__name__)) from None


def _publish_new(tmp: Path, path: Path) -> None:
    """Give the written file its name, never over a file that appeared meanwhile."""
    try:
        os.link(tmp, path)  # fails on any existing name, a dangling link included
    except FileExistsError:
        raise
    except OSError:  # no hard links (FAT/exFAT memory sticks): a checked rename
        if os.path.lexists(path):
            raise FileExistsError(path) from None
        os.rename(tmp, path)
