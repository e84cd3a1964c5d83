"""The testing kit's helpers every plugin's tests share (issue 14: one copy, in the harness)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest

import plugins.sante
from core import hookimpl
from core.testing import ScenarioFailure, TrackHarness, check_codes, moment
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
