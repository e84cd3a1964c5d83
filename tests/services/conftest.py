"""Fixtures for the service tests: an initialised application with one user per role."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from core import services as svc
from core.plugins import build_plugin_host
from core.services.app import Parcours

TODAY = date(2026, 3, 10)
USERS = {"admin": "admin", "bea": "benevole", "sam": "stagiaire", "camille": "referent",
         "sonia": "superviseur"}


def make_app(url: str, host=None, today: date = TODAY) -> Parcours:
    """An initialised application on ``url`` with the users of :data:`USERS`."""
    app = Parcours.open(url, today=today,
                        host=host or build_plugin_host(load_entrypoints=False))
    svc.initialise(app, "admin")
    for name, role in USERS.items():
        if name != "admin":
            svc.add_user(app, "admin", name, role)
    return app


@pytest.fixture
def app(sqlite_url) -> Iterator[Parcours]:
    parcours = make_app(sqlite_url)
    yield parcours
    parcours.close()


@pytest.fixture
def pg_app(pg_url) -> Iterator[Parcours]:
    parcours = make_app(pg_url)
    yield parcours
    parcours.close()


@pytest.fixture(params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def any_app(request) -> Parcours:
    return request.getfixturevalue("app" if request.param == "sqlite" else "pg_app")


def walk_psp_to_authorised(app: Parcours, person: int, decided: str = "2026-03-10") -> None:
    """Fire the PSP steps from needs assessment to the prefect's authorisation."""
    steps = [("signer_document", {"date_signature_document": "2026-01-05"}),
             ("constituer_dossier", {"piece_identite": "oui", "attestation_cessation": "oui",
                                     "domiciliation": "oui"}),
             ("transmettre", {"date_envoi": "2026-01-20"}),
             ("enregistrer_avis", {"date_commission": "2026-03-01", "avis": "favorable"}),
             ("autoriser", {"date_decision": decided, "debut_periode": decided})]
    for trigger, facts in steps:
        svc.advance(app, "camille", person, "psp", trigger, facts=facts)
