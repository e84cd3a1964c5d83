"""Security settings: session timeouts, re-authentication window, throttling, hashing cost.

Defaults follow the references (ASVS 5.0 level 2, CNIL): a session ends after 30 minutes
without use and after 12 hours in any case; restricted content needs the password typed
again within the last 10 minutes; the terminal interface locks itself after 5 idle minutes;
after a failed sign-in the next attempt waits 1, 2, 4, 8 seconds, and the 5th failure locks
the name for 15 minutes. An association changes them in the ``[securite]`` table of
``parcours.toml`` in its configuration directory; ``PARCOURS_SESSION_IDLE_MINUTES`` overrides
the idle timeout for one machine. Each duration must lie within :data:`DURATION_LIMITS`: at
least a minute (or an hour for the whole session), and no longer than the references allow
(NIST SP 800-63B AAL2: 30 idle minutes, 12 hours in all): a longer one is refused, not cut
down, as a weaker hashing cost is; so is ``inf`` or ``nan``. The ``[sauvegardes]`` table says where backups go
(``dossier``); how long they are kept is retention rule R10 (``[conservation]``).

The Argon2id cost (``argon2_memory_kib``, ``argon2_time_cost``, ``argon2_parallelism``) may be
raised, or lowered on a slow machine, but never below OWASP's minimum for Argon2id (19 MiB, 2
passes, 1 lane; Password Storage Cheat Sheet): a lower value is refused, not rounded up, so
that nobody believes a weaker cost is in force. The test suite runs the command line at that
floor; nothing lets it go lower.
"""

from __future__ import annotations

import math
import os
import tomllib
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from core import messages as M
from core.auth.passwords import HashCost
from core.errors import InputError

DURATION_LIMITS: dict[str, tuple[str, str, float, float]] = {
    "session_idle_minutes": ("idle", "minutes", 1, 30),
    "session_max_hours": ("absolute", "hours", 1, 12),
    "reauth_minutes": ("reauth", "minutes", 1, 30),
    "tui_lock_minutes": ("tui_lock", "minutes", 1, 30),
    "lock_minutes": ("lock", "minutes", 1, 24 * 60),
}
"""``[securite]`` key → (:class:`SecuritySettings` field, unit, lowest, highest value). A
throttle lock longer than a day would let anyone keep a colleague out with a few guesses."""
IDLE_ENV = "PARCOURS_SESSION_IDLE_MINUTES"
ARGON2_FLOOR = {"argon2_memory_kib": ("memory_kib", 19456), "argon2_time_cost": ("time_cost", 2),
                "argon2_parallelism": ("parallelism", 1)}
"""``[securite]`` key → (:class:`HashCost` field, lowest value accepted)."""


@dataclass(frozen=True)
class SecuritySettings:
    """Timeouts and limits of authentication (see the module docstring for the defaults)."""

    idle: timedelta = timedelta(minutes=30)
    absolute: timedelta = timedelta(hours=12)
    reauth: timedelta = timedelta(minutes=10)
    tui_lock: timedelta = timedelta(minutes=5)
    failures_before_lock: int = 5
    lock: timedelta = timedelta(minutes=15)
    token_max: timedelta = timedelta(days=366)
    hash_cost: HashCost = field(default_factory=HashCost)
    key_file: str | None = None
    """The base's key file when it is not in the default place (``[cles] fichier``)."""
    backup_dir: str | None = None
    """Where ``parcours backup`` writes and ``--prune`` cleans (``[sauvegardes] dossier``)."""

    def delay_after(self, failures: int) -> timedelta:
        """How long a name waits after ``failures`` consecutive failures (before the lock)."""
        return timedelta(seconds=2 ** (failures - 1)) if failures > 0 else timedelta(0)

    @classmethod
    def load(cls, directory: Path) -> SecuritySettings:
        """The defaults, then ``parcours.toml``'s ``[securite]`` table, then the environment."""
        settings = cls()
        path = directory / "parcours.toml"
        if path.exists():
            try:
                table = tomllib.loads(path.read_text(encoding="utf-8")).get("securite", {})
                # Fields of several types (durations, paths), for dataclasses.replace.
                changes: dict[str, Any] = {DURATION_LIMITS[k][0]: _duration(k, v, str(path))
                                           for k, v in table.items() if k in DURATION_LIMITS}
                cost = _hash_cost(table, path)
                document = tomllib.loads(path.read_text(encoding="utf-8"))
                keys = document.get("cles", {})
                if keys.get("fichier"):
                    changes["key_file"] = str(keys["fichier"])
                changes.update(_backups(document.get("sauvegardes", {})))
            except (ValueError, TypeError, tomllib.TOMLDecodeError) as exc:
                raise InputError(M.CONFIG_UNREADABLE.format(path=path, error=exc)) from exc
            settings = replace(settings, **changes, hash_cost=cost)
        idle = os.environ.get(IDLE_ENV)
        if idle:
            try:
                settings = replace(settings, idle=_duration("session_idle_minutes", idle,
                                                            IDLE_ENV))
            except ValueError as exc:
                raise InputError(M.CONFIG_BAD_ENV.format(name=IDLE_ENV, value=idle)) from exc
        return settings


def _duration(key: str, value: Any, where: str) -> timedelta:
    """A ``[securite]`` duration within its :data:`DURATION_LIMITS`.

    Raises:
        InputError: a number out of its limits (``inf`` and ``nan`` included).
        ValueError: not a number.
    """
    _field, unit, low, high = DURATION_LIMITS[key]
    if isinstance(value, bool):
        raise ValueError(value)
    number = float(value)
    if not (math.isfinite(number) and low <= number <= high):
        raise InputError(M.CONFIG_OUT_OF_RANGE.format(
            where=where, key=key, value=value, unit=M.CONFIG_UNITS[unit], low=f"{low:g}",
            high=f"{high:g}"))
    return timedelta(**{unit: number})


def _backups(table: dict) -> dict[str, str]:
    """The ``[sauvegardes]`` table: ``dossier`` (how long they are kept is retention rule R10,
    ``[conservation] sauvegardes_jours``)."""
    return {"backup_dir": str(table["dossier"])} if table.get("dossier") else {}


def _hash_cost(table: dict, path: Path) -> HashCost:
    """The Argon2id cost of the ``[securite]`` table; the default for keys it leaves out.

    Raises:
        InputError: a value below its floor (:data:`ARGON2_FLOOR`).
        ValueError: a value that is not a whole number.
    """
    chosen = {}
    for key, (name, floor) in ARGON2_FLOOR.items():
        if key not in table:
            continue
        value = table[key]
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(M.CONFIG_NOT_WHOLE.format(key=key))
        if value < floor:
            raise InputError(M.CONFIG_BELOW_FLOOR.format(path=path, key=key, value=value,
                                                        floor=floor))
        chosen[name] = value
    return replace(HashCost(), **chosen)
