"""Backdated acts against the report aggregates: what a whole month reads from them must be
what the same month counted row by row gives.

A transition dated before the track's last transition (``--at``) would be a step that precedes
the one it follows; a closing so dated closed the track before a later step, which the
aggregates still counted in its month while the month counted row by row no longer saw the
track: it is refused, and the two reports agree.
"""

from __future__ import annotations

from datetime import date

import pytest

from core import hookimpl
from core import services as svc
from core.errors import InputError
from core.reports import (ReportCounts, ReportSection, count_events, event_count)
from tests.accounts import who

from .conftest import MARCH, Month, with_plugins
from .test_aggregates import cells, from_rows, rows, wipe


class Pauses:
    """Counts the pathway's pauses, both ways (declared, and from the older hook)."""

    @hookimpl
    def parcours_report_sections(self, context):
        return [ReportSection(id="pauses", title="Pauses", figures=(event_count(
            context.events, key="pauses", label="Pauses", definition="parcours",
            trigger="mettre_en_pause"),))]

    @hookimpl
    def parcours_report_counts(self):
        return [ReportCounts(id="pauses", title="Pauses", counts=(
            count_events(("parcours",), key="pauses", label="Pauses",
                         trigger="mettre_en_pause"),))]


def test_a_closing_dated_before_a_later_step_is_refused(month: Month, monkeypatch):
    app = month.app
    person = svc.add_person(app, who(app, "bea"), "Océane", first_visit=date(2026, 1, 5)).id
    svc.advance(app, who(app, "sonia"), person, "parcours", "reconnaitre", at=date(2026, 1, 6))
    svc.advance(app, who(app, "sonia"), person, "parcours", "mettre_en_pause",
                at=date(2026, 3, 10))
    with pytest.raises(InputError, match="antérieure à la dernière étape.*10/03/2026"):
        svc.advance(app, who(app, "sonia"), person, "parcours", "clore",
                    facts={"motif_cloture": "souhait_personne"}, at=date(2026, 2, 10))
    svc.advance(app, who(app, "sonia"), person, "parcours", "clore",
                facts={"motif_cloture": "souhait_personne"}, at=date(2026, 3, 10))
    counted = with_plugins(month, ("pauses", Pauses()))
    sonia = who(counted, "sonia")
    summarised = cells(svc.activity_report(counted, sonia, *MARCH))
    assert summarised[("pauses", "pauses.pauses")][0] == 2  # Nadia's and hers
    assert summarised == cells(from_rows(counted, sonia, *MARCH, monkeypatch))


class Follows:
    """Counts entries into individual follow-up, both ways."""

    @hookimpl
    def parcours_report_sections(self, context):
        return [ReportSection(id="suivis", title="Suivis", figures=(event_count(
            context.events, key="suivis", label="Suivis", definition="parcours",
            trigger="suivre"),))]

    @hookimpl
    def parcours_report_counts(self):
        return [ReportCounts(id="suivis", title="Suivis", counts=(
            count_events(("parcours",), key="suivis", label="Suivis", trigger="suivre"),))]


FEBRUARY = (date(2026, 2, 1), date(2026, 2, 28))


def _follow_from_february(app, person: int) -> None:
    svc.give_consent(app, who(app, "camille"), person, "suivi", given_on=date(2026, 2, 5))
    svc.advance(app, who(app, "camille"), person, "parcours", "suivre",
                facts={"referent": "camille"}, at=date(2026, 2, 5))


def _same_both_ways(month: Month, monkeypatch) -> dict:
    counted = with_plugins(month, ("suivis", Follows()))
    sonia = who(counted, "sonia")
    summarised = cells(svc.activity_report(counted, sonia, *FEBRUARY))
    assert summarised == cells(from_rows(counted, sonia, *FEBRUARY, monkeypatch))
    return summarised


def test_a_step_dated_before_her_pathway_opened_counts_in_its_month_both_ways(month: Month,
                                                                           monkeypatch):
    """Her file opened today (31 March), her follow-up dated from 5 February: the month of
    February counts it, from the aggregates as from the rows, and counts her followed."""
    before = _same_both_ways(month, monkeypatch)
    person = svc.add_person(month.app, who(month.app, "bea"), "Océane").id
    _follow_from_february(month.app, person)
    after = _same_both_ways(month, monkeypatch)
    assert after[("suivis", "suivis.suivis")][0] == before[("suivis", "suivis.suivis")][0] + 1
    assert after[("personnes", "personnes_suivies")][0] == \
        before[("personnes", "personnes_suivies")][0] + 1


def test_so_does_one_of_a_person_imported_today(month: Month, monkeypatch):
    from core.services.importer import import_bytes
    from tests.importer.conftest import to_csv
    before = _same_both_ways(month, monkeypatch)
    import_bytes(month.app, who(month.app, "sonia"), "personnes",
                 to_csv([["pseudo", "premier passage"], ["Océane", None]]), "personnes.csv")
    person = svc.list_persons(month.app, who(month.app, "sonia"), "Océane")[0].id
    _follow_from_february(month.app, person)
    after = _same_both_ways(month, monkeypatch)
    assert after[("suivis", "suivis.suivis")][0] == before[("suivis", "suivis.suivis")][0] + 1


def test_a_visit_before_her_first_visit_known_makes_her_new_in_its_month(month: Month):
    """Added with a first visit on 20 March, then seen at the drop-in of 24 February: new in
    February (as an imported register sets it), no longer in March; the kept aggregates are
    the rebuilt ones."""
    app, sonia = month.app, who(month.app, "sonia")
    person = svc.add_person(app, who(app, "bea"), "Océane", first_visit=date(2026, 3, 20)).id
    new = {span: svc.activity_report(app, sonia, *span).figure("personnes_nouvelles").value
           for span in (FEBRUARY, MARCH)}
    svc.record_visit(app, who(app, "bea"), month.dropins["before"], person)
    assert svc.show_person(app, sonia, person).first_visit == date(2026, 2, 24)
    assert svc.activity_report(app, sonia, *FEBRUARY).figure("personnes_nouvelles").value == \
        new[FEBRUARY] + 1
    assert svc.activity_report(app, sonia, *MARCH).figure("personnes_nouvelles").value == \
        new[MARCH] - 1
    kept = rows(app)
    wipe(app)
    svc.rebuild_aggregates(app, who(app, "admin"))
    assert rows(app) == kept
