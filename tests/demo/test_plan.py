"""The demo plan: deterministic with its seed, 48 Tuesdays, and how --scale spreads copies."""

from __future__ import annotations

from datetime import timedelta

import holidays
import pytest

from core.plugins import build_plugin_host
from core.services.demo import year_of_copy
from core.services.demo_plan import dropin_days, make_plan, ordered

from .conftest import BUNDLED

HOST = build_plugin_host(allow=BUNDLED)
DOMAINS = [d for _, d in HOST.demo_domains()]
INSTALLED = {definition for definition, _ in HOST.catalog.definitions}
STORIES = {(key[0], s.trigger) for key, s in HOST.catalog.life_stories().items()}


def _shape(plan):
    return ([(p.alias, p.first_visit, p.visits, [(o.day, o.kind, o.actor, o.definition, o.trigger,
                                                   o.facts) for o in p.ops]) for p in plan.persons],
            [(d.day, d.volunteers, d.anonymous) for d in plan.dropins], plan.users)


def _plan(seed=7, taken=frozenset(), domains=None, installed=None):
    return make_plan(2025, seed, set(taken), DOMAINS if domains is None else domains,
                     INSTALLED if installed is None else installed)


def test_the_same_seed_gives_the_same_year_and_another_seed_another():
    first = _plan()
    assert _shape(first) == _shape(_plan())
    assert _shape(first) != _shape(_plan(8))


def test_every_plugin_brings_its_domain_and_the_recits_reach_the_declared_goal():
    assert [d.domain for d in DOMAINS] == ["psp", "asile", "emploi", "logement", "plainte", "sante"]
    goals = {(t.definition, t.goal.trigger): t.goal.tracks
             for d in DOMAINS for t in d.tracks if t.goal}
    assert set(goals) == STORIES == {("asile", "rediger_recit")}  # the published count of récits
    plan = _plan()
    recits = sum(1 for p in plan.persons for o in p.ops if (o.definition, o.trigger) in STORIES)
    assert recits == goals[("asile", "rediger_recit")] == 150


def test_a_domain_reading_a_shared_fact_is_drawn_after_those_giving_it():
    for given in (DOMAINS, list(reversed(DOMAINS))):
        names = [d.domain for d in ordered(given)]
        assert names.index("sante") > max(names.index("asile"), names.index("psp")), names
        assert sorted(names) == sorted(d.domain for d in DOMAINS)


def test_health_coverage_follows_the_stay_documents_another_domain_gave():
    """PUMa for persons already holding a stay document (an ATDA, an APS), no sooner than 93
    days after an asylum registration; AME for the others."""
    asked = {"demander_puma": 0, "demander_ame": 0}
    for person in _plan().persons:
        stay = min((o.day for o in person.ops if "sejour_regulier_jusquau" in o.facts),
                   default=None)
        registered = min((o.day for o in person.ops if "demande_asile_depuis" in o.facts),
                         default=None)
        start = next((o.day for o in person.ops
                      if o.kind == "start" and o.definition == "sante_couverture"), None)
        first = next((o.trigger for o in person.ops
                      if o.kind == "advance" and o.definition == "sante_couverture"), None)
        if start is None or first is None:
            continue
        asked[first] += 1
        if first == "demander_puma":
            assert stay is not None and stay < start
            assert registered is None or start >= registered + timedelta(days=93)
        else:
            assert stay is None or stay >= start
    assert min(asked.values()) > 0, asked


def test_a_missing_plugin_s_tracks_are_left_out():
    plan = _plan(installed={"parcours", "psp", "psp_aps", "psp_afis"})
    assert {o.definition for p in plan.persons for o in p.ops} <= {"", "parcours", "psp", "psp_aps",
                                                                   "psp_afis"}


def test_without_demo_domains_the_year_has_its_pathways_only():
    plan = _plan(domains=[])
    assert {o.definition for p in plan.persons for o in p.ops} <= {"", "parcours"}


def test_users_are_new_names():
    taken = set(_plan().users)
    assert not taken & set(_plan(taken=taken).users)


@pytest.mark.parametrize("year", [2024, 2025, 2026, 2027])
def test_forty_eight_tuesdays_none_a_public_holiday(year):
    days = dropin_days(year)
    off = holidays.country_holidays("FR", years=year)
    assert len(days) == 48 and len(set(days)) == 48
    assert all(d.weekday() == 1 and d.year == year and d not in off for d in days)
    assert not any(d.month == 8 and 8 <= d.day <= 22 for d in days)


def test_scale_fills_ten_delegations_a_year_backwards():
    assert [year_of_copy(2025, c) for c in (0, 9, 10, 19, 20)] == [2025, 2025, 2024, 2024, 2023]


def test_shared_delegations_each_go_back_a_year_per_round():
    assert [year_of_copy(2025, c, 30) for c in (0, 29, 30, 59, 232)] == [
        2025, 2025, 2024, 2024, 2018]
