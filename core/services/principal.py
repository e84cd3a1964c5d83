"""Who is calling: a session or token checked against the database, as a :class:`Principal`.

Every service call starts here, in its own transaction, so that a role change, a disabled
account, a revoked token or an expired session takes effect on the very next call (ASVS
8.3.2, 7.4.2). Only the SHA-256 of the secret is looked up. A session ends after its idle
timeout or at its absolute expiry; a personal token only at its expiry. The principal carries
the delegations the user belongs to, which scope everything the services return.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import String, bindparam, cast, func, select, update
from sqlalchemy.orm import Session

from core import messages as M
from core.auth.tokens import Credential
from core.definitions.model import Role
from core.engine.checks import Actor
from core.errors import NotAuthenticated
from core.persistence.access_models import AuthSession, UserDelegation
from core.persistence.models import User
from core.persistence.results import affected


@dataclass(frozen=True)
class Principal:
    """The authenticated user of one call: identity, role, delegations and session state."""

    user_id: int
    name: str
    role: Role
    delegations: frozenset[int]
    session_id: int
    kind: str
    """``session`` (signed in) or ``token`` (personal token for scripts)."""
    expires_at: datetime
    reauth_at: datetime | None
    must_change_password: bool
    last_seen_at: datetime | None = None
    """When the session was last marked as used (:func:`touch`)."""
    scope: str | None = None
    """A personal token's scope (:mod:`core.services.token_scopes`); None: no limit."""

    @property
    def actor(self) -> Actor:
        """The engine's view of the caller (checks and transitions read it)."""
        return Actor(self.name, self.role, self.user_id)


def _ended(row: Any, now: datetime) -> str | None:
    """Why the session ``row`` (an ``auth_sessions`` row or its columns) is over, if it is."""
    if row.revoked_at is not None:
        return M.SESSION_ENDED
    if now >= row.expires_at:
        return M.SESSION_EXPIRED
    if row.idle_seconds is not None and (now - row.last_seen_at).total_seconds() > row.idle_seconds:
        return M.SESSION_IDLE
    return None


# Every call runs these two statements: built once, with bound parameters (building one
# costs more than running it), and run as Core on the call's connection (no ORM objects).
# The session, its user and her delegations come in one row: the delegations as one string,
# since a row per delegation made a national supervisor's every call convert the session's
# timestamps once per delegation of the country.
_SESSION = AuthSession.__table__
_USER = User.__table__
_MEMBER = UserDelegation.__table__
_DELEGATIONS = (select(func.aggregate_strings(cast(_MEMBER.c.delegation_id, String), ","))
                .where(_MEMBER.c.user_id == _USER.c.id).scalar_subquery())
_FIND = (select(_SESSION.c.id, _SESSION.c.kind, _SESSION.c.expires_at, _SESSION.c.reauth_at,
                _SESSION.c.revoked_at, _SESSION.c.idle_seconds, _SESSION.c.last_seen_at,
                _SESSION.c.scope, _USER.c.id.label("user_id"), _USER.c.name, _USER.c.role, _USER.c.active,
                _USER.c.must_change_password, _DELEGATIONS.label("delegations"))
         .join_from(_SESSION, _USER, _SESSION.c.user_id == _USER.c.id)
         .where(_SESSION.c.token_hash == bindparam("digest")))
_TOUCH = update(_SESSION).where(_SESSION.c.id == bindparam("session_id")).values(
    last_seen_at=bindparam("now"))


def authenticate(session: Session, credential: object, now: datetime) -> Principal:
    """The principal behind ``credential`` as of ``now``.

    Raises:
        NotAuthenticated: no credential, an unknown, revoked or expired one, or a disabled
            account; the message says to run ``parcours login``.
    """
    if not isinstance(credential, Credential) or not credential.secret:
        raise NotAuthenticated(M.NOT_SIGNED_IN)
    row = session.connection().execute(_FIND, {"digest": credential.digest}).first()
    if row is None:
        raise NotAuthenticated(M.NOT_SIGNED_IN)
    ended = _ended(row, now)
    if ended:
        raise NotAuthenticated(ended)
    if not row.active:
        raise NotAuthenticated(M.SESSION_ENDED)
    delegations = frozenset(int(d) for d in (row.delegations or "").split(",") if d)
    return Principal(user_id=row.user_id, name=row.name, role=Role(row.role),
                     delegations=delegations, session_id=row.id, kind=row.kind,
                     expires_at=row.expires_at, reauth_at=row.reauth_at,
                     must_change_password=row.must_change_password,
                     last_seen_at=row.last_seen_at, scope=row.scope)


TOUCH_EVERY = timedelta(minutes=1)
"""A session used again within this time is not marked anew: one write fewer on nearly
every call, and a session can then end at most this much before its idle timeout (the safe
side), never after it."""


def touch_due(principal: Principal, now: datetime) -> bool:
    """Whether :func:`touch` would write: the session's last use is not recent enough."""
    last = principal.last_seen_at
    return last is None or not timedelta(0) <= now - last < TOUCH_EVERY


def touch(session: Session, principal: Principal, now: datetime) -> None:
    """Record that the session was used now (what the idle timeout counts from)."""
    if touch_due(principal, now):
        session.connection().execute(_TOUCH, {"session_id": principal.session_id, "now": now})


def end_sessions(session: Session, user_id: int, now: datetime, reason: str) -> int:
    """Revoke every live session and token of a user (disabled, role changed, password reset)."""
    result = session.execute(update(AuthSession).where(AuthSession.user_id == user_id,
                                                       AuthSession.revoked_at.is_(None))
                             .values(revoked_at=now, revoked_reason=reason)
                             .execution_options(synchronize_session=False))
    return affected(result)
