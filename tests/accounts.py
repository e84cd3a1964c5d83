"""Accounts for tests: an initialised base with one user per role, and their credentials.

Passwords are hashed with a cheap Argon2id cost (:data:`FAST`): the production cost (64 MiB,
about a fifth of a second) would make every sign-in of the suite slow, and what the tests
check is the policy, not the hash's strength. Credentials are opened through the real
:func:`core.services.sign_in`, once per application object (each has its own clock).
"""

from __future__ import annotations

import weakref
from datetime import date
from typing import Any

from core import services as svc
from core.auth.passwords import HashCost
from core.auth.settings import SecuritySettings
from core.auth.tokens import Credential
from core.plugins import PluginHost, build_plugin_host
from core.services.app import Parcours

PASSWORD = "Cheval-Correct-Pile-2026!"
"""Every test user's password (it meets the policy)."""
FAST = SecuritySettings(hash_cost=HashCost(time_cost=1, memory_kib=1024, parallelism=1))
USERS = {"admin": "admin", "bea": "benevole", "sam": "stagiaire", "camille": "referent",
         "sonia": "superviseur"}

_signed: weakref.WeakKeyDictionary[Any, dict[str, Credential]] = weakref.WeakKeyDictionary()


def make_app(url: str, host: PluginHost | None = None, today: date | None = None,
             users: dict[str, str] | None = None, cls: type[Parcours] = Parcours) -> Parcours:
    """An initialised application on ``url`` with ``users`` (default :data:`USERS`).

    Its key file is created in the (throw-away) configuration directory, as ``init`` does.
    """
    app = cls.open(url, today=today, host=host or build_plugin_host(load_entrypoints=False),
                   security=FAST)
    svc.initialise(app, "admin", PASSWORD)
    for name, role in (users or USERS).items():
        if name != "admin":
            svc.add_user(app, who(app, "admin"), name, role, PASSWORD)
    return app


def who(app: Any, name: str) -> Credential:
    """``name``'s credential on ``app`` (signed in once per application object)."""
    cache = _signed.setdefault(app, {})
    if name not in cache:
        cache[name] = Credential(svc.sign_in(app, name, PASSWORD).secret)
    return cache[name]


def reauth(app: Any, name: str) -> Credential:
    """``name``'s credential once the password was confirmed (restricted content opens)."""
    credential = who(app, name)
    svc.reauthenticate(app, credential, PASSWORD)
    return credential


def forget(app: Any) -> None:
    """Drop the cached credentials of ``app`` (after sessions were ended on purpose)."""
    _signed.pop(app, None)


def with_clock(app: Parcours, today: date) -> Parcours:
    """The same database and plugins evaluated as of ``today`` (same security settings)."""
    return type(app)(app.db, app.host, today=today, security=app.security,
                     key_file=app.key_file)


def consent(app: Any, person: int, referent: str = "camille", day: str = "2026-03-01") -> None:
    """Record the person's consent to individual follow-up, given on ``day``."""
    svc.give_consent(app, who(app, referent), person, "suivi", given_on=date.fromisoformat(day))


def follow(app: Any, person: int, referent: str = "camille", day: str = "2026-03-01") -> None:
    """Take a person into individual follow-up by ``referent``: her consent to it, recorded on
    ``day``, then the pathway's ``suivre``."""
    consent(app, person, referent, day)
    svc.advance(app, who(app, referent), person, "parcours", "suivre",
                facts={"referent": referent})


def add_followed(app: Any, alias: str = "Amina", referent: str = "camille", **kwargs: Any) -> int:
    """A new person, followed by ``referent``: her number."""
    person = svc.add_person(app, who(app, referent), alias, **kwargs).id
    follow(app, person, referent)
    return person
