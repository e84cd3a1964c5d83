"""Users and database set-up: the first administrator, then users with their roles.

``initialise`` is the one entry point without an actor: it migrates the database and
creates the first administrator, and is refused once any user exists (no default account,
security.md AC-10).
"""

from __future__ import annotations

from sqlalchemy import func, select

from core import messages as M
from core.definitions.model import Role
from core.errors import InputError
from core.persistence.models import Event, User
from core.schemas import UserView
from core.services.app import Parcours
from core.services.registry import Call, service


def _role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        roles = ", ".join(r.value for r in Role)
        raise InputError(M.ROLE_UNKNOWN.format(role=value, roles=roles)) from None


def _clean_name(name: str) -> str:
    if not name.strip():
        raise InputError(M.USER_NAME_EMPTY)
    return name.strip()


def _view(user: User) -> UserView:
    return UserView(id=user.id, name=user.name, role=user.role, active=user.active)


def initialise(app: Parcours, admin: str | None) -> UserView | None:
    """Bring the schema to the latest migration and create the first administrator.

    Raises:
        InputError: the database has no user and no ``admin`` was given, or already has users
            and ``admin`` names a new one.
    """
    from core.persistence import migrate  # Alembic costs ~0.1 s to import: only init needs it
    migrate.upgrade(app.db)
    with app.db.write() as session:
        if session.scalar(select(func.count()).select_from(User)):
            existing = session.scalar(select(User).where(User.name == admin)) if admin else None
            if admin and existing is None:
                raise InputError(M.INIT_ALREADY)
            return _view(existing) if existing else None
        if not admin:
            raise InputError(M.INIT_NEEDS_ADMIN)
        user = User(name=_clean_name(admin), role=Role.ADMIN.value)
        session.add(user)
        session.flush()
        session.add(Event(kind="user_added", occurred_at=app.now(), actor_id=user.id,
                          actor_role=user.role, facts={"user": user.name, "role": user.role}))
        return _view(user)


@service("user.add")
def add_user(call: Call, name: str, role: str) -> UserView:
    """Create a user with a role (admins only)."""
    checked = _role(role)
    name = _clean_name(name)
    if call.session.scalar(select(User).where(User.name == name)) is not None:
        raise InputError(M.USER_EXISTS.format(name=name))
    user = User(name=name, role=checked.value)
    call.session.add(user)
    call.session.flush()
    call.session.add(Event(kind="user_added", occurred_at=call.app.now(), actor_id=call.actor.id,
                           actor_role=call.actor.role.value,
                           facts={"user": name, "role": checked.value}))
    return _view(user)


@service("user.list", write=False)
def list_users(call: Call) -> list[UserView]:
    """Every user with their role, by name."""
    return [_view(u) for u in call.session.scalars(select(User).order_by(User.name))]
