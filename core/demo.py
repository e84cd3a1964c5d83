"""What a plugin contributes to the demo year (``parcours demo``): its domains' stories, as data.

A plugin answers the ``parcours_demo_domains`` hook with one :class:`DemoDomain` per domain it
helps persons in: how many persons of a delegation's year are helped in it, and the tracks each
of them gets, in order. Each :class:`DemoTrack` is walked along a :class:`DemoPath` of
:class:`DemoMove` values (a trigger, or weighted alternatives, with its delay after the previous
move and the facts a caseworker would enter); the demo fills every other required fact from the
transition's schema. Values of facts may be drawn on the move's day with :class:`DemoValue`.

Domains never name each other: a path that depends on another domain's work says so through
the shared facts of :mod:`core.crossdomain` (``holding``, ``waits``), and the demo draws the
domains that give such a fact before those that read it. Core reads these declarations only;
it names no plugin's track, trigger or fact here or in :mod:`core.services.demo_plan`.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, ConfigDict, Field, model_validator

from core import messages as M

Draw = Callable[[date, random.Random], Any]
"""A fact's value drawn on the move's day with the demo's seeded generator."""


class DemoValue:
    """Fact values drawn on the move's day (plain values are given as they are)."""

    @staticmethod
    def later(**delta: int) -> Draw:
        """The move's day plus ``relativedelta(**delta)``, as an ISO date (the day itself
        without arguments)."""
        return lambda day, _rng: (day + relativedelta(**delta)).isoformat()

    @staticmethod
    def one_of(*choices: Any) -> Draw:
        """One of ``choices``, drawn uniformly."""
        return lambda _day, rng: rng.choice(choices)

    @staticmethod
    def years_before(low: int, high: int) -> Draw:
        """An ISO date between ``low`` and ``high`` years before the move's day."""
        return lambda day, rng: (day - timedelta(days=rng.randint(365 * low, 365 * high))).isoformat()


class DemoChoice(BaseModel):
    """One weighted alternative of a move (a decision that may go either way)."""

    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid", arbitrary_types_allowed=True)

    trigger: str
    weight: float = Field(gt=0)
    facts: dict[str, Any] = Field(default_factory=dict)
    """Facts of this alternative, on top of the move's."""


class DemoMove(BaseModel):
    """One transition of a path: its trigger (or weighted alternatives) and when it comes."""

    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid", arbitrary_types_allowed=True)

    trigger: str = ""
    choices: tuple[DemoChoice, ...] = ()
    """Alternatives drawn by weight, instead of ``trigger``."""
    after: tuple[int, int]
    """Days after the previous move (or the track's start), drawn between the two."""
    facts: dict[str, Any] = Field(default_factory=dict)
    """Facts beyond those the schema makes up (a value, or a :class:`DemoValue` draw)."""
    ends: tuple[str, ...] = ()
    """Alternatives after which the path stops (a refusal, say)."""

    @model_validator(mode="after")
    def _one_kind(self) -> DemoMove:
        if bool(self.trigger) == bool(self.choices):
            raise ValueError(M.DEMO_MOVE_KIND)
        if not 0 <= self.after[0] <= self.after[1]:
            raise ValueError(M.DEMO_MOVE_DELAY.format(after=self.after))
        return self

    @property
    def triggers(self) -> tuple[str, ...]:
        """Every trigger this move may fire."""
        return (self.trigger,) if self.trigger else tuple(c.trigger for c in self.choices)

    def choose(self, rng: random.Random) -> tuple[str, dict[str, Any]]:
        """The trigger fired and the facts given with it (before values are drawn)."""
        if self.trigger:
            return self.trigger, self.facts
        choice = rng.choices(self.choices, [c.weight for c in self.choices])[0]
        return choice.trigger, {**self.facts, **choice.facts}


class DemoPath(BaseModel):
    """A track's moves, as a caseworker would walk them, for the persons it fits."""

    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")

    moves: tuple[DemoMove, ...]
    holding: str = ""
    """A shared fact (:mod:`core.crossdomain`) an earlier move of her story gave her before
    the path's first day (``sejour_regulier_jusquau``: she holds a stay document); empty:
    every person. A track walks the first of its paths whose condition holds."""
    waits: tuple[str, int] | None = None
    """(shared fact, days): the path starts no sooner than ``days`` after the earliest move
    that gave her the fact (``("demande_asile_depuis", 93)``: an asylum seeker's wait)."""


class DemoGoal(BaseModel):
    """A milestone the year's tracks of a definition must reach a given number of times (the
    published count of *récits*, say)."""

    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")

    trigger: str
    """A move of the track's first path (its plain trigger)."""
    tracks: int = Field(ge=0)
    """How many tracks of the year reach it."""
    moves: tuple[int, ...]
    """Moves walked, one drawn, while the goal is not met: each at least up to ``trigger``.
    Once it is met, the track's own ``moves`` are drawn (they should stop short of it)."""
    start_by: tuple[int, int] = (12, 31)
    """(month, day): a track drawn to reach the milestone starts no later than this day of the
    year, so that it reaches it in the year."""


class DemoTrack(BaseModel):
    """One track of a domain's story: which definition, when it starts, how far it goes."""

    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")

    definition: str
    paths: tuple[DemoPath, ...] = Field(min_length=1)
    moves: tuple[int, ...] = ()
    """Number of moves walked, one drawn uniformly; empty: from 1 to the path's length."""
    follows: tuple[str, ...] = ()
    """Triggers of the domain's earlier tracks after which this one starts (the earliest
    fired); empty: it starts with the domain's help. Never fired: the track is not started."""
    delay: tuple[int, int] = (0, 21)
    """Days after that (or after her first visit of the year), drawn between the two."""
    goal: DemoGoal | None = None

    @model_validator(mode="after")
    def _goal_on_the_path(self) -> DemoTrack:
        if self.goal and self.goal.trigger not in [m.trigger for m in self.paths[0].moves]:
            raise ValueError(M.DEMO_GOAL_OFF_PATH.format(trigger=self.goal.trigger,
                                                         definition=self.definition))
        return self


class DemoDomain(BaseModel):
    """How persons are helped in one domain during a demo year."""

    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")

    domain: str
    persons: int = Field(ge=0)
    """Persons helped in the domain during the year (followed persons first)."""
    tracks: tuple[DemoTrack, ...] = Field(min_length=1)
    """The tracks each of them gets, in order; a later one may follow an earlier one."""
    first_seen_by: tuple[int, int] | None = None
    """(month, day): only persons first seen by this day of the year (so that the story can
    reach its milestones in the year)."""
    unfollowed: int = Field(default=0, ge=0)
    """Persons nobody follows, besides ``persons``, whose first track a supervisor only starts,
    a week after their first visit (the review queue then lists tracks without a referent)."""

    def gives(self) -> set[str]:
        """Fact names its moves give (explicitly: the schema's own defaults are not known)."""
        return {name for t in self.tracks for p in t.paths for m in p.moves
                for name in (*m.facts, *(n for c in m.choices for n in c.facts))}

    def reads(self) -> set[str]:
        """Shared facts its paths depend on."""
        return {name for t in self.tracks for p in t.paths
                for name in (p.holding, p.waits[0] if p.waits else "") if name}


__all__ = ["DemoChoice", "DemoDomain", "DemoGoal", "DemoMove", "DemoPath", "DemoTrack",
           "DemoValue", "Draw"]
