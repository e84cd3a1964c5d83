"""The demo year as a plan: who comes when, and what happens to each person, day by day.

Pure and deterministic: a seeded :class:`random.Random` and Faker ``fr_FR`` (aliases are first
names, never real records) decide the drop-in days (most Tuesdays, 48 in the year), the
volunteers and their hours, the persons with their first visit and their visits, and each
person's story: her pathway (recognised, followed by a referent once her consent to it is
recorded, paused, lost from sight, closed, reinserted) and the tracks of the domains she is
helped in, each a path of transitions with the facts a caseworker would enter.
:mod:`core.services.demo` plays the plan through the services' own code, so every event,
deadline and projection is real.

Core knows no plugin's tracks: each plugin (and the built-in PSP) contributes its domains'
stories through the ``parcours_demo_domains`` hook (:mod:`core.demo`): how many persons, which
tracks in which order, the moves with their delays and facts, and milestones to reach; a track
whose definition is not installed is skipped. Tracks are left at many points of their paths on
31 December, some past their deadlines or waiting on an authority for too long, so the review
queue has work in it.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any

from core.demo import DemoDomain, DemoPath, DemoTrack

OPEN_AT, CLOSE_AT = time(13, 30), time(18, 30)
DROPINS_PER_YEAR = 48
ROLES = {"superviseur": 2, "referent": 5, "stagiaire": 3, "benevole": 22}
NEW_PERSONS, KNOWN_PERSONS = 300, 130
"""Persons whose first visit is in the year, and persons known from the year before."""
FREQUENCIES = ((0.45, 0.18), (0.15, 0.40), (0.04, 0.42))
"""(probability of coming to each later drop-in, share of persons)."""
ALIASES = ("Lulu", "Bijou", "Kiki", "Nana", "Titi", "Choupette", "Mimi", "Zaza", "Lolo", "Doudou")
"""Nicknames, besides Faker's French first names."""


@dataclass
class Op:
    """One thing to do for a person, on a day, as a given user."""

    day: date
    kind: str
    """``add``, ``consent`` (her consent to ``facts["purpose"]``), ``start`` or ``advance``."""
    actor: str
    definition: str = ""
    trigger: str = ""
    facts: dict[str, Any] = field(default_factory=dict)
    seq: int = 0


@dataclass
class PersonPlan:
    alias: str
    first_visit: date
    visits: list[int] = field(default_factory=list)
    """Indexes of the drop-ins she came to."""
    ops: list[Op] = field(default_factory=list)


@dataclass
class DropInPlan:
    day: date
    volunteers: list[tuple[str, Decimal]]
    anonymous: list[int]
    """Anonymous visitor counts, one row each."""


@dataclass
class YearPlan:
    year: int
    users: dict[str, str]
    """User name → role."""
    dropins: list[DropInPlan]
    persons: list[PersonPlan]


# --- drop-ins and users ------------------------------------------------------------------

def dropin_days(year: int) -> list[date]:
    """48 Tuesdays: public holidays and summer and Christmas closures left out."""
    import holidays  # only the plan needs it

    off = holidays.country_holidays("FR", years=year)
    first = date(year, 1, 1) + timedelta(days=(1 - date(year, 1, 1).weekday()) % 7)
    tuesdays = [first + timedelta(weeks=w) for w in range(53) if (first + timedelta(weeks=w)).year == year]
    days = [d for d in tuesdays if d not in off]
    closures = sorted((d for d in days if d.month == 8), key=lambda d: abs(d.day - 15)) \
        + [d for d in reversed(days) if d.month == 12] + [d for d in days if d.month == 1]
    for day in closures:
        if len(days) <= DROPINS_PER_YEAR:
            break
        days.remove(day)
    return days


def make_users(fake: Any, taken: set[str]) -> dict[str, str]:
    """Fictitious users of every role (first name and initial), unique among ``taken``."""
    users: dict[str, str] = {}
    for role, count in ROLES.items():
        while sum(1 for r in users.values() if r == role) < count:
            name = f"{fake.first_name_female()} {fake.last_name()[0]}."
            if name not in taken and name not in users:
                users[name] = role
    return users


def _dropins(rng: random.Random, days: list[date], users: dict[str, str]) -> list[DropInPlan]:
    present = [n for n, r in users.items() if r in ("benevole", "stagiaire")]
    staff = [n for n, r in users.items() if r in ("referent", "superviseur")]
    plans = []
    for day in days:
        names = rng.sample(present, rng.randint(8, 10)) + rng.sample(staff, rng.randint(0, 2))
        hours = [Decimal(str(rng.choice((5, 5, 5, 5, 5, 5, 4.5, 4)))) for _ in names]
        anonymous = [rng.randint(3, 9) for _ in range(rng.randint(2, 3))]
        plans.append(DropInPlan(day, list(zip(names, hours, strict=True)), anonymous))
    return plans


# --- persons ---------------------------------------------------------------------------

def _aliases(fake: Any, rng: random.Random, count: int,
             taken: Callable[[str], bool] | None = None) -> list[str]:
    """``count`` distinct aliases, none of them ``taken`` (the delegation's own, for a
    further year of it): a first name, else with an initial, else with two. A further form
    is drawn only when needed: a seed gives the same aliases whether or not ``taken`` is
    passed, as long as it takes none of them."""
    seen: set[str] = set()
    out: list[str] = []
    free = lambda alias: alias not in seen and not (taken and taken(alias))  # noqa: E731
    while len(out) < count:
        base = rng.choice(ALIASES) if rng.random() < 0.08 else fake.first_name_female()
        alias = base if free(base) else f"{base} {fake.last_name()[0]}."
        if taken and taken(alias):
            alias = f"{base} {fake.first_name()[0]}. {fake.last_name()[0]}."
        if free(alias):
            seen.add(alias)
            out.append(alias)
    return out


def _persons(fake: Any, rng: random.Random, year: int, days: list[date]) -> list[PersonPlan]:
    aliases = _aliases(fake, rng, NEW_PERSONS + KNOWN_PERSONS)
    persons = []
    for i, alias in enumerate(aliases):
        known = i >= NEW_PERSONS
        arrival = 0 if known else rng.randrange(len(days))
        first = (date(year - 1, 1, 10) + timedelta(days=rng.randrange(330))) if known \
            else days[arrival]
        p = rng.choices([f for f, _ in FREQUENCIES], [w for _, w in FREQUENCIES])[0]
        visits = [] if known else [arrival]
        visits += [j for j in range(arrival + (0 if known else 1), len(days)) if rng.random() < p]
        persons.append(PersonPlan(alias, first, visits or [rng.randrange(len(days))]))
    return persons


def _walk(rng: random.Random, definition: str, path: DemoPath, start: date, moves: int,
          actor: str, end: date) -> list[Op]:
    """The start of a track and its first ``moves`` moves, stopping at the year's end."""
    ops = [Op(start, "start", actor, definition)]
    day = start
    for move in path.moves[:moves]:
        day = day + timedelta(days=rng.randint(*move.after))
        if day > end:
            break
        trigger, facts = move.choose(rng)
        values = {k: (v(day, rng) if callable(v) else v) for k, v in facts.items()}
        ops.append(Op(day, "advance", actor, definition, trigger, values))
        if trigger in move.ends:
            break
    return ops


def _pathway(rng: random.Random, person: PersonPlan, followed: bool, referent: str,
             volunteer: str, end: date) -> list[Op]:
    day = person.first_visit
    ops = [Op(day, "add", volunteer)]
    if rng.random() < (0.95 if followed else 0.6):
        day += timedelta(days=rng.randint(7, 30))
        ops.append(Op(day, "advance", volunteer, "parcours", "reconnaitre"))
    if followed:
        day += timedelta(days=rng.randint(7, 40))
        # Her consent to follow-up is recorded in her file first, the day she gives it.
        ops.append(Op(day, "consent", referent, facts={"purpose": "suivi"}))
        ops.append(Op(day, "advance", referent, "parcours", "suivre", {"referent": referent}))
        roll = rng.random()
        later = day + timedelta(days=rng.randint(60, 200))
        if roll < 0.10:
            ops.append(Op(later, "advance", referent, "parcours", "mettre_en_pause",
                          {"motif_pause": None}))
            if rng.random() < 0.5:
                ops.append(Op(later + timedelta(days=rng.randint(20, 60)), "advance", referent,
                              "parcours", "reprendre_suivi"))
        elif roll < 0.16:
            ops.append(Op(later, "advance", referent, "parcours", "perdre_contact"))
        elif roll < 0.19:
            ops.append(Op(later, "advance", referent, "parcours", "reinserer",
                          {"date_reinsertion": later.isoformat()}))
    elif rng.random() < 0.12:
        ops.append(Op(day + timedelta(days=rng.randint(30, 120)), "advance", referent,
                      "parcours", "perdre_contact"))
    return [op for op in ops if op.day <= end]


def ordered(domains: Sequence[DemoDomain]) -> list[DemoDomain]:
    """The domains in the order given, except that one reading a shared fact another gives
    comes after it (health coverage reads the stay documents asylum and the PSP give)."""
    left, out = list(domains), []
    while left:
        ready = next((d for d in left if not any(d.reads() & o.gives() for o in left if o is not d)),
                     left[0])  # a cycle: the first given
        out.append(ready)
        left.remove(ready)
    return out


def _stories(rng: random.Random, persons: list[PersonPlan], year: int, users: dict[str, str],
             domains: Sequence[DemoDomain], installed: Collection[str]) -> None:
    end = date(year, 12, 31)
    referents = [n for n, r in users.items() if r == "referent"]
    volunteers = [n for n, r in users.items() if r == "benevole"]
    order = sorted(range(len(persons)), key=lambda i: -len(persons[i].visits))
    followed = set(order[:int(len(persons) * 0.45)])
    helped: dict[int, list[DemoDomain]] = {i: [] for i in range(len(persons))}
    others = sorted(set(range(len(persons))) - followed)
    for domain in domains:
        # Followed persons first, among those seen early enough for the domain's milestones.
        by = date(year, *domain.first_seen_by) if domain.first_seen_by else None
        pool = []
        for group in (sorted(followed), others):
            chosen = [i for i in group if by is None or persons[i].first_visit <= by]
            rng.shuffle(chosen)
            pool += chosen
        for i in pool[:domain.persons]:
            helped[i].append(domain)
    goals: Counter[tuple[str, str]] = Counter()
    supervisors = [n for n, r in users.items() if r == "superviseur"]
    for i, person in enumerate(persons):
        referent, volunteer = rng.choice(referents), rng.choice(volunteers)
        person.ops = _pathway(rng, person, i in followed, referent, volunteer, end)
        # Case work on a person nobody follows is done by a supervisor of the delegation:
        # a referent may only act on the files of the persons she follows.
        if i not in followed:
            referent = supervisors[i % len(supervisors)]
        begin = max(person.first_visit, date(year, 1, 2))
        for domain in helped[i]:
            person.ops += _story(rng, domain, begin, person.ops, referent, end, installed, goals)
    unfollowed = [j for j in range(len(persons)) if j not in followed]
    for domain in domains:
        definition = domain.tracks[0].definition
        for i in unfollowed[:domain.unfollowed]:
            # A request filed by a supervisor, left where it starts.
            day = persons[i].first_visit + timedelta(days=7)
            if definition in installed and day <= end:
                persons[i].ops.append(Op(day, "start", supervisors[i % len(supervisors)],
                                         definition))
    for i, person in enumerate(persons):
        person.ops.sort(key=lambda op: (op.day, op.seq))
        _before_follow_up(person, supervisors[i % len(supervisors)])


def _story(rng: random.Random, domain: DemoDomain, begin: date, before: list[Op], actor: str,
           end: date, installed: Collection[str], goals: Counter[tuple[str, str]]) -> list[Op]:
    """One person's tracks in ``domain``, each started after the one it follows."""
    ops: list[Op] = []
    for track in domain.tracks:
        anchor = _reached(ops, *track.follows) if track.follows else begin
        if anchor is None:
            continue  # what it follows never happened
        start = anchor + timedelta(days=rng.randint(*track.delay))
        path = next((p for p in track.paths if _fits(p, before + ops, start)), None)
        if path is None:
            continue  # no path for her
        given = _given(before + ops, path.waits[0]) if path.waits else None
        if path.waits and given is not None:
            start = max(start, given + timedelta(days=path.waits[1]))
        moves = _moves(rng, track, path, goals)
        if track.goal and moves > _position(path, track.goal.trigger):
            start = min(start, date(end.year, *track.goal.start_by))
        if track.definition in installed and start <= end:
            ops += _walk(rng, track.definition, path, start, moves, actor, end)
    return ops


def _fits(path: DemoPath, ops: list[Op], start: date) -> bool:
    """Whether she already holds the shared fact the path asks for, before its first day."""
    if not path.holding:
        return True
    given = _given(ops, path.holding)
    return given is not None and given < start


def _position(path: DemoPath, trigger: str) -> int:
    """Index of ``trigger``'s move in ``path`` (its length when it has none)."""
    triggers = [m.trigger for m in path.moves]
    return triggers.index(trigger) if trigger in triggers else len(triggers)


def _moves(rng: random.Random, track: DemoTrack, path: DemoPath,
           goals: Counter[tuple[str, str]]) -> int:
    """How many moves of ``path`` to walk: up to the track's goal while it is not met."""
    goal = track.goal
    key = (track.definition, goal.trigger) if goal else ("", "")
    if goal and goals[key] < goal.tracks and _position(path, goal.trigger) < len(path.moves):
        moves = rng.choice(goal.moves)
    else:
        moves = rng.choice(track.moves or range(1, len(path.moves) + 1))
    if goal and moves > _position(path, goal.trigger):
        goals[key] += 1
    return moves


def _reached(ops: list[Op], *triggers: str) -> date | None:
    return min((op.day for op in ops if op.trigger in triggers), default=None)


def _given(ops: list[Op], fact: str) -> date | None:
    """The day a move first gave her the shared fact ``fact``, if one did."""
    return min((op.day for op in ops if fact in op.facts), default=None)


def _before_follow_up(person: PersonPlan, supervisor: str) -> None:
    """Case work done before the person's referent took her into follow-up is done by a
    supervisor: until then the referent may only see her front desk."""
    follows = next((op for op in person.ops if op.trigger == "suivre"), None)
    for op in person.ops:
        case_work = op.definition not in ("", "parcours")
        if case_work and (follows is None or op.day < follows.day or
                          (op.day == follows.day and op.seq < follows.seq)):
            if follows is None or op.actor == follows.actor:
                op.actor = supervisor


def make_plan(year: int, seed: int, taken_users: set[str], domains: Sequence[DemoDomain],
              installed: Collection[str], users: dict[str, str] | None = None) -> YearPlan:
    """The plan of one delegation's year; ``users`` reuses a delegation's users.

    Args:
        domains: what the plugins contribute (``parcours_demo_domains``), drawn in the
            :func:`ordered` order.
        installed: the track definitions in the catalog (the others are skipped).
    """
    from faker import Faker  # only the demo needs it

    fake = Faker("fr_FR")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    users = users or make_users(fake, taken_users)
    days = dropin_days(year)
    persons = _persons(fake, rng, year, days)
    _stories(rng, persons, year, users, ordered(domains), installed)
    for person in persons:
        for n, op in enumerate(person.ops):
            op.seq = n
    return YearPlan(year, users, _dropins(rng, days, users), persons)
