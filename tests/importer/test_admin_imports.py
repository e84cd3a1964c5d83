"""The administrator reads no front desk (docs/security.md), yet an import's dry run answered
her from the delegation's persons: a person list « le pseudonyme « Amina » existe déjà
(personne n° 1) », a register « pseudonyme inconnu » for an alias that is not there and the
numbers of an ambiguous one. Nothing was written, but she learnt, alias by alias, whom the
delegation follows. She now imports only into a delegation that holds no person yet (its
register from the old spreadsheet, at installation); once it holds persons, importing there
is for its supervisors, and she is told that alone, dry run or not."""

from __future__ import annotations

import re

import pytest

from core import messages as M
from core import services as svc
from core.errors import PermissionDenied
from core.services.app import Parcours
from core.services.importer import import_bytes
from tests.accounts import who

from .conftest import PEOPLE, REGISTER, counts, failures, to_csv, to_xlsx

ABSENT = [PEOPLE[0], ["Personne-Absente", None, "", ""]]
"""A person list naming nobody the delegation holds."""
STRANGER = [REGISTER[0], [REGISTER[1][0], "13:30", "18:30", "Marie", 5, "Personne-Absente", None]]
"""A register naming an alias nobody bears."""


def _refusal(app: Parcours, kind: str, rows: list[list[object]], dry_run: bool) -> str:
    with pytest.raises(PermissionDenied) as refused:
        import_bytes(app, who(app, "admin"), kind, to_csv(rows), f"{kind}.csv", dry_run=dry_run)
    return refused.value.msg


def test_an_import_tells_the_administrator_no_alias_of_a_delegation_that_holds_persons(known):
    svc.add_person(known, who(known, "bea"), "Amina")  # an alias two persons bear
    before = counts(known)
    answers = {_refusal(known, kind, rows, dry_run)
               for kind, rows in (("personnes", PEOPLE), ("personnes", ABSENT),
                                  ("registre", REGISTER), ("registre", STRANGER))
               for dry_run in (True, False)}
    assert answers == {M.IMPORT_ADMIN_DELEGATION_HOLDS_PERSONS.format(code="principale")}
    told = answers.pop()
    assert not re.search(r"\d|Amina|Rose|Absente", told)  # no alias, no number
    assert counts(known) == before and failures(known) == []


def test_the_administrator_imports_a_delegation_that_holds_no_person_yet(app: Parcours):
    report = import_bytes(app, who(app, "admin"), "personnes", to_csv(PEOPLE), "p.csv",
                          dry_run=True)
    assert report.counts == {"persons": 3, "notes": 2, "referents": 2}
    written = import_bytes(app, who(app, "admin"), "personnes", to_csv(PEOPLE), "p.csv")
    assert written.written and written.counts["persons"] == 3
    # Now it holds persons: its register is its supervisors' to import.
    assert "superviseur" in _refusal(app, "registre", REGISTER, dry_run=True)
    done = import_bytes(app, who(app, "sonia"), "registre", to_xlsx(REGISTER), "r.xlsx")
    assert done.counts == {"dropins": 3, "volunteers": 5, "visits": 4, "anonymous": 13}
