"""Copies of the demo two years back and more are aged: their pathways ended, through the
services, during the following year; copies further back are copies of that aged year."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.definitions.model import Role
from core.persistence.access_models import Delegation, UserDelegation
from core.persistence.models import (Deadline, Event, Person, ReportAggregate, Track, User)
from core.plugins import build_plugin_host
from core.services import report_aggregates
from core.services.demo import fill_demo
from core.services.demo_aging import closing_path
from core.services.demo_copies import copy_year
from tests.accounts import make_app, who
from tests.demo.conftest import BUNDLED
from tests.demo.test_copies import ALIASES, _world

CASEWORK = frozenset({Role.REFERENT, Role.SUPERVISEUR})
NEW_YEAR = datetime(2025, 1, 1, tzinfo=UTC)


@pytest.fixture
def app(tmp_path):
    parcours = _world(f"sqlite:///{tmp_path / 'aged.db'}")
    yield parcours
    parcours.close()


def _persons(session, code: str) -> list[int]:
    delegation = session.scalar(select(Delegation.id).where(Delegation.code == code))
    return list(session.scalars(select(Person.id).where(Person.delegation_id == delegation)
                                .order_by(Person.id)))


def _open(session, persons: list[int]) -> tuple[int, int]:
    tracks = session.scalar(select(func.count()).select_from(Track).where(
        Track.person_id.in_(persons), Track.status == "open"))
    deadlines = session.scalar(select(func.count()).select_from(Deadline).where(
        Deadline.person_id.in_(persons), Deadline.status == "open"))
    return tracks, deadlines


def _aggregates(app) -> dict[tuple[int, str, str], Decimal]:
    with Session(app.db.engine) as session:
        return {(r.delegation_id, r.month, r.figure): Decimal(r.value)
                for r in session.scalars(select(ReportAggregate))}


def test_the_shortest_way_out_checks_nothing_when_it_can():
    catalog = build_plugin_host(allow=BUNDLED).catalog
    parcours, psp = catalog.definition("parcours"), catalog.definition("psp")
    assert [t.trigger for t in closing_path(parcours, "premier_accueil", CASEWORK)] == ["clore"]
    assert [t.trigger for t in closing_path(psp, "transmis", CASEWORK)] == ["abandonner"]
    # An authorised PSP has no unchecked way out: the first declared end, checks included.
    assert [t.trigger for t in closing_path(psp, "autorise", CASEWORK)] == ["finir_anticipee"]
    assert closing_path(psp, "transmis", frozenset({Role.BENEVOLE})) is None
    assert closing_path(parcours, "clos", CASEWORK) == ()


@pytest.fixture
def pg_app(pg_url):
    parcours = _world(pg_url)
    yield parcours
    parcours.close()


@pytest.mark.pg
def test_an_aged_copy_on_postgresql_ends_every_pathway_the_year_after(pg_app):
    test_an_aged_copy_ends_every_pathway_the_year_after(pg_app)


def test_an_aged_copy_ends_every_pathway_the_year_after(app):
    admin = who(app, "admin")
    with app.db.read() as session:
        original = _open(session, _persons(session, "demo-1") or
                         list(session.scalars(select(Person.id))))
    aged = copy_year(app, admin, 1, 2, ALIASES, ended_in=2025)
    with app.db.read() as session:
        persons = _persons(session, "demo-1")
        assert len(persons) == 3 and sorted(p["id"] for p in aged.rows["persons"]) == persons
        assert _open(session, persons) == (0, 0)
        assert original[0] > 0 and _open(session, list(session.scalars(
            select(Person.id).where(Person.id.not_in(persons))))) == original
        ends = session.execute(
            select(Event.person_id, Event.occurred_at, Event.actor_role, User.name)
            .join(User, User.id == Event.actor_id)
            .where(Event.person_id.in_(persons), Event.occurred_at >= NEW_YEAR)).all()
        assert ends and {e.occurred_at.year for e in ends} == {2025}
        assert {e.actor_role for e in ends} <= {"referent", "superviseur"}
        members = set(session.scalars(select(User.name).join(UserDelegation).join(
            Delegation, Delegation.id == UserDelegation.delegation_id)
            .where(Delegation.code == "demo-1")))
        assert {e.name for e in ends} <= members
        before = dict(session.execute(select(Event.person_id, func.max(Event.occurred_at))
                                      .where(Event.person_id.in_(persons),
                                             Event.occurred_at < NEW_YEAR)
                                      .group_by(Event.person_id)).all())
        assert all(e.occurred_at > before[e.person_id] for e in ends)
    # Read back as a template: the copy's persons, its staff under the template's names.
    assert {u["name"] for u in aged.staff} >= {"camille", "bea"}
    assert all(not t["status"] == "open" for t in aged.rows["tracks"])
    # Its figures are those a rebuild computes from its rows (kept by the transitions).
    kept = _aggregates(app)
    with app.db.write() as session:
        report_aggregates.rebuild(session)
    assert _aggregates(app) == kept


def test_copies_of_the_aged_year_are_ended_too_and_moved_back(app):
    admin = who(app, "admin")
    aged = copy_year(app, admin, 1, 2, ALIASES, ended_in=2025)
    copy_year(app, admin, aged, 1, ["Wilma", "Vanille", "Ursule"], "demo-2")
    with app.db.read() as session:
        persons = _persons(session, "demo-2")
        assert len(persons) == 3 and _open(session, persons) == (0, 0)
        years = {at.year for at in session.scalars(
            select(Event.occurred_at).where(Event.person_id.in_(persons)))}
        staff = set(session.scalars(select(User.name).join(UserDelegation).join(
            Delegation, Delegation.id == UserDelegation.delegation_id)
            .where(Delegation.code == "demo-2")))
    assert years == {2023, 2024}
    assert "camille (2)" in staff and not any(name.count("(") > 1 for name in staff)


@pytest.mark.slow
def test_a_demo_of_several_years_keeps_two_years_open(tmp_path):
    host = build_plugin_host(allow=BUNDLED)
    app = make_app(f"sqlite:///{tmp_path / 'years.db'}", today=date(2025, 12, 31), host=host,
                   users={"admin": "admin"})
    try:
        summary = fill_demo(app, who(app, "admin"), year=2025, scale=4, delegations=1)
        assert summary.refusals == () and summary.years == (2022, 2023, 2024, 2025)
        with app.db.read() as session:
            opened = session.scalar(select(func.count()).select_from(Track)
                                    .where(Track.status == "open"))
            stale = session.scalar(select(func.count()).select_from(Track).where(
                Track.status == "open", Track.last_event_at < datetime(2023, 1, 1, tzinfo=UTC)))
            overdue = session.scalar(select(func.count()).select_from(Deadline).where(
                Deadline.status == "open", Deadline.due < date(2024, 1, 1)))
        assert opened > 0 and stale == 0 and overdue == 0
    finally:
        app.close()
