"""Notes: everyone at the front desk may add one; only the person's referent and the
supervisors of her delegation read them, restricted ones once the password is confirmed
(referent) or with a reason (supervisor not following her)."""

from __future__ import annotations

import pytest

from core import services as svc
from core.errors import InputError, NotFound, PermissionDenied
from tests.accounts import follow, reauth, who
from tests.cli_runner import Cli


@pytest.fixture
def person(app) -> int:
    found = svc.add_person(app, who(app, "bea"), "Amina").id
    follow(app, found, "camille")
    return found


def test_a_volunteer_adds_a_note_that_the_referent_reads_after_confirming(app, person):
    note = svc.add_note(app, who(app, "bea"), person, "  A besoin d'un rendez-vous santé.  ")
    assert (note.author, note.text, note.sensitivity, note.track) == (
        "bea", "A besoin d'un rendez-vous santé.", "restricted", None)
    locked = svc.list_notes(app, who(app, "camille"), person)
    assert [(n.text, n.locked) for n in locked] == [(None, True)]
    opened = svc.list_notes(app, reauth(app, "camille"), person)
    assert [n.text for n in opened] == ["A besoin d'un rendez-vous santé."]


def test_a_note_marked_sensitive_needs_no_confirmation(app, person):
    svc.add_note(app, who(app, "bea"), person, "vu ce jour", sensitivity="sensitive")
    assert [n.text for n in svc.list_notes(app, who(app, "camille"), person)] == ["vu ce jour"]


@pytest.mark.parametrize("user", ["bea", "sam", "admin"])
def test_volunteers_interns_and_the_admin_cannot_read_notes(app, person, user):
    svc.add_note(app, who(app, "bea"), person, "vu ce jour")
    with pytest.raises(PermissionDenied):
        svc.list_notes(app, who(app, user), person)


def test_a_supervisor_opens_restricted_notes_with_a_reason(app, person):
    svc.add_note(app, who(app, "bea"), person, "vu ce jour")
    assert svc.list_notes(app, who(app, "sonia"), person)[0].locked
    opened = svc.list_notes(app, who(app, "sonia"), person, reason="Remplacement de Camille")
    assert opened[0].text == "vu ce jour"


def test_a_referent_does_not_read_the_notes_of_persons_she_does_not_follow(app):
    other = svc.add_person(app, who(app, "bea"), "Nour").id
    svc.add_note(app, who(app, "bea"), other, "vu ce jour", sensitivity="ordinary")
    with pytest.raises(PermissionDenied):
        svc.list_notes(app, reauth(app, "camille"), other)


def test_notes_are_newest_first_with_their_track(app, person):
    svc.add_note(app, who(app, "camille"), person, "première", sensitivity="sensitive")
    svc.add_note(app, who(app, "camille"), person, "seconde", track="parcours",
                 sensitivity="sensitive")
    listed = svc.list_notes(app, who(app, "camille"), person)
    assert [(n.text, n.track) for n in listed] == [("seconde", "parcours"), ("première", None)]


@pytest.mark.parametrize("text", ["", "   ", "x" * 5001, "nul\x00", "\ud800", "osc\x1b]52;c;SGk=\x07"])
def test_bad_texts_are_refused(app, person, text):
    with pytest.raises(InputError):
        svc.add_note(app, who(app, "bea"), person, text)
    assert svc.list_notes(app, who(app, "camille"), person) == []


def test_note_on_an_unknown_person_or_track(app, person):
    with pytest.raises(NotFound):
        svc.add_note(app, who(app, "bea"), 999, "texte")
    with pytest.raises(NotFound):
        svc.add_note(app, who(app, "camille"), person, "texte", track="psp")


def test_a_note_is_not_written_on_a_closed_track_named_by_its_number(app, person):
    """A closed track named by its number took a note (by its definition, only the open one
    is found): refused as a number of none of her open tracks, on the command line too."""
    camille = who(app, "camille")
    psp = svc.start_track(app, camille, person, "psp").id
    svc.advance(app, camille, person, "psp", "abandonner",
                facts={"motif_cloture": "souhait_personne"})
    for ref in (str(psp), "psp"):
        with pytest.raises(NotFound, match="ouverte"):
            svc.add_note(app, camille, person, "après la clôture", track=ref,
                         sensitivity="sensitive")
    assert svc.list_notes(app, camille, person) == []
    pathway = svc.show_person(app, camille, person).tracks[0].id
    on_pathway = svc.add_note(app, camille, person, "toujours ouvert", track=str(pathway),
                              sensitivity="sensitive")
    assert on_pathway.track == "parcours"


def test_the_command_line_refuses_a_note_on_a_closed_track(cli: Cli):
    person = cli.json("person", "add", "Amina", user="camille")["id"]
    cli.ok("consent", "give", person, "suivi", "--date", "2026-03-01", user="camille")
    cli.ok("advance", person, "parcours", "suivre", "--set", "referent=camille", user="camille")
    psp = cli.json("track", "start", person, "psp", user="camille")["id"]
    cli.ok("advance", person, "psp", "abandonner", "--set", "motif_cloture=souhait_personne",
           user="camille")
    cli.fails("note", "add", person, "après la clôture", "--track", psp, user="camille",
              code=1, match="ouverte")
