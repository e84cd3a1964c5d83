"""Who may start working: the users offered on an interface's first screen.

Like :func:`core.services.users.initialise`, these run before anyone is identified, so they
take no actor. They return names and roles only (never case content). This is where password
or key checks will go with the authentication work: ``sign_in`` will then take the secret
and refuse a wrong one; until then it refuses an unknown or deactivated user.
"""

from __future__ import annotations

from sqlalchemy import select

from core import messages as M
from core.errors import PermissionDenied
from core.persistence.models import User
from core.schemas import UserView
from core.services.app import Parcours


def sign_in_choices(app: Parcours) -> list[UserView]:
    """Active users, by name, with their role.

    Raises:
        PersistenceError: the database is not initialised (tells to run ``parcours init``).
    """
    app.ensure_schema()
    with app.db.read() as session:
        return [UserView(id=u.id, name=u.name, role=u.role, active=u.active)
                for u in session.scalars(select(User).where(User.active.is_(True))
                                         .order_by(User.name))]


def sign_in(app: Parcours, name: str) -> UserView:
    """The active user called ``name``, as of now.

    Raises:
        PermissionDenied: no such user, or deactivated.
    """
    app.ensure_schema()
    with app.db.read() as session:
        user = session.scalar(select(User).where(User.name == name))
        if user is None or not user.active:
            raise PermissionDenied(M.ACTOR_UNKNOWN.format(name=name))
        return UserView(id=user.id, name=user.name, role=user.role, active=user.active)
