"""Closing a drop-in: its frozen summary, needs per domain, and no visit after closing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from core import services as svc
from core.errors import InputError, NotFound
from tests.accounts import who

DAY = date(2026, 3, 10)


@pytest.fixture
def dropin(app) -> int:
    return svc.open_dropin(app, who(app, "bea"), DAY, volunteers=[("Marie", Decimal("3")),
                                                        ("Paul", Decimal("2.5"))]).id


def test_summary_counts_visits_anonymous_new_people_and_hours(app, dropin):
    earlier = svc.open_dropin(app, who(app, "bea"), date(2026, 3, 3)).id
    known = svc.add_person(app, who(app, "bea"), "Amina").id
    svc.record_visit(app, who(app, "bea"), earlier, known)
    newcomer = svc.add_person(app, who(app, "bea"), "Zoé", first_visit=DAY).id
    svc.record_visit(app, who(app, "bea"), dropin, known, needs={"psp": True, "parcours": False})
    svc.record_visit(app, who(app, "bea"), dropin, newcomer, needs={"psp": True})
    svc.record_anonymous(app, who(app, "bea"), dropin, 2, needs={"parcours": True})
    svc.record_anonymous(app, who(app, "bea"), dropin)
    view = svc.close_dropin(app, who(app, "bea"), dropin)
    assert view.closed_at is not None
    summary = view.summary
    assert (summary.visits, summary.anonymous, summary.new_people) == (2, 3, 1)
    assert (summary.volunteers, summary.volunteer_hours) == (2, 5.5)
    assert summary.needs == {"parcours": 2, "psp": 2}
    again = next(d for d in svc.list_dropins(app, who(app, "sam")) if d.id == dropin)
    assert again.summary == summary and again.closed_at == view.closed_at


def test_needs_are_stored_on_the_visit(app, dropin):
    from sqlalchemy import select

    from core.persistence.models import Visit
    person = svc.add_person(app, who(app, "bea"), "Amina").id
    svc.record_visit(app, who(app, "bea"), dropin, person, needs={"psp": True, "parcours": False})
    svc.record_visit(app, who(app, "bea"), dropin, svc.add_person(app, who(app, "bea"), "Léa").id)
    with app.db.read() as session:
        stored = [v.needs for v in session.scalars(select(Visit).order_by(Visit.id))]
    assert stored == [{"psp": True}, None]


def test_a_need_in_an_unknown_domain_is_refused(app, dropin):
    person = svc.add_person(app, who(app, "bea"), "Amina").id
    with pytest.raises(InputError, match="domaine inconnu"):
        svc.record_visit(app, who(app, "bea"), dropin, person, needs={"cuisine": True})
    assert svc.list_dropins(app, who(app, "bea"))[0].identified_visits == 0


def test_a_closed_dropin_takes_no_more_visits_and_closes_once(app, dropin):
    person = svc.add_person(app, who(app, "bea"), "Amina").id
    svc.close_dropin(app, who(app, "sam"), dropin)
    for attempt in (lambda: svc.record_visit(app, who(app, "bea"), dropin, person),
                    lambda: svc.record_anonymous(app, who(app, "bea"), dropin),
                    lambda: svc.close_dropin(app, who(app, "bea"), dropin)):
        with pytest.raises(InputError, match="déjà close"):
            attempt()
    assert svc.list_dropins(app, who(app, "bea"))[0].summary.visits == 0


def test_closing_an_unknown_dropin(app):
    with pytest.raises(NotFound):
        svc.close_dropin(app, who(app, "bea"), 999)


def test_an_empty_dropin_closes_with_zeros(app):
    view = svc.close_dropin(app, who(app, "bea"), svc.open_dropin(app, who(app, "bea"), DAY).id)
    assert view.summary.model_dump() == {"visits": 0, "anonymous": 0, "new_people": 0,
                                         "volunteers": 0, "volunteer_hours": 0.0, "needs": {}}


def test_a_visit_of_a_person_of_another_delegation_is_refused_with_both_codes(app):
    """A national account types a number of another delegation: refused, naming both, and
    nothing written (her first visit would count in one delegation, the visit in another)."""
    admin = who(app, "admin")
    svc.add_delegation(app, admin, "lyon", "Lyon")
    svc.set_delegations(app, admin, "sonia", ["principale", "lyon"])
    sonia = who(app, "sonia")
    here = svc.open_dropin(app, sonia, DAY, delegation="principale").id
    there = svc.add_person(app, sonia, "Lou", delegation="lyon").id
    with pytest.raises(InputError, match=rf"n° {there} est suivie par la délégation « lyon » "
                                         rf"et la permanence n° {here} est celle de "
                                         r"« principale »"):
        svc.record_visit(app, sonia, here, there)
    assert svc.show_person(app, sonia, there).first_visit is None
    assert svc.close_dropin(app, sonia, here).summary.visits == 0
    lyon = svc.open_dropin(app, sonia, DAY, delegation="lyon").id
    assert svc.record_visit(app, sonia, lyon, there).id == lyon


def test_new_people_are_those_whose_first_visit_is_that_day_as_the_report_counts(app, dropin):
    """A person met before (her first visit typed on `person add`, an outreach in February)
    who comes on the drop-in's day is not new: the report counts new persons by their first
    visit, and the summary said 2 where the day's report says 1."""
    bea = who(app, "bea")
    met = svc.add_person(app, bea, "Amina", first_visit=date(2026, 2, 17)).id
    newcomer = svc.add_person(app, bea, "Zoé").id
    svc.record_visit(app, bea, dropin, met)
    svc.record_visit(app, bea, dropin, newcomer)
    later = svc.open_dropin(app, bea, DAY).id  # the evening session, the same day
    svc.record_visit(app, bea, later, newcomer)
    new = svc.close_dropin(app, bea, dropin).summary.new_people
    assert new == svc.activity_report(app, who(app, "sonia"), DAY, DAY).figure(
        "personnes_nouvelles").value == 1
    assert svc.close_dropin(app, bea, later).summary.new_people == 0
