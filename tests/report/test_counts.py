"""The activity report counts exactly, on a month whose every figure is known in advance."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from types import SimpleNamespace

import pytest
from sqlalchemy import delete, select, update

from core import Figure, ReportSection, hookimpl
from core import services as svc
from core.errors import InputError, NotFound, PermissionDenied
from core.persistence.models import DropInVolunteer, Visit
from core.services.report_model import SOURCE_SAMPLE
from tests.accounts import who, with_clock

from .conftest import MARCH, Month, after, with_plugins

EXPECTED = {
    "permanences": 3, "heures_benevoles": 16.5, "benevoles": 3,
    "passages": 15, "passages_identifies": 5, "passages_anonymes": 10,
    "personnes_vues": 3, "personnes_nouvelles": 2, "personnes_suivies": 4,
    "parcours.psp_personnes": 2, "parcours.psp_transmis": 1, "parcours.psp_autorisations": 1,
    "parcours.psp_refus": 0, "parcours.psp_renouvellements": 0, "parcours.psp_aps_delivrees": 0,
    "parcours.psp_afis_accordees": 0, "parcours.psp_sorties": 0,
}
"""Figures keyed as the report gives them: a plugin's prefixed by its name (the built-in
tracks' plugin is ``parcours``)."""


def test_every_figure_of_the_month_is_exact(month: Month):
    report = svc.activity_report(month.app, who(month.app, "sonia"), *MARCH)
    assert report.values() == EXPECTED
    assert [s.id for s in report.sections] == ["activite", "personnes", "psp"]
    assert report.figure("heures_benevoles").display == "16,5"


@pytest.mark.pg
def test_the_same_figures_on_postgresql(pg_month: Month):
    assert svc.activity_report(pg_month.app, who(pg_month.app, "sonia"), *MARCH).values() == EXPECTED
    followed = svc.explain_figure(pg_month.app, who(pg_month.app, "sonia"), *MARCH,
                                  "personnes_suivies", offset=1, limit=2)
    assert (followed.total, len(followed.refs)) == (4, 2)


def test_a_person_seen_twice_the_same_day_is_two_visits_and_one_person(month: Month):
    day = svc.activity_report(month.app, who(month.app, "sonia"), date(2026, 3, 3), date(2026, 3, 3))
    values = day.values()
    assert (values["permanences"], values["passages_identifies"], values["personnes_vues"]) == (2, 3, 2)
    assert values["passages_anonymes"] == 6


def test_figures_name_the_records_that_fed_them(month: Month):
    report = svc.activity_report(month.app, who(month.app, "sonia"), *MARCH)
    with month.app.db.read() as session:
        known = session.scalars(select(Visit.id).where(Visit.person_id.is_not(None),
                                                       Visit.dropin_id != month.dropins["before"])
                                .order_by(Visit.id)).all()
    assert report.figure("passages_identifies").sources == tuple(f"visit:{i}" for i in known)
    dropins = sorted(month.dropins[k] for k in ("afternoon", "evening", "later"))
    assert report.figure("permanences").sources == tuple(f"dropin:{i}" for i in dropins)
    anonymous = report.figure("passages_anonymes")
    assert (anonymous.value, anonymous.sources_total) == (10, 4)  # four anonymous rows
    p = month.persons
    followed = svc.explain_figure(month.app, who(month.app, "sonia"), *MARCH, "personnes_suivies")
    ids = sorted(p[a] for a in ("Zoé", "Rose", "Nadia", "Lina"))
    assert followed.refs == tuple(f"person:{i}" for i in ids)
    assert followed.total == 4 and "suivies" in followed.label
    page = svc.explain_figure(month.app, who(month.app, "sonia"), *MARCH, "passages", offset=2, limit=3)
    assert (page.total, page.offset, len(page.refs)) == (9, 2, 3)  # 5 known, 4 anonymous rows
    psp = svc.explain_figure(month.app, who(month.app, "sonia"), *MARCH, "psp/psp_personnes")
    assert psp.refs == tuple(f"person:{i}" for i in sorted((p["Lina"], p["Nadia"])))
    with pytest.raises(NotFound, match="Indicateur inconnu"):
        svc.explain_figure(month.app, who(month.app, "sonia"), *MARCH, "rien")


def test_explain_refuses_a_mistyped_key_and_pages_persons_followed_without_loading_tracks(
        month: Month, monkeypatch):
    from core.services import report, report_figures
    sonia, p = who(month.app, "sonia"), month.persons
    with month.app.db.read() as session:  # the tracks' own answer, for any period
        march = report_figures.activity(session, month.app.catalog, report_figures.Period(*MARCH))
        days = report_figures.activity(session, month.app.catalog,
                                       report_figures.Period(date(2026, 3, 25), date(2026, 4, 7)))

    def loaded(*args, **kwargs):
        raise AssertionError("every active track of the period was loaded")

    monkeypatch.setattr(report, "activity", loaded)
    with pytest.raises(NotFound, match="Indicateur inconnu « psp_transmi »"):
        svc.explain_figure(month.app, sonia, *MARCH, "psp_transmi")
    with pytest.raises(NotFound, match="Indicateur inconnu"):
        svc.explain_figure(month.app, sonia, *MARCH, "activite/psp_transmis")  # not that section's
    page = svc.explain_figure(month.app, sonia, *MARCH, "personnes_suivies", offset=1, limit=2)
    assert (page.total, page.offset) == (4, 1)
    assert page.refs == tuple(f"person:{i}" for i in march.followed[1:3])
    assert march.followed == sorted(p[a] for a in ("Zoé", "Rose", "Nadia", "Lina"))
    later = svc.explain_figure(month.app, sonia, date(2026, 3, 25), date(2026, 4, 7),
                               "personnes_suivies")
    assert later.refs == tuple(f"person:{i}" for i in days.followed)
    beyond = svc.explain_figure(month.app, sonia, *MARCH, "personnes_suivies", offset=9)
    assert (beyond.total, beyond.refs) == (4, ())


def test_an_older_plugin_s_keys_are_found_among_its_figures(month: Month):
    app = with_plugins(month, ("essai", Spy()))
    lines = svc.explain_figure(app, who(app, "sonia"), *MARCH, "essai.lignes", limit=5)
    assert (lines.total, len(lines.refs)) == (30, 5)
    with pytest.raises(NotFound, match="Indicateur inconnu"):
        svc.explain_figure(app, who(app, "sonia"), *MARCH, "essai.rien")


def test_the_monthly_series_adds_up(month: Month):
    report = svc.activity_report(month.app, who(month.app, "sonia"), date(2026, 2, 1), date(2026, 4, 30))
    rows = {m.month.month: (m.dropins, m.volunteer_hours, m.visits_identified, m.visits_anonymous)
            for m in report.months}
    assert rows == {2: (1, 5.0, 1, 6), 3: (3, 16.5, 5, 10), 4: (1, 5.0, 0, 2)}


class Spy:
    """A plugin that keeps the context it was given and answers one section."""

    def __init__(self) -> None:
        self.context = None

    @hookimpl
    def parcours_report_sections(self, context):
        self.context = context
        return [ReportSection(id="essai", title="Essai", figures=(
            Figure(key="essai.lignes", label="Lignes", value=30,
                   sources=tuple(f"event:{i}" for i in range(30))),
            Figure(key="essai.moyenne", label="Délai moyen (jours)", value=3.5)))]


def test_plugins_get_the_period_s_tracks_and_events_and_their_sections_are_kept(month: Month):
    spy = Spy()
    boom = SimpleNamespace(parcours_report_sections=hookimpl(lambda context: 1 / 0))
    app = with_plugins(month, ("essai", spy), ("boom", boom))
    report = svc.activity_report(app, who(app, "sonia"), *MARCH)
    p = month.persons
    tracks = {(t.person_id, t.definition_id): t for t in spy.context.tracks}
    assert (p["Amina"], "psp") not in tracks  # closed before the month
    assert (p["Yara"], "parcours") in tracks  # her pathway is open, paused
    assert tracks[(p["Zoé"], "parcours")].step == "suivi_individuel"  # as of 31 March
    assert tracks[(p["Lina"], "psp")].opened_at.date() == date(2026, 3, 20)
    triggers = [(e.person_id, e.trigger) for e in spy.context.events]
    assert (p["Nadia"], "autoriser") in triggers and (p["Zoé"], "mettre_en_pause") not in triggers
    assert all(MARCH[0] <= e.occurred_at.date() <= MARCH[1] for e in spy.context.events)
    essai = report.figure("essai/essai.lignes")
    assert (essai.value, essai.sources_total, len(essai.sources)) == (30, 30, SOURCE_SAMPLE)
    assert report.figure("essai.moyenne").count is False
    assert any("boom" in note for note in report.notes)
    assert report.figure("passages").value == 15  # a failing plugin silences nobody


def test_a_reversed_period_is_refused(month: Month):
    with pytest.raises(InputError, match="précède"):
        svc.activity_report(month.app, who(month.app, "sonia"), date(2026, 3, 31), date(2026, 3, 1))


@pytest.mark.parametrize("user", ["bea", "sam", "camille"])
def test_only_supervisors_and_admins_read_the_report(month: Month, user):
    with pytest.raises(PermissionDenied, match="ne permet pas"):
        svc.activity_report(month.app, who(month.app, user), *MARCH)
    with pytest.raises(PermissionDenied, match="ne permet pas"):
        svc.explain_figure(month.app, who(month.app, user), *MARCH, "passages")
    assert svc.activity_report(month.app, who(month.app, "sonia"), *MARCH).values() == EXPECTED
    # The administrator reads no case content: the external version, small counts hidden.
    later = after(month)
    external = svc.activity_report(later, who(later, "sonia"), *MARCH, external=True)
    assert svc.activity_report(later, who(later, "admin"), *MARCH).values() \
        == external.values() != EXPECTED


def test_the_admin_gets_the_external_report_only(month: Month):
    """She reads no case content: small counts suppressed, no sources, no explanation."""
    later = after(month)
    report = svc.activity_report(later, who(later, "admin"), *MARCH)
    assert report.external and all(not f.sources for s in report.sections for f in s.figures)
    with pytest.raises(PermissionDenied):
        svc.explain_figure(month.app, who(month.app, "admin"), *MARCH, "passages")


def test_a_wide_periods_first_sources_are_found_walking_the_first_rows(month: Month, monkeypatch):
    """A period holding the tables' first rows finds its first visits and volunteer rows
    among them; one that does not, or a table shorter than the walk, asks the period's index:
    the sample is the first page of ``--explain`` either way."""
    _first_sources_walked(month, monkeypatch)


@pytest.mark.pg
def test_the_first_rows_walked_on_postgresql(pg_month: Month, monkeypatch):
    _first_sources_walked(pg_month, monkeypatch)


def _first_sources_walked(month: Month, monkeypatch) -> None:
    from core.services import report_figures
    app, bea, sonia = month.app, who(month.app, "bea"), who(month.app, "sonia")
    # Drop-ins in the period and after it, their visits written in turns and some deleted:
    # the period's first records are neither the table's first rows nor without gaps.
    inside = [svc.open_dropin(app, bea, date(2026, 3, day), time(14), time(17),
                              [(f"Bénévole {day}-{n}", Decimal(2)) for n in range(10)]).id
              for day in (20, 24, 27, 30)]
    after = svc.open_dropin(app, bea, date(2026, 5, 5), time(14), time(17),
                            [(f"Bénévole mai-{n}", Decimal(2)) for n in range(5)]).id
    # Its visitors are recorded on its day (none before: services.dropins.record_anonymous).
    on_its_day = with_clock(app, date(2026, 5, 5))
    for n in range(SOURCE_SAMPLE + 12):
        if n % 5:
            svc.record_anonymous(app, bea, inside[n % 4], 1)
        else:
            svc.record_anonymous(on_its_day, who(on_its_day, "bea"), after, 1)
    with app.db.write() as session:
        doomed = session.scalars(select(Visit.id).where(Visit.dropin_id == inside[1])
                                 .order_by(Visit.id).limit(3)).all()
        session.execute(delete(Visit).where(Visit.id.in_(doomed)))
        # Rows rewritten: PostgreSQL then reads them after the others when it reads in no order.
        for table in (Visit, DropInVolunteer):
            first = select(table.id).order_by(table.id).limit(5).scalar_subquery()
            session.execute(update(table).where(table.id.in_(first)).values(id=table.id))
    answered: dict[type, list[bool]] = {Visit: [], DropInVolunteer: []}
    walked = report_figures._walked

    def spied(session, spec, params):
        found = walked(session, spec, params)
        answered[spec.walks].append(found is not None)
        return found

    monkeypatch.setattr(report_figures, "_walked", spied)
    wide = (date(2026, 2, 1), date(2026, 5, 31))
    keys = ("passages", "passages_identifies", "passages_anonymes", "benevoles",
            "heures_benevoles")
    cases = [(1000, wide, False, False), (SOURCE_SAMPLE, MARCH, False, False)] + [
        (walk, wide, True, True) for walk in (SOURCE_SAMPLE, SOURCE_SAMPLE + 1, 40)]
    for walk, period, visits, volunteers in cases:
        monkeypatch.setattr(report_figures, "WALK", walk)
        for found in answered.values():
            found.clear()
        report = svc.activity_report(app, sonia, *period)
        for key in keys:
            page = svc.explain_figure(app, sonia, *period, key, limit=SOURCE_SAMPLE)
            assert report.figure(key).sources == page.refs, (walk, period, key)
        for table, by_walk in ((Visit, visits), (DropInVolunteer, volunteers)):
            assert by_walk in answered[table] and (by_walk or not any(answered[table])), \
                (walk, period, table.__name__, answered[table])
