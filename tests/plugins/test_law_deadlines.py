"""Due dates checked against their legal source, each on a dated case with the reasoning in
the test's docstring: the deadline the engine shows must be the one a court would apply."""

from __future__ import annotations

from datetime import date

from core.plugins import build_plugin_host
from core.services.catalog import compute_rule
from core.testing import TrackHarness

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
