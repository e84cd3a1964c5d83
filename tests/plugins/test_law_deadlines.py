"""Due dates checked against their legal source, each on a dated case with the reasoning in
the test's docstring: the deadline the engine shows must be the one a court would apply."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from core.plugins import build_plugin_host
from core.services.catalog import compute_rule
from core.testing import TrackHarness
from tests.plugins.psp_steps import authorise_psp

HOST = build_plugin_host()
DALO = {"date_reception_comed": "2026-03-02", "motif_dalo": "sans_logement",
        "formulaire_comed": True, "pieces_justificatives": True,
        "nationalite_francaise_ue": True}


def test_the_prefects_offer_deadline_does_not_move_and_the_appeal_counts_from_it():
    """CCH R441-16-1 gives the prefect 3 months from the COMED's decision to make an offer;
    CJA R778-2 gives the person 4 months from the expiry of that deadline to ask the court
    for an injunction, a délai franc. CE 10 February 2017 n° 400470: decision of 5 December
    2014, prefect's 6 months expired on 5 June 2015, last day for the appeal 6 October 2015.
    The prefect's deadline is not a time limit for a party to act (CPC art. 642 moves those
    only): it expires on its date-to-date day even on a weekend or holiday. Decision of
    15 May 2026: the prefect's 3 months expire on Saturday 15 August 2026 (Assumption); the
    4 months end on 15 December, franc: last day Wednesday 16 December 2026. Moving the
    prefect's date to Monday 17 August put the last day on 18 December, two days after a
    request would already be out of time."""
    h = TrackHarness(host=HOST, today=date(2026, 8, 20))
    h.fire("deposer", "logement_dalo", **DALO)
    h.fire("reconnaitre_prioritaire", "logement_dalo", date_decision_comed="2026-05-15")
    assert h.due("logement.dalo_offre_3m", "logement_dalo") == date(2026, 8, 15)
    h.fire("constater_absence_offre", "logement_dalo")
    assert h.due("logement.dalo_recours_4m", "logement_dalo") == date(2026, 12, 16)
    decided = compute_rule(HOST, "logement.dalo_offre_6m", date(2014, 12, 5), [])
    assert decided.due == date(2015, 6, 5)
    assert compute_rule(HOST, "logement.dalo_recours_4m", decided.due, []).due \
        == date(2015, 10, 6)
    for rule_id in ("logement.daho_offre_6s", "logement.daho_offre_3m"):
        assert not HOST.catalog.rule(rule_id).roll_to_working_day, rule_id


def test_the_21_days_to_file_with_ofpra_cite_the_decree_that_sets_them():
    """CESEDA L531-2 leaves the time to lodge the application with OFPRA to a decree (« dans
    un délai fixé par décret en Conseil d'État »); the 21 days from the handing over of the
    attestation are in R531-2, which the due date must quote for anyone to check it. ATDA
    handed over on Thursday 23 April 2026: 21 days end on Ascension Thursday 14 May, moved
    to Friday 15 May."""
    due = compute_rule(HOST, "asile.ofpra_21j", date(2026, 4, 23), [])
    assert due.due == date(2026, 5, 15)
    assert "R531-2" in due.source and "R531-2" in due.explanation


@pytest.mark.parametrize(("first", "ends"), [
    ("2024-08-31", ["2025-02-28", "2025-08-31", "2026-02-28", "2026-08-31"]),
    ("2025-03-31", ["2025-09-30", "2026-03-31", "2026-09-30", "2027-03-31"]),
    ("2025-01-15", ["2025-07-14", "2026-01-14", "2026-07-14", "2027-01-14"]),
])
def test_a_pathway_gets_its_three_renewals_whatever_day_it_began(first, ends):
    """CASF L121-9: the authorisation lasts 6 months, renewable within 24 months, so four
    back-to-back periods are the pathway the law plans. Months run date to date and a
    missing day is the month's last (CPC art. 641): from 31 August 2024 the first period
    ends on 28 February 2025, the next begins on 1 March and ends on 31 August, then
    28 February 2026 and 31 August 2026, one day past the 24 months' eve of anniversary
    (30 August 2026) only because February is short. The third renewal was refused
    (« Le parcours ne peut pas dépasser 24 mois ») to everyone authorised on 29, 30 or
    31 August, 31 March, 31 May, 31 October or 31 December."""
    h = TrackHarness(host=HOST, today=date(2027, 12, 1), birth_date=date(1990, 3, 15))
    authorise_psp(h, first, signed="2024-01-05", sent="2024-01-20", commission="2024-03-02")
    seen = [h.tracks["psp"].deadlines["psp.autorisation_6m"].due]
    for _ in range(3):
        end = seen[-1]
        h.fire("transmettre_renouvellement", "psp", engagements_tenus=True,
               cessation_effective=True,
               date_envoi_renouvellement=(end - timedelta(days=60)).isoformat())
        begins = (end + timedelta(days=1)).isoformat()
        h.fire("renouveler", "psp", date_decision=begins, debut_periode=begins)
        seen.append(h.tracks["psp"].deadlines["psp.autorisation_6m"].due)
    assert seen == [date.fromisoformat(end) for end in ends]
    # a fifth period is past the limit in every case
    h.assert_refused("transmettre_renouvellement", "psp.plafond_24m", "psp",
                     engagements_tenus=True, cessation_effective=True,
                     date_envoi_renouvellement=ends[-1])
