"""Limitation of the public action (CPP art. 7, 8 and 9) on the complaint track, each rule on a
dated case driven through the engine, the legal reasoning and the dates worked out by hand in
the docstring. None of these periods is *franc* or moves past a weekend (existing rules)."""

from __future__ import annotations

from datetime import date

import plugins.plainte
from core.services.catalog import compute_rule
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


def test_aggravated_violence_on_a_minor_runs_twenty_years_from_her_majority():
    """CPP art. 8 al. 3 (loi 2021-478): the délits of CP 222-12, 222-29-1 and 227-26 committed
    on a minor are time-barred « par vingt années révolues à compter de la majorité » (al. 2,
    the other délits of 706-47 on minors: ten years). Offence on 10 March 2020 against a girl
    born on 5 June 2008: majority on 5 June 2026, 20 years → 5 June 2046 (the 10 years of
    al. 2 would end on 5 June 2036). Choosing it closes the ten years: one limitation runs."""
    h = harness()
    h.fire("evaluer_prescription_delit_mineure", "plainte", date_majorite="2026-06-05")
    h.assert_due("plainte.prescription_mineure_delit_10a", date(2036, 6, 5), "plainte")
    h.fire("evaluer_prescription_delit_mineure_20a", "plainte", date_majorite="2026-06-05")
    h.assert_due("plainte.prescription_mineure_delit_20a", date(2046, 6, 5), "plainte")
    assert set(h.tracks["plainte"].deadlines) == {"plainte.prescription_mineure_delit_20a"}


def test_a_victim_ten_years_past_her_majority_is_not_time_barred_for_these_delits():
    """The case the review feared. Aggravated violence (CP 222-12, more than 8 days' incapacity
    on a minor under 15) in 2005 against a girl born on 1 February 1990: majority on 1 February
    2008. Under the general rule for délits on minors (CPP 8 al. 2, 10 years) the complaint of
    1 June 2026 came after 1 February 2018 and was shown as time-barred; under al. 3 (20 years
    from majority) it is open until 1 February 2028, more than a year away. Twenty years for
    222-12 on a minor were already in the wording of art. 8 in force in 2006, and a longer
    limitation applies to facts not yet time-barred (CP 112-2 4°)."""
    h = harness()
    h.fire("evaluer_prescription_delit_mineure_20a", "plainte", date_majorite="2008-02-01")
    h.assert_due("plainte.prescription_mineure_delit_20a", date(2028, 2, 1), "plainte")
    out = h.fire("deposer_plainte", "plainte", **COMPLAINT)
    assert "plainte.prescription_lointaine" in check_codes(out)
    assert "plainte.prescription_acquise" not in check_codes(out)


def test_a_crime_on_a_minor_runs_thirty_years_from_her_majority_under_art_7_al_3():
    """CPP art. 7 al. 3 (loi 2018-703, then 2021-478): « L'action publique des crimes mentionnés
    à l'article 706-47 […], lorsqu'ils sont commis sur des mineurs, se prescrit par trente
    années révolues à compter de la majorité de ces derniers ». Al. 2 is the thirty years
    *from the facts* of terrorism, drug trafficking or war crimes: the rule quoted it, so a lawyer
    checking the due date read the wrong paragraph. Offence on 10 March 2020 against a girl
    born on 5 June 2008: majority on 5 June 2026, 30 years → 5 June 2056. The explanation says
    the sliding extension of al. 3 (rape, same author, another minor) is to be checked."""
    h = harness()
    h.fire("evaluer_prescription_crime_mineure", "plainte", date_majorite="2026-06-05")
    h.assert_due("plainte.prescription_mineure_crime_30a", date(2056, 6, 5), "plainte")
    due = compute_rule(h.host, "plainte.prescription_mineure_crime_30a", date(2026, 6, 5), [])
    assert due.due == date(2056, 6, 5)
    assert "CPP art. 7 al. 3" in due.explanation and "al. 2" not in due.explanation
    assert "autre mineur" in due.explanation


def test_the_day_typed_as_her_majority_must_match_her_recorded_birth_date():
    """The limitation on a minor victim runs from her majority: typed 5 June 2025 for a girl
    born on 5 June 2008 (a slip of one year), the 20 years of CPP 8 al. 3 ended on 5 June
    2045 instead of 5 June 2046. With her birth date recorded, the day is checked (the same
    majority as every check, ``core.age_on``: born on 29 February 2008, 28 February 2026);
    without one, nothing can be checked and the step is recorded as typed."""
    from datetime import date as day
    h = TrackHarness.with_plugins(("plainte", plugins.plainte), strict=True,
                                  today=day(2026, 6, 1), birth_date=day(2008, 6, 5))
    state = h.start("plainte")
    refused = h.engine.attempt(state, "evaluer_prescription_delit_mineure_20a", h.actor,
                               today=h.today, facts={"date_majorite": "2025-06-05"},
                               person=h.person())
    assert [r.code for r in refused.reasons] == ["plainte.majorite_incoherente"]
    assert "2008" not in refused.reasons[0].message  # her birth date is not quoted
    h.fire("evaluer_prescription_delit_mineure_20a", "plainte", date_majorite="2026-06-05")
    h.assert_due("plainte.prescription_mineure_delit_20a", day(2046, 6, 5), "plainte")
    leap = TrackHarness.with_plugins(("plainte", plugins.plainte), strict=True,
                                     today=day(2026, 6, 1), birth_date=day(2008, 2, 29))
    assert "plainte.majorite_verifiee" in check_codes(
        leap.fire("evaluer_prescription_crime_mineure", "plainte", date_majorite="2026-02-28"))
    unknown = harness()  # no birth date recorded
    assert "plainte.majorite_non_verifiee" in check_codes(
        unknown.fire("evaluer_prescription_crime_mineure", "plainte",
                     date_majorite="2025-01-01"))
