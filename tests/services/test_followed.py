"""``persons.followed``: kept equal to her tracks (an open domain track, or her pathway at
individual follow-up) by every writer, filled by its migration, read by the review queue."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from core import services as svc
from core.persistence.models import Person
from core.services import followed as followed_service
from core.services.followed import condition
from tests.accounts import add_followed, reauth, who, with_clock
from tests.integration.keys_world import _csv
from tests.services.conftest import TODAY


def projection(app) -> dict[int, tuple[bool, bool]]:
    """Each person's (projection, what her tracks say)."""
    with app.db.read() as session:
        return {pid: (bool(kept), bool(exact)) for pid, kept, exact in session.execute(
            select(Person.id, Person.followed, condition(Person.id)))}


def followed(app, person: int) -> bool:
    kept, exact = projection(app)[person]
    assert kept == exact, f"person {person}: projection {kept}, tracks {exact}"
    return kept


def _life(app) -> dict[str, int]:
    """Persons through every kind of write that changes whether they are followed."""
    camille = who(app, "camille")
    known = svc.add_person(app, who(app, "bea"), "Amina").id
    assert not followed(app, known)
    sonia = who(app, "sonia")
    svc.start_track(app, sonia, known, "psp")  # a domain track: followed
    assert followed(app, known)
    svc.advance(app, sonia, known, "psp", "abandonner",
                facts={"motif_cloture": "autre"})
    assert not followed(app, known)
    paused = add_followed(app, "Binta")  # the pathway's individual follow-up
    assert followed(app, paused)
    svc.advance(app, camille, paused, "parcours", "mettre_en_pause")
    assert not followed(app, paused)
    svc.advance(app, camille, paused, "parcours", "reprendre_suivi")
    assert followed(app, paused)
    svc.start_track(app, camille, paused, "psp")  # her other tracks count: still followed
    svc.advance(app, camille, paused, "psp", "abandonner", facts={"motif_cloture": "autre"})
    assert followed(app, paused)
    closed = add_followed(app, "Chloé")
    svc.advance(app, camille, closed, "parcours", "clore", facts={"motif_cloture": "autre"})
    assert not followed(app, closed)
    erased = add_followed(app, "Dina")
    svc.start_track(app, camille, erased, "psp")
    svc.erase_person(app, reauth(app, "sonia"), erased, "demande de la personne")
    assert not followed(app, erased)
    svc.import_bytes(app, who(app, "sonia"), "personnes", _csv(3), "liste.csv")
    return {"known": known, "paused": paused, "closed": closed, "erased": erased}


def test_every_writer_keeps_the_projection(app):
    _life(app)
    kept = projection(app)
    assert len(kept) == 7 and all(mine == exact for mine, exact in kept.values())
    assert sum(mine for mine, _ in kept.values()) == 1  # Binta alone


def test_the_no_contact_review_reads_followed_persons(app):
    people = _life(app)
    later = svc.review_queue(app, who(app, "sonia"), kinds={"no_contact"})
    assert later == []  # nobody unseen yet
    months = with_clock(app, TODAY + timedelta(days=400))
    found = {i.person_id for i in svc.review_queue(months, who(months, "sonia"),
                                                   kinds={"no_contact"})}
    assert found == {people["paused"]}


@pytest.mark.pg
def test_two_simultaneous_changes_on_postgresql_leave_it_exact(pg_app, monkeypatch):
    """Her pathway paused while her only domain track is abandoned, at the same moment: each
    alone would leave her followed (the other track still open). The second locks her row as
    it reads her file, so it reads the first one's change: not followed."""
    app = pg_app
    person = add_followed(app, "Amina")
    svc.start_track(app, who(app, "camille"), person, "psp")
    assert followed(app, person)
    computed, real_after = threading.Event(), followed_service.after

    def slow_after(*args, **kwargs):
        answer = real_after(*args, **kwargs)
        if threading.current_thread().name == "first":
            computed.set()
            time.sleep(0.6)  # her row locked, this transaction not yet committed
        return answer

    monkeypatch.setattr(followed_service, "after", slow_after)
    first = threading.Thread(name="first", target=lambda: svc.advance(
        app, who(app, "camille"), person, "parcours", "mettre_en_pause"))
    first.start()
    assert computed.wait(10)
    svc.advance(app, who(app, "sonia"), person, "psp", "abandonner",
                facts={"motif_cloture": "autre"})
    first.join(10)
    assert not followed(app, person)
