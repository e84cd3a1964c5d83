"""Accounts and delegations: the first administrator, then users, their roles and delegations.

``initialise`` is the one entry point without a credential besides signing in: it migrates
the database, creates the first delegation and the first administrator with her password,
and is refused once any administrator has a password (no default account, ASVS 6.3.2). On a
base migrated from a version without passwords it sets the named administrator's password.

Disabling a user, changing their role or resetting their password takes effect at once: their
sessions and tokens end (ASVS 7.4.2, 8.3.2). A reset password must be changed at the next
sign-in.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from core import messages as M
from core.auth import passwords
from core.definitions.model import Role
from core.errors import InputError, NotFound
from core.persistence.access_models import (AgrementRow, Delegation, SignInThrottle,
                                           UserDelegation)
from core.rules.calendar import subdivision_code
from core.persistence.models import User
from core.schemas import DelegationView, UserView
from core.services import access, audit
from core.services.app import Parcours, config_dir
from core.services.arguments import check_value
from core.services.keys import new_material
from core.services.account_names import name_skeletons
from core.services.auth import (looks_like, same_name, throttle_key, user_named, user_view,
                                user_views)
from core.services.principal import end_sessions
from core.services.registry import Call, service
from core.text import clean_name

FIRST_DELEGATION = ("principale", "Délégation principale")
_CODE = re.compile(r"[a-z0-9][a-z0-9-]{1,29}")


def _role(value: str) -> Role:
    """The role typed, as its code (``referent``) or as French people write it (« bénévole »,
    « référente », « Superviseur·e »: accents, case and the median dot ignored)."""
    typed = "".join(c for c in unicodedata.normalize("NFKD", str(value).strip().casefold())
                    if not unicodedata.combining(c)).replace("·", "").replace(".", "")
    try:
        return Role(M.ROLE_TYPED.get(typed, typed))
    except ValueError:
        roles = ", ".join(r.value for r in Role)
        raise InputError(M.ROLE_UNKNOWN.format(role=value, roles=roles)) from None


def _code(value: str) -> str:
    code = value.strip().lower()
    if not _CODE.fullmatch(code):
        raise InputError(M.DELEGATION_CODE_BAD.format(code=value[:40]))
    return code


def initialise(app: Parcours, admin: str | None, password: str | None = None, *,
               delegation: str = FIRST_DELEGATION[0],
               delegation_label: str = FIRST_DELEGATION[1]) -> UserView | None:
    """Bring the schema to the latest migration and create the first administrator.

    Returns the administrator (None when the base was already set up and no name was given).

    Raises:
        InputError: no administrator on an empty base, no password, a password the policy
            refuses, or a base already set up.
    """
    for name, value in (("name", admin), ("password", password), ("code", delegation),
                        ("label", delegation_label)):
        check_value(name, value)
    if password is not None and admin:
        passwords.require_acceptable(password)  # before anything is created
    upgrade_base(app)
    with app.db.write() as session:
        existing = session.scalar(select(User).where(User.name == admin)) if admin else None
        if session.scalar(select(func.count()).select_from(User)):
            return _existing(app, session, admin, existing, password)
        if not admin:
            raise InputError(M.INIT_NEEDS_ADMIN)
        chosen = _chosen_password(password)
        first = Delegation(code=_code(delegation),
                           label=clean_name(delegation_label, field="libellé de la délégation"),
                           created_at=app.now())
        user = User(name=clean_name(admin, field="nom"), role=Role.ADMIN.value,
                    password_hash=passwords.hash_password(chosen, app.security.hash_cost),
                    password_changed_at=app.now())
        session.add_all([first, user])
        session.flush()
        session.add(UserDelegation(user_id=user.id, delegation_id=first.id))
        audit.append(session, audit.Entry("init", actor_id=user.id, role=user.role,
                                          target=f"delegation:{first.id}"), app.now())
        session.flush()
        return user_view(session, user)


def upgrade_base(app: Parcours) -> None:
    """Migrate the base to this version, creating its key file first when it has none yet.

    A base that has no ``base_info`` row gets a new id and key file (``parcours init``, or the
    first ``parcours upgrade`` of a base from a version without encryption), which the
    encryption migration uses to write that row and seal existing data. The key file is
    removed again if the migration fails.

    Raises:
        KeyMissing: the key file would go in the database's folder, or exists already.
        PersistenceError: the migration failed (nothing of it is kept).
    """
    from core.persistence import migrate  # Alembic costs ~0.1 s to import: only init needs it
    material = None if has_base_row(app) else new_material(
        config_dir(), app.key_file, app.db.sqlite_folder)
    try:
        migrate.upgrade(app.db, key_material=material)
    except BaseException:
        if material is not None and material.keyfile.path is not None:
            material.keyfile.path.unlink(missing_ok=True)
        raise
    app.forget_keys()


def has_base_row(app: Parcours) -> bool:
    """Whether the base has its ``base_info`` row, hence a key file (False: a new base, or one
    from a version without encryption, which :func:`upgrade_base` gives a key file)."""
    from sqlalchemy.exc import SQLAlchemyError
    try:
        with app.db.engine.connect() as connection:
            return connection.exec_driver_sql("SELECT 1 FROM base_info").first() is not None
    except SQLAlchemyError:
        return False


def _chosen_password(password: str | None) -> str:
    if password is None:
        raise InputError(M.INIT_PASSWORD_NEEDED)
    return passwords.require_acceptable(password)


def _existing(app: Parcours, session: Session, admin: str | None, user: User | None,
              password: str | None) -> UserView | None:
    """``init`` on a base already set up: only an administrator without a password gets one."""
    if not admin:
        return None
    if user is None or user.role != Role.ADMIN.value:
        raise InputError(M.INIT_ALREADY)
    if user.password_hash is not None:
        raise InputError(M.INIT_EXISTING_ADMIN.format(name=user.name))
    user.password_hash = passwords.hash_password(_chosen_password(password), app.security.hash_cost)
    user.password_changed_at = app.now()
    audit.append(session, audit.Entry("init", actor_id=user.id, role=user.role,
                                      target=f"user:{user.id}"), app.now())
    session.flush()
    return user_view(session, user)


def _delegation_ids(call: Call, codes: list[str] | tuple[str, ...]) -> list[int]:
    """Ids of delegations by code; with no code, the only delegation when there is one."""
    if not codes:
        ids = call.session.scalars(select(Delegation.id).limit(2)).all()
        if len(ids) == 1:
            return list(ids)
        known = M.some_codes(list(call.session.scalars(select(Delegation.code))))
        raise InputError(M.USER_DELEGATION_CHOOSE.format(codes=known))
    found = {c: i for c, i in call.session.execute(
        select(Delegation.code, Delegation.id).where(Delegation.code.in_([_code(c) for c in codes])))}
    for code in codes:
        if _code(code) not in found:
            raise NotFound(M.DELEGATION_UNKNOWN.format(code=code))
    return sorted(set(found.values()))


def _user(call: Call, name: str) -> User:
    user = user_named(call.session, name)
    if user is None:
        raise NotFound(M.USER_UNKNOWN.format(name=name))
    call.audit.target = f"user:{user.id}"
    return user


@service("user.add", sets_password="password")
def add_user(call: Call, name: str, role: str, password: str,
             delegations: list[str] | tuple[str, ...] = ()) -> UserView:
    """Create a user with a role, a password and their delegations (administrators only)."""
    checked = _role(role)
    name = clean_name(name, field="nom")
    _one_creation_per_name(call, name)
    taken = same_name(call.session, name)
    if taken:  # « Sonia » beside « sonia »: one person to her colleagues, two accounts
        raise InputError(M.USER_EXISTS.format(name=taken[0].name))
    twin = looks_like(call.session, name)
    if twin is not None:  # « SONİA », « Ѕonia » (Cyrillic) beside « sonia »: one to the eye
        raise InputError(M.USER_LOOKS_LIKE.format(name=name, other=twin.name))
    chosen = passwords.require_acceptable(password)
    ids = _delegation_ids(call, delegations)
    user = User(name=name, role=checked.value, password_changed_at=call.app.now(),
                password_hash=passwords.hash_password(chosen, call.app.security.hash_cost))
    call.session.add(user)
    call.session.flush()
    call.session.add_all([UserDelegation(user_id=user.id, delegation_id=i) for i in ids])
    call.session.flush()
    call.audit.target = f"user:{user.id}"
    call.audit.detail = {"role": checked.value}
    return user_view(call.session, user)


NAME_LOCK_SPACE = 0x6E616D65  # "name"
"""The first key of the PostgreSQL advisory locks that make two creations of one name (up to
case and look-alike letters) wait for each other; the second is drawn from the name's skeleton."""


def _one_creation_per_name(call: Call, name: str) -> None:
    """Hold back another creation of a name that reads the same (up to case and look-alike
    letters: :func:`name_skeletons`, a lock for each) until this call's transaction ends: two
    administrators adding it at once both found it free (PostgreSQL; SQLite runs one writer
    at a time), which made « Lucie » and « lucie » two accounts of one colleague."""
    if call.app.db.dialect != "postgresql":
        return
    # In one order for every call: two creations waiting for each other's second lock would
    # deadlock.
    for key in sorted(_lock_key(skeleton) for skeleton in name_skeletons(name)):
        call.session.execute(text("SELECT pg_advisory_xact_lock(:space, :name)"),
                             {"space": NAME_LOCK_SPACE, "name": key})


def _lock_key(skeleton: str) -> int:
    digest = hashlib.sha256(skeleton.encode("utf-8", "surrogatepass")).hexdigest()
    return int(digest[:8], 16) - 2 ** 31  # a signed 32-bit key


@service("user.list", write=False)
def list_users(call: Call, delegation: str | None = None) -> list[UserView]:
    """Users with their role and delegations, by name: every user to an administrator, to
    anyone else (a supervisor) those who share at least one of her delegations, as persons
    are (security.md AC-4: a supervisor sees her own site only). A user seen is shown whole,
    with all her delegations. ``delegation``: the members of that one only (any delegation
    for an administrator, one of hers for a supervisor).

    Raises:
        NotFound: an administrator names no delegation.
        PermissionDenied: a supervisor names one that is not hers.
    """
    if delegation is not None:
        members = select(UserDelegation.user_id).where(
            UserDelegation.delegation_id == _one_delegation(call, delegation))
        return user_views(call.session, User.id.in_(members))
    if call.principal.role is Role.ADMIN:
        return user_views(call.session)
    members = select(UserDelegation.user_id).where(
        access.in_delegations(call.principal, UserDelegation.delegation_id))
    return user_views(call.session, User.id.in_(members))


def _one_delegation(call: Call, code: str) -> int:
    if call.principal.role is not Role.ADMIN:
        from core.services.persons import delegation_for
        return delegation_for(call, code)
    found = call.session.scalar(select(Delegation.id).where(Delegation.code == _code(code)))
    if found is None:
        raise NotFound(M.DELEGATION_UNKNOWN.format(code=code))
    return int(found)


def _not_last_admin(call: Call, user: User) -> None:
    if user.role != Role.ADMIN.value:
        return
    # The active administrators' rows locked, and read as their locks leave them (PostgreSQL;
    # SQLite runs one writer at a time): two administrators removing each other at once each
    # saw the other remain, and both went.
    admins = call.session.scalars(select(User.id).where(
        User.role == Role.ADMIN.value, User.active.is_(True)).order_by(User.id)
        .with_for_update()).all()
    if not [i for i in admins if i != user.id]:
        raise InputError(M.USER_LAST_ADMIN)


@service("user.disable")
def disable_user(call: Call, name: str) -> UserView:
    """Disable an account: it cannot sign in and its sessions and tokens end at once."""
    user = _user(call, name)
    _not_last_admin(call, user)
    user.active = False
    end_sessions(call.session, user.id, call.app.now(), "disabled")
    call.session.flush()
    return user_view(call.session, user)


@service("user.role")
def set_role(call: Call, name: str, role: str) -> UserView:
    """Change a user's role; their sessions and tokens end so the new role applies at once."""
    user = _user(call, name)
    checked = _role(role)
    if checked.value != Role.ADMIN.value:
        _not_last_admin(call, user)
    call.audit.detail = {"from": user.role, "to": checked.value}
    user.role = checked.value
    end_sessions(call.session, user.id, call.app.now(), "role_changed")
    call.session.flush()
    return user_view(call.session, user)


@service("user.reset_password", sets_password="password")
def reset_password(call: Call, name: str, password: str) -> UserView:
    """Give a user a temporary password, to be changed at their next sign-in."""
    user = _user(call, name)
    user.password_hash = passwords.hash_password(passwords.require_acceptable(password),
                                                 call.app.security.hash_cost)
    user.must_change_password = user.id != call.principal.user_id
    user.password_changed_at = call.app.now()
    end_sessions(call.session, user.id, call.app.now(), "password_reset")
    # A locked-out user who called for help signs in with the new password at once.
    call.session.execute(delete(SignInThrottle).where(SignInThrottle.key == throttle_key(user.name)))
    call.session.flush()
    return user_view(call.session, user)


@service("user.delegations")
def set_delegations(call: Call, name: str, codes: list[str] | tuple[str, ...]) -> UserView:
    """Replace the delegations a user belongs to (at least one)."""
    user = _user(call, name)
    ids = _delegation_ids(call, codes or ("",))
    call.session.execute(delete(UserDelegation).where(UserDelegation.user_id == user.id))
    call.session.add_all([UserDelegation(user_id=user.id, delegation_id=i) for i in ids])
    end_sessions(call.session, user.id, call.app.now(), "delegations_changed")
    call.session.flush()
    return user_view(call.session, user)


def _delegation_view(row: Delegation) -> DelegationView:
    return DelegationView(id=row.id, code=row.code, label=row.label,
                          holiday_subdivision=row.holiday_subdivision, department=row.department)


_DEPARTMENT = re.compile(r"(0[1-9]|[1-8][0-9]|9[0-5]|2[AB]|97[1-6])")


def _calendar_of(department: str | None) -> str | None:
    """The holiday calendar of a delegation named by its department alone: a delegation in
    Mayotte or Strasbourg keeps its place's holidays, clock and law (the national calendar
    for a department without its own)."""
    try:
        return subdivision_code(department)
    except InputError:
        return None


def _department(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    text = value.strip().upper()
    if not _DEPARTMENT.fullmatch(text):
        raise InputError(M.DELEGATION_DEPARTMENT_BAD.format(value=value[:10]))
    return text


@service("delegation.agrement")
def record_agrement(call: Call, code: str, department: str, *, requested_on: date | None = None,
                    completed_on: date | None = None, granted_on: date | None = None,
                    refused_on: date | None = None, valid_from: date | None = None,
                    valid_to: date | None = None) -> DelegationView:
    """Record a prefectoral approval (or its application) of a delegation, by its dates.

    Raises:
        NotFound: no such delegation.
        InputError: no date at all, a department that is not one, or dates out of order.
    """
    row = call.session.scalar(select(Delegation).where(Delegation.code == _code(code)))
    if row is None:
        raise NotFound(M.DELEGATION_UNKNOWN.format(code=code))
    dates = [requested_on, completed_on, granted_on, refused_on, valid_from, valid_to]
    if not any(dates):
        raise InputError(M.AGREMENT_NO_DATE)
    if valid_from and valid_to and valid_to < valid_from:
        raise InputError(M.AGREMENT_BAD_PERIOD)
    call.session.add(AgrementRow(delegation_id=row.id, department=_department(department) or "",
                                 requested_on=requested_on, completed_on=completed_on,
                                 granted_on=granted_on, refused_on=refused_on,
                                 valid_from=valid_from, valid_to=valid_to,
                                 recorded_at=call.app.now(), recorded_by=call.principal.user_id))
    call.session.flush()
    call.audit.target = f"delegation:{row.id}"
    return _delegation_view(row)


@service("delegation.add")
def add_delegation(call: Call, code: str, label: str, holiday_subdivision: str | None = None,
                   department: str | None = None) -> DelegationView:
    """Create a delegation; its administrator is made a member of it.

    Raises:
        InputError: a code already used or malformed, a holiday subdivision without a
            calendar of its own, a department that is not one.
    """
    checked = _code(code)
    if call.session.scalar(select(Delegation).where(Delegation.code == checked)) is not None:
        raise InputError(M.DELEGATION_EXISTS.format(code=checked))
    place = _department(department)
    given = holiday_subdivision is not None and holiday_subdivision.strip() != ""
    row = Delegation(code=checked, label=clean_name(label, field="libellé"),
                     holiday_subdivision=subdivision_code(holiday_subdivision) if given
                     else _calendar_of(place), department=place, created_at=call.app.now())
    call.session.add(row)
    call.session.flush()
    call.session.add(UserDelegation(user_id=call.principal.user_id, delegation_id=row.id))
    call.audit.target = f"delegation:{row.id}"
    return _delegation_view(row)


@service("delegation.list", write=False)
def list_delegations(call: Call) -> list[DelegationView]:
    """Delegations: all of them for an administrator, one's own for everyone else."""
    query = select(Delegation).order_by(Delegation.code)
    if call.principal.role is not Role.ADMIN:
        query = query.where(Delegation.id.in_(sorted(call.principal.delegations) or [-1]))
    return [_delegation_view(d) for d in call.session.scalars(query)]
