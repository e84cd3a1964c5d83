"""Notes: everyone at the front desk may add one; only caseworkers and the admin read them."""

from __future__ import annotations

import pytest

from core import services as svc
from core.errors import InputError, NotFound, PermissionDenied


@pytest.fixture
def person(app) -> int:
    return svc.add_person(app, "bea", "Amina").id


def test_a_volunteer_adds_a_note_that_a_referent_reads(app, person):
    note = svc.add_note(app, "bea", person, "  A besoin d'un rendez-vous santé.  ")
    assert (note.author, note.text, note.sensitivity, note.track) == (
        "bea", "A besoin d'un rendez-vous santé.", "restricted", None)
    listed = svc.list_notes(app, "camille", person)
    assert [n.text for n in listed] == ["A besoin d'un rendez-vous santé."]


@pytest.mark.parametrize("user", ["bea", "sam"])
def test_volunteers_and_interns_cannot_read_notes(app, person, user):
    svc.add_note(app, user, person, "vu ce jour")
    with pytest.raises(PermissionDenied):
        svc.list_notes(app, user, person)


@pytest.mark.parametrize("user", ["camille", "sonia", "admin"])
def test_caseworkers_and_admin_read_notes(app, person, user):
    svc.add_note(app, "bea", person, "vu ce jour")
    assert len(svc.list_notes(app, user, person)) == 1


def test_notes_are_newest_first_with_their_track(app, person):
    svc.add_note(app, "camille", person, "première")
    svc.add_note(app, "camille", person, "seconde", track="parcours")
    listed = svc.list_notes(app, "camille", person)
    assert [(n.text, n.track) for n in listed] == [("seconde", "parcours"), ("première", None)]


@pytest.mark.parametrize("text", ["", "   ", "x" * 5001, "nul\x00", "\ud800"])
def test_bad_texts_are_refused(app, person, text):
    with pytest.raises(InputError):
        svc.add_note(app, "bea", person, text)
    assert svc.list_notes(app, "camille", person) == []


def test_note_on_an_unknown_person_or_track(app, person):
    with pytest.raises(NotFound):
        svc.add_note(app, "bea", 999, "texte")
    with pytest.raises(NotFound):
        svc.add_note(app, "bea", person, "texte", track="psp")


def test_sign_in_choices_list_active_users_with_their_role(app):
    from sqlalchemy import update

    from core.persistence.models import User
    with app.db.write() as session:
        session.execute(update(User).where(User.name == "sam").values(active=False))
    choices = {u.name: u.role for u in svc.sign_in_choices(app)}
    assert choices == {"admin": "admin", "bea": "benevole", "camille": "referent",
                       "sonia": "superviseur"}
    assert svc.sign_in(app, "camille").role == "referent"
    for name in ("sam", "inconnu"):
        with pytest.raises(PermissionDenied):
            svc.sign_in(app, name)


def test_sign_in_on_a_database_never_initialised_says_to_run_init(sqlite_url):
    from core.errors import PersistenceError
    from core.persistence.database import Database
    from core.services.app import Parcours
    from core.services.signin import sign_in_choices

    with pytest.raises(PersistenceError, match="parcours init"):
        sign_in_choices(Parcours(Database(sqlite_url)))
