"""Every hook a Parcours plugin can implement, with its contract.

The markers are created once here: plugins write ``from core import hookimpl``. Contribution
hooks return lists of validated data (domains, definitions, checks, rules, schemas, report
sections, demo stories; a lone value instead of a list is refused); the host merges them, rejects
duplicates and names the offending plugin. Each implementation is called on its own, so a
plugin that raises is reported and contained: a failing check refuses the transition (fail
closed), a failing notification leaves it committed (fail open). Hooks evolve by adding
keyword arguments only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from core.definitions.domains import DomainDefinition
    from core.demo import DemoDomain
    from core.definitions.model import TrackDefinition
    from core.engine.checks import CheckSpec
    from core.engine.outcome import TransitionNotice
    from core.reports import ReportContext, ReportCounts, ReportSection
    from core.rules.model import DeadlineRule
    from core.schemas_ext import FactSchemaExtension

PROJECT = "parcours"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


# --- definition hooks: called once when the plugin host builds its catalog -----------

@hookspec
def parcours_track_definitions() -> list[TrackDefinition]:
    """Contribute track definitions (state machines) of the plugin's domain.

    Called once at start-up. Each definition is validated (initial step, reachability,
    finals, known checks and rules); a bad one is reported with the plugin's name and left
    out, the rest of the plugin still loads.

    :return: a list of :class:`core.TrackDefinition`.
    """


@hookspec
def parcours_domains() -> list[DomainDefinition]:
    """Declare the support domains the plugin brings, each with its French label.

    Called once at start-up, before the definitions are registered. Every interface shows a
    domain by this label (filters, the drop-in's needs, the report), never by one of its
    tracks' labels. A domain id may be declared by one plugin only: a second declaration is
    reported with the plugin's name and left out. A track whose domain nobody declares
    still loads; its domain is shown by its id and ``parcours plugins`` says so.

    :return: a list of :class:`core.DomainDefinition`.
    """


@hookspec
def parcours_checks() -> list[CheckSpec]:
    """Contribute checks that transitions (of any plugin) reference by id.

    A check is a pure function of a :class:`core.CheckContext` returning
    :class:`core.CheckResult` values. Ids must be unique across plugins; prefix them with
    the domain (``emploi.droit_au_travail``).

    :return: a list of :class:`core.CheckSpec`.
    """


@hookspec
def parcours_deadline_rules() -> list[DeadlineRule]:
    """Contribute deadline rules (legal or practical time limits) with their sources.

    Several versions of one id may be given with different effective dates.

    :return: a list of :class:`core.DeadlineRule`.
    """


@hookspec
def parcours_fact_schemas() -> list[FactSchemaExtension]:
    """Add facts to a step of any track, e.g. a domain field on a core pathway step.

    The extension's fields are merged into the step's schema when the catalog is built.
    Field names must not clash with existing ones.

    :return: a list of :class:`core.FactSchemaExtension`.
    """


@hookspec
def parcours_demo_domains() -> list[DemoDomain]:
    """Describe how the demo year (``parcours demo``) helps persons in the plugin's domains.

    Called once per demo delegation-year, when its plan is drawn. Each
    :class:`core.DemoDomain` gives the number of persons helped in a domain and the tracks
    each gets, as paths of moves with their delays and facts; the demo plays them through
    the engine. A plugin that raises or returns bad data is reported and left out of the
    demo, with its plugin marked degraded; the other domains are still played. A track whose
    definition is not in the catalog is skipped. Optional: a plugin without it simply has no
    persons in the demo.

    :return: a list of :class:`core.DemoDomain`.
    """


# --- lifecycle notifications: called after the unit of work has committed ------------

@hookspec
def parcours_after_transition(notice: TransitionNotice) -> None:
    """React to a committed transition (notify, log, prepare a document).

    Called after the transaction is committed, once per transition. Anything raised here,
    even ``KeyboardInterrupt``, ``SystemExit`` or ``GeneratorExit``, is recorded as an
    incident and contained: the transition stands and the other plugins are still notified.
    Must not write to the database.

    :param notice: what happened: track, trigger, steps, actor, deadlines touched.
    """


# --- reporting -----------------------------------------------------------------------

@hookspec
def parcours_report_sections(context: ReportContext) -> list[ReportSection]:
    """Contribute sections to the activity report for a period.

    :param context: the period and the read-only rows of every track and event in it.
    :return: a list of :class:`core.ReportSection` (title and figures, each figure with
        the ids of the records that fed it). The host prefixes each figure key with the
        plugin's name (``emploi.personnes_accompagnees``) unless it already starts with it.
    """


@hookspec
def parcours_report_counts() -> list[ReportCounts]:
    """Declare report sections by what they count; the core counts it in SQL.

    The declarative twin of :func:`parcours_report_sections`, for reports at national scale:
    each :class:`core.ReportCounts` lists :class:`core.CountRule` values (persons supported
    in a domain, persons with a track, transition events by trigger or step reached, steps
    reached), which the core answers from its monthly aggregates and the tracks, without
    handing every event to every plugin. A plugin implementing this hook is not asked for
    ``parcours_report_sections`` when the report is built from aggregates (whole months);
    for other periods, and for ``parcours report --explain``, its older hook still is, so a
    plugin keeps both. Figure keys are namespaced as for the older hook.

    :return: a list of :class:`core.ReportCounts`.
    """
