"""A hand-built month of activity (March 2026) whose every figure is known in advance.

Drop-ins: two on 3 March (an afternoon and an evening session: Amina came to both, so she
made two visits that day and counts once among distinct persons), one on 17 March, and
one before and one after the month, which must not count. Pathways and tracks are set so
that each rule of "persons followed" is met or missed once: in follow-up all month (Zoé,
paused only after the month), from the month's last day (Rose), until 5 March (Nadia),
left before the month (Yara), a PSP track open in the month (Lina, and Nadia's, walked to
the prefect's authorisation), and a PSP track closed before the month (Amina).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, time
from decimal import Decimal

import pytest

from core import services as svc
from core.plugins import build_plugin_host
from core.services.app import Parcours
from tests.accounts import make_app, who, with_clock

TODAY = date(2026, 3, 31)
MARCH = (date(2026, 3, 1), date(2026, 3, 31))
SUIVI = {"referent": "camille"}


@dataclass
class Month:
    """The application and the ids the expected figures refer to."""

    app: Parcours
    persons: dict[str, int]
    dropins: dict[str, int]


def _suivre(app: Parcours, person: int, day: str) -> None:
    svc.give_consent(app, who(app, "camille"), person, "suivi", given_on=date.fromisoformat(day))
    svc.advance(app, who(app, "camille"), person, "parcours", "suivre", facts=SUIVI,
                at=date.fromisoformat(day))


def build_month(app: Parcours) -> Month:
    day = date.fromisoformat
    p = {alias: svc.add_person(app, who(app, "bea"), alias, first_visit=first).id for alias, first in (
        ("Amina", None), ("Rose", day("2026-02-10")), ("Lina", day("2026-03-17")),
        ("Zoé", day("2026-01-15")), ("Yara", day("2026-01-10")), ("Nadia", day("2026-01-20")))}
    hours = Decimal
    d = {
        "before": svc.open_dropin(app, who(app, "bea"), day("2026-02-24"), time(13, 30), time(18, 30),
                                  [("Paul", hours(5))]).id,
        "afternoon": svc.open_dropin(app, who(app, "bea"), day("2026-03-03"), time(13, 30), time(18, 30),
                                     [("Marie", hours(5)), ("Paul", hours("4.5"))]).id,
        "evening": svc.open_dropin(app, who(app, "bea"), day("2026-03-03"), time(19, 0), time(21, 0),
                                   [("Marie", hours(2))]).id,
        "later": svc.open_dropin(app, who(app, "bea"), day("2026-03-17"), time(13, 30), time(18, 30),
                                 [("Inès", hours(5))]).id,
        "after": svc.open_dropin(app, who(app, "bea"), day("2026-04-07"), time(13, 30), time(18, 30),
                                 [("Paul", hours(5))]).id,
    }
    for dropin, alias in (("before", "Rose"), ("afternoon", "Amina"), ("afternoon", "Rose"),
                          ("evening", "Amina"), ("later", "Lina"), ("later", "Rose")):
        svc.record_visit(app, who(app, "bea"), d[dropin], p[alias])
    for dropin, count in (("before", 6), ("afternoon", 3), ("afternoon", 2), ("evening", 1),
                          ("later", 4), ("after", 2)):
        svc.record_anonymous(app, who(app, "bea"), d[dropin], count)
    _suivre(app, p["Zoé"], "2026-02-05")
    svc.advance(app, who(app, "camille"), p["Zoé"], "parcours", "mettre_en_pause", at=day("2026-04-02"))
    _suivre(app, p["Yara"], "2026-01-12")
    svc.advance(app, who(app, "camille"), p["Yara"], "parcours", "mettre_en_pause", at=day("2026-02-20"))
    _suivre(app, p["Nadia"], "2026-02-01")
    svc.advance(app, who(app, "camille"), p["Nadia"], "parcours", "mettre_en_pause", at=day("2026-03-05"))
    _suivre(app, p["Rose"], "2026-03-31")
    svc.start_track(app, who(app, "camille"), p["Lina"], "psp", at=day("2026-03-20"))
    svc.start_track(app, who(app, "camille"), p["Amina"], "psp", at=day("2026-02-01"))
    # Amina is not followed by camille: her supervisor closes the track.
    svc.advance(app, who(app, "sonia"), p["Amina"], "psp", "abandonner",
                facts={"motif_cloture": "souhait_personne"}, at=day("2026-02-15"))
    svc.start_track(app, who(app, "camille"), p["Nadia"], "psp", at=day("2026-03-06"))
    for trigger, facts in (
            ("signer_document", {"date_signature_document": "2026-03-06"}),
            ("constituer_dossier", {"piece_identite": True, "attestation_cessation": True,
                                    "domiciliation": True}),
            ("transmettre", {"date_envoi": "2026-03-09"}),
            ("enregistrer_avis", {"date_commission": "2026-03-20", "avis": "favorable"}),
            ("autoriser", {"date_decision": "2026-03-27", "debut_periode": "2026-03-27"})):
        svc.advance(app, who(app, "camille"), p["Nadia"], "psp", trigger, facts=facts,
                    at=day(str(next(iter(facts.values()))) if trigger != "constituer_dossier"
                           else "2026-03-08"))
    return Month(app, p, d)


WRITTEN = date(2026, 4, 30)
"""The month is written as of the end of April (a step on 2 April had happened by then) and
read as of :data:`TODAY`."""


AFTER = date(2027, 1, 4)
"""A day once 2026 is over: an external report covers a period that is over, the year's
included."""


def after(month: Month) -> Parcours:
    """The same base read once 2026 is over (what an external report of it needs)."""
    return with_clock(month.app, AFTER)


def written_month(app: Parcours) -> Month:
    return replace(build_month(with_clock(app, WRITTEN)), app=app)


@pytest.fixture
def month(sqlite_url) -> Iterator[Month]:
    app = make_app(sqlite_url, today=TODAY)
    yield written_month(app)
    app.close()


@pytest.fixture
def pg_month(pg_url) -> Iterator[Month]:
    app = make_app(pg_url, today=TODAY)
    yield written_month(app)
    app.close()


def with_plugins(month: Month, *plugins: tuple[str, object]) -> Parcours:
    """The same database seen through a host with extra plugins."""
    host = build_plugin_host(load_entrypoints=False, extra=list(plugins))
    return Parcours(month.app.db, host, today=TODAY)
