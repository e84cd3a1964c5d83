"""Writes safe to retry: the same request id applies once and answers the first result, on
both databases, even when two copies race."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from core import services as svc
from core.errors import InputError
from core.persistence.access_models import RequestRecord
from core.persistence.models import Event, Person
from tests.accounts import PASSWORD, reauth, who


def events(app) -> int:
    with app.db.read() as session:
        return session.scalar(select(func.count()).select_from(Event))


def test_the_same_request_twice_applies_once_and_answers_the_same(any_app):
    camille = who(any_app, "camille").for_request("avance-42")
    person = svc.add_person(any_app, who(any_app, "camille"), "Amina").id
    first = svc.advance(any_app, camille, person, "parcours", "reconnaitre")
    before = events(any_app)
    again = svc.advance(any_app, camille, person, "parcours", "reconnaitre")
    assert again == first and events(any_app) == before
    assert svc.show_person(any_app, who(any_app, "camille"), person).pathway_step == "connue"
    # the keyword says the same as the credential
    assert svc.advance(any_app, who(any_app, "camille"), person, "parcours", "reconnaitre",
                       request_id="avance-42") == first
    rows = svc.list_audit(any_app, who(any_app, "sonia"), person=person)  # newest first
    assert [r.detail.get("replay") for r in rows if r.operation == "track.advance"] == \
        [True, True, False]


def test_a_request_is_the_callers_own_and_per_operation(app):
    person = svc.add_person(app, who(app, "camille").for_request("r1"), "Amina").id
    other = svc.add_person(app, who(app, "bea").for_request("r1"), "Rose").id  # another user
    assert other != person
    svc.advance(app, who(app, "camille").for_request("r1"), person, "parcours", "reconnaitre")
    assert svc.show_person(app, who(app, "camille"), person).pathway_step == "connue"


@pytest.mark.parametrize("bad", ["", "a b", "é", "x" * 65, "\x1b[2J", 42])
def test_a_request_id_is_short_plain_ascii(app, bad):
    before = events(app)
    with pytest.raises(InputError, match="Identifiant de requête invalide"):
        svc.add_person(app, who(app, "bea"), "Amina", request_id=bad)
    assert events(app) == before


def test_a_request_is_forgotten_after_a_day(app):
    bea = who(app, "bea").for_request("lundi")
    first = svc.add_person(app, bea, "Amina").id
    with app.db.write() as session:
        session.execute(update(RequestRecord).values(
            created_at=datetime.now(UTC) - timedelta(days=1, minutes=1)))
    assert svc.add_person(app, bea, "Amina").id != first


def test_the_result_is_kept_sealed_with_her_key_and_goes_with_her(app):
    person = svc.add_person(app, who(app, "bea").for_request("canari"), "CanariAlias").id
    with app.db.read() as session:
        stored = session.scalars(select(RequestRecord)).one()
    assert b"CanariAlias" not in stored.result_enc and stored.person_id == person
    sonia = reauth(app, "sonia")
    svc.erase_person(app, sonia.for_request("effacement-1"), person, "demande de la personne")
    with app.db.read() as session:
        left = session.scalars(select(RequestRecord)).all()
    # only the erasure's own answer is kept (her number and counts), sealed with the base's key
    assert [(r.operation, r.person_id) for r in left] == [("person.erase:erase_person", None)]


@pytest.mark.pg
def test_two_copies_racing_apply_once(pg_app):
    person = svc.add_person(pg_app, who(pg_app, "camille"), "Amina").id
    camille = who(pg_app, "camille").for_request("course")
    start, results, errors = threading.Barrier(2), [], []

    def send() -> None:
        start.wait()
        try:
            results.append(svc.advance(pg_app, camille, person, "parcours", "reconnaitre"))
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(results) == 2 and results[0] == results[1]
    with pg_app.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Event).where(
            Event.person_id == person, Event.kind == "transition")) == 1
        assert session.scalar(select(Person.id).where(Person.id == person)) == person


def _age(app, request_id: str, by: timedelta) -> None:
    with app.db.write() as session:
        session.execute(update(RequestRecord).where(RequestRecord.request_id == request_id)
                        .values(created_at=datetime.now(UTC) - by))


def _kept_ids(app) -> list[str]:
    with app.db.read() as session:
        return sorted(session.scalars(select(RequestRecord.request_id)))


def test_a_day_old_request_of_anyone_goes_at_the_next_request(any_app):
    svc.add_person(any_app, who(any_app, "bea").for_request("lundi"), "Amina")
    svc.add_person(any_app, who(any_app, "bea").for_request("mardi"), "Rose")
    _age(any_app, "lundi", timedelta(days=1, minutes=1))
    _age(any_app, "mardi", timedelta(hours=23))
    # another user's request, under another id: bea's day-old answer goes, the recent stays
    svc.add_person(any_app, who(any_app, "camille").for_request("accueil"), "Lina")
    assert _kept_ids(any_app) == ["accueil", "mardi"]


def test_a_day_old_request_goes_at_the_next_sign_in(any_app):
    svc.add_person(any_app, who(any_app, "bea").for_request("lundi"), "Amina")
    _age(any_app, "lundi", timedelta(days=1, minutes=1))
    svc.sign_in(any_app, "camille", PASSWORD)
    assert _kept_ids(any_app) == []
