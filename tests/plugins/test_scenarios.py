"""Every scenario file shipped by every installed plugin (the built-ins included) plays green."""

from __future__ import annotations

import pytest

from core.plugins import build_plugin_host
from core.testing import plugin_scenarios, run_scenario, scenario_ids

HOST = build_plugin_host()
SCENARIOS = list(plugin_scenarios(HOST))


def test_builtin_tracks_ship_scenarios():
    assert {name for name, _ in SCENARIOS} >= {"parcours"}


@pytest.mark.parametrize(("plugin", "path"), SCENARIOS, ids=scenario_ids(SCENARIOS))
def test_scenario(plugin, path):
    run_scenario(path, HOST)
