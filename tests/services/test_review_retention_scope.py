"""End-of-retention items are the supervisors' (docs/security.md, « Retention »).

A referent's queue listed her persons nearing the end of R1, except those under a legal hold
(the queue leaves them out): two persons last seen the same day, one listed and one not, told
her which was held, which ``person show`` hides from her (``held`` is the supervisors'), and
the item asked her to erase or hold, which only a supervisor does.
"""

from __future__ import annotations

from datetime import date

import pytest

from core import services as svc
from core.errors import NotFound
from tests.accounts import follow, make_app, reauth, who, with_clock

START = date(2024, 1, 10)
NEAR_THE_END = date(2025, 12, 20)
"""Within the 60 days before the end of R1 (two years after the last contact, 10 January)."""


@pytest.fixture
def app(sqlite_url):
    parcours = make_app(sqlite_url, today=START)
    yield parcours
    parcours.close()


def test_a_referent_s_queue_has_no_retention_item_and_so_no_sign_of_a_hold(app):
    camille = who(app, "camille")
    free = svc.add_person(app, camille, "Aya", first_visit=START).id
    held = svc.add_person(app, camille, "Bérénice", first_visit=START).id
    for person in (free, held):
        follow(app, person, day=START.isoformat())
    later = with_clock(app, NEAR_THE_END)
    svc.place_hold(later, reauth(later, "sonia"), held, "procédure en cours")
    assert svc.show_person(later, who(later, "camille"), held).held is None  # not hers to know

    camille = who(later, "camille")
    assert svc.review_queue(later, camille, kinds={"retention"}) == []
    assert svc.review_counts(later, camille)["retention"] == 0
    assert not [i for i in svc.review_queue(later, camille) if i.kind == "retention"]
    key = f"retention:person:{free}:2026-01-10"
    with pytest.raises(NotFound) as refused:
        svc.comment(later, camille, key, "Vue")
    nobody = f"retention:person:{free + 1000}:2026-01-10"
    with pytest.raises(NotFound) as unknown:
        svc.comment(later, camille, nobody, "Vue")
    assert refused.value.msg.replace(key, "K") == unknown.value.msg.replace(nobody, "K")

    sonia = who(later, "sonia")  # hers to act on: erase, or hold
    assert [i.key for i in svc.review_queue(later, sonia, kinds={"retention"})] == [key]
