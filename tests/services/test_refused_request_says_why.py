"""A write refused under a request id says why, once.

Under a request id, a refused write is tried again as a replay (another copy of the same
request may have applied meanwhile). When none had, the caller read « Enregistrement refusé :
les données ne respectent pas les règles de la base », a damaged base in her eyes, instead of
the refusal itself, and the audit log held two refusals for one call.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from core import services as svc
from core.errors import ParcoursError, TransitionRefused, UnknownTrigger
from core.persistence.access_models import AuditEntry
from tests.accounts import who


def _audit_rows(app) -> int:
    with app.db.read() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry))


@pytest.mark.parametrize("trigger, error", [("voler", UnknownTrigger),
                                            ("reprendre", TransitionRefused)])
def test_a_refusal_under_a_request_id_is_the_refusal_itself(any_app, trigger, error):
    person = svc.add_person(any_app, who(any_app, "camille"), "Amina").id
    with pytest.raises(ParcoursError) as plain:
        svc.advance(any_app, who(any_app, "camille"), person, "parcours", trigger)
    before = _audit_rows(any_app)
    with pytest.raises(ParcoursError) as asked:
        svc.advance(any_app, who(any_app, "camille").for_request("essai-1"), person,
                    "parcours", trigger)
    assert type(asked.value) is type(plain.value) and issubclass(type(asked.value), error)
    assert str(asked.value) == str(plain.value)
    assert _audit_rows(any_app) == before + 1


def test_one_request_id_does_not_answer_for_another_body_of_the_same_service(app):
    """``place_hold`` and ``lift_hold`` share the policy name ``person.hold``: lifting under
    the request id that placed the hold answered « placed » and lifted nothing."""
    person = svc.add_person(app, who(app, "camille"), "Amina").id
    sonia = who(app, "sonia").for_request("garde-1")
    placed = svc.place_hold(app, sonia, person, "contentieux prud'homal en cours")
    lifted = svc.lift_hold(app, sonia, person)
    assert placed.lifted_at is None and lifted.lifted_at is not None
    assert svc.lift_hold(app, sonia, person) == lifted  # its own replay still answers
