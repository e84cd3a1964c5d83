"""The demo plan: deterministic with its seed, 48 Tuesdays, and how --scale spreads copies."""

from __future__ import annotations

import holidays
import pytest

from core.services.demo import year_of_copy
from core.services.demo_plan import RECITS, dropin_days, make_plan

INSTALLED = {"parcours", "psp", "psp_aps", "psp_afis", "asile", "sante_domiciliation",
             "sante_couverture", "sante_soins", "logement_hebergement", "emploi_formation",
             "plainte"}


def _shape(plan):
    return ([(p.alias, p.first_visit, p.visits, [(o.day, o.kind, o.actor, o.definition, o.trigger,
                                                   o.facts) for o in p.ops]) for p in plan.persons],
            [(d.day, d.volunteers, d.anonymous) for d in plan.dropins], plan.users)


def test_the_same_seed_gives_the_same_year_and_another_seed_another():
    first = make_plan(2025, 7, set(), INSTALLED)
    assert _shape(first) == _shape(make_plan(2025, 7, set(), INSTALLED))
    assert _shape(first) != _shape(make_plan(2025, 8, set(), INSTALLED))
    recits = sum(1 for p in first.persons for o in p.ops if o.trigger == "rediger_recit")
    assert recits == RECITS


def test_a_missing_plugin_s_tracks_are_left_out():
    plan = make_plan(2025, 7, set(), {"parcours", "psp", "psp_aps", "psp_afis"})
    assert {o.definition for p in plan.persons for o in p.ops} <= {"", "parcours", "psp", "psp_aps",
                                                                   "psp_afis"}


def test_users_are_new_names():
    taken = set(make_plan(2025, 7, set(), INSTALLED).users)
    assert not taken & set(make_plan(2025, 7, taken, INSTALLED).users)


@pytest.mark.parametrize("year", [2024, 2025, 2026, 2027])
def test_forty_eight_tuesdays_none_a_public_holiday(year):
    days = dropin_days(year)
    off = holidays.country_holidays("FR", years=year)
    assert len(days) == 48 and len(set(days)) == 48
    assert all(d.weekday() == 1 and d.year == year and d not in off for d in days)
    assert not any(d.month == 8 and 8 <= d.day <= 22 for d in days)


def test_scale_fills_ten_delegations_a_year_backwards():
    assert [year_of_copy(2025, c) for c in (0, 9, 10, 19, 20)] == [2025, 2025, 2024, 2024, 2023]
