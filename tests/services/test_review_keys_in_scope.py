"""A review decision stays within what the caller's queue shows, on a replay too.

A referent could comment on the file of a person another referent follows, through a key of
the front-desk kind « no referent » that no queue showed for her (she has one); and a
referent's decision replayed under its request id passed no check once the person was given
to another referent, where a fresh call is refused as an unknown item.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from core import services as svc
from core.errors import NotFound
from core.persistence.models import Event, Note
from tests.accounts import PASSWORD, add_followed, who


def _written(app, person) -> tuple[int, int]:
    with app.db.read() as session:
        return tuple(session.scalar(select(func.count()).select_from(model)  # type: ignore[return-value]
                                    .where(model.person_id == person)) or 0
                     for model in (Note, Event))


def test_a_no_referent_key_about_a_followed_person_is_refused_as_unknown(app):
    svc.add_user(app, who(app, "admin"), "rachid", "referent", PASSWORD, ["principale"])
    hers = add_followed(app)  # camille's
    rachid = who(app, "rachid")
    before = _written(app, hers)
    with pytest.raises(NotFound) as refused:
        svc.comment(app, rachid, f"no_referent:person:{hers}", "Relance faite")
    with pytest.raises(NotFound) as unknown:
        svc.comment(app, rachid, f"no_referent:person:{hers + 1000}", "Relance faite")
    assert refused.value.msg.replace(str(hers), "N") == \
        unknown.value.msg.replace(str(hers + 1000), "N")
    assert _written(app, hers) == before
    unfollowed = svc.add_person(app, who(app, "bea"), "Rose").id  # no referent: his to see
    svc.comment(app, rachid, f"no_referent:person:{unfollowed}", "Relance faite")


def test_a_decision_replayed_after_the_person_was_given_to_another_is_refused(app):
    svc.add_user(app, who(app, "admin"), "rachid", "referent", PASSWORD, ["principale"])
    person = add_followed(app)  # camille's
    key = f"no_contact:person:{person}:2026-03-01"
    camille = who(app, "camille").for_request("revue-1")
    svc.comment(app, camille, key, "Vue en entretien")
    assert svc.comment(app, camille, key, "Vue en entretien") is None  # still hers: answered
    svc.reassign(app, who(app, "sonia"), key, "rachid")
    before = _written(app, person)
    with pytest.raises(NotFound):
        svc.comment(app, who(app, "camille"), key, "Vue en entretien")  # a fresh call
    with pytest.raises(NotFound):
        svc.comment(app, camille, key, "Vue en entretien")
    assert _written(app, person) == before
