"""Signing in and out, sessions and personal tokens, changing and confirming one's password.

:func:`sign_in` is the one entry point that takes no credential: it checks a name and a
password, throttles failures per name (known or not: the same message, the same delay, a
dummy hash for unknown names, so that nothing tells which accounts exist; ASVS 6.3.1, 6.3.8),
and opens a session whose secret is returned once. Every failure and success is audited.
The other services here act on the caller's own session or tokens.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, delete, or_, select, text, update
from sqlalchemy.orm import Session

from core import messages as M
from core.auth import passwords, tokens
from core.delegation import HOME_ZONE, zone_of_subdivision
from core.errors import InputError, NotAuthenticated, NotFound, PermissionDenied
from core.persistence.access_models import AuthSession, Delegation, SignInThrottle, UserDelegation
from core.persistence.models import User
from core.schemas import SignedIn, TokenView, UserView, WhoAmI
from core.services import audit, requests, token_scopes
from core.services.account_names import name_key, name_skeletons
from core.services.arguments import check_value
from core.services.principal import end_sessions
from core.services.registry import App, Call, record, service


def throttle_key(name: str) -> str:
    return hashlib.sha256(name_key(name).encode("utf-8", "surrogatepass")).hexdigest()


def same_name(session: Session, name: str) -> list[User]:
    """The accounts whose name is ``name`` up to case (:func:`name_key`). Several only on a
    base created before names were compared so: each keeps her account."""
    key = name_key(name)
    ids = [row.id for row in session.execute(select(User.id, User.name))
           if name_key(row.name) == key]
    if not ids:
        return []
    return list(session.scalars(select(User).where(User.id.in_(ids)).order_by(User.id)))


def looks_like(session: Session, name: str) -> User | None:
    """The first account (by id) whose name reads like ``name`` (:func:`name_skeletons`)."""
    mine = set(name_skeletons(name))
    for user_id, other in session.execute(select(User.id, User.name).order_by(User.id)):
        if mine.intersection(name_skeletons(other)):
            return session.get(User, user_id)
    return None


def user_named(session: Session, name: str) -> User | None:
    """The account ``name`` designates: exactly that name, else the one account whose name
    differs from it only by case; None when there is none, or several (two accounts of an
    older base that differ only by case: each is reached by her exact name).

    Every account's name is read and the chosen one fetched by id whatever the name, known or
    not: an exact name found by its index alone made a sign-in with a known name faster than
    one with an unknown name by the reading of them all (16 ms for 8,000 accounts), which told
    which accounts exist (ASVS 6.3.8)."""
    key = name_key(name)
    rows = session.execute(select(User.id, User.name)).all()
    exact = [i for i, n in rows if n == name]
    folded = [i for i, n in rows if name_key(n) == key]
    chosen = exact[0] if exact else folded[0] if len(folded) == 1 else 0  # 0: no account
    return session.scalar(select(User).where(User.id == chosen))


def user_view(session: Session, user: User) -> UserView:
    """One user's view, her delegations' codes in code order."""
    codes = session.scalars(select(Delegation.code).join(
        UserDelegation, UserDelegation.delegation_id == Delegation.id)
        .where(UserDelegation.user_id == user.id).order_by(Delegation.code)).all()
    return UserView(id=user.id, name=user.name, role=user.role, active=user.active,
                    delegations=tuple(codes), must_change_password=user.must_change_password,
                    has_password=user.password_hash is not None)


def user_views(session: Session, where: ColumnElement[bool] | None = None) -> list[UserView]:
    """The views of the users ``where`` selects (all of them without it), by name, as
    :func:`user_view` gives each: two statements whatever their number (the users, then the
    codes of all their delegations at once), never one per user (7,900 users at national
    scale). The users are read as columns: no ORM object, no password hash in memory."""
    chosen = [where] if where is not None else []
    connection = session.connection()  # Core rows: no ORM object to build per user
    rows = connection.execute(
        select(User.id, User.name, User.role, User.active, User.must_change_password,
               User.password_hash.is_not(None)).where(*chosen).order_by(User.name)).all()
    codes: dict[int, list[str]] = {}
    # The same condition as a subquery rather than the ids bound one by one: thousands of
    # parameters would reach SQLite's limit on variables.
    in_scope = [UserDelegation.user_id.in_(select(User.id).where(where))] if where is not None else []
    for user_id, code in connection.execute(
            select(UserDelegation.user_id, Delegation.code)
            .join(Delegation, UserDelegation.delegation_id == Delegation.id)
            .where(*in_scope).order_by(UserDelegation.user_id, Delegation.code)):
        codes.setdefault(user_id, []).append(code)
    return [UserView(id=i, name=name, role=role, active=active, delegations=tuple(codes.get(i, ())),
                     must_change_password=must_change, has_password=has_password)
            for i, name, role, active, must_change, has_password in rows]


def _waiting(row: SignInThrottle | None, app: App, now: datetime) -> str | None:
    """Why this name may not try now (a French sentence), or None."""
    if row is None:
        return None
    if row.locked_until is not None and now < row.locked_until:
        minutes = max(1, int((row.locked_until - now).total_seconds() // 60) + 1)
        return M.SIGNIN_LOCKED.format(minutes=minutes, unit=M.plural(minutes, *M.MINUTES))
    ready = row.last_failure_at + app.security.delay_after(row.failures)
    if row.failures and now < ready and (row.locked_until is None or now >= row.locked_until):
        seconds = max(1, int((ready - now).total_seconds() + 0.999))
        return M.SIGNIN_WAIT.format(seconds=seconds, unit=M.plural(seconds, *M.SECONDS))
    return None


def _failed(session: Session, app: App, key: str, row: SignInThrottle | None, now: datetime) -> None:
    """Count one more failure for ``key``; forget every name's failures that no longer count.

    Failures count within the lock's duration of each other (15 minutes by default): five
    in a row lock the name. Older ones were kept for ever, one row per name ever tried, so
    that guesses at made-up names grew the table without end (and kept the names' hashes).
    """
    settings = app.security
    stale = now - settings.lock
    if row is None or (row.locked_until is not None and now >= row.locked_until) \
            or row.last_failure_at < stale:
        failures = 1
    else:
        failures = row.failures + 1
    locked = now + settings.lock if failures >= settings.failures_before_lock else None
    session.execute(delete(SignInThrottle).where(
        or_(SignInThrottle.key == key,
            and_(SignInThrottle.last_failure_at < stale,
                 or_(SignInThrottle.locked_until.is_(None), SignInThrottle.locked_until <= now)))))
    session.add(SignInThrottle(key=key, failures=0 if locked else failures, last_failure_at=now,
                               locked_until=locked))


def open_session(session: Session, app: App, user: User, kind: str, now: datetime, *,
                 lifetime: timedelta | None = None, label: str | None = None,
                 scope: str | None = None) -> tuple[str, AuthSession]:
    """Store a new session or token for ``user`` (a token's ``scope``: see
    :mod:`core.services.token_scopes`); returns its secret (shown once) and row."""
    secret = tokens.new_secret(kind)
    settings = app.security
    row = AuthSession(user_id=user.id, kind=kind, token_hash=tokens.digest(secret), label=label,
                      scope=scope, created_at=now, last_seen_at=now,
                      expires_at=now + (lifetime or settings.absolute),
                      idle_seconds=int(settings.idle.total_seconds()) if kind == "session" else None)
    session.add(row)
    session.flush()
    return secret, row


def sign_in(app: App, name: str, password: str) -> SignedIn:
    """Open a session for ``name`` if ``password`` is theirs.

    Raises:
        PermissionDenied: wrong name or password, disabled account, or too many recent
            failures for this name (the message says how long to wait); audited.
    """
    check_value("name", name)
    check_value("password", password)
    app.ensure_schema()
    key, now = throttle_key(name), app.now()
    refusal: str | None = None
    with app.db.write() as session:
        _one_attempt_at_a_time(session, app, key)
        row = session.get(SignInThrottle, key)
        user = user_named(session, name) if len(name) <= 200 else None
        wait = _waiting(row, app, now)
        if wait:
            refusal, reason = wait, "throttled"
        else:
            good = passwords.verify(user.password_hash if user else None, password,
                                    app.security.hash_cost)
            if not good or user is None or not user.active:
                _failed(session, app, key, row, now)
                refusal = M.SIGNIN_FAILED
                reason = "disabled" if good and user is not None else "bad_credentials"
        if refusal:
            audit.append(session, audit.Entry("auth.login", "refused", actor_id=user.id if user else None,
                                              role=user.role if user else None, reason=reason), now)
        else:
            assert user is not None
            signed = _welcome(session, app, user, password, key, now)
    if refusal:
        raise PermissionDenied(refusal)
    return signed


SIGNIN_LOCK_SPACE = 0x7369676E  # "sign"
"""The first key of the PostgreSQL advisory locks that make sign-ins for one name wait for each
other (the second is drawn from the name's throttle key). Two keys, where the audit chain's
lock has one: PostgreSQL keeps the two key spaces apart."""


def _one_attempt_at_a_time(session: Session, app: App, key: str) -> None:
    """Hold this name's attempts back until this one commits. On SQLite every write waits
    already (``BEGIN IMMEDIATE``); on PostgreSQL, attempts sent together all read the throttle
    before any recorded its failure: each had its password checked, and the name counted one
    failure for all of them, so that parallel guesses went past the delays and the lock."""
    if app.db.dialect != "postgresql":
        return
    name = int(key[:8], 16) - 2 ** 31  # a signed 32-bit key
    session.execute(text("SELECT pg_advisory_xact_lock(:space, :name)"),
                    {"space": SIGNIN_LOCK_SPACE, "name": name})


def _welcome(session: Session, app: App, user: User, password: str, key: str,
             now: datetime) -> SignedIn:
    # The failures at her name are forgotten, unless another account of an older base shares
    # its throttle (« sonia » and « Sonia »): signing in as one must not forget the guesses
    # at the other's password.
    if len(same_name(session, user.name)) == 1:
        session.execute(delete(SignInThrottle).where(SignInThrottle.key == key))
    # A base where request ids stopped being sent still forgets their answers after a day:
    # a sign-in is a write every deployment makes daily, and one whose Argon2id check dwarfs
    # an indexed delete.
    requests.forget_expired(session, now)
    if passwords.needs_rehash(user.password_hash or "", app.security.hash_cost):
        user.password_hash = passwords.hash_password(password, app.security.hash_cost)
    secret, row = open_session(session, app, user, "session", now)
    audit.append(session, audit.Entry("auth.login", actor_id=user.id, role=user.role,
                                      session_id=row.id), now)
    return SignedIn(secret=secret, user=user_view(session, user), expires_at=row.expires_at,
                    session_id=row.id)


@service("auth.whoami", write=False)
def whoami(call: Call) -> WhoAmI:
    """The caller, their role and delegations, and when their session ends if unused."""
    principal = call.principal
    row = call.session.get(AuthSession, principal.session_id)
    assert row is not None
    ends = row.expires_at
    if row.idle_seconds is not None:
        ends = min(ends, call.app.now() + timedelta(seconds=row.idle_seconds))
    user = call.session.get(User, principal.user_id)
    assert user is not None
    return WhoAmI(name=principal.name, role=principal.role.value,
                  delegations=user_view(call.session, user).delegations, expires_at=ends,
                  kind=principal.kind, must_change_password=principal.must_change_password,
                  scope=principal.scope, clock=_clock(call.session, user.id))


def _clock(session: Session, user_id: int) -> str:
    """The zone of the user's delegations when they share one, else mainland France's."""
    zones = {zone_of_subdivision(subdivision) for subdivision in session.scalars(
        select(Delegation.holiday_subdivision).join(
            UserDelegation, UserDelegation.delegation_id == Delegation.id)
        .where(UserDelegation.user_id == user_id))}
    return zones.pop() if len(zones) == 1 else HOME_ZONE


@service("auth.logout")
def sign_out(call: Call) -> None:
    """End the caller's session (a personal token is revoked with ``token revoke``)."""
    call.session.execute(update(AuthSession).where(AuthSession.id == call.principal.session_id)
                         .values(revoked_at=call.app.now(), revoked_reason="logout")
                         .execution_options(synchronize_session=False))


@service("auth.password", sets_password="new")
def change_password(call: Call, current: str, new: str) -> None:
    """Replace the caller's password; their other sessions and tokens end.

    A wrong ``current`` counts as a refused confirmation does (:func:`reauthenticate`): five
    in a row end the session, so a session left open is no way to guess the password.

    Raises:
        PermissionDenied: ``current`` is wrong (counted).
        InputError: ``new`` breaks the password policy or equals ``current``.
    """
    user = call.session.get(User, call.principal.user_id)
    assert user is not None
    cost = call.app.security.hash_cost
    if not passwords.verify(user.password_hash, current, cost):
        wrong_password(call, M.PASSWORD_WRONG_CURRENT)
        return
    chosen = passwords.require_acceptable(new)
    if chosen == passwords.normalise(current):
        raise InputError(M.PASSWORD_SAME)
    user.password_hash = passwords.hash_password(chosen, cost)
    user.must_change_password = False
    user.password_changed_at = call.app.now()
    call.session.flush()
    call.session.execute(update(AuthSession).where(
        AuthSession.user_id == user.id, AuthSession.id != call.principal.session_id,
        AuthSession.revoked_at.is_(None)).values(revoked_at=call.app.now(),
                                                 revoked_reason="password_changed")
        .execution_options(synchronize_session=False))
    call.audit.target = f"user:{user.id}"


@service("auth.reauth")
def reauthenticate(call: Call, password: str) -> None:
    """Confirm the caller's password: restricted content opens for the next minutes.

    Five refused confirmations in a row end the session.

    Raises:
        PermissionDenied: wrong password (counted).
    """
    user = call.session.get(User, call.principal.user_id)
    assert user is not None
    row = call.session.get(AuthSession, call.principal.session_id)
    assert row is not None
    if passwords.verify(user.password_hash, password, call.app.security.hash_cost):
        row.reauth_at = call.app.now()
        return
    wrong_password(call, M.REAUTH_FAILED)


PASSWORD_TYPED = ("auth.reauth", "auth.password")
"""The writes where a signed-in caller types her password again: their wrong passwords count
together, or each would give as many guesses as the other."""


def wrong_password(call: Call, message: str) -> None:
    """Refuse a wrong password typed on a session (the refusal is audited, so counted); the
    one that reaches the limit ends the session. Also a retried password change whose new
    password is not the one it set (:func:`core.services.requests.replay`): a guess too.

    Her session's row is locked first (PostgreSQL; SQLite runs one writer at a time): a
    wrong password typed at the same time on that session is counted after this one is,
    or all read one count and none ended the session, whatever the number of guesses."""
    call.session.execute(select(AuthSession.id).where(
        AuthSession.id == call.principal.session_id).with_for_update())
    failures = _recent_password_failures(call) + 1
    if failures >= call.app.security.failures_before_lock:
        row = call.session.get(AuthSession, call.principal.session_id)
        assert row is not None
        row.revoked_at, row.revoked_reason = call.app.now(), "reauth_failures"
        call.refusal = NotAuthenticated(M.SESSION_ENDED)
    else:
        call.refusal = PermissionDenied(message)


def _recent_password_failures(call: Call) -> int:
    from sqlalchemy import func

    from core.persistence.access_models import AuditEntry
    since = call.app.now() - call.app.security.lock
    # Refused for a wrong password only: a new password the policy refuses is no guess.
    return int(call.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.actor_id == call.principal.user_id, AuditEntry.session_id == call.principal.session_id,
        AuditEntry.operation.in_(PASSWORD_TYPED), AuditEntry.outcome == "refused",
        AuditEntry.reason.in_(("permission_denied", "not_authenticated")),
        AuditEntry.at >= since)) or 0)


@service("token.create")
def create_token(call: Call, lifetime: timedelta, label: str | None = None,
                 scope: str | None = None) -> SignedIn:
    """A personal token for scripts and cron, valid ``lifetime``; the secret is shown once.

    ``scope`` limits what it may do (``lecture``, ``statistiques``:
    :mod:`core.services.token_scopes`); None, all its owner may.

    Raises:
        PermissionDenied: asked with a token (a token cannot extend itself).
        InputError: a lifetime that is not positive or longer than the maximum; an unknown
            scope.
    """
    if call.principal.kind != "session":
        raise PermissionDenied(M.TOKEN_NEEDS_SESSION)
    scope = token_scopes.clean_scope(scope)
    if scope is not None:
        call.audit.detail.update(scope=scope)
    limit = call.app.security.token_max
    if lifetime <= timedelta(0) or lifetime > limit:
        raise InputError(M.TOKEN_BAD_EXPIRY.format(value=M.span(lifetime), days=limit.days))
    from core.text import clean_line
    user = call.session.get(User, call.principal.user_id)
    assert user is not None
    secret, row = open_session(call.session, call.app, user, "token", call.app.now(),
                               lifetime=lifetime, scope=scope,
                               label=clean_line(label or "", field="libellé") or None)
    call.audit.target = f"token:{row.id}"
    return SignedIn(secret=secret, user=user_view(call.session, user), expires_at=row.expires_at,
                    session_id=row.id)


def _token_view(row: AuthSession) -> TokenView:
    return TokenView(id=row.id, kind=row.kind, label=row.label, created_at=row.created_at,
                     last_seen_at=row.last_seen_at, expires_at=row.expires_at,
                     revoked_at=row.revoked_at, scope=row.scope)


@service("token.list", write=False)
def list_tokens(call: Call) -> list[TokenView]:
    """The caller's personal tokens, newest first (revoked and expired ones included)."""
    rows = call.session.scalars(select(AuthSession).where(
        AuthSession.user_id == call.principal.user_id, AuthSession.kind == "token")
        .order_by(AuthSession.id.desc()))
    return [_token_view(r) for r in rows]


@service("token.revoke")
def revoke_token(call: Call, token_id: int) -> TokenView:
    """Revoke one of the caller's tokens (an administrator may revoke anyone's).

    Raises:
        NotFound: no such token of the caller's.
    """
    row = call.session.get(AuthSession, token_id)
    mine = row is not None and row.kind == "token" and (
        row.user_id == call.principal.user_id or call.principal.role.value == "admin")
    if not mine:
        raise NotFound(M.TOKEN_UNKNOWN.format(id=token_id))
    assert row is not None
    if row.revoked_at is None:
        row.revoked_at, row.revoked_reason = call.app.now(), "revoked"
    call.audit.target = f"token:{row.id}"
    call.session.flush()
    return _token_view(row)


__all__ = ["change_password", "create_token", "end_sessions", "list_tokens", "reauthenticate",
           "record", "revoke_token", "sign_in", "sign_out", "user_view", "user_views", "whoami"]
