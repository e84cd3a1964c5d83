"""The plugin host: discovery, allow/deny before import, per-plugin calls, a typed facade.

``build_plugin_host`` registers the built-in tracks first (through the same hooks as any
plugin), then lists the ``parcours`` entry points itself and imports only those the
configuration allows (pluggy's own loader would import everything first), then calls
``check_pending()`` so a misspelt hook disables its plugin with a clear message. Each hook
implementation is called on its own: a plugin that raises or returns bad data is recorded
as an incident and left out, and the other plugins still answer.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points
from typing import Any

import pluggy

from core import hookspecs
from core import messages as M
from core.definitions.catalog import Catalog
from core.definitions.model import TrackDefinition
from core.engine.checks import CheckSpec
from core.engine.outcome import TransitionNotice
from core.errors import DefinitionError, PluginError
from core.reports import ReportContext, ReportSection
from core.rules.model import DeadlineRule
from core.schemas_ext import FactSchemaExtension

log = logging.getLogger("parcours.plugins")
GROUP = "parcours"
BUILTIN = "parcours"


@dataclass
class PluginInfo:
    """One plugin as the administrator sees it."""

    name: str
    module: str
    distribution: str = ""
    version: str = ""
    status: str = "active"
    """``active``, ``blocked`` (by configuration) or ``failed``."""
    problem: str = ""


@dataclass(frozen=True)
class Incident:
    """A plugin that raised or misbehaved: names only, never data values."""

    plugin: str
    hook: str
    error: str


@dataclass
class PluginHost:
    """Typed facade over the plugin manager; owns the catalog built from contributions."""

    pm: pluggy.PluginManager
    plugins: list[PluginInfo] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    catalog: Catalog = field(default_factory=Catalog)

    # --- calling one implementation at a time ---------------------------------------
    def _call_each(self, hook: str, **kwargs: Any) -> list[tuple[str, Any]]:
        answers = []
        for impl in getattr(self.pm.hook, hook).get_hookimpls():
            try:
                result = impl.function(*[kwargs[name] for name in impl.argnames])
            except Exception as exc:  # contained: a plugin bug must not silence the others
                self.report(impl.plugin_name, hook, exc)
                continue
            answers.append((impl.plugin_name, result))
        return answers

    def report(self, plugin: str, hook: str, exc: BaseException) -> None:
        """Record an incident (plugin, hook, exception class) and log it."""
        self.incidents.append(Incident(plugin, hook, type(exc).__name__))
        log.error("plugin %s failed in %s: %s", plugin, hook, type(exc).__name__)

    def _contributions(self, hook: str, kind: type, **kwargs: Any) -> list[tuple[str, list[Any]]]:
        valid = []
        for plugin, result in self._call_each(hook, **kwargs):
            items = list(result or []) if isinstance(result or [], Iterable) else [result]
            if not all(isinstance(item, kind) for item in items):
                self.report(plugin, hook, TypeError(kind.__name__))
                continue
            valid.append((plugin, items))
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

    def after_transition(self, notice: TransitionNotice) -> None:
        """Notify every plugin; failures are recorded, never raised (fail open)."""
        self._call_each("parcours_after_transition", notice=notice)

    def report_sections(self, context: ReportContext) -> list[ReportSection]:
        """Every plugin's report sections, each stamped with the plugin's name."""
        return [s.model_copy(update={"plugin": p})
                for p, ss in self._contributions("parcours_report_sections", ReportSection,
                                                  context=context)
                for s in ss]

    # --- catalog --------------------------------------------------------------------
    def build_catalog(self) -> Catalog:
        """Merge every contribution into a fresh catalog; bad parts are reported and skipped."""
        catalog = Catalog()
        for plugin, checks in self.checks():
            self._guarded(plugin, "parcours_checks", catalog.add_checks, plugin, checks)
        for plugin, rules in self.deadline_rules():
            self._guarded(plugin, "parcours_deadline_rules", catalog.add_rules, plugin, rules)
        for plugin, defn in self.track_definitions():
            self._guarded(plugin, "parcours_track_definitions", catalog.add_definition,
                          plugin, defn)
        for plugin, exts in self.fact_schemas():
            for ext in exts:
                self._guarded(plugin, "parcours_fact_schemas", catalog.extend_schema, ext)
        self.catalog = catalog
        return catalog

    def _guarded(self, plugin: str, hook: str, func: Callable[..., None], *args: Any) -> None:
        try:
            func(*args)
        except (DefinitionError, PluginError) as exc:
            if plugin == BUILTIN:
                raise  # a broken built-in track is a bug in Parcours itself
            self.report(plugin, hook, exc)
            self._mark_failed(plugin, exc.msg)

    def _mark_failed(self, plugin: str, problem: str) -> None:
        for info in self.plugins:
            if info.name == plugin and info.status == "active":
                info.problem = problem


def _names_from_env(var: str) -> set[str] | None:
    raw = os.environ.get(var)
    return None if raw is None else {n.strip() for n in raw.split(",") if n.strip()}


def build_plugin_host(*, load_entrypoints: bool = True, allow: Iterable[str] | None = None,
                      deny: Iterable[str] = (), extra: Sequence[tuple[str, object]] = (),
                      group: str = GROUP) -> PluginHost:
    """Build the plugin host and its catalog.

    Args:
        load_entrypoints: discover installed plugins through the ``parcours`` entry points.
        allow: when given, only these entry-point names are imported (default: the
            ``PARCOURS_PLUGINS_ALLOW`` variable, comma-separated, or everything).
        deny: names never imported (added to ``PARCOURS_PLUGINS_DENY``).
        extra: ``(name, plugin object)`` pairs registered directly (tests, embedding).
        group: the entry-point group.

    Raises:
        DefinitionError, PluginError: only when the built-in tracks are broken.
    """
    from core import builtin  # local: the built-ins are a plugin like any other

    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    host = PluginHost(pm)
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
        info.status, info.problem = "blocked", M.PLUGIN_NOT_ALLOWED
        host.plugins.append(info)
        return
    try:
        module = ep.load()
    except Exception as exc:  # an unimportable plugin is reported, the app still starts
        info.status, info.problem = "failed", M.PLUGIN_IMPORT_FAILED.format(error=type(exc).__name__)
        host.plugins.append(info)
        host.report(ep.name, "import", exc)
        return
    _register(host, ep.name, module, info)


def _register(host: PluginHost, name: str, plugin: object, info: PluginInfo) -> None:
    host.plugins.append(info)
    try:
        host.pm.register(plugin, name=name)
    except pluggy.PluginValidationError as exc:
        if name == BUILTIN:
            raise
        info.status, info.problem = "failed", M.PLUGIN_BAD_HOOK.format(error=exc)
        host.report(name, "register", exc)
    except ValueError as exc:  # same name registered twice
        info.status, info.problem = "failed", str(exc)
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
                    info.status, info.problem = "failed", M.PLUGIN_BAD_HOOK.format(error=exc)
            host.report(name, "check_pending", exc)
            if name == BUILTIN:
                raise PluginError(name, str(exc)) from exc


__all__ = ["PluginHost", "PluginInfo", "Incident", "build_plugin_host"]
