"""Writes safe to retry: a request id makes a write apply once and answer the same twice.

A script that lost its connection, or a user who pressed twice, sends the same write again
with the same ``request_id``: the door (:mod:`core.services.registry`) finds it here, in the
caller's own recent requests, and returns the first result without running the write again,
once the caller passes, as of now, the access checks its first run passed (noted with it:
:func:`core.services.access.grant`): a lost follow, a delegation left, an expired password
confirmation refuse the replay as they refuse a fresh call.
The result is kept sealed (it may quote an alias or a fact): with the person's own key when the
write was about one (erasing her shreds it, in backups too), else with a key derived from the
base's search key; bound to its row, the user, the request id and the operation; for
:data:`KEPT` only: long enough for any
retry, short enough that an erased person's alias does not linger. Two copies of one request
racing each other meet on the unique (user, request id, operation) index: one applies, the other reads
its result.
A secret that authenticates is never kept: of a new personal token, only its number is, and
the replay of its creation is refused, naming the token to revoke (its secret is shown once).
Nor is anything of a password (:data:`core.services.arguments.SECRETS`): the arguments'
digest leaves them out, for an unsalted digest would let whoever opens the base test guesses
at its speed, Argon2id skipped. A retry then proves its password as a fresh call would, on
the account's Argon2id hash: a write that sets a password (:func:`remember`'s ``sets``)
answers only if the password sent again is the one it set and still in place, unchanged
since; any other write taking a password (a confirmation) keeps no answer and runs again,
checked and counted as the first. The digest sits inside the sealed answer, never beside
it: a base without its key file gives none to confirm a guessed alias against (a key to make
it an HMAC would come from that same file).
Expired requests go, whoever sent them, at every write under a request id and at every
sign-in (:func:`forget_expired`, on the ``created_at`` index): none outlives its day by more
than the time to the next of those.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import re
import typing
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from core import messages as M
from core.auth import passwords
from core.crypto.cipher import open_sealed, seal
from core.errors import InputError, PermissionDenied
from core.persistence.access_models import RequestRecord
from core.persistence.ids import next_ids
from core.persistence.models import Person, User
from core.schemas import SignedIn
from core.services.arguments import SECRETS, parameter_names

KEPT = timedelta(days=1)
_SHOWN_ONCE = "shown_once"
"""Where a kept request holds the number of the token it created, its secret left out."""
_PASSWORD_SET = "password_set"
"""Where a kept request that set a password holds the account's number and when its password
changed: a replay proves the password on that account only while it is the one set."""
_SECRET = "<secret>"
"""What stands for a password in the arguments' digest."""
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")


def checked(request_id: Any) -> str:
    """The request id as given, if it is 1 to 64 ASCII letters, digits or ``. _ : -``.

    Raises:
        InputError: anything else.
    """
    if not isinstance(request_id, str) or not _REQUEST_ID.fullmatch(request_id):
        raise InputError(M.REQUEST_ID_BAD)
    return request_id


@functools.cache
def _adapter(body: Callable[..., Any]) -> TypeAdapter[Any]:
    return TypeAdapter(typing.get_type_hints(body).get("return", Any))


def _key(search_key: bytes) -> bytes:
    return hmac.new(search_key, b"parcours:request_log", hashlib.sha256).digest()


def _context(row_id: int, user_id: int, request_id: str, operation: str) -> str:
    return f"request_log:{row_id}:{user_id}:{request_id}:{operation}"


def asked(body: Callable[..., Any], args: Any, kwargs: Any) -> str:
    """A digest of what a call asks (its arguments, the credential and request id aside), its
    passwords left out: kept beside the answer, a digest of them would be a fast way to test
    guesses (a retry proves its password on the account's hash instead, :func:`replay`).

    A call without a password gives the digest it gave before passwords were left out."""
    names = parameter_names(body)
    shown = [_SECRET if i < len(names) and names[i] in SECRETS else value
             for i, value in enumerate(args)]
    given = {name: _SECRET if name in SECRETS else value for name, value in kwargs.items()}
    text = json.dumps([shown, given], sort_keys=True, default=_plain, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def takes_password(body: Callable[..., Any]) -> bool:
    """Whether ``body`` takes a password (a parameter named in ``SECRETS``)."""
    return not SECRETS.isdisjoint(parameter_names(body))


def secret(body: Callable[..., Any], name: str, args: Any, kwargs: Any) -> Any:
    """The value of ``body``'s parameter ``name`` in this call (None if not given)."""
    if name in kwargs:
        return kwargs[name]
    position = parameter_names(body).index(name)
    return args[position] if position < len(args) else None


def forget_expired(session: Session, now: Any) -> None:
    """Delete every kept request older than :data:`KEPT`, whoever sent it: by the
    ``created_at`` index, each row once, nothing read when none is due.

    On PostgreSQL, rows another transaction is deleting already are skipped rather than
    waited for: a long write (an export) that purged first must not hold every other one."""
    due = (select(RequestRecord.id).where(RequestRecord.created_at < now - KEPT)
           .with_for_update(skip_locked=True).scalar_subquery())
    session.execute(delete(RequestRecord).where(RequestRecord.id.in_(due))
                    .execution_options(synchronize_session=False))


def _plain(value: Any) -> str:
    # A callback (progress, each piece of an export) is how the answer is delivered, not
    # what is asked: its address changes from one process to the next.
    return "<callable>" if callable(value) else str(value)


def replay(call: Any, request_id: str, operation: str, body: Callable[..., Any], *,
           reason: str | None = None, arguments: str = "",
           password: str | None = None) -> tuple[bool, Any, dict[str, Any]]:
    """(True, the first result, what its audit row named) when this user already sent this
    request for this operation and still passes, now, the access checks its first run passed
    (``reason``: the one this call gives, for an access that asks for one), else
    (False, None, {}). ``password``: the one this call sets, for a write that sets one;
    when it is not the one the first run set on the caller's own account, (True, None, what
    its audit row named) with ``call.refusal`` set: a wrong password, counted.

    Raises:
        ParcoursError: the refusal a fresh call would get now (a lost follow, a delegation
            left...): nothing of the first result is returned.
        InputError: another request under this id; for a write that set someone else's
            password, another password, or the one it set changed since.
        PermissionDenied: the first result was a new token, whose secret is not kept.
    """
    user_id, session, now = call.principal.user_id, call.session, call.app.now()
    forget_expired(session, now)
    # A row another purge holds is skipped above, not waited for: the day is checked here too
    # (a new answer under the same key then waits for that purge, on the unique index).
    row = session.scalar(select(RequestRecord).where(RequestRecord.user_id == user_id,
                                                     RequestRecord.request_id == request_id,
                                                     RequestRecord.operation == operation,
                                                     RequestRecord.created_at >= now - KEPT))
    if row is None:
        return False, None, {}
    kept = opened(call.sealer, call.app.keys.search_key, row)
    # The door checked the role and the account again; what the body checked (her scope, her
    # referent, a delegation, a recent password) changes without either, and the result may
    # quote her alias or facts: the same checks run again, as of now, before it is returned.
    from core.services import replay_checks
    replay_checks.recheck(call, kept.get("granted"), reason)
    if kept.get("arguments", arguments) != arguments:
        # Answered as the first, another request under a used id would do nothing, silently.
        raise InputError(M.REQUEST_ID_REUSED.format(request_id=request_id))
    _refuse_shown_once(call, kept)
    if _PASSWORD_SET in kept and not _prove(call, kept, request_id, password):
        return True, None, kept["audit"]  # refused: the caller raises ``call.refusal``
    return True, _adapter(body).validate_python(kept["result"]), kept["audit"]


def opened(sealer: Any, search_key: bytes, row: RequestRecord) -> dict[str, Any]:
    """What a kept request holds: its result, what its audit row named, its arguments' digest
    and the checks it passed (``sealer``: a :class:`core.services.keys.Sealer` of the open
    session, for a request about a person; ``search_key``: the base's, for any other)."""
    if row.person_id is not None:
        kept: dict[str, Any] = sealer.open(row.person_id, "request_log", row.id, "result_enc",
                                           row.result_enc)
        return kept
    return dict(json.loads(open_sealed(_key(search_key), row.result_enc,
                                       _context(row.id, row.user_id, row.request_id,
                                                row.operation))))


def remember(call: Any, request_id: str, operation: str, body: Callable[..., Any], result: Any,
             audit: dict[str, Any], arguments: str = "", *, sets: bool = False) -> None:
    """Keep the result of a request that has just applied, and the person and object its
    audit row named (a replay's row names them too), in the same transaction: sealed with the
    person's key when the write was about one, so that erasing her makes it unreadable.
    ``sets``: the write set the password of the user its audit row names (``user:N``); what
    is kept is when it changed, never anything of the password."""
    session, user_id = call.session, call.principal.user_id
    person = audit.get("person_id")
    erased = _erased(session, ({g[1] for g in call.granted or ()} | {person}) - {None})
    kept = {**_kept_result(body, result), "audit": audit, "arguments": arguments,
            "granted": _granted(call.granted or [], erased)}
    if sets:
        kept[_PASSWORD_SET] = _password_stamp(session, audit.get("target"))
    if person in erased:
        person = None  # erased by this very write: her key is gone, the result names no one
    row_id = next_ids(session, "request_log")[0]
    if person is not None:
        sealed = call.sealer.seal(person, "request_log", row_id, "result_enc", kept)
    else:
        sealed = seal(_key(call.app.keys.search_key), json.dumps(kept).encode("utf-8"),
                      _context(row_id, user_id, request_id, operation))
    session.add(RequestRecord(id=row_id, user_id=user_id, request_id=request_id,
                              operation=operation, person_id=person, created_at=call.app.now(),
                              result_enc=sealed))
    session.flush()


def _kept_result(body: Callable[..., Any], result: Any) -> dict[str, Any]:
    """The result as kept for a replay. A new token's secret is left out, its number kept in
    its place: tokens are stored hashed so that whoever reads the base (and its key file)
    cannot act as their owner; a copy of the secret beside them, sealed with a key the key
    file gives, would undo that."""
    if isinstance(result, SignedIn):
        return {"result": None, _SHOWN_ONCE: result.session_id}
    return {"result": _adapter(body).dump_python(result, mode="json")}


def _refuse_shown_once(call: Any, kept: dict[str, Any]) -> None:
    """Refuse the replay of a request whose answer was a secret shown once (a new token's),
    naming the token, so that its owner can revoke it and create another.

    Raises:
        PermissionDenied: when the request created a token.
    """
    token = kept.get(_SHOWN_ONCE)
    if token is None:
        return
    call.audit.target = kept["audit"].get("target")  # the refusal's audit row names the token
    raise PermissionDenied(M.REQUEST_TOKEN_SHOWN_ONCE.format(id=token))


def _password_stamp(session: Session, target: Any) -> list[Any]:
    """The account a write set the password of (its audit target, ``user:N``) and when."""
    kind, _, number = str(target).partition(":")
    user = session.get(User, int(number)) if kind == "user" and number.isdigit() else None
    if user is None or user.password_changed_at is None:
        raise AssertionError(f"a write that sets a password names its user: {target!r}")
    return [user.id, user.password_changed_at.isoformat()]


def _prove(call: Any, kept: dict[str, Any], request_id: str, password: str | None) -> bool:
    """Answer a write that set a password only if ``password`` is the one it set, still in
    place: a retry with another one (a typo corrected) must not be told "done", and one sent
    after the password changed must not put it back.

    The password is tried on the account's Argon2id hash only while the password set by this
    request is in place: a replay is no way to test guesses of a password chosen since (its
    owner's own, after an administrator's reset). A miss on the caller's own password (her
    change sent again with another one) is refused as a wrong password she typed, and
    counted with them: else a session and a used request id gave unlimited guesses of it.

    Returns:
        True when proven; False when refused and counted (``call.refusal`` is set).

    Raises:
        InputError: another password for someone else's account, or the one set changed
            since.
    """
    user_id, changed = kept[_PASSWORD_SET]
    user: User | None = call.session.get(User, user_id)
    in_place = user is not None and user.password_changed_at == datetime.fromisoformat(changed)
    if user is not None and in_place and isinstance(password, str) and passwords.verify(
            user.password_hash, password, call.app.security.hash_cost):
        return True
    call.audit.target = kept["audit"].get("target")  # the refusal's audit row names her
    refused = M.REQUEST_PASSWORD_OTHER.format(request_id=request_id)
    if in_place and user_id == call.principal.user_id:
        from core.services.auth import wrong_password
        wrong_password(call, refused)
        return False
    raise InputError(refused)


def _erased(session: Any, persons: set[Any]) -> set[Any]:
    """Which of ``persons`` are erased (this very write erased them)."""
    if not persons:
        return set()
    return set(session.scalars(select(Person.id).where(Person.id.in_(sorted(persons)),
                                                       Person.erased_at.is_not(None))))


def _granted(granted: list[list[Any]], erased: set[Any]) -> list[list[Any]]:
    """The checks to pass again, each once; none about a person this write erased (a fresh
    call would be told she is erased, while the answer kept only names her number)."""
    seen = dict.fromkeys(tuple(g) for g in granted if g[1] not in erased)
    return [list(g) for g in seen]
