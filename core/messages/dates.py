"""French date formatting shared by every message: the only place that spells a date's format."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
TODAY_WORDS = frozenset({"aujourd'hui", "aujourdhui"})
"""What a typed date also takes for the evaluation day (apostrophes made straight, any case)."""


def long_date(day: date) -> str:
    """Format a date the French way, e.g. ``vendredi 1er mai 2026``."""
    num = "1er" if day.day == 1 else str(day.day)
    return f"{WEEKDAYS[day.weekday()]} {num} {MONTHS[day.month - 1]} {day.year}"


def short_date(day: date) -> str:
    """A date in figures, the French way, e.g. ``01/05/2026`` (a datetime gives its day)."""
    return day.strftime("%d/%m/%Y")


def short_moment(moment: datetime) -> str:
    """A date and a time in figures, e.g. ``01/05/2026 17:30`` (as given: convert first)."""
    return f"{short_date(moment)} {moment:%H:%M}"


CLOCKS = {"Europe/Paris": "heure de Paris", "America/Guadeloupe": "heure de Guadeloupe",
          "America/Martinique": "heure de Martinique", "America/Cayenne": "heure de Guyane",
          "Indian/Reunion": "heure de La Réunion", "Indian/Mayotte": "heure de Mayotte",
          "America/St_Barthelemy": "heure de Saint-Barthélemy",
          "America/Marigot": "heure de Saint-Martin",
          "Pacific/Noumea": "heure de Nouvelle-Calédonie",
          "Pacific/Tahiti": "heure de Polynésie française",
          "America/Miquelon": "heure de Saint-Pierre-et-Miquelon",
          "Indian/Kerguelen": "heure des Terres australes",
          "Pacific/Wallis": "heure de Wallis-et-Futuna"}
"""The name of each delegation's clock (:data:`core.delegation.ZONES`), said after a time."""


def clock_moment(moment: datetime, zone: str, viewer: str) -> str:
    """``moment`` on the clock of ``zone`` (a delegation's), e.g. ``08/12/2026 21:30``; the
    clock named, ``08/12/2026 21:30 (heure de Guadeloupe)``, when it is not the ``viewer``'s
    own (a user of Paris reading a file followed in Guadeloupe)."""
    shown = short_moment(moment.astimezone(ZoneInfo(zone)))
    return shown if zone == viewer else f"{shown} ({CLOCKS.get(zone, zone)})"


def clock_hour(moment: datetime, zone: str, viewer: str) -> str:
    """The time of day of ``moment`` on ``zone``'s clock, ``21:30``, named as by
    :func:`clock_moment` when it is not the ``viewer``'s: ``21:30 (heure de Guadeloupe)``."""
    shown = f"{moment.astimezone(ZoneInfo(zone)):%H:%M}"
    return shown if zone == viewer else f"{shown} ({CLOCKS.get(zone, zone)})"


def hour(moment: datetime) -> str:
    """Format a time the French way, e.g. ``17 h 30``."""
    return f"{moment.hour} h {moment.minute:02d}"


def ordinal(number: int) -> str:
    """A French ordinal number: ``1er``, ``2e``, ``6e``."""
    return "1er" if number == 1 else f"{number}e"


def span(length: timedelta) -> str:
    """A duration as typed, the French way: ``400 j``, ``12 h``, ``90 min`` (``0 min``)."""
    minutes = int(length.total_seconds() // 60)
    if minutes and minutes % 1440 == 0:
        return f"{minutes // 1440} j"
    if minutes and minutes % 60 == 0:
        return f"{minutes // 60} h"
    return f"{minutes} min"
