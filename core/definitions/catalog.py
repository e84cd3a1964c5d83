"""The catalog: every domain, track definition, check and deadline rule plugins contributed.

It merges contributions, rejects duplicates (naming the plugin), applies fact schema
extensions, validates each definition against the known checks and rules, and answers
look-ups by id (a domain's label included). Rules are versioned: the version in force on a
clock's start date wins.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from pydantic import BaseModel

from core import messages as M
from core.definitions.domains import DomainDefinition
from core.definitions.model import LifeStory, TrackDefinition
from core.definitions.validate import validate_definition, validate_suspensions
from core.errors import DefinitionError, InputError, NotFound, PluginError
from core.rules.model import DeadlineRule
from core.schemas_ext import FactSchemaExtension, merge_schema, validator_codes

if TYPE_CHECKING:  # checks run in the engine; the catalog only keeps them by id
    from core.engine.checks import CheckSpec


class Catalog:
    """Read-only registry of definitions, checks and rules, keyed by id."""

    def __init__(self) -> None:
        self.definitions: dict[tuple[str, int], TrackDefinition] = {}
        self.checks: dict[str, CheckSpec] = {}
        self.rules: dict[str, list[DeadlineRule]] = {}
        self.domain_definitions: dict[str, DomainDefinition] = {}
        self.origin: dict[str, str] = {}
        """Which plugin contributed each definition, check and rule id."""
        self.extensions: dict[type[BaseModel], str] = {}
        """Which plugin added each fact schema extension (its schema class)."""
        self._restricted_memo: tuple[int, tuple[frozenset[tuple[str, str]],
                                                frozenset[tuple[str, str]]]] | None = None

    # --- building -------------------------------------------------------------------
    def add_domains(self, plugin: str, domains: Iterable[DomainDefinition]) -> None:
        """Register domain labels; a domain declared twice is refused (PluginError)."""
        for domain in domains:
            if domain.id in self.domain_definitions:
                owner = self.origin[f"domain:{domain.id}"]
                raise PluginError(plugin, M.DEF_DUPLICATE_DOMAIN.format(domain=domain.id)
                                  if owner == plugin else
                                  M.DEF_TAKEN_DOMAIN.format(domain=domain.id, owner=owner))
            self.domain_definitions[domain.id] = domain
            self.origin[f"domain:{domain.id}"] = plugin

    def add_checks(self, plugin: str, checks: Iterable[CheckSpec]) -> None:
        for spec in checks:
            if spec.id in self.checks:
                owner = self.checks[spec.id].plugin
                raise PluginError(plugin, M.DEF_DUPLICATE_CHECK.format(check=spec.id)
                                  if owner == plugin else
                                  M.DEF_TAKEN_CHECK.format(check=spec.id, owner=owner))
            self.checks[spec.id] = spec.model_copy(update={"plugin": plugin})
            self.origin[f"check:{spec.id}"] = plugin

    def add_rules(self, plugin: str, rules: Iterable[DeadlineRule]) -> None:
        for rule in rules:
            owner = self.origin.get(f"rule:{rule.id}", plugin)
            if owner != plugin:  # the latest version wins: it would replace the owner's rule
                raise PluginError(plugin, M.DEF_TAKEN_RULE.format(rule=rule.id, owner=owner))
            versions = self.rules.setdefault(rule.id, [])
            if any(r.version == rule.version for r in versions):
                raise PluginError(plugin, M.DEF_DUPLICATE_RULE.format(rule=rule.id,
                                                                       version=rule.version))
            versions.append(rule)
            versions.sort(key=lambda r: (r.effective_from, r.version))
            self.origin[f"rule:{rule.id}"] = plugin

    def add_definition(self, plugin: str, defn: TrackDefinition) -> None:
        """Validate and register one definition (DefinitionError when it is malformed).

        Only the plugin that gave a definition id first may give other versions of it: new
        tracks open with the latest, which would otherwise be another plugin's.
        """
        owner = self.origin.get(f"track:{defn.id}", plugin)
        if owner != plugin:
            raise PluginError(plugin, M.DEF_TAKEN_DEFINITION.format(definition=defn.id,
                                                                     owner=owner))
        if defn.key in self.definitions:
            raise PluginError(plugin, M.DEF_DUPLICATE_DEFINITION.format(definition=defn.id,
                                                                         version=defn.version))
        validate_definition(defn, self.checks, self.rules)
        validate_suspensions(defn, self.rules)
        self.definitions[defn.key] = defn
        self.origin[f"track:{defn.id}"] = plugin

    def extend_schema(self, ext: FactSchemaExtension, plugin: str = "") -> None:
        """Merge ``plugin``'s extra facts into every version of the target step.

        Raises:
            DefinitionError: no definition has that step (a typo would otherwise be silent).
        """
        targets = [d for d in self.definitions.values() if d.id == ext.definition_id
                   and any(s.id == ext.step_id for s in d.steps)]
        if not targets:
            raise DefinitionError(ext.definition_id, ext.step_id, M.DEF_EXTENSION_TARGET)
        for key, defn in list(self.definitions.items()):
            if defn.id != ext.definition_id:
                continue
            steps = tuple(s.model_copy(update={"facts": merge_schema(
                defn.id, s.id, s.facts, ext.schema_)}) if s.id == ext.step_id else s
                for s in defn.steps)
            self.definitions[key] = defn.model_copy(update={"steps": steps})
        self.extensions[ext.schema_] = plugin

    def fact_fault_plugin(self, exc: BaseException) -> str | None:
        """The plugin whose fact schema extension raised ``exc`` while a form was read: the
        one with a validator in its traceback (None when no extension's is: the definition's
        own schema raised)."""
        frames = set()
        tb = exc.__traceback__
        while tb is not None:
            frames.add(tb.tb_frame.f_code)
            tb = tb.tb_next
        return next((plugin for schema, plugin in self.extensions.items()
                     if frames & validator_codes(schema)), None)

    # --- look-ups -------------------------------------------------------------------
    def definition(self, track_id: str, version: int | None = None) -> TrackDefinition:
        """The definition with this id (latest version unless one is asked)."""
        if version is not None and (track_id, version) in self.definitions:
            return self.definitions[(track_id, version)]
        versions = [d for (i, _), d in self.definitions.items() if i == track_id]
        if not versions or version is not None:
            raise NotFound(self._unknown_track(track_id))
        return max(versions, key=lambda d: d.version)

    def _unknown_track(self, track_id: str) -> str:
        """Why ``track_id`` is no track, and what to type instead: a domain's name (« santé »,
        as a caseworker says it) is answered with that domain's tracks."""
        folded = "".join(c for c in unicodedata.normalize("NFKD", track_id.strip().casefold())
                         if not unicodedata.combining(c))
        tracks = sorted({d.id for d in self.definitions.values() if d.domain == folded})
        if tracks:
            return M.TRACK_UNKNOWN_DOMAIN.format(track=track_id, tracks=", ".join(tracks))
        return M.TRACK_UNKNOWN_LIST.format(track=track_id)

    def installed(self, track_id: str, version: int, step: str) -> TrackDefinition | None:
        """The definition a stored track follows, None when the installed plugins no longer
        have its version or its step (a plugin removed, or updated without keeping them)."""
        defn = self.definitions.get((track_id, version))
        return defn if defn is not None and any(s.id == step for s in defn.steps) else None

    def require_installed(self, track_id: str, version: int, step: str) -> TrackDefinition:
        """:meth:`installed`, or NotFound saying the track can no longer be acted on."""
        defn = self.installed(track_id, version, step)
        if defn is None:
            raise NotFound(M.TRACK_NOT_INSTALLED.format(track=track_id, version=version,
                                                        step=step))
        return defn

    def latest_definitions(self) -> list[TrackDefinition]:
        """The newest version of each definition, sorted by id."""
        ids = sorted({i for i, _ in self.definitions})
        return [self.definition(i) for i in ids]

    def restricted_moves(self) -> frozenset[tuple[str, str]]:
        """(definition id, trigger) of every move declared ``restricted`` (its very choice
        tells a restricted fact), in any version."""
        return self._restricted()[0]

    def restricted_rules(self) -> frozenset[tuple[str, str]]:
        """(definition id, rule id) of every deadline a ``restricted`` move opens: its name
        and length tell what the move's choice tells."""
        return self._restricted()[1]

    def _restricted(self) -> tuple[frozenset[tuple[str, str]], frozenset[tuple[str, str]]]:
        # Asked per deadline listed: worked out once per set of definitions, which only grows
        # while plugins load (a definition's schema extended keeps its moves).
        if self._restricted_memo is None or self._restricted_memo[0] != len(self.definitions):
            moves = [(d.id, t) for d in self.definitions.values() for t in d.transitions
                     if t.restricted]
            self._restricted_memo = (len(self.definitions), (
                frozenset((i, t.trigger) for i, t in moves),
                frozenset((i, r) for i, t in moves for r in t.rule_ids() if r not in t.closes)))
        return self._restricted_memo[1]

    def life_stories(self) -> dict[tuple[str, int], LifeStory]:
        """Where each definition version records a life story (:class:`LifeStory`), by key."""
        return {key: defn.life_story for key, defn in self.definitions.items()
                if defn.life_story is not None}

    def domain_label(self, domain: str) -> str:
        """The French label of ``domain``: the declared one, else the id itself."""
        found = self.domain_definitions.get(domain)
        return found.label if found else domain

    def domains(self) -> list[tuple[str, str]]:
        """``(id, label)`` of every domain that has at least one track, sorted by id."""
        used = sorted({d.domain for d in self.definitions.values()})
        return [(domain, self.domain_label(domain)) for domain in used]

    def require_domain(self, domain: str) -> None:
        """Refuse a filter on a domain no track has: it would match nothing, silently.

        Raises:
            InputError: ``domain`` is not one of :meth:`domains`.
        """
        known = [d for d, _ in self.domains()]
        if domain not in known:
            raise InputError(M.DOMAIN_UNKNOWN.format(domain=domain, known=", ".join(known)))

    def undeclared_domains(self) -> dict[str, list[str]]:
        """Domains named by tracks but declared by no plugin, per contributing plugin."""
        found: dict[str, set[str]] = {}
        for defn in self.definitions.values():
            if defn.domain not in self.domain_definitions:
                plugin = self.origin.get(f"track:{defn.id}", "")
                found.setdefault(plugin, set()).add(defn.domain)
        return {plugin: sorted(domains) for plugin, domains in found.items()}

    def rule(self, rule_id: str, on: date | None = None) -> DeadlineRule:
        """The version of ``rule_id`` in force on ``on`` (the latest when ``on`` is None)."""
        versions = self.rules.get(rule_id)
        if not versions:
            raise NotFound(M.RULE_UNKNOWN.format(rule=rule_id))
        if on is None:
            return versions[-1]
        in_force = [r for r in versions if r.in_force(on)]
        if not in_force:
            raise NotFound(M.RULE_NOT_IN_FORCE.format(rule=rule_id, day=M.long_date(on)))
        return in_force[-1]

    def all_rules(self) -> list[DeadlineRule]:
        """Every rule version, sorted by id then effective date."""
        return [r for rule_id in sorted(self.rules) for r in self.rules[rule_id]]

