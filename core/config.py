"""Dated configuration: amounts and thresholds that change by decree (RSA, AFIS...).

Values are never hard-coded in checks: a check asks ``config.value(key, on=day)`` and gets
the amount in force on that day. Defaults below come from domain.md §2.5 with their
sources; an association can add newer values in ``montants.toml`` in its configuration
directory (same keys, ``[[key]]`` tables with ``from`` and ``value``), e.g. when the AFIS
increase to the RSA level is finally published.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType

from core import messages as M
from core.errors import InputError


@dataclass(frozen=True)
class DatedValue:
    """One value and the day it takes effect, with where it comes from."""

    since: date
    value: float
    source: str = ""


DEFAULTS: dict[str, tuple[DatedValue, ...]] = {
    "rsa_socle_personne_seule": (
        DatedValue(date(2024, 4, 1), 635.71, "revalorisation RSA 1er avril 2024 [S]"),
        DatedValue(date(2025, 4, 1), 646.52, "revalorisation RSA 1er avril 2025 [S]"),
    ),
    "afis_personne_seule": (
        DatedValue(date(2017, 4, 15), 330.00, "décret 2017-542, CASF D121-12-14 [V]"),
        DatedValue(date(2022, 7, 1), 343.20, "décret 2022-1340 (+4 %) [S]"),
    ),
    "afis_par_enfant": (
        DatedValue(date(2017, 4, 15), 102.00, "décret 2017-542 [V]"),
        DatedValue(date(2022, 7, 1), 106.08, "décret 2022-1340 (+4 %) [S]"),
    ),
    "age_majorite": (DatedValue(date(1975, 1, 1), 18, "code civil art. 414"),),
    "css_gratuite_plafond_personne_seule": (
        DatedValue(date(2025, 4, 1), 10339.00,
                   "plafond annuel de la CSS sans participation, une personne, 1er avril 2025 "
                   "[S] ; plafond de ressources de l'AME"),
    ),
}


@dataclass(frozen=True)
class DatedConfig:
    """Amounts with effective dates; the newest value not after the asked day wins."""

    values: Mapping[str, tuple[DatedValue, ...]] = field(default_factory=lambda: dict(DEFAULTS))
    """Read-only once built: the engine hands this one object to every check of the process
    (the terminal interface's whole session), so a check that wrote an amount changed it for
    every later check."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", MappingProxyType(dict(self.values)))

    def value(self, key: str, on: date) -> float | None:
        """The value of ``key`` in force on ``on``, or None before its first known date."""
        candidates = [v for v in self.values.get(key, ()) if v.since <= on]
        return max(candidates, key=lambda v: v.since).value if candidates else None

    def with_file(self, path: Path) -> DatedConfig:
        """A copy extended with the values of a ``montants.toml`` file, when it exists."""
        if not path.exists():
            return self
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
            merged = dict(self.values)
            for key, rows in raw.items():
                extra = tuple(DatedValue(date.fromisoformat(str(r["from"])), float(r["value"]),
                                         str(r.get("source", path.name))) for r in rows)
                merged[key] = merged.get(key, ()) + extra
        except (ValueError, KeyError, TypeError, tomllib.TOMLDecodeError) as exc:
            raise InputError(M.CONFIG_UNREADABLE.format(path=path, error=exc)) from exc
        return DatedConfig(merged)
