"""A referent reads the persons she does not follow as the front desk does: whether they have
a referent, not who (``person show``, the history). Their consent to follow-up, which she reads
and may withdraw, named whoever recorded it, most often that referent."""

from __future__ import annotations

import pytest

from core import services as svc
from tests.accounts import USERS, add_followed, make_app, who
from tests.services.conftest import TODAY


@pytest.fixture
def app(sqlite_url):
    parcours = make_app(sqlite_url, today=TODAY, users={**USERS, "zelda": "referent"})
    yield parcours
    parcours.close()


def test_another_referent_reads_who_recorded_a_consent_by_role(app):
    person = add_followed(app, referent="zelda")
    camille = who(app, "camille")  # a referent who does not follow her
    for shown in (svc.show_person(app, camille, person).consents,
                  svc.list_consents(app, camille, person)):
        assert shown and {c.recorded_by for c in shown} == {"référent·e"}
    withdrawn = svc.withdraw_consent(app, camille, person, shown[0].id)
    # What she did herself she reads by her name: it tells her nothing of who follows her.
    assert (withdrawn.recorded_by, withdrawn.withdrawn_by) == ("référent·e", "camille")
    # Her own referent and the supervisors still read the names.
    assert svc.list_consents(app, who(app, "zelda"), person)[0].recorded_by == "zelda"
    assert svc.list_consents(app, who(app, "sonia"), person)[0].withdrawn_by == "camille"


def test_her_own_acts_in_a_file_she_does_not_follow_keep_her_name(app):
    person = add_followed(app, referent="zelda")
    camille = who(app, "camille")
    svc.record_visit(app, camille, svc.open_dropin(app, camille, app.today()).id, person)
    actors = {(e.kind, e.actor) for e in svc.history(app, camille, person)}
    assert ("visit", "camille") in actors and "zelda" not in {a for _, a in actors}, actors
