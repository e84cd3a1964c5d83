"""Every track definition of every installed plugin can reach a final step (generic)."""

from __future__ import annotations

from datetime import date

import pytest

from core.plugins import build_plugin_host
from core.testing import TrackHarness, walk_to_final

HOST = build_plugin_host()
DEFINITIONS = [d.id for d in HOST.catalog.latest_definitions()]


@pytest.mark.parametrize("track_id", DEFINITIONS)
def test_definition_walks_to_a_final_step(track_id):
    harness = TrackHarness(host=HOST, today=date(2026, 3, 10), birth_date=date(1990, 1, 1))
    fired = walk_to_final(harness, track_id)
    assert fired, "une démarche doit demander au moins une action"
