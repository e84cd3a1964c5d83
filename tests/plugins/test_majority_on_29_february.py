"""One majority for everyone on every day: a person born on 29 February 2008 is eighteen on
28 February 2026 (``core.age_on``, the last day of February of a common year). She was an
adult for the asylum ADA and the PSP's AFIS (a period of years) and a minor the same day for
the health plugin (the day of the month compared), which then waived the AME's three months
of presence as for a minor."""

from __future__ import annotations

from datetime import date

import pytest

import plugins.asile
import plugins.sante
from core import CheckResult, age_on
from core.engine.runner import Refusal
from core.testing import TrackHarness

BORN = date(2008, 2, 29)
CMA = {"date_acceptation_cma": "2026-02-28", "hebergement_propose": True,
       "ressources_inferieures_rsa": True}
AME = {"date_demande_ame": "2026-02-28", "date_arrivee_france": "2026-01-15",
       "piece_identite": True, "justificatif_presence": True, "justificatif_ressources": True}


@pytest.mark.parametrize(("day", "age"), [
    (date(2026, 2, 27), 17), (date(2026, 2, 28), 18), (date(2026, 3, 1), 18),
    (date(2028, 2, 28), 19), (date(2028, 2, 29), 20)])
def test_an_age_is_reached_on_the_last_day_of_february(day, age):
    assert age_on(BORN, day) == age
    assert age_on(date(2008, 3, 10), date(2026, 3, 9)) == 17
    assert age_on(date(2008, 3, 10), date(2026, 3, 10)) == 18


def _results(h: TrackHarness, trigger: str, track: str, **facts: object) -> list[CheckResult]:
    """What the engine says of ``trigger`` (refused or not), every result kept."""
    state = h.tracks.get(track) or h.start(track)
    done = h.engine.attempt(state, trigger, h.actor, today=h.today, facts=facts,
                            person=h.person())
    return list(done.reasons if isinstance(done, Refusal) else done.checks)


@pytest.mark.parametrize(("day", "adult"), [(date(2026, 2, 27), False),
                                            (date(2026, 2, 28), True)])
def test_the_ada_and_the_ame_agree_on_her_majority(day, adult):
    h = TrackHarness.with_plugins(("asile", plugins.asile), ("sante", plugins.sante),
                                  strict=True, today=day, birth_date=BORN)
    h.fire("pre_enregistrer", "asile", date_pre_enregistrement="2026-02-20")
    h.fire("enregistrer_procedure_normale", "asile", date_delivrance_atda="2026-02-23",
           sejour_regulier_jusquau="2026-12-22")
    ada = [r.code for r in _results(h, "accepter_cma", "asile_ada",
                                    **{**CMA, "date_acceptation_cma": day.isoformat()})]
    assert ("asile.ada_mineure" not in ada) is adult, ada
    h = TrackHarness.with_plugins(("sante", plugins.sante), strict=True, today=day,
                                  birth_date=BORN)  # her health file alone: no stay document
    ame = _results(h, "demander_ame", "sante_couverture", domiciliation=True,
                   **{**AME, "date_demande_ame": day.isoformat()})
    waived = [r.message for r in ame if "mineure" in r.message]  # no presence asked of a minor
    assert (not waived) is adult, [r.message for r in ame]
