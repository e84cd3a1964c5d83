"""The demo year reproduces the published figures, and gives the review queue work."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from core import services as svc
from core.definitions.model import StepKind
from core.errors import InputError, PermissionDenied
from core.persistence.models import (Consent, Deadline, Event, Note, Person, PersonIdentity,
                                     Track, User)
from core.services.demo import fill_demo, persons_per_copy
from core.services.report_figures import Period, activity
from tests.accounts import make_app, who


from .conftest import YEAR, DemoRun

pytestmark = pytest.mark.slow  # writing the demo year takes ten seconds or more

START, END = date(YEAR, 1, 1), date(YEAR, 12, 31)


@pytest.fixture(scope="module")
def report(demo: DemoRun):
    return svc.activity_report(demo.app, who(demo.app, "sonia"), START, END)


def test_the_report_shows_the_year_the_association_published(demo: DemoRun, report):
    values = report.values()
    assert values["permanences"] == 48
    assert 2300 * 0.9 <= values["heures_benevoles"] <= 2300 * 1.1
    assert values["passages"] > 3000
    assert values["passages_identifies"] > 2000 and values["passages_anonymes"] > 500
    assert values["passages"] == values["passages_identifies"] + values["passages_anonymes"]
    assert values["asile.recits"] == 150
    for key in ("psp_personnes", "psp_transmis", "psp_autorisations", "psp_aps_delivrees",
                "psp_afis_accordees"):
        assert values[f"parcours.{key}"] > 0, key
    assert values["personnes_suivies"] > 150 and values["personnes_nouvelles"] == 300


def test_the_summary_agrees_with_the_report_and_nothing_was_refused(demo: DemoRun, report):
    s, values = demo.summary, report.values()
    assert s.refused == 0, s.refusals
    assert (s.dropins, s.recits, s.visits_identified, s.visits_anonymous) == (
        values["permanences"], values["asile.recits"], values["passages_identifies"],
        values["passages_anonymes"])
    assert s.volunteer_hours == values["heures_benevoles"]
    assert sum(demo.progress) == persons_per_copy() == s.persons
    assert s.users >= 30 and s.transitions > 1500


def test_people_in_every_domain_and_users_of_every_role(demo: DemoRun):
    with demo.app.db.read() as session:
        context = activity(session, demo.app.catalog, Period(START, END)).context
        roles = set(session.scalars(select(User.role)))
    persons = defaultdict(set)
    for track in context.tracks:
        persons[track.domain].add(track.person_id)
    domains = {d.domain for d in demo.app.catalog.definitions.values()}
    assert {"asile", "sante", "logement", "emploi", "plainte", "psp"} <= domains
    assert {d: len(persons[d]) > 0 for d in domains} == {d: True for d in domains}
    assert roles == {"benevole", "stagiaire", "referent", "superviseur", "admin"}


def test_the_review_queue_has_work_in_every_kind(demo: DemoRun):
    """Counted on the projections as of 31 December, as the review queue reads them."""
    today = datetime(YEAR, 12, 31, 23, 59, tzinfo=UTC)
    catalog = demo.app.catalog
    with demo.app.db.read() as session:
        overdue = session.scalar(select(func.count()).select_from(Deadline).where(
            Deadline.status == "open", Deadline.due < END))
        stalled = waiting = 0
        for track in session.scalars(select(Track).where(Track.status == "open")):
            step = catalog.definition(track.definition_id, track.definition_version).step(track.step)
            if step.kind is StepKind.ACTION and step.stall_after \
                    and track.last_event_at + step.stall_after < today:
                stalled += 1
            if step.kind is StepKind.WAITING and step.expected_answer_within \
                    and track.step_since + step.expected_answer_within < today:
                waiting += 1
        no_referent = session.scalar(select(func.count(func.distinct(Track.person_id))).join(
            Person, Person.id == Track.person_id).where(
            Person.referent_id.is_(None), Track.status == "open", Track.definition_id != "parcours"))
        no_contact = session.scalar(select(func.count()).select_from(Person).where(
            Person.last_contact_at < today - timedelta(weeks=8)))
    assert min(overdue, stalled, waiting, no_contact) > 20, (overdue, stalled, waiting, no_contact)
    assert no_referent > 0


def test_every_report_and_export_of_the_demo_says_it_is_fictitious(demo: DemoRun, report,
                                                                   tmp_path):
    assert report.notes[0].startswith("Données fictives de démonstration")
    external = svc.activity_report(demo.app, who(demo.app, "admin"), START, END)
    assert external.notes[0].startswith("Données fictives")
    out = tmp_path / "rapport.md"
    svc.export_report(demo.app, who(demo.app, "sonia"), START, END, "markdown", str(out))
    assert "Données fictives de démonstration" in out.read_text(encoding="utf-8")


def test_a_real_base_says_nothing_of_the_kind(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'vraie.db'}", today=END)
    report = svc.activity_report(app, who(app, "sonia"), START, END)
    app.close()
    assert not any("fictives" in note for note in report.notes)


def test_the_data_is_fictitious_and_free_text_free(demo: DemoRun):
    with demo.app.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Note)) == 0
        assert session.scalar(select(func.count()).select_from(PersonIdentity)) == 0
    aliases = [p.alias for p in svc.list_persons(demo.app, who(demo.app, "sonia"))]
    assert len(aliases) == persons_per_copy()
    assert len(set(aliases)) == len(aliases) and all(len(a.split()) <= 2 for a in aliases)


def test_a_database_with_persons_is_refused_and_left_alone(demo: DemoRun):
    with demo.app.db.read() as session:
        before = session.scalar(select(func.count()).select_from(Person))
    with pytest.raises(InputError, match="contient déjà des personnes"):
        fill_demo(demo.app, who(demo.app, "admin"), year=YEAR)
    with demo.app.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == before
    with pytest.raises(PermissionDenied, match="ne permet pas"):  # a supervisor, signed in
        fill_demo(demo.app, who(demo.app, "sonia"), year=YEAR, force=True)


def test_the_demo_is_its_own_delegation_whose_staff_cannot_sign_in(demo: DemoRun):
    with demo.app.db.read() as session:
        staff = session.scalars(select(User).where(User.name.not_in(["admin", "sonia"]))).all()
    assert staff and all(u.password_hash is None for u in staff)
    assert [d.code for d in svc.list_delegations(demo.app, who(demo.app, "sonia"))] == ["demo-1"]
    assert svc.list_persons(demo.app, who(demo.app, "admin")) == []


def test_every_follow_up_begins_with_a_consent_recorded_through_the_service(demo: DemoRun):
    with demo.app.db.read() as session:
        follows = session.execute(select(Event.person_id, Event.occurred_at).where(
            Event.kind == "transition", Event.trigger == "suivre")).all()
        given = {(c.person_id, c.given_on) for c in session.scalars(
            select(Consent).where(Consent.purpose == "suivi", Consent.withdrawn_at.is_(None)))}
        events = session.scalar(select(func.count()).select_from(Event).where(
            Event.kind == "consent_given"))
    assert follows and {(p, at.date()) for p, at in follows} <= given
    assert events == len(given)
