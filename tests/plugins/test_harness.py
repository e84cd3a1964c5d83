"""The testing kit's helpers every plugin's tests share (issue 14: one copy, in the harness)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest

import plugins.sante
from core import hookimpl
from core.testing import ScenarioFailure, TrackHarness, check_codes, moment, run_scenario
from tests.plugins.psp_steps import grant_aps


def _broken_domains():
    raise RuntimeError("extension cassée")


BROKEN = SimpleNamespace(parcours_domains=hookimpl(_broken_domains))


def test_a_strict_harness_refuses_a_plugin_that_failed_to_load():
    with pytest.raises(ScenarioFailure, match=r"casse \(parcours_domains : RuntimeError\)"):
        TrackHarness.with_plugins(("casse", BROKEN), strict=True)
    lenient = TrackHarness.with_plugins(("casse", BROKEN))
    assert [(i.plugin, i.hook) for i in lenient.host.incidents] == [("casse", "parcours_domains")]


def test_check_codes_are_those_the_action_went_through():
    h = TrackHarness.with_plugins(("sante", plugins.sante), strict=True, today=date(2026, 3, 10))
    grant_aps(h)
    out = h.fire("demander", "sante_domiciliation", date_demande_domiciliation="2026-01-05",
                 organisme_domiciliation="ccas", lien_commune="sejour", formulaire_cerfa=True)
    assert check_codes(out) == {r.code for r in out.checks} and check_codes(out)


def test_moment_is_noon_utc_as_the_harness_dates_events():
    noon = datetime(2026, 3, 2, 12, tzinfo=UTC)
    assert moment("2026-03-02") == moment(date(2026, 3, 2)) == noon


SCENARIO = """\
titre: Suivi refusé sans référent·e
aujourdhui: 2026-03-02
{top}
demarches: [parcours]
etapes:
  - action: suivre
    {step}
    faits: {{}}
"""


@pytest.mark.parametrize(("top", "step", "says"), [
    ("aujourdui: 2026-03-02", "", "s.yaml : clé inconnue « aujourdui »"),
    ("delegation: {jours_ferie: '976'}", "", "s.yaml, delegation : clé inconnue « jours_ferie »"),
    ("delegation: {agrements: [{departement: '75', accorde: 2026-01-01}]}", "",
     "s.yaml, agrements : clé inconnue « accorde »"),
    ("", "attendus: {etape: nulle_part}", "étape 1 (suivre) : clé inconnue « attendus »"),
    ("", "attendu: {etap: nulle_part}", "étape 1 (suivre) : attendu : clé inconnue « etap »"),
])
def test_a_scenario_refuses_a_misspelt_key_instead_of_skipping_what_it_says(tmp_path, top,
                                                                              step, says):
    # A misspelt « attendu » was skipped: the scenario passed without checking anything.
    path = tmp_path / "s.yaml"
    path.write_text(SCENARIO.format(top=top, step=step), encoding="utf-8")
    with pytest.raises(ScenarioFailure, match=re.escape(says) + r".*\(clés possibles : "):
        run_scenario(path)
