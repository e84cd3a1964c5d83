"""The plugin host: discovery, allow/deny before import, per-plugin calls, a typed facade.

``build_plugin_host`` registers the built-in tracks first (through the same hooks as any
plugin), then lists the ``parcours`` entry points itself and imports only those the
configuration allows (pluggy's own loader would import everything first), then calls
``check_pending()`` so a misspelt hook disables its plugin with a clear message. Each hook
implementation is called on its own: a plugin that raises or returns bad data is recorded
as an incident (in memory and in the technical log of :mod:`core.incidents`) and left out,
the plugin is marked ``degraded`` with the reason, and the other plugins still answer.

Each implementation is also timed: one that answers after more than the hook budget
(:data:`DEFAULT_HOOK_BUDGET` seconds, ``PARCOURS_PLUGIN_BUDGET`` or ``hook_budget=``) is
recorded as a :class:`HookTooSlow` incident, with its answer kept. Python cannot stop a
plugin's call midway (« not a sandbox »); what keeps a slow plugin from freezing the
terminal interface is that every service, hence every hook, runs in a worker thread there.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points
from typing import Any

import pluggy
from pydantic import BaseModel

from core import hookspecs
from core import messages as M
from core.definitions.catalog import Catalog
from core.definitions.domains import DomainDefinition
from core.demo import DemoDomain
from core.definitions.model import TrackDefinition
from core.engine.checks import CheckSpec
from core.engine.outcome import TransitionNotice
from core.budget import DEFAULT_HOOK_BUDGET, PLUGIN_FAULTS, HookTooSlow, budget_seconds
from core.errors import DefinitionError, PluginError
from core.incidents import IncidentLog, scrub
from core.reports import ReportContext, ReportCounts, ReportSection
from core.rules.model import DeadlineRule
from core.schemas_ext import FactSchemaExtension

log = logging.getLogger("parcours.plugins")
GROUP = "parcours"
BUILTIN = "parcours"


ACTIVE, DEGRADED, BLOCKED, FAILED = "active", "degraded", "blocked", "failed"
"""Plugin statuses (shown in French by :data:`core.messages.PLUGIN_STATUSES`)."""


@dataclass
class PluginInfo:
    """One plugin as the administrator sees it."""

    name: str
    module: str
    distribution: str = ""
    version: str = ""
    status: str = ACTIVE
    """``active``; ``degraded`` (loaded, but some contributions were rejected: ``problem``
    says which); ``blocked`` (by configuration); ``failed`` (not loaded at all)."""
    problem: str = ""

    def degrade(self, reason: str) -> None:
        """Note a rejected contribution: an active plugin becomes degraded."""
        if self.status == ACTIVE:
            self.status = DEGRADED
        if reason not in self.problem.split(M.PLUGIN_PROBLEMS_JOIN):
            self.problem = M.PLUGIN_PROBLEMS_JOIN.join(p for p in (self.problem, reason) if p)


@dataclass(frozen=True)
class Incident:
    """A plugin that raised or misbehaved: where, and the exception's class.

    ``message`` is the scrubbed message (:func:`core.incidents.scrub`), never data values;
    ``logged`` says whether the technical log holds it. Neither takes part in equality.
    """

    plugin: str
    hook: str
    error: str
    message: str = field(default="", compare=False)
    logged: bool = field(default=False, compare=False)


@dataclass
class PluginHost:
    """Typed facade over the plugin manager; owns the catalog built from contributions."""

    pm: pluggy.PluginManager
    plugins: list[PluginInfo] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    catalog: Catalog = field(default_factory=Catalog)
    incident_log: IncidentLog | None = None
    """Where incidents are persisted; None keeps them in memory only."""
    hook_budget: float = DEFAULT_HOOK_BUDGET
    """Seconds an implementation may take before it is reported as too slow."""

    # --- calling one implementation at a time ---------------------------------------
    def _call_each(self, hook: str,
                   contain: type[BaseException] | tuple[type[BaseException], ...] = PLUGIN_FAULTS,
                   contributes: bool = False, skip: frozenset[str] = frozenset(),
                   **kwargs: Any) -> list[tuple[str, Any]]:
        """Call every implementation alone (but those of the plugins in ``skip``), in
        registration order; a raising one is reported (and, for a contribution hook, its
        plugin marked degraded) and the others still run."""
        answers = []
        for impl in getattr(self.pm.hook, hook).get_hookimpls():
            if impl.plugin_name in skip:
                continue
            started = time.monotonic()
            try:
                result = impl.function(*[kwargs[name] for name in impl.argnames])
            except contain as exc:  # contained: a plugin bug must not silence the others
                if contributes:
                    self._reject(impl.plugin_name, hook, exc, M.PLUGIN_HOOK_FAILED.format(
                        hook=hook, error=type(exc).__name__))
                else:
                    self.report(impl.plugin_name, hook, exc)
                continue
            finally:
                self.timed(impl.plugin_name, hook, time.monotonic() - started)
            answers.append((impl.plugin_name, result))
        return answers

    def timed(self, plugin: str, hook: str, seconds: float) -> None:
        """Report a call that took longer than the budget (its answer is kept)."""
        if seconds > self.hook_budget:
            self.report(plugin, hook, HookTooSlow(plugin, hook, seconds, self.hook_budget))

    def report(self, plugin: str, hook: str, exc: BaseException) -> bool:
        """Record an incident in memory and in the technical log (once), and say if it is logged.

        Args:
            plugin: the plugin's name.
            hook: the hook, the check id, or the loading stage (``import``, ``register``).
            exc: what was raised; only its class, scrubbed message and frames are kept.

        Returns:
            True when the incident is in the technical log (an unwritable log returns False).
        """
        logged = self.incident_log.record(plugin, hook, exc) if self.incident_log else False
        self.incidents.append(Incident(plugin, hook, type(exc).__name__, scrub(exc), logged))
        log.error("plugin %s failed in %s: %s", plugin, hook, type(exc).__name__)
        return logged

    def _reject(self, plugin: str, hook: str, exc: BaseException, reason: str) -> None:
        """A contribution left out: an incident, and the plugin marked degraded."""
        self.report(plugin, hook, exc)
        for info in self.plugins:
            if info.name == plugin:
                info.degrade(reason)

    def _contributions(self, hook: str, kind: type, skip: frozenset[str] = frozenset(),
                       refused: set[str] | None = None,
                       **kwargs: Any) -> list[tuple[str, list[Any]]]:
        """Each plugin's answer to ``hook`` as a list of ``kind``; the plugins whose answer
        was rejected are left out, reported, and added to ``refused`` when given."""
        valid = []
        seen = len(self.incidents)
        for plugin, result in self._call_each(hook, contributes=True, skip=skip, **kwargs):
            try:
                items = as_contributions(plugin, hook, kind, result)
            except PluginError as exc:
                self._reject(plugin, hook, exc, exc.problem)
                continue
            except PLUGIN_FAULTS as exc:  # a generator that raises while listed
                self._reject(plugin, hook, exc, M.PLUGIN_HOOK_FAILED.format(
                    hook=hook, error=type(exc).__name__))
                continue
            valid.append((plugin, items))
        if refused is not None:  # those that raised (a late answer is kept, so not them)
            answered = {plugin for plugin, _ in valid}
            refused.update(i.plugin for i in self.incidents[seen:] if i.plugin not in answered)
        return valid

    # --- typed facade ---------------------------------------------------------------
    def track_definitions(self) -> list[tuple[str, TrackDefinition]]:
        return [(p, d) for p, ds in self._contributions("parcours_track_definitions",
                                                        TrackDefinition) for d in ds]

    def checks(self) -> list[tuple[str, list[CheckSpec]]]:
        return self._contributions("parcours_checks", CheckSpec)

    def deadline_rules(self) -> list[tuple[str, list[DeadlineRule]]]:
        return self._contributions("parcours_deadline_rules", DeadlineRule)

    def fact_schemas(self) -> list[tuple[str, list[FactSchemaExtension]]]:
        return self._contributions("parcours_fact_schemas", FactSchemaExtension)

    def domains(self) -> list[tuple[str, list[DomainDefinition]]]:
        return self._contributions("parcours_domains", DomainDefinition)

    def demo_domains(self) -> list[tuple[str, DemoDomain]]:
        """Every plugin's demo domains, in registration order (the built-in ones first)."""
        return [(p, d) for p, ds in self._contributions("parcours_demo_domains", DemoDomain)
                for d in ds]

    def after_transition(self, notice: TransitionNotice) -> None:
        """Notify every plugin; failures are recorded, never raised (fail open).

        The transition is committed when this runs: even ``KeyboardInterrupt``,
        ``SystemExit`` or ``GeneratorExit`` raised by a plugin is recorded and contained,
        and the plugins after it are still notified.
        """
        self._call_each("parcours_after_transition", contain=BaseException, notice=notice)

    def report_sections(self, context: ReportContext,
                        skip: frozenset[str] = frozenset()) -> list[ReportSection]:
        """Every plugin's report sections (but those of the plugins in ``skip``), stamped with
        the plugin's name, figure keys namespaced by it (``emploi.personnes_accompagnees``; a
        key already starting with ``<plugin>.`` is kept)."""
        return [namespaced(p, s)
                for p, ss in self._contributions("parcours_report_sections", ReportSection,
                                                  skip=skip, context=context)
                for s in ss]

    def report_counts(self) -> list[ReportCounts]:
        """Every plugin's declared report sections (``parcours_report_counts``), stamped and
        namespaced like :meth:`report_sections`."""
        return [namespaced_counts(p, s)
                for p, ss in self._contributions("parcours_report_counts", ReportCounts)
                for s in ss]

    def counting_plugins(self) -> frozenset[str]:
        """The plugins that declare their report sections (``parcours_report_counts``)."""
        return frozenset(impl.plugin_name
                         for impl in self.pm.hook.parcours_report_counts.get_hookimpls())

    def section_plugins(self) -> list[str]:
        """The plugins with the older report hook, in the order their sections come."""
        return [impl.plugin_name for impl in self.pm.hook.parcours_report_sections.get_hookimpls()]

    # --- catalog --------------------------------------------------------------------
    def build_catalog(self) -> Catalog:
        """Merge every contribution into a fresh catalog, each plugin's all or nothing.

        A plugin with one bad part (a hook that raised or answered badly, an invalid
        definition, an id another plugin has) gives the catalog nothing: the part is reported,
        the plugin marked degraded, and the catalog merged again without any of it. Keeping
        what came before the bad part left its ids half-registered: a track without the
        checks or rules that came after, ids that refused another plugin's.
        """
        refused: set[str] = set()
        gathered = [(hook, self._contributions(hook, kind, refused=refused))
                    for hook, kind in CATALOG_HOOKS]
        refused.discard(BUILTIN)  # never left out: its broken part raises while merged
        while True:
            catalog = Catalog()
            failed = self._merge(catalog, gathered, refused)
            if failed is None:
                break
            refused.add(failed)
        for info in self.plugins:
            if info.name in refused:
                info.degrade(M.PLUGIN_NOTHING_LOADED)
        self.catalog = catalog
        return catalog

    def _merge(self, catalog: Catalog, gathered: list[tuple[str, list[tuple[str, list[Any]]]]],
               refused: set[str]) -> str | None:
        """Merge the contributions of every plugin not ``refused``, one item at a time, and
        return the first plugin with a bad one (None when all merged). Once one is bad, the
        merge goes on to report each of that plugin's problems at once, and only its own:
        another's may come from its half-merged ids, and the catalog is built again anyway."""
        failed: str | None = None
        for hook, contributions in gathered:
            merge = _MERGES[hook]
            for plugin, items in contributions:
                if plugin in refused:
                    continue
                for item in items:
                    try:
                        merge(catalog, plugin, item)
                    except (DefinitionError, PluginError) as exc:
                        if plugin == BUILTIN:
                            raise  # a broken built-in track is a bug in Parcours itself
                        if failed in (None, plugin):
                            self._reject(plugin, hook, exc, _reason(exc))
                            failed = plugin
        return failed


CATALOG_HOOKS: tuple[tuple[str, type], ...] = (
    ("parcours_domains", DomainDefinition), ("parcours_checks", CheckSpec),
    ("parcours_deadline_rules", DeadlineRule), ("parcours_track_definitions", TrackDefinition),
    ("parcours_fact_schemas", FactSchemaExtension))
"""The hooks the catalog is built from, in the order they are merged (a definition is
validated against the checks and rules, an extension needs its definition)."""

_MERGES: dict[str, Callable[[Catalog, str, Any], None]] = {
    "parcours_domains": lambda catalog, plugin, item: catalog.add_domains(plugin, [item]),
    "parcours_checks": lambda catalog, plugin, item: catalog.add_checks(plugin, [item]),
    "parcours_deadline_rules": lambda catalog, plugin, item: catalog.add_rules(plugin, [item]),
    "parcours_track_definitions": Catalog.add_definition,
    "parcours_fact_schemas": lambda catalog, plugin, item: catalog.extend_schema(item, plugin)}
"""How one item of each hook joins the catalog."""


def _reason(exc: DefinitionError | PluginError) -> str:
    """The problem as ``parcours plugins`` shows it beside the plugin's name."""
    return exc.problem if isinstance(exc, PluginError) else exc.msg


def as_contributions(plugin: str, hook: str, kind: type, result: Any) -> list[Any]:
    """A contribution hook's answer as a list of ``kind``; PluginError naming the hook if not.

    A lone model is refused rather than iterated: a Pydantic model is iterable (over its
    fields), so ``return TRACK`` instead of ``return [TRACK]`` would otherwise vanish.
    """
    if result is None:
        return []
    if isinstance(result, BaseModel | str | bytes | Mapping) or not isinstance(result, Iterable):
        problem = (M.PLUGIN_LONE_MODEL if isinstance(result, BaseModel) else M.PLUGIN_NOT_A_LIST)
        raise PluginError(plugin, M.PLUGIN_BAD_CONTRIBUTION.format(
            hook=hook, error=problem.format(kind=type(result).__name__)))
    items = list(result)
    for item in items:
        if not isinstance(item, kind):
            raise PluginError(plugin, M.PLUGIN_BAD_CONTRIBUTION.format(
                hook=hook, error=M.PLUGIN_WRONG_ITEM.format(kind=type(item).__name__,
                                                            expected=kind.__name__)))
    return items


def namespaced(plugin: str, section: ReportSection) -> ReportSection:
    """``section`` stamped with its plugin, each figure key prefixed by the plugin's name."""
    prefix = f"{plugin}."
    figures = tuple(f if f.key.startswith(prefix) else f.model_copy(update={"key": prefix + f.key})
                    for f in section.figures)
    return section.model_copy(update={"plugin": plugin, "figures": figures})


def namespaced_counts(plugin: str, section: ReportCounts) -> ReportCounts:
    """``section`` stamped with its plugin, each rule's key prefixed by the plugin's name."""
    prefix = f"{plugin}."
    rules = tuple(r if r.key.startswith(prefix) else r.model_copy(update={"key": prefix + r.key})
                  for r in section.counts)
    return section.model_copy(update={"plugin": plugin, "counts": rules})


def _names_from_env(var: str) -> set[str] | None:
    raw = os.environ.get(var)
    return None if raw is None else {n.strip() for n in raw.split(",") if n.strip()}


def build_plugin_host(*, load_entrypoints: bool = True, allow: Iterable[str] | None = None,
                      deny: Iterable[str] = (), extra: Sequence[tuple[str, object]] = (),
                      group: str = GROUP, incident_log: IncidentLog | None = None,
                      hook_budget: float | None = None) -> PluginHost:
    """Build the plugin host and its catalog.

    Args:
        load_entrypoints: discover installed plugins through the ``parcours`` entry points.
        allow: when given, only these entry-point names are imported (default: the
            ``PARCOURS_PLUGINS_ALLOW`` variable, comma-separated, or everything).
        deny: names never imported (added to ``PARCOURS_PLUGINS_DENY``).
        extra: ``(name, plugin object)`` pairs registered directly (tests, embedding).
        group: the entry-point group.
        incident_log: where incidents are persisted (default: ``incidents.log`` in the
            state directory, see :mod:`core.incidents`).
        hook_budget: seconds a hook or check may take before it is reported (default:
            ``PARCOURS_PLUGIN_BUDGET``, else :data:`DEFAULT_HOOK_BUDGET`).

    Raises:
        DefinitionError, PluginError: only when the built-in tracks are broken.
    """
    from core import builtin  # local: the built-ins are a plugin like any other

    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    host = PluginHost(pm, incident_log=incident_log or IncidentLog(),
                      hook_budget=budget_seconds(hook_budget))
    _register(host, BUILTIN, builtin, PluginInfo(BUILTIN, builtin.__name__, "parcours"))
    allowed = set(allow) if allow is not None else _names_from_env("PARCOURS_PLUGINS_ALLOW")
    denied = set(deny) | (_names_from_env("PARCOURS_PLUGINS_DENY") or set())
    if load_entrypoints:
        for ep in sorted(entry_points(group=group), key=lambda e: e.name):
            _load_entry_point(host, ep, allowed, denied)
    for name, plugin in extra:
        _register(host, name, plugin, PluginInfo(name, getattr(plugin, "__name__", name)))
    _check_pending(host)
    host.build_catalog()
    return host


def _load_entry_point(host: PluginHost, ep: EntryPoint, allowed: set[str] | None,
                      denied: set[str]) -> None:
    dist = ep.dist
    info = PluginInfo(ep.name, ep.value, dist.name if dist else "", dist.version if dist else "")
    if ep.name in denied or (allowed is not None and ep.name not in allowed):
        info.status, info.problem = BLOCKED, M.PLUGIN_NOT_ALLOWED
        host.plugins.append(info)
        return
    if _name_taken(host, ep.name, info):  # refused before its code runs
        return
    try:
        module = ep.load()
    except Exception as exc:  # an unimportable plugin is reported, the app still starts
        info.status, info.problem = FAILED, M.PLUGIN_IMPORT_FAILED.format(error=type(exc).__name__)
        host.plugins.append(info)
        host.report(ep.name, "import", exc)
        return
    _register(host, ep.name, module, info)


def _name_taken(host: PluginHost, name: str, info: PluginInfo) -> bool:
    """Whether another plugin already registered under ``name`` (the built-ins' « parcours »
    included): ``info`` is then listed as failed, naming the module that has the name."""
    holder = host.pm.get_plugin(name)
    if holder is None:
        return False
    info.status, info.problem = FAILED, M.PLUGIN_NAME_TAKEN.format(
        name=name, module=getattr(holder, "__name__", type(holder).__module__))
    host.plugins.append(info)
    return True


def _register(host: PluginHost, name: str, plugin: object, info: PluginInfo) -> None:
    if _name_taken(host, name, info):
        return
    host.plugins.append(info)
    try:
        host.pm.register(plugin, name=name)
    except pluggy.PluginValidationError as exc:
        if name == BUILTIN:
            raise
        info.status, info.problem = FAILED, M.PLUGIN_BAD_HOOK.format(error=exc)
        host.report(name, "register", exc)
    except ValueError as exc:  # the same module already registered under another name
        info.status, info.problem = FAILED, M.PLUGIN_MODULE_TWICE.format(module=info.module)
        host.report(name, "register", exc)


def _check_pending(host: PluginHost) -> None:
    while True:
        try:
            host.pm.check_pending()
            return
        except pluggy.PluginValidationError as exc:
            name = host.pm.get_name(exc.plugin) or "?"
            host.pm.unregister(exc.plugin)
            for info in host.plugins:
                if info.name == name:
                    info.status, info.problem = FAILED, M.PLUGIN_BAD_HOOK.format(error=exc)
            host.report(name, "check_pending", exc)
            if name == BUILTIN:
                raise PluginError(name, str(exc)) from exc


__all__ = ["ACTIVE", "BLOCKED", "DEFAULT_HOOK_BUDGET", "DEGRADED", "FAILED", "HookTooSlow",
           "Incident", "PluginHost", "PluginInfo", "as_contributions", "build_plugin_host",
           "budget_seconds", "namespaced"]
