"""Track definitions as data: the frozen Pydantic specs of steps, transitions and tracks.

A definition never holds per-person state; running tracks live in ``core.engine``. The
facts a step (or a transition) collects are described by an ordinary Pydantic model,
whose fields may carry a label and a sensitivity class through :func:`fact`.
"""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Role(StrEnum):
    """Roles an actor can hold; transitions name which ones may fire them."""

    BENEVOLE = "benevole"
    STAGIAIRE = "stagiaire"
    REFERENT = "referent"
    SUPERVISEUR = "superviseur"
    ADMIN = "admin"


CASEWORKERS = frozenset({Role.REFERENT, Role.SUPERVISEUR})
"""Roles that follow a person individually; the default for most transitions. The
administrator manages accounts and configuration and never acts on a file."""

EVERYONE = frozenset({Role.BENEVOLE, Role.STAGIAIRE, Role.REFERENT, Role.SUPERVISEUR})
"""Roles that meet people at the drop-in (every role but the administrator's)."""


class StepKind(StrEnum):
    """What a step waits for: the association (action), an authority (waiting), or nothing."""

    ACTION = "action"
    WAITING = "waiting"
    FINAL = "final"


class Silence(StrEnum):
    """What an authority's silence past the expected answer time means in law."""

    REFUS = "refus"
    ACCEPTATION = "acceptation"
    SANS_EFFET = "sans_effet"


class Sensitivity(StrEnum):
    """Privacy class of a fact: where it is stored and who may later read it."""

    ORDINARY = "ordinary"
    SENSITIVE = "sensitive"
    RESTRICTED = "restricted"


def fact(default: Any = ..., *, label: str, sensitivity: Sensitivity = Sensitivity.ORDINARY,
         **kwargs: Any) -> Any:
    """Declare one fact of a step schema with its French label and sensitivity class."""
    extra: dict[str, Any] = {"sensitivity": sensitivity.value}
    return Field(default, title=label, json_schema_extra=extra, **kwargs)


class NoFacts(BaseModel):
    """Schema of a step that collects nothing."""

    model_config = ConfigDict(defer_build=True, extra="forbid")


class StepDefinition(BaseModel):
    """One state of a track."""

    model_config = ConfigDict(defer_build=True, frozen=True, arbitrary_types_allowed=True, extra="forbid")

    id: str
    """Stable ASCII identifier, e.g. ``depot_ofpra``."""
    label: str
    """French label shown to caseworkers."""
    kind: StepKind = StepKind.ACTION
    stall_after: timedelta | None = None
    """For action steps: after this long without an event the step is reported as stalled."""
    expected_answer_within: timedelta | None = None
    """For waiting steps: how long the authority usually takes to answer."""
    silence_means: Silence | None = None
    """For waiting steps: what the authority's silence past that time means."""
    facts: type[BaseModel] = NoFacts
    """Pydantic schema of the facts recorded when the track enters this step."""
    description: str = ""


class RuleChoice(BaseModel):
    """Open the deadline rule that a fact's value, or the place, calls for (one transition,
    several variants).

    ``cases`` maps a value of ``fact`` (as text; yes/no facts read ``oui`` and ``non``) to a
    rule id; a value not listed opens ``default``, or nothing when there is none.
    ``places`` maps where her delegation is, by holiday subdivision (``"973"``: Guyane), or
    :data:`OVERSEAS` for any overseas department, to the rule opened there whatever the fact
    says: where the law sets another time (the COMED's six months overseas, CCH R441-15; seven
    days to file with the OFPRA in Guyane, CESEDA R591-7). A subdivision named wins over
    :data:`OVERSEAS`.
    """

    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")

    fact: str = ""
    cases: dict[str, str] = Field(default_factory=dict)
    default: str | None = None
    places: dict[str, str] = Field(default_factory=dict)

    def rule_ids(self) -> tuple[str, ...]:
        """Every rule this choice may open."""
        return tuple(dict.fromkeys((*self.cases.values(), *self.places.values(),
                                    *([self.default] if self.default else []))))

    def choose(self, value: Any, *, place: str | None = None) -> str | None:
        """The rule id for the place (a holiday subdivision code), else for the fact's value
        (None: nothing to open)."""
        if self.places and place is not None:
            there = self.places.get(place) or (
                self.places.get(OVERSEAS) if place in OVERSEAS_DEPARTMENTS else None)
            if there is not None:
                return there
        key = {True: "oui", False: "non"}.get(value, value) if isinstance(value, bool) else value
        return self.cases.get(str(key), self.default) if key is not None else self.default


OVERSEAS = "outre-mer"
"""The key of :attr:`RuleChoice.places` that stands for every overseas department."""
OVERSEAS_DEPARTMENTS = frozenset({"971", "972", "973", "974", "976"})
"""The overseas departments' holiday subdivisions (départements et régions d'outre-mer)."""


class TransitionDefinition(BaseModel):
    """A named move between steps, offered to some roles and guarded by checks."""

    model_config = ConfigDict(defer_build=True, frozen=True, arbitrary_types_allowed=True, extra="forbid")

    trigger: str
    label: str
    source: tuple[str, ...]
    """Steps this transition leaves from."""
    dest: str
    roles: frozenset[Role] = CASEWORKERS
    checks: tuple[str, ...] = ()
    """Ids of checks evaluated before firing (own or contributed by any plugin)."""
    facts: type[BaseModel] | None = None
    """Facts asked for this move; defaults to the destination step's schema."""
    opens: tuple[str | RuleChoice, ...] = ()
    """Deadline rule ids started when this transition fires, or choices among rules made
    from a fact's value."""
    closes: tuple[str, ...] = ()
    """Deadline rule ids met (closed) when this transition fires."""
    suspends: tuple[str, ...] = ()
    """Deadline rule ids whose running clock stops when this transition fires."""
    resumes: tuple[str, ...] = ()
    """Deadline rule ids whose clock starts again when this transition fires."""
    restricted: bool = False
    """Whether choosing this move tells a restricted fact by itself (which limitation period
    applies tells the offence's qualification): an export for a partner shows it as a step
    recorded, without its name, and leaves out the deadlines it opens."""

    def rule_ids(self) -> tuple[str, ...]:
        """Every rule id this transition may open, close, suspend or resume."""
        opened = (r for o in self.opens for r in (o.rule_ids() if isinstance(o, RuleChoice) else (o,)))
        return tuple(dict.fromkeys((*opened, *self.closes, *self.suspends, *self.resumes)))


class LifeStory(BaseModel):
    """Where a track records a person's life story (*récit de vie*: what she lived, written
    for an authority), the most sensitive thing the association holds about her.

    The facts collected by ``trigger`` and the notes attached to its events are erased by
    retention rule R2 (:mod:`core.services.retention_rules`) some months after the track
    closes on one of the ``decisions``; the demo and the reports count those events as
    *récits*. Core knows no track by name: this declaration is all R2 reads.
    """

    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")

    trigger: str
    """The transition (usually a self-loop) that records the life story."""
    decisions: tuple[str, ...]
    """Final steps of a final decision, from which R2's delay runs (not, say, an abandoned
    application, whose story stays under R1)."""


class TrackDefinition(BaseModel):
    """The declarative spec of a track: steps, transitions and their guards, versioned."""

    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")

    id: str
    version: int = 1
    label: str
    domain: str
    """Support domain the track belongs to (``parcours``, ``psp``, ``asile``...)."""
    initial: str
    steps: tuple[StepDefinition, ...]
    transitions: tuple[TransitionDefinition, ...]
    description: str = ""
    life_story: LifeStory | None = None
    """Where the track records a life story, whose retention R2 governs (None: nowhere)."""

    def step(self, step_id: str) -> StepDefinition:
        """Return the step with this id (KeyError when unknown)."""
        for candidate in self.steps:
            if candidate.id == step_id:
                return candidate
        raise KeyError(step_id)

    def transitions_from(self, step_id: str) -> list[TransitionDefinition]:
        """Every transition that can leave ``step_id``, in declaration order."""
        return [t for t in self.transitions if step_id in t.source]

    def transition(self, trigger: str, step_id: str) -> TransitionDefinition | None:
        """The transition named ``trigger`` leaving ``step_id``, if any."""
        return next((t for t in self.transitions_from(step_id) if t.trigger == trigger), None)

    def facts_schema(self, transition: TransitionDefinition) -> type[BaseModel]:
        """Schema of the facts asked when firing ``transition``."""
        return transition.facts or self.step(transition.dest).facts

    @property
    def key(self) -> tuple[str, int]:
        return (self.id, self.version)
