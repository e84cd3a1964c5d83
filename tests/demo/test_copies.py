"""Bulk copies of a delegation-year (``demo --scale``): as readable, searchable and workable as
the original, sealed with the copies' own keys, moved back to their year."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from core import services as svc
from core.errors import InputError
from core.persistence.access_models import AuditEntry, Delegation
from core.persistence.models import Deadline, Event, Person, PersonKey, Track, User, Visit
from core.services.demo import add_copies, copy_target
from core.services.demo_copies import copy_year, shift_day, shift_json
from core.services.demo_plan import _aliases
from tests.accounts import PASSWORD, add_followed, make_app, who, with_clock
from tests.services.conftest import walk_psp_to_authorised

X = date(2026, 3, 10)
ALIASES = ["Zélie", "Yolande", "Xaviera"]


@pytest.fixture
def app(tmp_path):
    parcours = _world(f"sqlite:///{tmp_path / 'copies.db'}")
    yield parcours
    parcours.close()


@pytest.fixture
def pg_app(pg_url):
    parcours = _world(pg_url)
    yield parcours
    parcours.close()


def _world(url: str):
    parcours = make_app(url, today=date(2026, 9, 11))
    dropin = svc.open_dropin(parcours, who(parcours, "bea"), X).id
    amina = add_followed(parcours, "Amina", first_visit=X)
    svc.start_track(parcours, who(parcours, "camille"), amina, "psp", at=X)
    walk_psp_to_authorised(parcours, amina)
    svc.add_note(parcours, who(parcours, "camille"), amina, "Rendez-vous pris")
    svc.give_consent(parcours, who(parcours, "camille"), amina, "partage", given_on=X,
                     partner="CeGIDD Belleville")
    for person in (amina, svc.add_person(parcours, who(parcours, "bea"), "Binta", first_visit=X).id,
                   svc.add_person(parcours, who(parcours, "bea"), "Chloé", first_visit=X).id):
        svc.record_visit(parcours, who(parcours, "bea"), dropin, person)
    svc.record_anonymous(parcours, who(parcours, "bea"), dropin, 4)
    return parcours


def _reader(app, code: str):
    svc.add_user(app, who(app, "admin"), "nadia", "superviseur", PASSWORD, [code])
    return who(app, "nadia")


@pytest.mark.pg
def test_a_copy_on_postgresql_is_readable_searchable_and_workable(pg_app):
    """Copies go through ``COPY`` on PostgreSQL once a table has enough rows."""
    copy_year(pg_app, who(pg_app, "admin"), 1, 0, ALIASES * 30)
    nadia = _reader(pg_app, "demo-1")
    assert svc.count_persons(pg_app, nadia) == 90
    _readable_searchable_and_workable(pg_app, nadia, repeated=30)


def test_a_copy_is_readable_searchable_and_workable(app):
    copy_year(app, who(app, "admin"), 1, 0, ALIASES)
    _readable_searchable_and_workable(app, _reader(app, "demo-1"))


def _readable_searchable_and_workable(app, nadia, repeated: int = 1) -> None:
    listed = svc.list_persons(app, nadia, limit=1000)
    assert sorted(p.alias for p in listed) == sorted(ALIASES * repeated)
    assert {p.alias for p in svc.list_persons(app, nadia, search="yol")} == {"Yolande"}
    zelie = next(p.id for p in listed if p.alias == "Zélie")
    shown = svc.show_person(app, nadia, zelie)
    assert shown.referent == "camille (1)"
    assert {t.track for t in shown.tracks} == {"parcours", "psp"}
    dues = svc.list_deadlines(app, nadia, zelie)
    assert dues and all(d.explanation for d in dues)
    assert svc.list_actions(app, nadia, zelie)
    done = svc.advance(app, nadia, zelie, "parcours", "mettre_en_pause")
    assert done.step == "en_pause"
    notes = svc.list_notes(app, nadia, zelie, reason="vérification de la copie")
    assert [n.text for n in notes] == ["Rendez-vous pris"]
    consents = {c.purpose: c for c in svc.list_consents(app, nadia, zelie)}
    assert consents["suivi"].status == "active" and consents["suivi"].recorded_by == "camille (1)"
    assert consents["partage"].partner == "CeGIDD Belleville"  # re-sealed with her new key


def test_a_copy_has_its_own_keys_staff_and_drop_ins(app):
    copy_year(app, who(app, "admin"), 1, 0, ALIASES)
    with app.db.read() as session:
        copy = session.scalar(select(Delegation.id).where(Delegation.code == "demo-1"))
        persons = list(session.scalars(select(Person.id).where(Person.delegation_id == copy)))
        keys = session.scalars(select(PersonKey.wrapped).where(PersonKey.person_id.in_(persons)))
        assert len(set(keys)) == 3
        staff = set(session.scalars(select(User.name).where(User.name.like("% (1)"))))
        assert {"camille (1)", "bea (1)"} <= staff
        visits = session.execute(select(Visit.person_id, Visit.count, Visit.dropin_id)
                                 .where(Visit.person_id.in_(persons) | Visit.person_id.is_(None))
                                 ).all()
        assert len([v for v in visits if v.person_id is None]) == 2  # original and copy
        facts = session.scalars(select(Event.facts).where(Event.kind == "visit",
                                                          Event.person_id.in_(persons))).all()
        copied = {v.dropin_id for v in visits if v.person_id in persons}
        assert {f["dropin"] for f in facts} == copied and 1 not in copied
        audits = session.scalar(select(func.count()).select_from(AuditEntry)
                                .where(AuditEntry.operation == "demo.fill"))
        assert audits == 1


def test_a_copy_years_back_moves_every_date(app):
    copy_year(app, who(app, "admin"), 1, 1, ALIASES)
    with app.db.read() as session:
        copy = session.scalar(select(Delegation.id).where(Delegation.code == "demo-1"))
        persons = select(Person.id).where(Person.delegation_id == copy)
        firsts = set(session.scalars(select(Person.first_visit).where(Person.id.in_(persons))))
        dues = set(session.scalars(select(Deadline.due).where(Deadline.person_id.in_(persons))))
        signed = session.scalars(select(Track.facts).where(Track.person_id.in_(persons),
                                                           Track.definition_id == "psp")).one()
    assert firsts == {date(2025, 3, 10)}
    assert dues == {date(2025, 9, 9), date(2027, 3, 9)}
    assert signed["date_signature_document"] == "2025-01-05"
    nadia = _reader(app, "demo-1")
    zelie = next(p.id for p in svc.list_persons(app, nadia) if p.alias == "Zélie")
    assert all(d.start.year == 2025 for d in svc.list_deadlines(app, nadia, zelie))


def test_repeating_the_persons_makes_a_bigger_delegation(app):
    copy_year(app, who(app, "admin"), 1, 0, ALIASES + ["Wanda", "Vera", "Uma"])
    nadia = _reader(app, "demo-1")
    assert svc.count_persons(app, nadia) == 6
    report = svc.activity_report(with_clock(app, date(2026, 12, 31)), nadia, date(2026, 1, 1),
                                 date(2026, 12, 31)).values()
    assert report["passages_anonymes"] == 4 and report["passages_identifies"] == 6
    with pytest.raises(InputError, match="2 pseudonymes pour 3 personnes"):
        copy_year(app, who(app, "admin"), 1, 0, ALIASES[:2])


@pytest.mark.pg
def test_further_years_on_postgresql_reuse_its_staff(pg_app):
    _further_years(pg_app)


def test_further_years_of_a_delegation_reuse_its_staff(app):
    """A national shape: copies into an existing delegation add a year of persons worked by
    the staff an earlier copy wrote (or by the template's own, into its own delegation)."""
    _further_years(app)


def _further_years(app) -> None:
    admin = who(app, "admin")
    copy_year(app, admin, 1, 0, ALIASES, "demo-4")
    copy_year(app, admin, 1, 1, ["Wanda", "Vera", "Uma"], "demo-4")
    nadia = _reader(app, "demo-4")
    with app.db.read() as session:
        users = session.scalar(select(func.count()).select_from(User))
    copy_year(app, admin, 1, 2, ["Quitterie", "Pia", "Odile"], "demo-4")
    copy_year(app, admin, 1, 1, ["Tina", "Sarah", "Rose"], "principale")
    with app.db.read() as session:
        assert session.scalar(select(func.count()).select_from(User)) == users
        camilles = list(session.scalars(select(User.name).where(User.name.like("camille%"))))
        by_code = dict(session.execute(select(Delegation.code, func.count(Person.id)).join(
            Person, Person.delegation_id == Delegation.id).group_by(Delegation.code)).all())
    assert sorted(camilles) == ["camille", "camille (4)"]
    assert by_code == {"principale": 6, "demo-4": 9}
    firsts = {p.alias: p.first_visit for p in svc.list_persons(app, nadia)}
    assert firsts["Zélie"] == X and firsts["Wanda"] == date(2025, 3, 10)
    assert firsts["Odile"] == date(2024, 3, 10)
    with pytest.raises(InputError, match="« principale2 » n'est pas une délégation de démonstration"):
        copy_year(app, admin, 1, 0, ALIASES * 2, "principale2")


def test_copies_shared_between_delegations_go_back_a_year_per_round(app):
    admin = who(app, "admin")
    tally = add_copies(app, admin, 1, range(1, 5), year=2026, delegations=2)
    assert tally.persons == 12 and tally.users == len(_staff_of(app, "demo-1"))
    assert [copy_target("principale", n, 2) for n in range(4)] == [
        "principale", "demo-1", "principale", "demo-1"]
    assert copy_target("demo-3", 2, 3) == "demo-5" and copy_target("demo-3", 2, None) is None
    with app.db.read() as session:
        years = session.execute(select(Delegation.code, func.min(Person.first_visit),
                                       func.count(Person.id), func.count(Person.alias_hash.distinct()))
                                .join(Person, Person.delegation_id == Delegation.id)
                                .group_by(Delegation.code)).all()
    # principale: 2026 and copies 2, 4 (2025, 2024); demo-1: copies 1, 3 (2026, 2025).
    assert sorted(years) == [("demo-1", date(2025, 3, 10), 6, 6),
                             ("principale", date(2024, 3, 10), 9, 9)]


def _staff_of(app, code: str) -> list[str]:
    from core.persistence.access_models import UserDelegation
    with app.db.read() as session:
        return list(session.scalars(select(User.name).join(UserDelegation).join(Delegation)
                                    .where(Delegation.code == code)))


def test_aliases_avoid_the_taken_ones_and_are_unchanged_without():
    from faker import Faker
    import random

    def draw(taken=None):
        fake = Faker("fr_FR")
        fake.seed_instance(7)
        return _aliases(fake, random.Random(7), 200, taken=taken)

    first = draw()
    assert draw() == first == draw(lambda alias: False)
    again = draw(lambda alias: alias in set(first))
    assert len(set(again)) == 200 and not set(again) & set(first)


def test_dates_move_back_whole_years():
    assert shift_day(date(2024, 2, 29), 1) == date(2023, 2, 28)
    assert shift_json({"a": ["2026-03-01", "texte", 3], "b": {"c": "2026-01-31"}}, 2,
                      {"texte": "autre"}) == {"a": ["2024-03-01", "autre", 3],
                                              "b": {"c": "2024-01-31"}}
