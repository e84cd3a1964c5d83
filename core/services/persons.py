"""Persons: adding someone known by an alias, listing (filtered, paged) and showing files.

Adding a person also opens her core pathway (``parcours``) at its initial step, in the same
transaction, because every person the association knows has exactly one pathway. She joins
one of the caller's delegations, and her alias is sealed with her own key
(:mod:`core.services.aliases`). Lists and files are scoped (:mod:`core.services.access`):
only persons of the caller's delegations, each as her whole file or her front desk only.
Lists come most recent contact first: aliases are not stored in clear, so they cannot be
sorted by the database; a search narrows on keyed hashes, then checks the opened aliases.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import (ColumnElement, Select, and_, exists, func, or_,
                        select)
from sqlalchemy.orm import aliased

from core import messages as M
from core.delegation import zone_of_subdivision
from core.errors import InputError, PermissionDenied
from core.persistence.access_models import Delegation
from core.persistence.models import Event, Person, Track
from core.persistence.prepared import read_to_end
from core.persistence.text import alias_key
from core.schemas import PersonView
from core.persistence.ids import next_ids
from core.services import (access, aliases, cursors, records,
                           report_aggregates)
from core.services.followed import PATHWAY
from core.services.person_views import list_views, person_view
from core.services.registry import Call, service
from core.text import MAX_NAME, NUMBERED, clean_name

MAX_ALIAS = MAX_NAME


class Listed(NamedTuple):
    """What a list reads of a person, as a plain row: loading whole ORM persons (every column
    converted, each object tracked by the session) cost a page more than its statement, and
    reading a column of a row by name about a third of a microsecond each time."""

    id: int
    delegation_id: int
    alias_enc: bytes | None
    first_visit: date | None
    referent_id: int | None
    created_at: datetime
    last_contact_at: datetime | None


_LISTED: tuple[Any, ...] = (Person.id, Person.delegation_id, Person.alias_enc, Person.first_visit,
           Person.referent_id, Person.created_at, Person.last_contact_at)


def _listed(rows: Iterable[Any]) -> list[Listed]:
    """``rows`` of :data:`_LISTED`'s columns as :class:`Listed` persons."""
    return [Listed._make(row) for row in rows]


def clean_alias(alias: str) -> str:
    """The alias as stored: one line, trimmed, non-empty, of reasonable length, not a number."""
    if isinstance(alias, str) and len(" ".join(alias.split())) > MAX_ALIAS:
        raise InputError(M.ALIAS_TOO_LONG)
    text = clean_name(alias, field="le pseudonyme")
    if not alias_key(text):
        raise InputError(M.ALIAS_EMPTY)
    shown = unicodedata.normalize("NFKC", text)  # « １２ », « 𝟏𝟐 » read as 12 too
    if shown.isascii() and shown.isdigit() or NUMBERED.fullmatch(shown):
        # « 12 » or « n° 12 » is read as person n° 12 wherever a person is named.
        raise InputError(M.ALIAS_NUMBER.format(alias=text))
    return text


def delegation_for(call: Call, code: str | None) -> int:
    """The delegation a new record goes into: ``code``, else the caller's only one.

    Raises:
        InputError: the caller belongs to several delegations and named none, or to none.
        PermissionDenied: ``code`` is not one of the caller's delegations.
    """
    found = _delegation_for(call, code)
    access.grant(call, "delegation", None, found)
    return found


def _delegation_for(call: Call, code: str | None) -> int:
    mine = sorted(call.principal.delegations)
    if code:
        found = call.session.scalar(select(Delegation.id).where(Delegation.code == code.strip().lower()))
        if found is None or found not in mine:
            raise PermissionDenied(M.DELEGATION_NOT_YOURS.format(code=code))
        return found
    if len(mine) == 1:
        return mine[0]
    if not mine:
        raise InputError(M.DELEGATION_NONE)
    codes = M.some_codes(list(call.session.scalars(select(Delegation.code)
                                                   .where(Delegation.id.in_(mine)))))
    raise InputError(M.DELEGATION_CHOOSE.format(codes=codes))


@service("person.add")
def add_person(call: Call, alias: str, first_visit: date | None = None,
               delegation: str | None = None) -> PersonView:
    """Create a person known by ``alias`` in one of the caller's delegations, and open her pathway."""
    clean = clean_alias(alias)
    person = Person(id=next_ids(call.session, "persons")[0], first_visit=first_visit,
                    created_by=call.actor.id, delegation_id=delegation_for(call, delegation))
    call.session.add(person)
    aliases.write(call, person, clean)
    call.audit.person_id = person.id
    # Not after the day where she is recorded (overseas, mainland France's may be ahead).
    occurred = call.app.occurred(first_visit, zone_of_subdivision(call.session.scalar(
        select(Delegation.holiday_subdivision).where(Delegation.id == person.delegation_id))))
    call.session.add(Event(person_id=person.id, kind="person_added", occurred_at=occurred,
                           recorded_at=call.app.now(), actor_id=call.actor.id,
                           actor_role=call.actor.role.value, facts={}))
    defn = call.app.catalog.definition(PATHWAY)
    records.new_track(call.session, person, defn, call.actor, occurred, call.app.now())
    if first_visit is not None:
        report_aggregates.add_first_visit(call.session, person.delegation_id, first_visit)
    call.session.flush()
    return person_view(call, person).model_copy(update={"homonyms": _homonyms(call, person)})


def _homonyms(call: Call, person: Person) -> tuple[int, ...] | None:
    """The other persons of her delegation with her alias (the exact-alias index); None for
    a role that reads no front desk (an administrator records persons but may not learn,
    alias by alias, who a delegation follows)."""
    if not access.reads_front_desk(call.principal):
        return None
    return tuple(call.session.scalars(select(Person.id).where(
        Person.delegation_id == person.delegation_id, Person.alias_hash == person.alias_hash,
        Person.id != person.id, Person.erased_at.is_(None)).order_by(Person.id)))


@service("person.list", write=False)
def list_persons(call: Call, search: str | None = None, limit: int | None = None, *,
                 offset: int = 0, referent: str | None = None, pathway_step: str | None = None,
                 domain: str | None = None, delegation: str | None = None,
                 after: str | None = None,
                 each: Callable[[list[PersonView]], None] | None = None) -> list[PersonView]:
    """Persons of the caller's delegations by alias, one page of them, optionally filtered.

    Args:
        search: matches anywhere in the alias, accents and case ignored.
        limit: at most this many persons (all when None or 0).
        offset: skip this many persons first (the interface's paging).
        after: the persons listed after this ``cursor`` (the last of the previous page's:
            keyset paging; a page costs what it shows, where an offset reads, and with a
            search opens, every person before it).
        referent: only persons whose referent is the user with this name (one's own name, or
            anyone's for a supervisor).
        pathway_step: only persons whose current pathway is at this step.
        domain: only persons with an open track of this domain (``psp``, ``asile``...).
        delegation: only the persons of this one of the caller's delegations (its code).
        each: given, the persons are handed to it in pieces as they are read, in the list's
            order, and none are returned (an export: one piece in memory, not the country).

    Returns:
        Persons, most recent contact first (then the newest), without their tracks.
    """
    query = _filtered(call, select(*_LISTED), search, referent, pathway_step, domain,
                      delegation).order_by(Person.last_contact_at.desc().nulls_last(),
                                           Person.id.desc())
    if after is not None:
        query = query.where(_listed_after(call, after))
    filters = sorted(k for k, v in (("search", search), ("referent", referent),
                                    ("pathway_step", pathway_step), ("domain", domain),
                                    ("delegation", delegation)) if v)
    if each is not None:
        from core.services.exports import hand_over
        hand_over(call, _pieces(call, query, search, offset, limit), each, filters)
        return []
    if search:
        wanted = offset + limit if limit else None
        persons = _searched(call, query, search, wanted)[offset:wanted]
    else:
        persons = _listed(call.session.execute(query.offset(offset or None)
                                               .limit(limit or None)))
    views = _with_cursor(call, list_views(call, persons), persons)
    call.audit.detail = {"count": len(views), "filters": filters}
    return views


def _with_cursor(call: Call, views: list[PersonView],
                 persons: Sequence[Listed]) -> list[PersonView]:
    """``views`` with the last one carrying where the next page starts."""
    if views:
        views[-1] = views[-1].model_copy(update={"cursor": cursor_of(call, persons[-1])})
    return views


PIECE = 1_000
"""Persons read, described and handed over at a time by an export (``each``)."""


def _pieces(call: Call, query: Select[Any], search: str | None, offset: int,
            limit: int | None) -> Iterator[list[PersonView]]:
    """The persons of ``query`` (whose alias contains ``search``; ``offset`` and ``limit``
    counted among them) as views, a piece at a time. A piece is given once the next is
    read: the very last person carries the list's cursor, as in a list returned whole."""
    if not search:  # the database skips and stops; with a search, only matches count
        query, offset, limit = query.offset(offset or None).limit(limit or None), 0, None
    read_to_end(call.session.connection())
    rows = call.session.execute(query.execution_options(yield_per=PIECE))
    held: list[Listed] = []
    given = 0
    try:
        for batch in rows.partitions():
            persons = _matching(call, _listed(batch), search) if search else _listed(batch)
            persons, offset = persons[offset:], max(offset - len(persons), 0)
            if limit:
                persons = persons[:max(limit - given - len(held), 0)]
            if persons and held:
                yield list_views(call, held)
                given += len(held)
            held = persons or held
            if limit and given + len(held) >= limit:
                break
    finally:
        rows.close()
    if held:
        yield _with_cursor(call, list_views(call, held), held)


def cursor_of(call: Call, person: Person | Listed) -> str:
    """Her place in the list (``last contact|number``, ``-`` when never contacted), sealed
    for the caller (:mod:`core.services.cursors`)."""
    at = person.last_contact_at
    return cursors.seal(call.app, call.principal.user_id,
                        f"{at.isoformat() if at is not None else '-'}|{person.id}")


def parse_cursor(call: Call, after: str) -> tuple[datetime | None, int]:
    """``after`` (the :attr:`~core.schemas.PersonView.cursor` of a page's last person) as
    (last contact, number). The place is kept in the cursor, not looked up from her number:
    a visit recorded between two pages moves her, and the next page would start again from
    the top.

    Raises:
        InputError: not a position this list gave this caller.
    """
    return cursors.split(cursors.unseal(call.app, call.principal.user_id, after,
                                        M.PERSONS_AFTER_BAD), _contact, M.PERSONS_AFTER_BAD)


def _contact(stamp: str) -> datetime | None:
    if stamp == "-":  # never contacted
        return None
    at = datetime.fromisoformat(stamp)
    if at.tzinfo is None:  # every stored moment is UTC: a cursor without a zone was typed
        raise ValueError(stamp)
    return at


def _listed_after(call: Call, after: str) -> ColumnElement[bool]:
    """The persons after the cursor ``after`` in the list's order (latest contact first, the
    never contacted last, then the newest first)."""
    at, number = parse_cursor(call, after)
    if at is None:
        return and_(Person.last_contact_at.is_(None), Person.id < number)
    return or_(Person.last_contact_at < at, Person.last_contact_at.is_(None),
               and_(Person.last_contact_at == at, Person.id < number))


@service("person.count", write=False)
def count_persons(call: Call, search: str | None = None, *, referent: str | None = None,
                  pathway_step: str | None = None, domain: str | None = None,
                  delegation: str | None = None) -> int:
    """How many persons :func:`list_persons` would list with the same filters."""
    if search:
        query = _filtered(call, select(*_LISTED), search, referent, pathway_step, domain,
                          delegation).order_by(Person.id)
        return len(_searched(call, query, search))
    query = _filtered(call, select(func.count(Person.id)), search, referent, pathway_step, domain,
                      delegation)
    return int(call.session.scalar(query) or 0)


SEARCH_BATCH = 200
"""Candidates opened at a time (at most): a page stops once it is full."""


def _searched(call: Call, query: Select[Any], search: str,
              wanted: int | None = None) -> list[Listed]:
    """The persons of ``query`` (ordered) whose opened alias contains ``search`` (accents and
    case ignored); only the first ``wanted`` are needed (None: all).

    A page first reads as many candidates as it shows (``LIMIT``): a common name matches
    thousands of persons in a national base, and loading all of them to show the first
    twenty made a search cost what the base holds rather than what the page shows. The rest,
    when the first candidates were not enough (or for a count), come in one more statement,
    streamed and opened a batch at a time: never one statement per batch, each narrowing
    the whole country again.
    """
    found: list[Listed] = []
    if wanted is not None:
        size = min(max(wanted, 20), SEARCH_BATCH)
        first = _listed(call.session.execute(query.limit(size)))
        found += _matching(call, first, search)
        if len(first) < size or len(found) >= wanted:
            return found
        query = query.offset(size)
    rest = call.session.execute(query.execution_options(yield_per=SEARCH_BATCH))
    try:
        for batch in rest.partitions():
            found += _matching(call, _listed(batch), search)
            if wanted is not None and len(found) >= wanted:
                break
    finally:
        rest.close()
    return found


def _matching(call: Call, persons: list[Listed], search: str) -> list[Listed]:
    """Those of ``persons`` whose opened alias contains ``search``."""
    names = aliases.read(call, persons)
    return [p for p in persons if aliases.matches(names[p.id], search)]


def _filtered(call: Call, query: Select[Any], search: str | None, referent: str | None,
              pathway_step: str | None, domain: str | None,
              delegation: str | None = None) -> Select[Any]:
    query = query.where(access.visible(call), Person.erased_at.is_(None))
    if delegation is not None:
        query = query.where(Person.delegation_id == delegation_for(call, delegation))
    narrowed = aliases.candidates(call, search) if search else None
    if narrowed is not None:
        query = query.where(narrowed)
    if referent:
        query = query.where(access.followed_by(call, referent))
    if pathway_step:
        query = query.where(_pathway_at(pathway_step))
    if domain:
        call.app.catalog.require_domain(domain)
        ids = sorted({d.id for d in call.app.catalog.definitions.values() if d.domain == domain})
        query = query.where(exists().where(Track.person_id == Person.id, Track.status == "open",
                                           Track.definition_id.in_(ids)))
    return query


def _pathway_at(step: str) -> ColumnElement[bool]:
    """Whether the person's latest pathway track is at ``step``.

    Correlated to the outer person, both ways through ``(person_id, definition_id, step)``:
    the planner starts from the caller's persons and reads a few index entries of each. The
    former ``IN (… max(id) … GROUP BY person_id)`` grouped every pathway of the country
    first, so a delegation's filtered page cost what the national base holds.
    """
    mine, later = aliased(Track), aliased(Track)
    newer = exists().where(later.person_id == mine.person_id, later.definition_id == PATHWAY,
                           later.id > mine.id)
    return exists().where(mine.person_id == Person.id, mine.definition_id == PATHWAY,
                          mine.step == step, ~newer)


@service("person.show", write=False)
def show_person(call: Call, person: str | int) -> PersonView:
    """One person's file as the caller may see it (her whole file, or her front desk), with
    the consents her role may read."""
    return person_view(call, access.person_for(call, person))
