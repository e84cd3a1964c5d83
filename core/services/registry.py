"""The services' door: authentication, policy, one unit of work and one audit row per call.

``@service("person.add")`` registers a body in :data:`REGISTRY`. A call presents a
:class:`~core.auth.tokens.Credential` (a session or a personal token); the door checks it in
the call's own transaction (:mod:`core.services.principal`), refuses what the role may not run
(:data:`core.services.policy.POLICY`), refuses arguments no service may take
(:mod:`core.services.arguments`: control characters, lone surrogates, absurd lengths), runs
the body with a :class:`Call` and writes exactly one audit row (:mod:`core.services.audit`):

* a write service's row is in its transaction: no change without its row, no row for a change
  rolled back;
* a read service's row is written in a short transaction right after the read, before the
  result is returned: if it cannot be written, nothing is returned (fail closed);
* a refusal or a failure rolls the work back, then its row is written in a transaction of its
  own, so that denials survive (AU-2);
* on a damaged SQLite file (writes refused, reads kept for a rescue) the rows of reads and
  refusals go to the rescue journal outside the base instead.

The body tells the door what it touched through ``call.audit`` (the person, another object,
field names): references only. Notifications queued in ``call.after_commit`` run after the
commit, so a failing plugin never undoes a transition. :func:`unit_of_work` lets a batch
(the demo) run several bodies in one transaction.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, Protocol, TypeVar

from sqlalchemy.orm import Session

from core import messages as M
from core.definitions.catalog import Catalog
from core.engine.checks import Actor
from core.engine.runner import Engine
from core.errors import (DatabaseDamaged, NotAuthenticated, ParcoursError,
                         PasswordChangeRequired)
from core.plugins import PluginHost
from core.services import arguments, audit, requests, token_scopes
from core.services.offers import role_refusal
from core.services.policy import allowed
from core.services.principal import Principal, authenticate, touch, touch_due

if TYPE_CHECKING:
    from core.auth.settings import SecuritySettings
    from core.persistence.database import Database
    from core.services.keys import BaseKeys

P = ParamSpec("P")
T = TypeVar("T")
REGISTRY: dict[str, Callable[..., Any]] = {}
"""Every service, by the dotted path of its body; ``REGISTRY[path].service_name`` is the
operation the policy and the audit know it by (several services may share one)."""
PASSWORD_SERVICES = frozenset({"auth.password", "auth.whoami", "auth.logout"})
"""What a user whose password was reset may still do before choosing a new one."""
_SETS_PASSWORD: dict[Callable[..., Any], str] = {}
"""The bodies that set a password, and the parameter holding it (``sets_password``)."""


class App(Protocol):
    """What a service body may use of the application (:class:`core.services.Parcours`)."""

    db: Database
    host: PluginHost
    plans: dict[Any, tuple[float, Any]]

    @property
    def catalog(self) -> Catalog: ...

    @property
    def engine(self) -> Engine: ...

    @property
    def security(self) -> SecuritySettings: ...

    @property
    def keys(self) -> BaseKeys: ...

    @property
    def key_file(self) -> str | None: ...

    def today(self, zone: str | None = None) -> date: ...

    def now(self) -> datetime: ...

    def occurred(self, day: date | None, zone: str | None = None) -> datetime: ...

    def ensure_schema(self) -> None: ...


@dataclass
class AuditNote:
    """What a body touched, for its audit row: references, never values."""

    person_id: int | None = None
    target: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)
    refusal_shows: bool = False
    """The refusal itself shows what an exceptional access opened (a transition refused on
    checks drawn from her restricted content, their reasons quoted): its row is marked as
    that access, which the review queue shows, with the refusal's code beside it."""

    @property
    def code(self) -> str | None:
        """The row's reason code for a success: an exceptional access is marked as such."""
        return "exceptional_access" if self.detail.get("exceptional") else None


@dataclass
class Call:
    """What a service body receives: the app, the open session and the checked principal."""

    app: App
    session: Session
    principal: Principal
    after_commit: list[Callable[[], object]] = field(default_factory=list)
    audit: AuditNote = field(default_factory=AuditNote)
    refusal: ParcoursError | None = None
    """A refusal whose side effects must stay (a failed attempt counted): the door commits the
    work, writes the audit row as refused, then raises it."""
    name: str = ""
    """The service's name (``review.queue``): what its audit rows say was run."""
    _sealer: Any = None
    closed: bool = False
    """Set by the door once the call's transaction has ended: what a check kept of the call
    (a person's snapshot) can no longer open her sealed values outside it."""
    granted: list[list[Any]] | None = None
    """The access checks the body passed (:func:`core.services.access.grant`), noted only
    for a write under a request id: a replay of its answer must pass them again."""

    @property
    def sealer(self) -> Any:
        """Seals and opens persons' fields in this call's transaction (a keys.Sealer)."""
        if self._sealer is None:
            from core.services.keys import Sealer
            self._sealer = Sealer(self.app.keys, self.session)
        return self._sealer

    @property
    def actor(self) -> Actor:
        return self.principal.actor

    def announce_export(self) -> None:
        """Write now, in a transaction of its own, the audit row of a read that hands its
        items over as it reads them (an export, ``each=``), before the first one leaves.

        The door writes a read's row once the body has returned, before the result does: a
        streamed result leaves on the way, so its row comes first (``export: started``,
        with ``audit.detail`` as it stands: the filters), and if it cannot be written
        nothing is handed over. The door's own row follows at the end, with the count; if
        the export fails part way, its failure row says how many were handed over, as long
        as the body keeps ``audit.detail["count"]`` up to date.
        """
        note = AuditNote(self.audit.person_id, self.audit.target,
                         {**self.audit.detail, "export": "started"})
        record(self.app, _entry(self.name, self.principal, note, "done"), self.principal)


def error_code(exc: BaseException) -> str:
    """The audit's code for an error: its class name in snake case (``transition_refused``)."""
    name = type(exc).__name__
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


def _entry(name: str, principal: Principal | None, note: AuditNote, outcome: str,
           reason: str | None = None) -> audit.Entry:
    detail = note.detail
    if reason is not None and note.code is not None and note.refusal_shows:
        # The refusal quotes what the exceptional access opened: it stays that access, which
        # the review queue looks for by its code; the refusal's code goes beside it.
        detail, reason = {**detail, "error": reason}, note.code
    return audit.Entry(operation=name, outcome=outcome,
                       actor_id=principal.user_id if principal else None,
                       role=principal.role.value if principal else None,
                       session_id=principal.session_id if principal else None,
                       person_id=note.person_id, target=note.target, reason=reason or note.code,
                       detail=detail)


def record(app: App, entry: audit.Entry, principal: Principal | None = None) -> None:
    """Write one audit row in a transaction of its own (and mark the session as used).

    On a damaged SQLite file, which refuses every write but may still be read for a rescue,
    the row goes to the rescue journal outside the base (:mod:`core.services.rescue_journal`).
    On PostgreSQL, when the session needs no touch, the row is one statement in autocommit:
    every read's audit row in one round trip rather than four (``BEGIN``, head, row, ``COMMIT``).
    """
    try:
        now = app.now()
        if app.db.autocommits and (principal is None or not touch_due(principal, now)):
            with app.db.alone() as connection:
                audit.append_on(connection, entry, now)
            return
        with app.db.write() as session:
            if principal is not None:
                touch(session, principal, now)
            audit.append(session, entry, now)
    except DatabaseDamaged:
        from core.services import rescue_journal
        rescue_journal.append(str(app.db.sqlite_path), entry, app.now())


def _check(name: str, principal: Principal, write: bool) -> None:
    if principal.must_change_password and name not in PASSWORD_SERVICES:
        raise PasswordChangeRequired(M.PASSWORD_MUST_CHANGE)
    if not allowed(name, principal.role):
        raise role_refusal(principal.role.value, name)
    if principal.scope is not None:
        token_scopes.require(principal.scope, name, write)


def _refused(app: App, name: str, principal: Principal | None, note: AuditNote,
             exc: BaseException) -> None:
    outcome = "refused" if isinstance(exc, ParcoursError) else "failed"
    try:
        record(app, _entry(name, principal, note, outcome, error_code(exc)),
               principal if not isinstance(exc, NotAuthenticated) else None)
    except ParcoursError:
        # The database itself refused (busy, full, read-only): the original error is the one
        # the user must read; nothing was written either way.
        pass


def service(name: str, *, write: bool = True, sets_password: str | None = None) -> Callable[
        [Callable[Concatenate[Call, P], T]], Callable[Concatenate[Any, Any, P], T]]:
    """Register a service body under ``name`` with its authentication, policy and audit.

    ``sets_password``: the parameter holding the password the write sets, on the user its
    audit row names: under a request id, its answer is given again only to a retry that
    sends that same password, still in place (:func:`core.services.requests.replay`). A
    write that takes a password without setting one keeps no answer: a retry runs again.
    """
    def decorate(body: Callable[Concatenate[Call, P], T]) -> Callable[Concatenate[Any, Any, P], T]:
        if sets_password is not None:
            _SETS_PASSWORD[body] = sets_password
        @functools.wraps(body)
        def run(app: Any, credential: Any, /, *args: P.args, **kwargs: P.kwargs) -> T:
            app.ensure_schema()
            request_id = kwargs.pop("request_id", None) if write else None
            if write and request_id is None:
                request_id = getattr(credential, "request_id", None)
            try:
                return _call(app, credential, name, body, write, request_id, args, kwargs)
            except ParcoursError as refused:
                if (request_id is None or not _keeps_answer(body)
                        or getattr(refused, _KEPT_REFUSED, False)):
                    raise  # nothing kept, or the kept answer itself was refused
                # The same request may have applied meanwhile (two copies racing on a
                # server database): its result is then the answer; else this refusal is.
                try:
                    return _call(app, credential, name, body, write, request_id, args, kwargs,
                                 replay_only=True)
                except _NothingKept:
                    raise refused from None
        run.service_name = name  # type: ignore[attr-defined]
        run.body = body  # type: ignore[attr-defined]
        run.writes = write  # type: ignore[attr-defined]
        REGISTRY[f"{body.__module__}.{body.__qualname__}"] = run
        return run
    return decorate


def _call(app: Any, credential: Any, name: str, body: Callable[..., T], write: bool,
          request_id: Any, args: Any, kwargs: Any, *, replay_only: bool = False) -> T:
    principal: Principal | None = None
    note = AuditNote()
    call: Call | None = None
    try:
        with (app.db.write() if write else app.db.read()) as session:
            principal = authenticate(session, credential, app.now())
            _check(name, principal, write)
            arguments.check(body, args, kwargs)  # before the body or the database see them
            keeps = request_id is not None and _keeps_answer(body)
            call = Call(app, session, principal, audit=note, name=name,
                        granted=[] if keeps else None)
            replayed, result = _replayed(call, name, body, request_id, args, kwargs)
            if replayed:
                note.person_id, note.target = result[1].get("person_id"), result[1].get("target")
                result = result[0]
            else:
                if replay_only:
                    raise _NothingKept
                result = body(call, *args, **kwargs)
                if call.granted is not None and call.refusal is None:  # a refusal is not kept
                    # Last, so that a scope lost answers as a fresh call would: the answer goes
                    # back to the credential that asked for it only, and a check its body made
                    # on the credential itself (a token may not create a token) is passed
                    # again by construction, whether the body noted it or not.
                    call.granted.append(["credential", None, principal.session_id])
                    requests.remember(call, request_id, _operation(name, body), body, result,
                                      {"person_id": note.person_id, "target": note.target},
                                      requests.asked(body, args, kwargs),
                                      sets=body in _SETS_PASSWORD)
            if request_id is not None:
                note.detail = {**note.detail, "request_id": request_id, "replay": replayed}
            if write:
                touch(session, principal, app.now())
                refusal = call.refusal
                audit.append(session, _entry(
                    name, principal, note, "refused" if refusal else "done",
                    error_code(refusal) if refusal else None), app.now())
    except BaseException as exc:
        if not isinstance(exc, _NothingKept):  # the first attempt's refusal is audited
            _refused(app, name, principal, note, exc)
        raise
    finally:
        if call is not None:
            call.closed = True
    if call.refusal is not None:
        raise call.refusal
    if not write:
        record(app, _entry(name, principal, note, "done"), principal)
    for notify in call.after_commit:
        notify()
    return result


def _operation(name: str, body: Callable[..., Any]) -> str:
    """What a request id is kept for: the service and its body, for several bodies share a
    policy name (``person.hold`` places and lifts a hold): one must not answer for another."""
    return f"{name}:{body.__name__}"


class _NothingKept(Exception):
    """A write refused under a request id was not applied by another copy either."""


def _replayed(call: Call, name: str, body: Callable[..., Any], request_id: Any, args: Any,
              kwargs: Any) -> tuple[bool, Any]:
    """(True, (the first answer, what its audit row named)) when this request already applied
    and the caller still passes the access checks its first run passed."""
    if request_id is None:
        return False, None
    checked = requests.checked(request_id)
    if not _keeps_answer(body):
        return False, None
    sets = _SETS_PASSWORD.get(body)
    try:
        found, result, named = requests.replay(
            call, checked, _operation(name, body), body, reason=_reason(body, args, kwargs),
            arguments=requests.asked(body, args, kwargs),
            password=None if sets is None else requests.secret(body, sets, args, kwargs))
    except ParcoursError as refused:
        setattr(refused, _KEPT_REFUSED, True)
        raise
    if call.refusal is not None:  # refused and counted (a wrong password): asked no more
        setattr(call.refusal, _KEPT_REFUSED, True)
    return found, (result, named)


def _keeps_answer(body: Callable[..., Any]) -> bool:
    """Whether a request id keeps this body's answer for a retry. Not when it takes a password
    it does not set (a confirmation, ``auth.reauth``): nothing of the password may be kept to
    check a retry's against, so the retry runs again, its password checked, a wrong one
    counted, as the first; for it, running again is harmless (a confirmation renewed)."""
    return body in _SETS_PASSWORD or not requests.takes_password(body)


_KEPT_REFUSED = "_parcours_kept_answer_refused"
"""Set on a refusal of a kept answer (access lost since): the door's retry, which looks for
another copy's answer, would only find and refuse it again, audited twice."""


def _reason(body: Callable[..., Any], args: Any, kwargs: Any) -> str | None:
    """The ``reason`` this call gives, if its body takes one: a replay whose access now asks
    for a reason is checked with the one given now, as a fresh call would be."""
    try:
        given = _signature(body).bind_partial(None, *args, **kwargs).arguments.get("reason")
    except TypeError:
        return None
    return given if isinstance(given, str) else None


@functools.cache
def _signature(body: Callable[..., Any]) -> inspect.Signature:
    return inspect.signature(body)


def run_body(service: Callable[..., T], call: Call, *args: Any, **kwargs: Any) -> T:
    """Run a registered service's body inside an open unit of work, without the door.

    For trusted batches (the demo) that build their own principals and audit once for the
    whole batch; every check of the body itself (scopes, engine, validation) still applies.
    """
    body = getattr(service, "body", None)
    if body is None:
        raise TypeError(f"{service!r} is not a registered service")
    return body(call, *args, **kwargs)


@contextmanager
def unit_of_work(app: Any, principal: Principal) -> Iterator[Call]:
    """One write transaction for several service bodies run by a batch (the demo).

    The caller runs bodies with ``svc.body(call, ...)`` for principals it built itself and
    writes one audit row for the whole batch: it is trusted code, like a migration.
    """
    app.ensure_schema()
    with app.db.write() as session:
        call = Call(app, session, principal)
        try:
            yield call
        finally:
            call.closed = True
