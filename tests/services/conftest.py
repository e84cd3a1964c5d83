"""Fixtures for the service tests: an initialised application with one user per role."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from core import services as svc
from core.services.app import Parcours
from tests.accounts import USERS, make_app, who  # noqa: F401 - USERS re-exported for tests

TODAY = date(2026, 3, 10)


@pytest.fixture
def app(sqlite_url) -> Iterator[Parcours]:
    parcours = make_app(sqlite_url, today=TODAY)
    yield parcours
    parcours.close()


@pytest.fixture
def pg_app(pg_url) -> Iterator[Parcours]:
    parcours = make_app(pg_url, today=TODAY)
    yield parcours
    parcours.close()


@pytest.fixture(params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def any_app(request) -> Parcours:
    return request.getfixturevalue("app" if request.param == "sqlite" else "pg_app")


def walk_psp_to_authorised(app: Parcours, person: int, decided: str = "2026-03-10",
                           by: str = "camille") -> None:
    """Fire the PSP steps from needs assessment to the prefect's authorisation, as ``by``."""
    steps = [("signer_document", {"date_signature_document": "2026-01-05"}),
             ("constituer_dossier", {"piece_identite": "oui", "attestation_cessation": "oui",
                                     "domiciliation": "oui"}),
             ("transmettre", {"date_envoi": "2026-01-20"}),
             ("enregistrer_avis", {"date_commission": "2026-03-01", "avis": "favorable"}),
             ("autoriser", {"date_decision": decided, "debut_periode": decided})]
    for trigger, facts in steps:
        svc.advance(app, who(app, by), person, "psp", trigger, facts=facts)
