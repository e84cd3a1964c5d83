"""Accounts for tests: an initialised base with one user per role, and their credentials.

Passwords are hashed with a cheap Argon2id cost (:data:`FAST`): the production cost (64 MiB,
about a fifth of a second) would make every sign-in of the suite slow, and what the tests
check is the policy, not the hash's strength. Credentials are opened through the real
:func:`core.services.sign_in`, once per application object (each has its own clock).

A new SQLite file is initialised once per process and set of users (:func:`initialise` and
:func:`add_user`, for real), then copied, with a key file of its own, for every later test
that asks for the same users: most of the suite's tests start from such a base, and setting it
up cost more than many of them. The copies share the template's base id; a test about two
distinct bases passes ``fresh=True``.
"""

from __future__ import annotations

import shutil
import tempfile
import weakref
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

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


_templates: dict[tuple[tuple[str, str], ...], tuple[Path, Path]] = {}
"""Initialised SQLite bases of this process, by users: the file and its key file."""


def make_app(url: str, host: PluginHost | None = None, today: date | None = None,
             users: dict[str, str] | None = None, cls: type[Parcours] = Parcours, *,
             fresh: bool = False) -> Parcours:
    """An initialised application on ``url`` with ``users`` (default :data:`USERS`).

    A new base's key file is created in the (throw-away) configuration directory, as ``init``
    does; a copied base gets its own beside the base's folder.

    Args:
        fresh: initialise this base itself (a base id of its own) even when a copy would do.
    """
    chosen = users or USERS
    host = host or build_plugin_host(load_entrypoints=False)
    target = None if fresh else _new_sqlite_file(url)
    if target is None:
        return _initialised(cls.open(url, today=today, host=host, security=FAST), chosen)
    key_file = _copy_template(tuple(chosen.items()), target)
    return cls.open(url, today=today, host=host, security=FAST, key_file=str(key_file))


def _initialised(app: Parcours, users: dict[str, str]) -> Parcours:
    svc.initialise(app, "admin", PASSWORD)
    for name, role in users.items():
        if name != "admin":
            svc.add_user(app, who(app, "admin"), name, role, PASSWORD)
    return app


def _new_sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL whose base does not exist yet (else None)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database \
            or parsed.database == ":memory:":
        return None
    path = Path(parsed.database)
    return None if path.exists() and path.stat().st_size else path


def _copy_template(users: tuple[tuple[str, str], ...], target: Path) -> Path:
    """Copy the initialised base of ``users`` to ``target``; return the copy's key file."""
    if users not in _templates:
        folder = Path(tempfile.mkdtemp(prefix="parcours-accounts-"))
        template = _initialised(Parcours.open(f"sqlite:///{folder / 'base.db'}", security=FAST,
                                              host=build_plugin_host(load_entrypoints=False)),
                                dict(users))
        key_path = template.keys.keyfile.path
        template.db.dispose()  # the last connection folds the write-ahead log into the file
        assert key_path is not None
        _templates[users] = (folder / "base.db", key_path)
    base, key = _templates[users]
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(base, target)
    key_copy = target.parent.parent / f"{target.parent.name}-{target.stem}-cle.json"
    shutil.copyfile(key, key_copy)
    key_copy.chmod(0o600)  # a key file others may read is refused, as it should be
    return key_copy


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


def last_audit_rows(app: Any, count: int) -> list[tuple[str, str, str | None, dict]]:
    """The ``count`` latest audit rows, oldest first: (operation, outcome, reason, detail)."""
    from sqlalchemy import select

    from core.persistence.access_models import AuditEntry
    with app.db.read() as session:
        found = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(count))
        return [(r.operation, r.outcome, r.reason, r.detail) for r in found][::-1]


def pieces_of(export: Any) -> list[list[Any]]:
    """What an export hands over, piece by piece: ``export(each=...)``, which must return
    nothing itself."""
    pieces: list[list[Any]] = []
    assert export(each=pieces.append) == []
    return pieces
