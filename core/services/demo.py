"""``parcours demo``: fill a database with a fictitious delegation's year, through the engine.

The plan (:mod:`core.services.demo_plan`) is played through the services' own bodies
(``open_dropin``, ``add_person``, ``give_consent``, ``start_track``, ``advance``, run with
:func:`core.services.registry.run_body` in one unit of work), so every event,
deadline, sensitive fact and projection is exactly what a caseworker's commands would
write; only the visits, thousands of them, go in with Core ``executemany`` (a visit row and
its ``visit`` event each, as ``record_visit`` writes them), then each person's last-contact
projection is set from her events. One delegation-year is one transaction, run with the
application's clock set to each action's day so that checks and deadlines see that day.

The demo never notifies plugins (``parcours_after_transition``): fictitious records must not
reach whatever a plugin connects to. It refuses a database that already holds persons
unless ``force`` is given. ``scale`` K fills K delegation-years: up to ten delegations in
the year asked, then as many in each year before. Each delegation-year is its own delegation
(``demo-1``, ``demo-2``...) with its own fictitious staff, who have no password: nobody can
sign in as them. With ``delegations`` D, the K delegation-years are shared by D delegations,
each with one a year going back (a national association: every delegation holds persons of
several years, worked by the same staff). To read the demo, an administrator adds a
supervisor to those delegations.
Only the first delegation-year is played through the engine; the others are bulk copies of
it with new aliases, keys and staff, moved back to their year
(:mod:`core.services.demo_copies`): 100,000 persons take minutes, not hours. Years two and
more back are copies of an aged year, whose pathways the services ended the year after
(:mod:`core.services.demo_aging`): a delegation holds about two years of open files, as a
real one does, not every year's still open.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from core import messages as M
from core.auth.tokens import Credential
from core.definitions.catalog import Catalog
from core.errors import InputError, InvalidFacts, NotFound, TransitionRefused
from core.persistence.access_models import BaseInfo, Delegation, UserDelegation
from core.persistence.tuning import refresh_statistics
from core.persistence.models import Event, Person, User, Visit
from core.services import consents as consent_service
from core.services import dropins as dropin_service
from core.services import persons as person_service
from core.services import tracks as track_service
from core.services.app import Parcours
from core.services import demo_copies
from core.services.demo_aging import ENDED_AFTER, DemoClock, demo_principal, form_facts
from core.services import report_aggregates
from core.services.demo_plan import CLOSE_AT, OPEN_AT, PersonPlan, YearPlan, make_plan
from core.services.principal import Principal
from core.services.registry import Call, run_body, service

DELEGATIONS_PER_YEAR = 10
Progress = Callable[[int], None]


class DemoSummary(BaseModel):
    """What the demo wrote."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    years: tuple[int, ...]
    delegations: int
    delegation_years: int
    users: int
    persons: int
    dropins: int
    volunteer_hours: float
    visits_identified: int
    visits_anonymous: int
    transitions: int
    recits: int
    """Transitions that record a life story (a track definition's :class:`core.LifeStory`)."""
    refused: int
    """Planned transitions the engine refused (a plugin changed): their tracks stop there."""
    refusals: tuple[str, ...] = ()
    """The first few refusals, as « track/trigger : reason »."""


@dataclass
class _Tally:
    users: int = 0
    persons: int = 0
    dropins: int = 0
    hours: float = 0.0
    identified: int = 0
    anonymous: int = 0
    transitions: int = 0
    recits: int = 0
    refusals: list[str] = field(default_factory=list)
    delegation: int = 0
    """The delegation written (the template of the copies that follow)."""
    stories: frozenset[tuple[str, str]] = frozenset()
    """(definition, trigger) of every transition that records a life story (a *récit*)."""

    def add(self, other: _Tally) -> None:
        for name in ("users", "persons", "dropins", "hours", "identified", "anonymous",
                     "transitions", "recits"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.refusals += other.refusals


def fill_demo(app: Parcours, actor: Credential, *, year: int, seed: int = 1, scale: int = 1,
              delegations: int | None = None, force: bool = False,
              progress: Progress | None = None) -> DemoSummary:
    """Fill the database with ``scale`` fictitious delegation-years ending in ``year``.

    Args:
        delegations: how many delegations share them (a national association's shape: each
            works one year after another, all through the same years); None: each
            delegation-year is its own delegation, ten a year.
        progress: called with the number of persons just written (for a progress bar).

    Raises:
        InputError: the database already holds persons and ``force`` is not set, or a bad
            ``scale`` or ``delegations``.
        PermissionDenied: the actor is not an administrator.
    """
    if scale < 1:
        raise InputError(M.DEMO_BAD_SCALE.format(value=scale))
    if delegations is not None and not 1 <= delegations <= scale:
        raise InputError(M.DEMO_BAD_DELEGATIONS.format(value=delegations, scale=scale))
    total = _Tally()
    played = _fill_one(app, actor, year, seed * 1000, check_empty=not force, progress=progress)
    total.add(played)
    total.add(add_copies(app, actor, played.delegation, range(1, scale), year=year, seed=seed,
                         delegations=delegations, progress=progress))
    years = [year_of_copy(year, copy, delegations) for copy in range(scale)]
    refresh_statistics(app.db.engine)  # the planner must know the base it just grew
    return DemoSummary(years=tuple(sorted(set(years))), delegations=delegations or scale,
                       delegation_years=scale, users=total.users,
                       persons=total.persons, dropins=total.dropins,
                       volunteer_hours=round(total.hours, 2), visits_identified=total.identified,
                       visits_anonymous=total.anonymous, transitions=total.transitions,
                       recits=total.recits, refused=len(total.refusals),
                       refusals=tuple(total.refusals[:10]))


def add_copies(app: Parcours, actor: Credential, delegation: int, copies: range, *, year: int,
               seed: int = 1, delegations: int | None = None,
               progress: Progress | None = None) -> _Tally:
    """Bulk copies of delegation ``delegation``'s demo year, one transaction each.

    Copy number ``n`` goes :func:`year_of_copy` years back from ``year`` and gets new aliases
    drawn with the seed ``seed * 1000 + n`` (:mod:`core.services.demo_copies`), none that
    its delegation already has. With ``delegations`` D, it goes to the ``n mod D``-th of
    them: the template's own first, then ``demo-N`` numbered on from the template's
    (:func:`copy_target`); without, to a new delegation of its own.
    """
    from faker import Faker  # only the demo needs it

    from core.services.demo_plan import _aliases
    tally, template, aged = _Tally(), None, None
    count = _persons_of(app, delegation)
    own = _code_of(app, delegation)
    for copy in copies:
        fake = Faker("fr_FR")
        fake.seed_instance(seed * 1000 + copy)
        code = copy_target(own, copy, delegations)
        taken = _alias_hashes(app, code)
        aliases = _aliases(fake, random.Random(seed * 1000 + copy), count,
                           taken=_taken_in(app, taken or frozenset()))
        back = year - year_of_copy(year, copy, delegations)
        if back < ENDED_AFTER:
            template = demo_copies.copy_year(app, actor, template or delegation, back, aliases,
                                             code)
            written = template
        elif aged is None:  # the first one that far back, aged: the template of the others
            aged = written = demo_copies.copy_year(app, actor, template or delegation, back,
                                                   aliases, code, ended_in=year - back + 1)
            aged_back = back
        else:
            written = demo_copies.copy_year(app, actor, aged, back - aged_back, aliases, code)
        tally.add(_copied(written, _life_stories(app.catalog), new_staff=taken is None))
        if progress:
            progress(count)
    return tally


def copy_target(template_code: str, copy: int, delegations: int | None) -> str | None:
    """The code of the delegation copy number ``copy`` goes to (None: a new one)."""
    if delegations is None:
        return None
    slot = copy % delegations
    if not slot:
        return template_code
    first = demo_copies.demo_number(template_code) if template_code.startswith("demo-") else 0
    return f"demo-{first + slot}"


def _code_of(app: Parcours, delegation: int) -> str:
    with app.db.read() as session:
        return session.scalar(select(Delegation.code).where(Delegation.id == delegation)) or ""


def _alias_hashes(app: Parcours, code: str | None) -> frozenset[str] | None:
    """The keyed hashes of the aliases delegation ``code`` already has; None when it does
    not exist yet (the copy creates it, with its staff)."""
    if code is None:
        return None
    with app.db.read() as session:
        if session.scalar(select(Delegation.id).where(Delegation.code == code)) is None:
            return None
        return frozenset(h for h in session.scalars(
            select(Person.alias_hash).join(Delegation, Delegation.id == Person.delegation_id)
            .where(Delegation.code == code)) if h)


def _taken_in(app: Parcours, hashes: frozenset[str]) -> Callable[[str], bool]:
    """Whether an alias is among ``hashes`` (a delegation's, keyed as the search keys them)."""
    from core.crypto.search import alias_hash
    from core.text import clean_name

    def taken(alias: str) -> bool:
        return alias_hash(app.keys.search_key, clean_name(alias, field="le pseudonyme")) in hashes
    return taken


def _persons_of(app: Parcours, delegation: int) -> int:
    with app.db.read() as session:
        return session.scalar(select(func.count()).select_from(Person).where(
            Person.delegation_id == delegation, Person.erased_at.is_(None))) or 0


def _life_stories(catalog: Catalog) -> frozenset[tuple[str, str]]:
    """(definition, trigger) of the transitions the definitions declare as recording a life
    story (:class:`core.LifeStory`): the demo's *récits*."""
    return frozenset((key[0], story.trigger) for key, story in catalog.life_stories().items())


def _copied(template: Any, stories: frozenset[tuple[str, str]], *, new_staff: bool) -> _Tally:
    """What one copy of ``template`` wrote, counted from the template's rows (its staff only
    into a new delegation: a further year of one is worked by the same people)."""
    rows = template.rows
    events = rows["events"]
    definition = {t["id"]: t["definition_id"] for t in rows["tracks"]}
    return _Tally(users=len(template.staff) if new_staff else 0, persons=template.count("persons"),
                  dropins=template.count("dropins"),
                  hours=float(sum(v["hours"] for v in rows["dropin_volunteers"])),
                  identified=sum(1 for v in rows["visits"] if v["person_id"] is not None),
                  anonymous=sum(v["count"] for v in rows["visits"] if v["person_id"] is None),
                  transitions=sum(1 for e in events if e["kind"] == "transition"),
                  recits=sum(1 for e in events if e["kind"] == "transition"
                             and (definition.get(e["track_id"]), e["trigger"]) in stories))


def year_of_copy(year: int, copy: int, delegations: int | None = None) -> int:
    """The year delegation-year number ``copy`` fills, backwards from ``year``: one per
    delegation a year (ten a year when each delegation-year is its own delegation)."""
    return year - copy // (delegations or DELEGATIONS_PER_YEAR)


def persons_per_copy() -> int:
    """How many persons one delegation-year holds (for a progress bar's length)."""
    from core.services.demo_plan import KNOWN_PERSONS, NEW_PERSONS
    return NEW_PERSONS + KNOWN_PERSONS


def _delegation(call: Call) -> int:
    """A new delegation for this delegation-year (``demo-N``); the base is marked fictitious."""
    call.session.execute(update(BaseInfo).values(fictitious=True))
    number = demo_copies.next_number(call.session)
    row = Delegation(code=f"demo-{number}", label=M.DEMO_DELEGATION.format(number=number),
                     created_at=call.app.now())
    call.session.add(row)
    call.session.flush()
    call.audit.target = f"delegation:{row.id}"
    return row.id


def _staff(call: Call, plan: YearPlan, delegation: int) -> dict[str, Principal]:
    """The plan's fictitious users, members of the delegation, without a password."""
    users = [User(name=name, role=role, created_at=call.app.now()) for name, role in plan.users.items()]
    call.session.add_all(users)
    call.session.flush()
    call.session.add_all([UserDelegation(user_id=u.id, delegation_id=delegation) for u in users])
    call.session.flush()
    return {u.name: demo_principal(u, delegation, call.app.now()) for u in users}


@service("demo.fill")
def _fill_one(call: Call, year: int, seed: int, *, check_empty: bool,
              progress: Progress | None) -> _Tally:
    """One delegation-year in one transaction (administrators only)."""
    session = call.session
    if check_empty and session.scalar(select(func.count()).select_from(Person)):
        raise InputError(M.DEMO_NOT_EMPTY)
    taken = set(session.scalars(select(User.name)))
    installed = {definition for definition, _ in call.app.catalog.definitions}
    domains = [domain for _, domain in call.app.host.demo_domains()]
    plan = make_plan(year, seed, taken, domains, installed)
    clock = DemoClock(call.app, date(year, 1, 1))
    tally = _Tally(stories=_life_stories(call.app.catalog))
    delegation = _delegation(call)
    actors = _staff(call, plan, delegation)
    tally.users = len(plan.users)
    dropin_ids = _dropins(clock, session, plan, actors, tally)
    person_ids = []
    for person in plan.persons:
        person_ids.append(_play(clock, session, person, actors, tally))
        session.flush()
        session.expunge_all()  # keeps the identity map, hence each flush, small
        if progress:
            progress(1)
    _visits(clock, session, plan, dropin_ids, person_ids, actors, tally)
    # Visits were written in bulk: the delegation's report aggregates are recomputed whole.
    report_aggregates.rebuild(session, [delegation])
    tally.delegation = delegation
    return tally


def _dropins(clock: DemoClock, session: Session, plan: YearPlan, actors: dict[str, Principal],
             tally: _Tally) -> list[int]:
    ids = []
    for drop in plan.dropins:
        clock.day = drop.day
        opener = actors[drop.volunteers[0][0]]
        view = run_body(dropin_service.open_dropin, Call(clock, session, opener), drop.day,
                        OPEN_AT, CLOSE_AT, drop.volunteers)
        ids.append(view.id)
        tally.hours += float(sum(hours for _, hours in drop.volunteers))
    tally.dropins = len(ids)
    return ids


def _play(clock: DemoClock, session: Session, person: PersonPlan, actors: dict[str, Principal],
          tally: _Tally) -> int:
    """Every action of one person's story, in order; a refused track stops there."""
    person_id = 0
    steps: dict[str, str] = {}
    """Current step of each of her open tracks, by definition."""
    stopped: set[str] = set()
    for op in person.ops:
        if op.definition in stopped:
            continue
        clock.day = op.day
        call = Call(clock, session, actors[op.actor])
        try:
            if op.kind == "add":
                view = run_body(person_service.add_person, call, person.alias,
                                first_visit=person.first_visit)
                person_id, steps["parcours"] = view.id, view.pathway_step or ""
                tally.persons += 1
            elif op.kind == "consent":
                run_body(consent_service.give_consent, call, person_id, op.facts["purpose"],
                         given_on=op.day)
            elif op.kind == "start":
                run_body(track_service.start_track, call, person_id, op.definition, at=op.day)
                steps[op.definition] = _step_of(session, person_id, op.definition)
            else:
                facts = {**form_facts(clock, op.definition, steps[op.definition], op.trigger,
                                      op.day), **op.facts}
                steps[op.definition] = run_body(track_service.advance, call, person_id,
                                                op.definition, op.trigger, facts=facts,
                                                at=op.day).step
                tally.transitions += 1
                tally.recits += (op.definition, op.trigger) in tally.stories
        except (TransitionRefused, InvalidFacts, NotFound) as exc:
            stopped.add(op.definition)
            tally.refusals.append(f"{op.definition}/{op.trigger or op.kind} : {exc.msg}")
    return person_id


def _step_of(session: Session, person_id: int, definition: str) -> str:
    """The step of the person's open track of ``definition`` (read directly: trusted code)."""
    from core.persistence.models import Track
    return session.scalar(select(Track.step).where(
        Track.person_id == person_id, Track.definition_id == definition,
        Track.status == "open").order_by(Track.id.desc()).limit(1)) or ""


def _visits(clock: DemoClock, session: Session, plan: YearPlan, dropin_ids: list[int],
            person_ids: list[int], actors: dict[str, Principal], tally: _Tally) -> None:
    """Identified and anonymous visits in bulk, each identified one with its visit event."""
    now = clock.now()
    desk = {i: actors[drop.volunteers[0][0]] for i, drop in enumerate(plan.dropins)}
    visits, events = [], []
    for person, pid in zip(plan.persons, person_ids, strict=True):
        for index in person.visits:
            who, day = desk[index], plan.dropins[index].day
            visits.append({"dropin_id": dropin_ids[index], "person_id": pid, "count": 1,
                           "recorded_by": who.user_id, "recorded_at": now})
            events.append({"person_id": pid, "kind": "visit", "occurred_at": _noon(day),
                           "recorded_at": now, "actor_id": who.user_id,
                           "actor_role": who.role.value,
                           "facts": {"dropin": dropin_ids[index]}, "checks": [],
                           "deadlines_enc": None})
    anonymous: list[dict[str, Any]] = [
        {"dropin_id": dropin_ids[i], "person_id": None, "count": n,
         "recorded_by": desk[i].user_id, "recorded_at": now}
        for i, drop in enumerate(plan.dropins) for n in drop.anonymous]
    if visits or anonymous:
        session.execute(insert(Visit.__table__), visits + anonymous)
    if events:
        session.execute(insert(Event.__table__), events)
    # The projection touch_contact keeps: the latest thing that happened to each person.
    latest = select(func.max(Event.occurred_at)).where(Event.person_id == Person.id) \
        .scalar_subquery()
    session.execute(update(Person).where(Person.id.in_(person_ids)).values(last_contact_at=latest)
                    .execution_options(synchronize_session=False))
    tally.identified += len(visits)
    tally.anonymous += sum(row["count"] for row in anonymous)


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(12, 0), tzinfo=UTC)


__all__ = ["DemoSummary", "fill_demo", "persons_per_copy", "year_of_copy"]
