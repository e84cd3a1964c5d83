"""The application context every service runs in: database, plugins, engine and clock.

One :class:`Parcours` is built per process (CLI command or TUI session). It owns the
:class:`Database`, the plugin host with its catalog, one :class:`Engine` (hence one
``transitions`` machine per definition), the security settings (session timeouts, hashing
cost) and the evaluation date (``--today`` or ``PARCOURS_TODAY``, for evaluating a file as
of a given day).
"""

from __future__ import annotations

import os
import threading
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import platformdirs

from core import messages as M
from core.auth.settings import SecuritySettings
from core.delegation import HOME_ZONE
from core.errors import InputError, PersistenceError
from core.persistence.database import Database, default_url

if TYPE_CHECKING:  # imported where first used: opening a base reads no plugin, model or engine
    from core.definitions.catalog import Catalog
    from core.engine.runner import Engine
    from core.plugins import PluginHost
    from core.services.keys import BaseKeys

EARLIEST_RECORD = date(1970, 1, 1)
"""No stated date of a visit, a step or a first contact can be earlier than this."""


def config_dir() -> Path:
    """Where an association keeps its configuration (``montants.toml``...)."""
    return platformdirs.user_config_path("parcours", appauthor=False)


class Parcours:
    """Database, plugin host, engine and clock, shared by the services of one process."""

    def __init__(self, db: Database, host: PluginHost | None = None, *,
                 today: date | None = None, security: SecuritySettings | None = None,
                 key_file: str | None = None) -> None:
        self.db = db
        self._host = host
        self._host_lock = threading.Lock()
        self._today = today
        self._security = security
        self._key_file = key_file
        self._keys: BaseKeys | None = None
        self._schema_checked = False
        self.plans: dict[Any, tuple[float, Any]] = {}
        """Plan choices remembered for a while, by what they were asked about (when they
        were made, the choice): never what a list holds (``access.sees_most``)."""

    @classmethod
    def open(cls, url: str | None = None, *, today: date | None = None,
             host: PluginHost | None = None, security: SecuritySettings | None = None,
             key_file: str | None = None) -> Parcours:
        """Open the database at ``url`` (else ``PARCOURS_DB``, else the default file)."""
        return cls(Database(url or os.environ.get("PARCOURS_DB") or default_url()), host,
                   today=today, security=security, key_file=key_file)

    @property
    def host(self) -> PluginHost:
        """The plugin host, built on first use (the interface paints its sign-in screen and
        checks the base before the plugins are imported)."""
        if self._host is None:
            with self._host_lock:  # two workers asking at once load the plugins once
                if self._host is None:
                    from core.plugins import build_plugin_host
                    self._host = build_plugin_host()
        return self._host

    @host.setter
    def host(self, value: PluginHost) -> None:
        self._host = value

    @property
    def key_file(self) -> str | None:
        """The key file named for this base (argument, else ``[cles] fichier``), if any."""
        return self._key_file or self.security.key_file

    @property
    def keys(self) -> BaseKeys:
        """The base's keys, found and checked on first use (KeyMissing if absent or wrong)."""
        if self._keys is None:
            from core.services.keys import BaseKeys
            with self.db.read() as session:
                self._keys = BaseKeys.load(session, config_dir(), self.key_file)
        return self._keys

    def forget_keys(self) -> None:
        """Drop the cached keys (after a rotation changed the KEK version)."""
        self._keys = None

    @property
    def security(self) -> SecuritySettings:
        """Session timeouts, throttling and hashing cost (``parcours.toml``, then defaults)."""
        if self._security is None:
            self._security = SecuritySettings.load(config_dir())
        return self._security

    @cached_property
    def engine(self) -> Engine:
        from core.config import DatedConfig
        from core.engine.runner import Engine
        config = DatedConfig().with_file(config_dir() / "montants.toml")
        return Engine(self.host.catalog, config=config, report_error=self.host.report,
                      hook_budget=self.host.hook_budget)

    @property
    def catalog(self) -> Catalog:
        return self.host.catalog

    def today(self, zone: str | None = None) -> date:
        """The evaluation date: the configured one, else today's date where it is read:
        ``zone`` (a delegation's, :func:`core.delegation.zone_of`), by default the
        association's (mainland France). The UTC date was the day before in Paris until
        01:00 or 02:00, and the day after in Guadeloupe from 20:00."""
        if self._today is not None:
            return self._today
        return datetime.now(ZoneInfo(zone or HOME_ZONE)).date()

    def now(self) -> datetime:
        """The recording time (always the real clock, in UTC)."""
        return datetime.now(UTC)

    def occurred(self, day: date | None, zone: str | None = None) -> datetime:
        """When something happened, as stated: a date becomes that day at noon UTC.
        ``zone``: where it happened (her delegation's, :func:`core.delegation.zone_of`),
        whose today is the last day it may be.

        Raises:
            InputError: a day after today (nothing has happened yet) or before
                :data:`EARLIEST_RECORD` (a typo: no association kept these files then).
        """
        if day is not None:
            # On the real clock and nowhere in particular, tomorrow in UTC is already today
            # somewhere in France (UTC+1 to UTC+12 overseas): only a day beyond that is
            # surely in the future. Where it happened, its today is the last day.
            latest = self.today(zone) + timedelta(
                days=0 if self._today is not None or zone is not None else 1)
            if day > latest:
                raise InputError(M.DATE_IN_FUTURE.format(value=M.short_date(day)))
            if day < EARLIEST_RECORD:
                raise InputError(M.DATE_TOO_EARLY.format(value=M.short_date(day),
                                                         earliest=EARLIEST_RECORD.year))
            return datetime.combine(day, time(12, 0), tzinfo=UTC)
        if self._today is not None:
            return datetime.combine(self._today, time(12, 0), tzinfo=UTC)
        return self.now()

    def ensure_schema(self) -> None:
        """Refuse to work on a database that is not initialised or not up to date."""
        if self._schema_checked:
            return
        from core.persistence.revision import (HEAD_REVISION, found_revision, is_older,
                                               restore_interrupted)
        try:
            found = found_revision(self.db)
        except PersistenceError:
            foreign = self._foreign_file()
            if foreign is None:
                raise
            raise PersistenceError(foreign) from None  # "damaged" would send her to a backup
        if found != HEAD_REVISION:
            # An older base is the upgrade's: said with the backup to take first, which this
            # version can no longer take (it opens no session on it).
            raise PersistenceError(self._foreign_file() or (
                (M.DB_RESTORE_INTERRUPTED if restore_interrupted(self.db) else M.DB_NOT_READY)
                if found is None else
                (M.DB_OLDER if is_older(found) else M.DB_NEWER).format(
                    found=found, head=HEAD_REVISION)))
        self.keys  # noqa: B018 - a base without its key is refused before any work
        self._schema_checked = True

    def _foreign_file(self) -> str | None:
        """Why the SQLite file is another program's, or None when it is not."""
        path = self.db.sqlite_path
        if path is not None and path.exists():
            from core.persistence import health
            kind = health.file_kind(path)
            if kind == "foreign":
                return M.DB_FOREIGN_FILE.format(path=path)
            if kind == "sqlite" and health.foreign_tables(path):
                return M.DB_FOREIGN_SQLITE.format(path=path)
        return None

    def close(self) -> None:
        self.db.dispose()
