"""French date formatting shared by every message."""

from __future__ import annotations

from datetime import date

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def long_date(day: date) -> str:
    """Format a date the French way, e.g. ``vendredi 1er mai 2026``."""
    num = "1er" if day.day == 1 else str(day.day)
    return f"{WEEKDAYS[day.weekday()]} {num} {MONTHS[day.month - 1]} {day.year}"
