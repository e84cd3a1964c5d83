"""Testing kit for plugin authors: a harness for one person's tracks, and scenario files.

:class:`TrackHarness` runs the real engine on a fresh plugin host (the installed plugins, or
only the ones given), without any database: start tracks, fire triggers with facts, and
assert steps, refusals by reason code and due dates. :func:`run_scenario` plays a YAML
scenario a coordinator can read (facts and events in, expected steps and due dates out)
through the same harness; :func:`plugin_scenarios` finds the files a plugin ships in its
``scenarios/`` folder. :func:`check_codes` and :func:`moment` are the small helpers every
plugin's tests need (the checks an action went through, an event's time on a day).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import yaml

from core.definitions.model import Role
from core.delegation import Agrement, DelegationInfo
from core.engine.checks import Actor, ConsentSnapshot, PersonSnapshot, TrackSnapshot
from core.engine.facts import parse_date
from core.engine.outcome import TransitionOutcome
from core.engine.runner import Engine, TrackState
from core.errors import ParcoursError, TransitionRefused
from core.plugin_imports import FORBIDDEN_IMPORTS, import_problems  # noqa: F401 - re-exported
from core.plugins import PluginHost, build_plugin_host
from core.rules.calendar import subdivision_code


class ScenarioFailure(AssertionError):
    """A scenario's expectation did not hold; the message says which step and why."""


@dataclass
class TrackHarness:
    """One person's tracks driven through the real engine, with assertions."""

    host: PluginHost = field(default_factory=build_plugin_host)
    today: date = field(default_factory=date.today)
    actor: Actor = field(default_factory=lambda: Actor("referente", Role.REFERENT))
    birth_date: date | None = None
    delegation: DelegationInfo | None = None
    """The delegation following the person (holiday calendar, approvals)."""
    tracks: dict[str, TrackState] = field(default_factory=dict)
    consents: list[ConsentSnapshot] = field(default_factory=list)
    """The person's consents, as the services would read them from her file."""

    def __post_init__(self) -> None:
        self.engine = Engine(self.host.catalog, report_error=self.host.report)

    @classmethod
    def with_plugins(cls, *plugins: tuple[str, object], entry_points: bool = False,
                     strict: bool = False, **kwargs: Any) -> TrackHarness:
        """A harness on a fresh host holding the built-ins and ``plugins`` only.

        Raises:
            ScenarioFailure: ``strict`` and a plugin failed to load or had a contribution
                rejected (the host's incidents), which a plugin's own tests must not hide.
        """
        host = build_plugin_host(load_entrypoints=entry_points, extra=plugins)
        if strict and host.incidents:
            found = ", ".join(f"{i.plugin} ({i.hook} : {i.error})" for i in host.incidents)
            raise ScenarioFailure(f"incidents au chargement des extensions : {found}")
        return cls(host=host, **kwargs)

    def start(self, track_id: str) -> TrackState:
        """Open a track of this definition for the person (numbered like stored tracks)."""
        state = self.engine.start(track_id)
        state.id = len(self.tracks) + 1
        self.tracks[track_id] = state
        return state

    def person(self) -> PersonSnapshot:
        snaps = tuple(TrackSnapshot.of(self.engine.definition_of(s), s, s.deadlines)
                      for s in self.tracks.values())
        return PersonSnapshot(alias="Personne fictive", birth_date=self.birth_date, tracks=snaps,
                              delegation=self.delegation, consents=tuple(self.consents))

    def give_consent(self, purpose: str, on: date | None = None, *, partner: str | None = None,
                     expires: date | None = None) -> ConsentSnapshot:
        """Record the person's consent to ``purpose`` (``suivi``, ``partage`` with ``partner``,
        ``statistiques``), given on ``on`` (today by default)."""
        given = ConsentSnapshot(purpose=purpose, given_on=on or self.today, partner=partner,
                                expires_on=expires, id=len(self.consents) + 1)
        self.consents.append(given)
        return given

    def withdraw_consent(self, purpose: str, partner: str | None = None) -> None:
        """Withdraw every current consent to ``purpose`` (and that partner), as of today."""
        self.consents = [replace(c, withdrawn=True, withdrawn_on=self.today)
                         if c.concerns(purpose, partner) and not c.withdrawn else c
                         for c in self.consents]

    def _final(self, state: TrackState) -> bool:
        return self.engine.definition_of(state).step(state.step).kind.value == "final"

    def _track(self, track: str | None) -> TrackState:
        if track is None:
            if len(self.tracks) != 1:
                raise ScenarioFailure("précisez la démarche : plusieurs sont ouvertes")
            return next(iter(self.tracks.values()))
        return self.tracks.get(track) or self.start(track)

    def fire(self, trigger: str, track: str | None = None, *, at: date | None = None,
             role: Role | None = None, **facts: Any) -> TransitionOutcome:
        """Fire ``trigger`` with ``facts`` (raises the engine's errors)."""
        state = self._track(track)
        actor = Actor(self.actor.name, role) if role else self.actor
        occurred = moment(at) if at else None
        return self.engine.fire(state, trigger, actor, today=self.today, facts=facts,
                                person=self.person(), occurred_at=occurred)

    def assert_step(self, step: str, track: str | None = None) -> None:
        current = self._track(track).step
        if current != step:
            raise ScenarioFailure(f"étape attendue « {step} », obtenue « {current} »")

    def assert_refused(self, trigger: str, code: str, track: str | None = None, *,
                       role: Role | None = None, at: date | None = None,
                       **facts: Any) -> TransitionRefused:
        """Assert that firing is refused with reason ``code``, and that nothing changed."""
        state = self._track(track)
        before = (state.step, dict(state.facts), dict(state.deadlines))
        try:
            self.fire(trigger, track, at=at, role=role, **facts)
        except TransitionRefused as exc:
            codes = [r.code for r in exc.reasons]
            if code not in codes:
                raise ScenarioFailure(f"refus attendu « {code} », obtenu {codes}") from exc
            if (state.step, state.facts, state.deadlines) != before:
                raise ScenarioFailure("un refus a modifié la démarche") from exc
            return exc
        raise ScenarioFailure(f"l'action « {trigger} » devait être refusée ({code})")

    def due(self, rule_id: str, track: str | None = None) -> date:
        running = self._track(track).deadlines.get(rule_id)
        if running is None:
            raise ScenarioFailure(f"aucune échéance « {rule_id} » en cours")
        return running.due

    def assert_due(self, rule_id: str, expected: date, track: str | None = None) -> None:
        got = self.due(rule_id, track)
        if got != expected:
            raise ScenarioFailure(f"échéance « {rule_id} » attendue le {expected}, obtenue le {got}")


def check_codes(outcome: TransitionOutcome) -> set[str]:
    """The codes of the checks an action went through (passed ones and warnings)."""
    return {r.code for r in outcome.checks}


def moment(day: date | str) -> datetime:
    """Noon UTC on ``day`` (a date or ISO text): the time the harness gives an event of that
    day, and a plain one for report tests' tracks and events."""
    return datetime.combine(_day(day), time(12), tzinfo=UTC)


# --- scenario files -------------------------------------------------------------------

def _day(value: Any) -> date:
    return value if isinstance(value, date) else parse_date(str(value))


def load_scenario(path: Path) -> dict[str, Any]:
    """Read a scenario file (YAML, French keys)."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(doc, dict) or "etapes" not in doc:
        raise ScenarioFailure(f"{path.name} : un scénario doit avoir une liste « etapes »")
    return doc


SCENARIO_KEYS = ("titre", "aujourdhui", "naissance", "delegation", "demarches", "etapes")
STEP_KEYS = ("titre", "action", "demarche", "role", "le", "faits", "refus", "attendu",
             "consentement", "retrait")
EXPECTED_KEYS = ("etape", "echeances")
DELEGATION_KEYS = ("code", "departement", "jours_feries", "agrements")
"""The keys a scenario, its steps, a step's ``attendu`` and its ``delegation`` may have: a
misspelt one was skipped, and the scenario passed without checking what it said."""


def _known_keys(where: str, given: Any, known: Iterable[str]) -> None:
    """Refuse a key of a scenario's mapping ``given`` that is not among ``known``."""
    names = tuple(known)
    unknown = sorted(str(k) for k in given if k not in names) if isinstance(given, dict) else []
    if not isinstance(given, dict) or unknown:
        found = f"clé inconnue « {unknown[0]} »" if unknown else "un dictionnaire est attendu"
        place = f"{where} : " if where else ""
        raise ScenarioFailure(f"{place}{found} (clés possibles : {', '.join(names)})")


def run_scenario(path: Path, host: PluginHost | None = None) -> TrackHarness:
    """Play a scenario file; raise :class:`ScenarioFailure` naming the failing step."""
    doc = load_scenario(path)
    _known_keys(path.name, doc, SCENARIO_KEYS)
    if doc.get("delegation"):
        _known_keys(f"{path.name}, delegation", doc["delegation"], DELEGATION_KEYS)
        for entry in doc["delegation"].get("agrements") or ():
            _known_keys(f"{path.name}, agrements", entry, AGREMENT_KEYS)
    harness = TrackHarness(host=host or build_plugin_host(), today=_day(doc.get("aujourdhui", date.today())),
                           birth_date=_day(doc["naissance"]) if doc.get("naissance") else None,
                           delegation=_delegation(doc["delegation"]) if doc.get("delegation") else None)
    for track in doc.get("demarches", []):
        harness.start(track)
    for number, step in enumerate(doc["etapes"], start=1):
        try:
            _play(harness, step)
        except (ScenarioFailure, ParcoursError) as exc:
            label = step.get("titre") or step.get("action")
            raise ScenarioFailure(f"{path.name}, étape {number} ({label}) : {exc}") from exc
    return harness


AGREMENT_KEYS = {"departement": "department", "depose_le": "requested_on",
                 "complet_le": "completed_on", "accorde_le": "granted_on",
                 "refuse_le": "refused_on", "valable_du": "valid_from",
                 "valable_jusquau": "valid_to"}


def _agrement(entry: dict[str, Any]) -> Agrement:
    fields: dict[str, Any] = {AGREMENT_KEYS[k]: (str(v) if k == "departement" else _day(v))
                              for k, v in entry.items()}
    return Agrement(**fields)


def _delegation(doc: dict[str, Any]) -> DelegationInfo:
    """A scenario's ``delegation``: ``code``, ``departement``, ``jours_feries`` (a holiday
    subdivision) and ``agrements`` (each with ``departement`` and its dates)."""
    agrements = tuple(_agrement(a) for a in doc.get("agrements", ()))
    department = doc.get("departement")
    subdivision = doc.get("jours_feries")
    return DelegationInfo(code=str(doc.get("code", "delegation")),
                          department=str(department) if department is not None else None,
                          holiday_subdivision=subdivision_code(str(subdivision))
                          if subdivision else None,
                          agrements=agrements)


CONSENT_KEYS = ("finalite", "le", "partenaire", "jusquau")
"""A scenario's ``consentement`` step: purpose, day given, partner, last day of validity."""


def _consent(harness: TrackHarness, step: dict[str, Any]) -> bool:
    """Play a ``consentement`` or ``retrait`` step; False when the step is an action."""
    if "consentement" in step:
        given = step["consentement"]
        unknown = set(given) - set(CONSENT_KEYS)
        if unknown or "finalite" not in given:
            raise ScenarioFailure(f"consentement : clés attendues {', '.join(CONSENT_KEYS)}")
        harness.give_consent(str(given["finalite"]),
                             _day(given["le"]) if given.get("le") else None,
                             partner=str(given["partenaire"]) if given.get("partenaire") else None,
                             expires=_day(given["jusquau"]) if given.get("jusquau") else None)
        return True
    if "retrait" in step:
        taken = step["retrait"]
        harness.withdraw_consent(str(taken["finalite"]), taken.get("partenaire"))
        return True
    return False


def _play(harness: TrackHarness, step: dict[str, Any]) -> None:
    _known_keys("", step, STEP_KEYS)
    _known_keys("attendu", step.get("attendu") or {}, EXPECTED_KEYS)
    if _consent(harness, step):
        return
    track, trigger = step.get("demarche"), step["action"]
    facts = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in (step.get("faits") or {}).items()}
    role = Role(step["role"]) if step.get("role") else None
    at = _day(step["le"]) if step.get("le") else None
    if step.get("refus"):
        harness.assert_refused(trigger, step["refus"], track, role=role, at=at, **facts)
        return
    harness.fire(trigger, track, at=at, role=role, **facts)
    expected = step.get("attendu") or {}
    if "etape" in expected:
        harness.assert_step(expected["etape"], track)
    for rule_id, due in (expected.get("echeances") or {}).items():
        harness.assert_due(rule_id, _day(due), track)


def plugin_scenarios(host: PluginHost) -> Iterator[tuple[str, Path]]:
    """Every scenario file shipped by an active plugin: ``(plugin name, path)``."""
    for name, plugin in host.pm.list_name_plugin():
        module_file = getattr(plugin, "__file__", None)
        if module_file is None:
            continue
        folder = Path(module_file).parent / "scenarios"
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
            yield name, path


def scenario_ids(items: Iterable[tuple[str, Path]]) -> list[str]:
    return [f"{name}:{path.stem}" for name, path in items]


__all__ = ["ScenarioFailure", "TrackHarness", "check_codes", "import_problems", "load_scenario",
           "moment", "plugin_scenarios", "run_scenario", "scenario_ids"]


# --- generic walk ---------------------------------------------------------------------

def sample_facts(fields: Iterable[Any], today: date) -> dict[str, Any]:
    """Plausible values for a transition's fields: today, yes, the first choice, zero."""
    values: dict[str, Any] = {}
    for spec in fields:
        if not spec.required:
            continue
        values[spec.name] = {"date": today.isoformat(), "boolean": True, "integer": 0,
                             "number": 0, "choice": (spec.choices or ("",))[0]}.get(spec.type, "x")
    return values


def walk_to_final(harness: TrackHarness, track_id: str, max_steps: int = 50) -> list[str]:
    """Walk a track from its initial step to a final one using only allowed actions.

    Prefers transitions to steps not seen yet; returns the triggers fired.

    Raises:
        ScenarioFailure: no allowed action leads on, or the walk is too long.
    """
    state = harness.start(track_id)
    seen = {state.step}
    fired: list[str] = []
    while not harness._final(state):
        if len(fired) >= max_steps:
            raise ScenarioFailure(f"{track_id} : aucune étape finale atteinte en {max_steps} actions")
        actions = harness.engine.available_actions(state, harness.actor, harness.today, harness.person())
        ordered = sorted((a for a in actions if a.allowed), key=lambda a: a.dest in seen)
        for action in ordered:
            try:
                harness.fire(action.trigger, track_id, **sample_facts(action.fields, harness.today))
            except ParcoursError:
                continue
            fired.append(action.trigger)
            seen.add(state.step)
            break
        else:
            raise ScenarioFailure(f"{track_id} : bloquée à l'étape « {state.step} »")
    return fired


# --- demo stories ----------------------------------------------------------------------

def demo_problems(host: PluginHost | None = None) -> list[str]:
    """What is wrong in the demo stories the plugins contribute (``parcours_demo_domains``),
    read against the catalog: an unknown domain or definition, a move whose trigger does not
    leave the step the path has reached, a fact its form does not ask, a track following a
    trigger no earlier track fires, a condition on a fact that is not shared, more moves
    than the path has. An empty list: every path is a walk of its track."""
    from core.crossdomain import SHARED_FACTS

    host = host or build_plugin_host()
    catalog, problems = host.catalog, []
    for plugin, domain in host.demo_domains():
        where = f"{plugin}, domaine « {domain.domain} »"
        if domain.domain not in catalog.domain_definitions:
            problems.append(f"{where} : domaine non déclaré")
        fired: set[str] = set()
        for track in domain.tracks:
            if not any(d.id == track.definition for d in catalog.definitions.values()):
                problems.append(f"{where} : démarche inconnue « {track.definition} »")
                continue
            here = f"{where}, démarche « {track.definition} »"
            problems += [f"{here} : suit « {t} », qu'aucune démarche précédente ne déclenche"
                         for t in track.follows if t not in fired]
            for path in track.paths:
                problems += [f"{here} : « {name} » n'est pas un fait partagé"
                             for name in (path.holding, path.waits[0] if path.waits else "")
                             if name and name not in SHARED_FACTS]
                problems += _walk_problems(catalog.definition(track.definition), path, here)
                longest = max((*track.moves, *(track.goal.moves if track.goal else ())),
                              default=0)
                if longest > len(path.moves):
                    problems.append(f"{here} : {longest} pas demandés, le chemin en a "
                                    f"{len(path.moves)}")
                fired |= {t for move in path.moves for t in move.triggers}
    return problems


def _walk_problems(defn: Any, path: Any, here: str) -> list[str]:
    step, problems = defn.initial, []
    for move in path.moves:
        going = None
        for choice in move.choices or (move,):
            transition = defn.transition(choice.trigger, step)
            if transition is None:
                problems.append(f"{here} : « {choice.trigger} » ne part pas de l'étape « {step} »")
                return problems
            asked = set(defn.facts_schema(transition).model_fields)
            problems += [f"{here} : « {choice.trigger} » ne demande pas le fait « {name} »"
                         for name in (*move.facts, *getattr(choice, "facts", {}))
                         if name not in asked]
            if going is None and choice.trigger not in move.ends:
                going = transition.dest
        if going is None:
            break
        step = going
    return list(dict.fromkeys(problems))
