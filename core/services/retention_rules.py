"""The retention rules, as dated configuration with their legal sources (security.md §4).

Each rule says which data it covers, how long it is kept after which start, what happens at
the end (erase a person, erase her *récit*, prune a log) and the text it rests on. Rules are
dated (``since``: the day a version comes into force; a later version of the same id
replaces it from its own day), so a change of the law or of the association's register is a
new entry here, not an edit of the old one, and tests and documentation read the same data.

The association's DPO fixes the final durations in the register (GDPR art. 30) and the DPIA:
the ``[conservation]`` table of ``parcours.toml`` may set them within the bounds the sources
allow (a value out of bounds is refused, not clamped, so nobody believes it is in force)::

    [conservation]
    dossier_mois = 24       # R1, 1 to 24
    recit_mois = 6          # R2, 1 to 24
    journal_mois = 12       # R7, 6 to 12
    incidents_jours = 90    # R8, 30 to 90
    sauvegardes_jours = 90  # R10, 30 to 90 (read by the backup command)

R2 names no track: it applies to what track definitions declare as a life story
(:class:`core.LifeStory`: the transition that records it and the final decisions its delay
runs from). Without such a declaration in the catalog, the rule has nothing to do.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from dateutil.relativedelta import relativedelta

from core import messages as M
from core.errors import InputError


@dataclass(frozen=True)
class RetentionRule:
    """One rule: its data, its duration from its start event, its action and its source."""

    id: str
    version: int
    since: date
    """The day this version comes into force."""
    label: str
    data: str
    amount: int
    unit: str
    """``months`` or ``days``."""
    start: str
    """What the duration runs from, in French (shown with the rule)."""
    action: str
    """``erase_person``, ``erase_recit``, ``prune_audit``, ``prune_incidents``, ``prune_backups``."""
    source: str
    setting: str | None = None
    """Key of the ``[conservation]`` table that may change ``amount``."""
    bounds: tuple[int, int] | None = None
    applied_by: str | None = None
    """The command that applies it when ``parcours retention --apply`` does not."""

    @property
    def duration(self) -> relativedelta:
        return relativedelta(**{self.unit: self.amount})

    @property
    def duration_label(self) -> str:
        return f"{self.amount} {'mois' if self.unit == 'months' else 'jours'}"

    def due(self, start: date) -> date:
        """The day data whose period started on ``start`` reaches its end."""
        return start + self.duration

    def cutoff(self, today: date) -> date:
        """Data whose period started on or before this day is due on ``today`` (and a few
        days after it may be too: :meth:`last_start`)."""
        return today - self.duration

    def last_start(self, today: date) -> date:
        """The last start day whose end may fall on or before ``today``: an end clipped to a
        shorter month's last day comes before the start's day of the month (29 February
        2024 plus 24 months is 28 February 2026, whose cutoff is 28 February 2024). A bound
        for an index; :meth:`due` decides."""
        return self.cutoff(today) + MONTH_ENDS

    def first_kept(self, today: date) -> date:
        """The first start day not yet past its end on ``today`` (whose :meth:`due` is today
        or later): what began before it is past its end. Not ``cutoff(today)``, which several
        days share when it is clipped (29, 30 and 31 August minus six months are all 28
        February): the rows of 28 February, due on 28 August, would wait until 1 September."""
        day = self.last_start(today)
        while self.due(day) >= today:
            day -= timedelta(days=1)
        return day + timedelta(days=1)


MONTH_ENDS = timedelta(days=4)
"""More than month ends can move a due day (28 February for a 31st): bounds' slack."""


RULES: tuple[RetentionRule, ...] = (
    RetentionRule(
        id="R1", version=1, since=date(2023, 11, 1),
        label="Dossier de la personne et parcours d'accompagnement",
        data="pseudonyme, identité, démarches, notes, informations sensibles",
        amount=24, unit="months", start="le dernier contact avec la personne",
        action="erase_person", setting="dossier_mois", bounds=(1, 24),
        source="CNIL, référentiel des durées de conservation du secteur social et médico-social "
               "(délibération n° 2023-095) et sa fiche pratique (novembre 2023) : durée de "
               "l'accompagnement, puis au plus 2 ans après le dernier contact ; CNIL, "
               "référentiel 2021-028 (minimisation)."),
    RetentionRule(
        id="R2", version=1, since=date(2023, 11, 1),
        label="Récit de vie (ce qui a été rédigé pour l'OFPRA)",
        data="informations enregistrées avec la rédaction du récit et notes qui s'y rattachent",
        amount=6, unit="months", start="la décision définitive (OFPRA ou CNDA)",
        action="erase_recit", setting="recit_mois", bounds=(1, 24),
        source="RGPD art. 5(1)(c) et (e) (minimisation, limitation de la conservation) ; "
               "Manuel du CICR sur la protection des données (minimisation, conservation) ; "
               "pas de durée CNIL spécifique : durée à confirmer par le ou la DPO, et dans R1 "
               "en tout cas."),
    RetentionRule(
        id="R7", version=1, since=date(2021, 10, 14),
        label="Journal d'audit (accès, modifications, refus, connexions)",
        data="lignes du journal d'audit",
        amount=12, unit="months", start="l'écriture de la ligne",
        action="prune_audit", setting="journal_mois", bounds=(6, 12),
        source="CNIL, recommandation relative à la journalisation (délibération n° 2021-122) : "
               "6 mois à 1 an, glissants ; suppression derrière un point de contrôle de la "
               "chaîne (security.md AU-5)."),
    RetentionRule(
        id="R8", version=1, since=date(2018, 5, 25),
        label="Journal des incidents techniques",
        data="incidents des extensions (sans donnée personnelle)",
        amount=90, unit="days", start="l'incident",
        action="prune_incidents", setting="incidents_jours", bounds=(30, 90),
        source="RGPD art. 5(1)(c) et (e) ; OWASP ASVS 16.2.5."),
    RetentionRule(
        id="R10", version=1, since=date(2018, 5, 25),
        label="Sauvegardes",
        data="copies chiffrées de la base",
        amount=90, unit="days", start="la sauvegarde",
        action="prune_backups", setting="sauvegardes_jours", bounds=(30, 90),
        applied_by="parcours backup --prune",
        source="RGPD art. 32(1)(c) ; OWASP ASVS 4.0.3 8.1.5-8.1.6 ; CNIL, guide de la sécurité "
               "des données personnelles, fiche sauvegardes. Une restauration efface à nouveau "
               "les personnes effacées depuis (registre des effacements du fichier de clé)."),
)


def load_settings(directory: Path) -> dict[str, int]:
    """The ``[conservation]`` table of ``parcours.toml`` in ``directory`` (empty without it).

    Raises:
        InputError: a key of a rule set to something other than a whole number in its bounds.
    """
    path = directory / "parcours.toml"
    if not path.exists():
        return {}
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("conservation", {})
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        raise InputError(M.CONFIG_UNREADABLE.format(path=path, error=exc)) from exc
    return checked(table, path)


def checked(table: dict, path: Path | str = "parcours.toml") -> dict[str, int]:
    """The rule settings of ``table``, each checked against its rule's bounds."""
    found = {}
    for rule in RULES:
        if rule.setting is None or rule.setting not in table:
            continue
        value, (low, high) = table[rule.setting], rule.bounds or (1, 10_000)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise InputError(M.RETENTION_BAD_SETTING.format(path=path, key=rule.setting,
                                                            low=low, high=high))
        found[rule.setting] = value
    return found


def in_force(day: date, settings: dict[str, int] | None = None) -> dict[str, RetentionRule]:
    """The rules in force on ``day`` (latest version of each id), with the settings applied."""
    return dict(_in_force(day, tuple(sorted((settings or {}).items()))))


@functools.lru_cache(maxsize=64)
def _in_force(day: date, settings_items: tuple[tuple[str, int], ...]
              ) -> dict[str, RetentionRule]:
    # Every review page and retention pass asks for the same day's rules: worked out once
    # (the rules are constants, the settings part of the key); callers get a copy.
    settings = dict(settings_items)
    chosen: dict[str, RetentionRule] = {}
    for rule in sorted(RULES, key=lambda r: (r.id, r.since)):
        if rule.since <= day:
            chosen[rule.id] = rule
    return {k: replace(r, amount=settings.get(r.setting, r.amount)) if r.setting else r
            for k, r in sorted(chosen.items(), key=lambda kv: int(kv[0][1:]))}


def rules_for(today: date) -> dict[str, RetentionRule]:
    """The rules in force on ``today`` with this machine's ``[conservation]`` settings."""
    from core.services.app import config_dir
    return in_force(today, load_settings(config_dir()))
