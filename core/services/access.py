"""Applying the policy to persons: finding one in scope, checking a data class, scoping lists.

Service bodies never test roles themselves: they ask this module for a person with the data
class they are about to read or write (:func:`person_for`), ask whether a class may be shown
without a prompt (:func:`shows`) to redact a view, and filter every list with
:func:`visible` (persons of the caller's delegations whose front desk they may see) or
:func:`in_delegations` (drop-ins, reports). A person out of scope is reported exactly like a
number that does not exist (ASVS 8.2.2: no oracle).

Restricted content asks for more than a role: a recent re-authentication in this session
(``reauth``), or a typed reason that the audit row keeps, sealed with her key, and the
review queue shows (``reason``, an exceptional access: :mod:`core.services.audit_reasons`).
"""

from __future__ import annotations

import functools
import math
import time
from typing import Any, NoReturn, Protocol

from sqlalchemy import ColumnElement, and_, bindparam, exists, false, func, select

from core import messages as M
from core.errors import InputError, NotFound, PermissionDenied, ReasonRequired, ReauthRequired
from core.persistence.models import Person, User
from core.services import audit_reasons
from core.services.policy import DataClass, Decision, Scope, decide
from core.services.principal import Principal
from core.services.registry import Call
from core.text import MAX_REASON, clean_line

DENIED = {DataClass.FRONT_DESK: M.ACCESS_DENIED, DataClass.CASE: M.ACCESS_CASE_DENIED,
           DataClass.SENSITIVE: M.ACCESS_SENSITIVE_DENIED,
           DataClass.RESTRICTED: M.ACCESS_RESTRICTED_DENIED}


class Scoped(Protocol):
    """A person as read to decide what the caller sees of her: an ORM row, or her number,
    delegation and referent read as columns (a list's plain rows)."""

    @property
    def id(self) -> int: ...

    @property
    def delegation_id(self) -> int: ...

    @property
    def referent_id(self) -> int | None: ...


def scope_of(principal: Principal, person: Scoped) -> Scope:
    """The caller's relation to ``person``."""
    if person.delegation_id not in principal.delegations:
        return Scope.OTHER
    if person.referent_id == principal.user_id:
        return Scope.OWN
    return Scope.DELEGATION


def decision(call: Call, person: Scoped, data: DataClass, *, write: bool = False) -> Decision:
    return decide(call.principal.role, scope_of(call.principal, person), data, write=write)


def shows(call: Call, person: Scoped, data: DataClass) -> bool:
    """Whether ``data`` about ``person`` may be shown to the caller without any prompt."""
    if decision(call, person, data) is not Decision.ALLOW:
        return False
    grant(call, "shows", person.id, data.value)
    return True


def in_delegations(principal: Principal, column: Any) -> ColumnElement[bool]:
    """SQL condition: ``column`` (a delegation id) is one of the caller's delegations."""
    if not principal.delegations:
        return false()
    return column.in_(sorted(principal.delegations))


def reads_front_desk(principal: Principal, *, write: bool = False) -> bool:
    """Whether the caller's role may read (or write) any front desk of her delegations."""
    probe = decide(principal.role, Scope.DELEGATION, DataClass.FRONT_DESK, write=write)
    own = decide(principal.role, Scope.OWN, DataClass.FRONT_DESK, write=write)
    return not (probe is Decision.DENY and own is Decision.DENY)


def shows_every_front_desk(principal: Principal) -> bool:
    """Whether :func:`shows` the front desk of every person of her delegations to the caller
    (the administrator's role writes some front desk but reads none)."""
    return all(decide(principal.role, scope, DataClass.FRONT_DESK) is Decision.ALLOW
               for scope in (Scope.DELEGATION, Scope.OWN))


def visible(call: Call, *, write: bool = False) -> ColumnElement[bool]:
    """SQL condition on ``Person``: those whose front desk the caller may read (or write)."""
    if not reads_front_desk(call.principal, write=write):
        return false()
    return in_delegations(call.principal, Person.delegation_id)


def followed_by(call: Call, referent: str) -> ColumnElement[bool]:
    """SQL condition on ``Person``: those whose referent is the user named ``referent``.

    Raises:
        PermissionDenied: the caller asks for another user's persons without being a
            supervisor.
    """
    referent = own_name(call, referent)
    if referent != call.principal.name and call.principal.role.value != "superviseur":
        raise PermissionDenied(M.ACCESS_CASE_DENIED)
    referent = require_user(call, referent)
    return Person.referent_id == select(User.id).where(User.name == referent).scalar_subquery()


def own_name(call: Call, name: str) -> str:
    """The caller's own account name when ``name`` is it up to case (« Camille » for camille,
    as she signs in), else ``name``. An account named exactly ``name`` is that account: on a
    base from before names were compared up to case, « Sonia » beside « sonia » is another."""
    from core.services.account_names import name_key
    if name == call.principal.name or name_key(name) != name_key(call.principal.name):
        return name
    exact = call.session.scalar(select(User.id).where(User.name == name))
    return name if exact is not None else call.principal.name


def require_user(call: Call, name: str) -> str:
    """A filter naming nobody is a typing mistake: said, not answered by an empty list.
    Only the accounts of the caller's delegations count (those ``user list`` shows her): the
    answer must not tell whether a name exists elsewhere (security.md AC-4).

    Returns:
        The account's name as stored: ``name``, or the one account of her delegations whose
        name differs from it only by case (as sign-in reads names).

    Raises:
        InputError: no account of her delegations has this name.
    """
    delegations = sorted(call.principal.delegations)
    values = {f"d{i}": d for i, d in enumerate(delegations)}
    if delegations and call.session.scalar(_member_named(len(delegations)),
                                           {"name": name, **values}) is not None:
        return name
    if delegations:
        from core.services.account_names import name_key
        key = name_key(name)
        found = [n for n in call.session.scalars(_members(len(delegations)), values)
                 if name_key(n) == key]
        if len(found) == 1:
            return found[0]
    raise InputError(M.REFERENT_UNKNOWN.format(name=name))


@functools.cache
def _member_named(count: int) -> Any:
    """:func:`require_user`'s statement for ``count`` delegations, built once per count (a
    filter by referent built it anew on every page, for a third of the query's own time)."""
    from core.persistence.access_models import UserDelegation
    # From the account named (its unique name), then its memberships by their key: an
    # ``IN (members of her delegations)`` read every membership of a national supervisor's
    # 234 delegations first (2 ms of a 9 ms page).
    member = exists().where(UserDelegation.user_id == User.id, UserDelegation.delegation_id.in_(
        [bindparam(f"d{i}") for i in range(count)]))
    return select(User.id).where(User.name == bindparam("name"), member)


@functools.cache
def _members(count: int) -> Any:
    """The names of the accounts of ``count`` delegations of the caller (:func:`require_user`,
    when no account bears the name exactly)."""
    from core.persistence.access_models import UserDelegation
    member = exists().where(UserDelegation.user_id == User.id, UserDelegation.delegation_id.in_(
        [bindparam(f"d{i}") for i in range(count)]))
    return select(User.name).where(member)


@functools.cache
def by_number(count: int) -> tuple[ColumnElement[bool], ...]:
    """A person by number among ``count`` delegations of the caller: what :func:`visible`
    says when the role may see some front desk (values from :func:`by_number_values`).

    One plain parameter per delegation (``d0``, ``d1``...), built once per count: an
    expanding ``IN`` is rendered again at every execution (measured: a sixth of the read
    of a person's file), and a caller belongs to a handful of delegations at most.
    """
    return (Person.id == bindparam("id"), Person.erased_at.is_(None),
            Person.delegation_id.in_([bindparam(f"d{i}") for i in range(count)]))


def by_number_values(number: int, delegations: list[int]) -> dict[str, int]:
    """The parameters of :func:`by_number` for ``len(delegations)``."""
    return {"id": number, **{f"d{i}": d for i, d in enumerate(delegations)}}


@functools.cache
def _by_number(count: int, lock: bool = False) -> Any:
    """:func:`find`'s usual statement, built once per count (building costs more than
    running it); ``lock``: a write's (:func:`locking`)."""
    return locking(select(Person).where(*by_number(count)), lock)


def locking(query: Any, lock: bool) -> Any:
    """``query`` reading persons, with their rows locked when ``lock`` (:func:`locks`): the
    statement waits for the writers that hold one, then returns it as they left it, checked
    again against the query's conditions (PostgreSQL, READ COMMITTED), rather than as it was
    before."""
    if not lock:
        return query
    return query.with_for_update(of=Person).execution_options(populate_existing=True)


def locks(call: Call) -> bool:
    """Whether a write locks the rows of the persons it reads (:func:`lock`): on PostgreSQL,
    outside a read-only transaction (SQLite runs one writer at a time)."""
    bind = call.session.get_bind()
    return bind.dialect.name == "postgresql" and not bind.get_execution_options().get(
        "postgresql_readonly")


def _may_see(call: Call, write: bool) -> bool:
    """Whether :func:`visible` is the caller's delegations (rather than nothing)."""
    role = call.principal.role
    return not (decide(role, Scope.DELEGATION, DataClass.FRONT_DESK, write=write)
                is Decision.DENY and decide(role, Scope.OWN, DataClass.FRONT_DESK, write=write)
                is Decision.DENY)


WIDE_SHARE = 0.01
"""The share of the base's persons from which a caller's lists walk the national order."""


def sees_most(call: Call, share: float | None = None) -> bool:
    """Whether the caller's delegations hold enough of the base's persons (``share``, by
    default :data:`WIDE_SHARE`) that a page of a list of her whole scope is found by walking
    the national index in the list's order (a page costs its length divided by her share),
    rather than from her persons and sorted (it costs all her rows).

    Measured at 100,000 persons, a review queue's first page: a supervisor of ten
    delegations of thirty (a third of the persons) waited 1.1 s from her persons against
    0.12 s walking; one of one delegation of thirty (3 %) 0.10 s against 0.07 s; one of one
    delegation of 233 (0.4 %) 0.016 s against 1.3 s. Delegations were counted before,
    whatever their size: the regional supervisor waited.

    Her persons are counted up to the share only (a bounded index range); the base's by its
    highest number (erased persons keep theirs: an estimate, as the share is). The answer is
    kept for :data:`SHARE_KEPT` seconds per scope and share (:attr:`Parcours.plans`): it
    chooses a plan, never what a list holds (both plans give the same rows), and bases grow
    slowly, while a supervisor paging through the interface asked it again for every page
    (about 1 ms of a one-delegation queue's 8 at 1,000 persons).
    """
    delegations = sorted(call.principal.delegations)
    if not delegations:
        return False
    key = ("sees_most", tuple(delegations), share)
    now = time.monotonic()
    kept = call.app.plans.get(key)
    if kept is not None and now - kept[0] < SHARE_KEPT:
        return bool(kept[1])
    answer = _holds_share(call, delegations, share)
    call.app.plans[key] = (now, answer)
    return answer


SHARE_KEPT = 60.0
"""Seconds a scope's :func:`sees_most` answer is kept."""


def _holds_share(call: Call, delegations: list[int], share: float | None) -> bool:
    connection = call.session.connection()
    everyone = connection.scalar(select(func.max(Person.id))) or 0
    enough = max(1, math.ceil(everyone * (WIDE_SHARE if share is None else share)))
    hers = select(Person.id).where(Person.delegation_id.in_(delegations)).limit(enough)
    return (connection.scalar(select(func.count()).select_from(hers.subquery())) or 0) >= enough


def number_in_scope(call: Call, ref: str | int, *, write: bool = False
                    ) -> tuple[int, list[int]] | None:
    """(number, the caller's delegations) when :func:`find` would look ``ref`` up with
    :func:`by_number` (the usual call), for a caller that reads more with it in one
    statement; None otherwise."""
    text = str(ref).strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 18):
        return None
    if not (call.principal.delegations and _may_see(call, write)):
        return None
    return int(text), sorted(call.principal.delegations)


def find(call: Call, ref: str | int, *, write: bool = False) -> Person:
    """A person by number, or by exact alias when unique, among those the caller may see (an
    alias several of them bear is refused: her number is asked for). For a ``write``, her
    row is locked until the transaction ends (:func:`lock`).

    A refused attempt on an existing person's number is noted for the audit row.

    Raises:
        NotFound: no such person in the caller's scope (the same message either way).
        InputError: several persons of her scope bear that alias.
    """
    from core.services import aliases
    text = str(ref).strip()
    person = None
    number = int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None
    scoped = number_in_scope(call, ref, write=write)
    # Every write about her holds her row (:func:`lock`), taken by the very statement that
    # finds her: read first and locked after, she was judged (her referent, her delegation,
    # whether she is erased) as she was before the writers it waited for.
    locked = write and locks(call)
    if scoped is not None:
        # The usual call (a number, by a caller with delegations): the statement built once.
        person = call.session.scalar(_by_number(len(scoped[1]), locked),
                                     by_number_values(*scoped))
    elif number is not None:
        scope = and_(visible(call, write=write), Person.erased_at.is_(None))
        person = call.session.scalar(locking(select(Person).where(Person.id == number, scope),
                                             locked))
    elif text and reads_front_desk(call.principal):
        # A role that reads no front desk (the administrator) names persons by number: by
        # alias, "unknown" against a file she may not read told her which aliases exist.
        scope = and_(visible(call, write=write), Person.erased_at.is_(None))
        found = call.session.scalars(locking(select(Person).where(aliases.exact(call, text),
                                                                  scope).limit(2),
                                             locked)).all()
        if len(found) > 1:  # both within her scope: saying so tells her nothing new
            raise InputError(M.PERSON_AMBIGUOUS.format(person=text))
        person = found[0] if found else None
    if person is None:
        if number is not None:
            # An attempt on an existing person out of scope: her audit row names her, so that
            # her supervisors see who tried (the caller is told nothing more than "unknown").
            call.audit.person_id = call.session.scalar(select(Person.id).where(Person.id == number))
            _refuse_erased(call, number, write)
        raise NotFound(M.PERSON_UNKNOWN.format(person=ref))
    grant(call, "find", person.id, write)
    return person


def refuse_unreadable(call: Call, person: str | int) -> NoReturn:
    """Refuse a caller whose role reads no front desk (the administrator) an act on a person
    before her file is read: found as anyone is (an unknown number answers as ever), then
    refused as the front desk is to her, whatever her file holds (its step, her delegation,
    her visits), so that the refusal tells none of it.

    Raises:
        NotFound: as :func:`find`.
        PermissionDenied: always otherwise.
    """
    call.audit.person_id = find(call, person, write=True).id
    raise PermissionDenied(M.ACCESS_DENIED)


def _refuse_erased(call: Call, number: int, write: bool) -> None:
    """Say so when ``number`` is a person of the caller's delegations who was erased (her
    number stays in the audit log and in past reports; only the fact and day are told)."""
    erased = call.session.scalar(select(Person.erased_at).where(
        Person.id == number, Person.erased_at.is_not(None), visible(call, write=write)))
    if erased is not None:
        raise NotFound(M.PERSON_ERASED.format(id=number, day=M.short_date(erased)))


def require(call: Call, person: Person, data: DataClass, *, write: bool = False,
            reason: str | None = None) -> None:
    """Refuse unless the caller may read (or write) ``data`` about ``person`` now.

    Raises:
        PermissionDenied: the role may not, whatever it does.
        ReauthRequired: the password must be typed again first (``parcours reauth``).
        ReasonRequired: an exceptional access needs a reason.
    """
    verdict = decision(call, person, data, write=write)
    if verdict is Decision.DENY:
        raise PermissionDenied(DENIED[data])
    if verdict is Decision.REAUTH:
        require_reauth(call, M.REAUTH_NEEDED)
    if verdict is Decision.REASON:
        text = clean_line(reason or "", limit=MAX_REASON, field="le motif")
        if not text:
            raise ReasonRequired(M.REASON_NEEDED)
        call.audit.detail.update(exceptional=True, **audit_reasons.sealed(call, person.id, text))
    grant(call, "require", person.id, data.value, write)


def require_reauth(call: Call, message: str) -> None:
    """Refuse unless the caller typed their password again within the configured minutes.

    Raises:
        ReauthRequired: with ``message`` (what needs the confirmation).
    """
    principal, now = call.principal, call.app.now()
    if principal.reauth_at is None or now - principal.reauth_at > call.app.security.reauth:
        raise ReauthRequired(message)
    call.audit.detail["reauth"] = True
    grant(call, "reauth", None, message)


def unlocked(call: Call, person: Person, data: DataClass, reason: str | None = None) -> bool:
    """Whether ``data`` may be shown now, without raising: allowed outright, or its condition
    (a recent re-authentication, a given reason) is met."""
    try:
        require(call, person, data, reason=reason)
    except PermissionDenied:
        return False
    return True


def person_for(call: Call, ref: str | int, data: DataClass = DataClass.FRONT_DESK, *,
               write: bool = False, reason: str | None = None) -> Person:
    """The person ``ref`` once the caller is allowed ``data`` about her; noted for the audit."""
    person = find(call, ref, write=write)
    call.audit.person_id = person.id
    require(call, person, data, write=write, reason=reason)
    return person


_LOCK_LIVE = locking(select(Person).where(Person.id == bindparam("id"),
                                          Person.erased_at.is_(None)), True)
"""Her row, locked, unless she is erased (checked again on the row as the lock leaves it),
and read again as the lock leaves it."""


def lock(call: Call, person: Person) -> None:
    """Lock her row until the call's transaction ends, so that a write which first checks
    what she has (a hold, an open track) and then adds to it runs after, or before, any
    other such write about her, never between its check and its write; an erasure locks
    it too (PostgreSQL: writes run READ COMMITTED, and each statement after the lock reads
    what the writers before it committed; SQLite runs one writer at a time already).
    :func:`find` takes it for every write, in the statement that finds her; a write that
    reached her otherwise takes it here, and ``person`` is then read again as the writers
    before it left her (her referent, her alias), for what it decides next.

    ``FOR UPDATE`` rather than a weaker lock: it also waits for a transaction that added a
    row pointing to her (a foreign key takes ``FOR KEY SHARE``), so that an erasure sees,
    and deletes, what such a write committed.

    A read's snapshot (``track.actions``, ``referent.candidates``: scoped as writes, for
    they offer them) writes nothing to order, and may take no lock: PostgreSQL refuses
    ``FOR UPDATE`` in a read-only transaction.

    Raises:
        NotFound: she was erased meanwhile (as :func:`find` tells it).
    """
    if not locks(call):
        return
    if call.session.execute(_LOCK_LIVE, {"id": person.id}).first() is None:
        _refuse_erased(call, person.id, True)
        raise NotFound(M.PERSON_UNKNOWN.format(person=person.id))


# --- a request replayed (core.services.requests) passes its checks again ----------------------
# Most checks live in the bodies, not the door. Running the body again to check would write
# again, or be refused for having applied already; so the checks it passed are noted with its
# answer (which person, which class, which delegation) and the replay runs those same
# functions again on them (:mod:`core.services.replay_checks`).

def grant(call: Call, kind: str, person: int | None, *args: Any) -> None:
    """Note that the body passed the check ``kind`` (about ``person``), when its answer may be
    replayed (a write under a request id): plain values, kept sealed with the answer."""
    if call.granted is not None:
        call.granted.append([kind, person, *args])
