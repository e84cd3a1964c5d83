"""The review queue: each kind at its boundary day, snooze and return, reassignment."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from core import services as svc
from core.errors import InputError, PermissionDenied
from core.persistence.models import Event
from core.services.app import Parcours
from tests.accounts import add_followed, who, with_clock

from .conftest import walk_psp_to_authorised

X = date(2026, 3, 10)


on = with_clock  # the same base and plugins, evaluated as of another day


def kinds_on(app: Parcours, day: date, kind: str) -> list[str]:
    return [i.key for i in svc.review_queue(on(app, day), who(on(app, day), "sonia"), kinds={kind})]


def boundary(app: Parcours, d: date, kind: str) -> tuple[bool, bool, bool]:
    return tuple(bool(kinds_on(app, d + timedelta(days=k), kind)) for k in (-1, 0, 1))


@pytest.fixture
def authorised(any_app):
    person = add_followed(any_app, "Amina", first_visit=X)
    svc.start_track(any_app, who(any_app, "camille"), person, "psp", at=X)
    walk_psp_to_authorised(any_app, person, decided="2026-03-10")
    return any_app, person


def test_overdue_starts_the_day_after_the_due_date(authorised):
    app, _ = authorised
    due = date(2026, 9, 9)  # psp.autorisation_6m from 10 March 2026: valid until the eve
    assert boundary(app, due, "overdue") == (False, False, True)


def test_due_soon_starts_with_the_warning_window(authorised):
    app, _ = authorised
    warn_from = date(2026, 9, 9) - timedelta(days=56)
    assert boundary(app, warn_from, "due_soon") == (False, True, True)
    item = svc.review_queue(on(app, warn_from), who(on(app, warn_from), "sonia"), kinds={"due_soon"})[0]
    assert (item.track, item.due, item.severity) == ("psp", date(2026, 9, 9), "medium")


def test_stalled_after_more_than_stall_after(any_app):
    person = svc.add_person(any_app, who(any_app, "bea"), "Nour", first_visit=X).id
    svc.advance(any_app, who(any_app, "bea"), person, "parcours", "reconnaitre", at=X)  # connue: 90 days
    assert boundary(any_app, X + timedelta(days=90), "stalled") == (False, False, True)
    item = svc.review_queue(on(any_app, X + timedelta(days=91)), who(any_app, "sonia"), kinds={"stalled"})[0]
    assert (item.alias, item.step, item.since) == ("Nour", "connue", X)


def test_waiting_too_long_says_what_silence_means(any_app):
    person = add_followed(any_app, "Lina")
    svc.start_track(any_app, who(any_app, "camille"), person, "psp", at=X)
    for trigger, facts in [("signer_document", {"date_signature_document": "2026-03-01"}),
                           ("constituer_dossier", {"piece_identite": "oui",
                                                   "attestation_cessation": "oui",
                                                   "domiciliation": "oui"}),
                           ("transmettre", {"date_envoi": "2026-03-10"})]:
        svc.advance(any_app, who(any_app, "camille"), person, "psp", trigger, facts=facts, at=X)
    assert boundary(any_app, X + timedelta(weeks=8), "waiting_too_long") == (False, False, True)
    item = svc.review_queue(on(any_app, X + timedelta(days=57)), who(any_app, "sonia"),
                            kinds={"waiting_too_long"})[0]
    assert "ne vaut pas décision" in item.detail and item.step == "transmis"


def test_no_contact_after_eight_weeks(any_app):
    person = add_followed(any_app, "Sara", first_visit=X)
    svc.start_track(any_app, who(any_app, "camille"), person, "psp", at=X)
    assert boundary(any_app, X + timedelta(weeks=8), "no_contact") == (False, False, True)
    dropin = svc.open_dropin(any_app, who(any_app, "bea"), X + timedelta(days=60))
    later = on(any_app, X + timedelta(days=60))  # the visit is recorded on the day it happens
    svc.record_visit(later, who(later, "bea"), dropin.id, person)
    assert kinds_on(any_app, X + timedelta(days=61), "no_contact") == []


def test_no_referent_while_followed_then_reassigned(any_app):
    person = svc.add_person(any_app, who(any_app, "bea"), "Ines", first_visit=X).id
    assert kinds_on(any_app, X, "no_referent") == []  # met once, not followed
    svc.start_track(any_app, who(any_app, "camille"), person, "psp", at=X)
    assert boundary(any_app, X, "no_referent") == (True, True, True)
    key = kinds_on(any_app, X, "no_referent")[0]
    svc.reassign(on(any_app, X), who(on(any_app, X), "sonia"), key, "camille")
    assert kinds_on(any_app, X, "no_referent") == []
    assert svc.show_person(any_app, who(any_app, "sonia"), person).referent == "camille"
    with any_app.db.read() as session:
        kinds = session.scalars(select(Event.kind).where(Event.person_id == person)).all()
    assert "review_reassign" in kinds


def test_a_reassignment_to_someone_who_cannot_follow_says_who_can(any_app):
    person = svc.add_person(any_app, who(any_app, "bea"), "Ines", first_visit=X).id
    svc.start_track(any_app, who(any_app, "camille"), person, "psp", at=X)
    key = kinds_on(any_app, X, "no_referent")[0]
    with pytest.raises(InputError) as refused:
        svc.reassign(on(any_app, X), who(on(any_app, X), "sonia"), key, "bea")
    text = refused.value.msg
    assert text.startswith("« bea » ne peut pas suivre cette personne")
    assert "(principale)" in text and "« camille »" in text and "« bea »," not in text


def test_snoozed_item_comes_back_on_its_date(authorised):
    app, _ = authorised
    day = date(2026, 9, 11)
    key = kinds_on(app, day, "overdue")[0]
    back = date(2026, 9, 20)
    svc.snooze(on(app, day), who(on(app, day), "sonia"), key, back, "Rendez-vous en préfecture le 18")
    assert kinds_on(app, day, "overdue") == []
    assert kinds_on(app, back - timedelta(days=1), "overdue") == []
    assert kinds_on(app, back, "overdue") == [key]


def test_acknowledged_item_leaves_until_the_situation_changes(any_app):
    person = svc.add_person(any_app, who(any_app, "bea"), "Maya", first_visit=X).id
    svc.advance(any_app, who(any_app, "bea"), person, "parcours", "reconnaitre", at=X)
    later = X + timedelta(days=100)
    key = kinds_on(any_app, later, "stalled")[0]
    svc.acknowledge(on(any_app, later), who(on(any_app, later), "sonia"), key)
    assert kinds_on(any_app, later, "stalled") == []
    svc.advance(on(any_app, later), who(on(any_app, later), "camille"), person, "parcours",
                "mettre_en_pause", at=later)
    assert kinds_on(any_app, later + timedelta(days=91), "stalled") != [key]
    assert len(kinds_on(any_app, later + timedelta(days=91), "stalled")) == 1


def test_an_item_acknowledged_again_is_refused_and_recorded_once(any_app):
    """``review ack KEY`` run twice (or a key pressed twice) wrote two marks and two events:
    the history told of two decisions on one alert."""
    person = svc.add_person(any_app, who(any_app, "bea"), "Maya", first_visit=X).id
    svc.advance(any_app, who(any_app, "bea"), person, "parcours", "reconnaitre", at=X)
    later = X + timedelta(days=100)
    key = kinds_on(any_app, later, "stalled")[0]
    sonia = who(on(any_app, later), "sonia")
    svc.acknowledge(on(any_app, later), sonia, key)
    with pytest.raises(InputError, match="déjà acquittée"):
        svc.acknowledge(on(any_app, later), sonia, key)
    events = svc.history(on(any_app, later), sonia, person)
    assert [e.kind for e in events].count("review_acknowledged") == 1


def test_decisions_are_checked(authorised):
    app, _ = authorised
    day = date(2026, 9, 11)
    key = kinds_on(app, day, "overdue")[0]
    with pytest.raises(InputError, match="postérieure"):
        svc.snooze(on(app, day), who(on(app, day), "sonia"), key, day, "motif")
    with pytest.raises(InputError, match="motif"):
        svc.snooze(on(app, day), who(on(app, day), "sonia"), key, day + timedelta(days=3), " ")
    with pytest.raises(PermissionDenied):
        svc.acknowledge(on(app, day), who(on(app, day), "camille"), key)
    with pytest.raises(InputError):
        svc.reassign(on(app, day), who(on(app, day), "sonia"), key, "bea")
    svc.comment(on(app, day), who(on(app, day), "camille"), key, "Préfecture relancée par téléphone")


def test_filters_by_referent_and_domain(authorised):
    app, person = authorised
    day = date(2026, 9, 11)
    assert kinds_on(app, day, "overdue")
    assert svc.review_queue(on(app, day), who(on(app, day), "sonia"), referent="admin") == []
    with pytest.raises(InputError, match="Aucun compte de vos délégations ne s'appelle « personne »"):
        svc.review_queue(on(app, day), who(on(app, day), "sonia"), referent="personne")
    sonia = who(on(app, day), "sonia")
    assert {i.domain for i in svc.review_queue(on(app, day), sonia, domain="psp")} == {"psp"}
    with pytest.raises(InputError, match="inconnu"):
        svc.review_queue(app, who(app, "sonia"), kinds={"retard"})


def test_the_front_desk_history_shows_no_supervision_decision(any_app):
    """A snooze, a comment or an acknowledgement is the supervision's, as the partner's export
    says by leaving them out: the front desk's history listed them (who, when, on which
    track), a volunteer learning that her file was under review."""
    person = add_followed(any_app, "Sara", first_visit=X)
    later = on(any_app, X + timedelta(weeks=10))
    sonia = who(later, "sonia")
    stalled, no_contact = (kinds_on(any_app, X + timedelta(weeks=10), kind)[0]
                           for kind in ("stalled", "no_contact"))
    svc.snooze(later, sonia, stalled, X + timedelta(weeks=12), "Hospitalisée")
    svc.acknowledge(later, sonia, no_contact)
    svc.comment(later, sonia, no_contact, "Vu en réunion")
    desk = {e.kind for e in svc.history(later, who(later, "bea"), person)}
    assert desk and not {k for k in desk if k.startswith("review_")}
    assert {"review_snoozed", "review_acknowledged", "review_comment"} <= {
        e.kind for e in svc.history(later, who(later, "camille"), person)}
