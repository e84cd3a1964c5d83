"""The front desk reads the domains of a person's open tracks ("psp"), not which tracks of a
domain she has, nor her closed ones. Naming a case track answered « action non permise » when
she had it and « aucune démarche ouverte » when she had not: AFIS (money) or APS, a closed
complaint. A case track is now refused by its kind, whether she has it or not."""

from __future__ import annotations

import pytest

from core import services as svc
from core.errors import PermissionDenied
from tests.accounts import add_followed, who
from tests.services.conftest import walk_psp_to_authorised


def test_advance_refuses_a_case_track_whether_she_has_it_or_not(app):
    person = add_followed(app)
    camille = who(app, "camille")
    svc.start_track(app, camille, person, "psp")
    walk_psp_to_authorised(app, person)
    svc.start_track(app, camille, person, "psp_aps")
    bea = who(app, "bea")
    for track in ("psp_aps", "psp_afis"):  # she has the first, not the second
        with pytest.raises(PermissionDenied):
            svc.advance(app, bea, person, track, "x")


def test_history_refuses_a_case_track_whether_she_had_it_or_not(app):
    person = add_followed(app)
    camille = who(app, "camille")
    svc.start_track(app, camille, person, "psp")
    svc.advance(app, camille, person, "psp", "abandonner",
                facts={"motif_cloture": "souhait_personne"})
    bea = who(app, "bea")
    for track in ("psp", "psp_afis"):  # she had the first, never the second
        with pytest.raises(PermissionDenied):
            svc.history(app, bea, person, track)
    assert svc.history(app, bea, person, "parcours")  # her pathway, as the front desk reads it
