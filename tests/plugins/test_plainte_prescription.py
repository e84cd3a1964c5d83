"""Limitation of the public action (CPP art. 7, 8 and 9) on the complaint track, each rule on a
dated case driven through the engine, the legal reasoning and the dates worked out by hand in
the docstring. None of these periods is *franc* or moves past a weekend (existing rules)."""

from __future__ import annotations

from datetime import date

import plugins.plainte
from core.testing import TrackHarness, check_codes

COMPLAINT = {"mode_plainte": "plainte", "date_plainte": "2026-06-01", "service_plainte": "police",
             "recepisse_remis": True, "qualification": "a_determiner",
             "consentement_eclaire": True, "evaluation_risques": True,
             "accompagnement": "association"}


def harness(today: date = date(2026, 6, 1)) -> TrackHarness:
    return TrackHarness.with_plugins(("plainte", plugins.plainte), strict=True, today=today)


def test_a_contravention_is_time_barred_one_year_after_the_facts():
    """CPP art. 9 (loi 2017-242): « L'action publique des contraventions se prescrit par une
    année révolue à compter du jour où l'infraction a été commise. » Light violence without
    incapacity (a 4th or 5th class contravention, CP R624-1 / R625-1) on 10 March 2025: one
    year, date to date, ends on 10 March 2026. A complaint on 1 June 2026 comes after it, and
    the complaint says so; the 6 years of a délit (the only choice before) showed 10 March
    2031, far away."""
    h = harness()
    h.fire("evaluer_prescription_contravention", "plainte", date_derniers_faits="2025-03-10")
    h.assert_due("plainte.prescription_contravention_1a", date(2026, 3, 10), "plainte")
    assert set(h.tracks["plainte"].deadlines) == {"plainte.prescription_contravention_1a"}
    out = h.fire("deposer_plainte", "plainte", **COMPLAINT)
    assert "plainte.prescription_acquise" in check_codes(out)


def test_a_contravention_near_its_year_warns():
    """Same rule, facts on 15 September 2025: due on 15 September 2026, three and a half
    months after a complaint filed on 1 June 2026, within the year the check warns about."""
    h = harness()
    h.fire("evaluer_prescription_contravention", "plainte", date_derniers_faits="2025-09-15")
    h.assert_due("plainte.prescription_contravention_1a", date(2026, 9, 15), "plainte")
    assert "plainte.prescription_proche" in check_codes(
        h.fire("deposer_plainte", "plainte", **COMPLAINT))
