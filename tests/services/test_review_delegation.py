"""A supervisor of several delegations narrows the review queue to one of them (issue 11 §3:
the delegation is a filter of the query, beside referent, domain and kind); another
delegation's code is refused."""

from __future__ import annotations

from datetime import date

import pytest

from core import services as svc
from core.errors import PermissionDenied
from tests.accounts import who

X = date(2026, 3, 10)


@pytest.fixture
def two(any_app):
    admin = who(any_app, "admin")
    svc.add_delegation(any_app, admin, "lyon", "Lyon")
    svc.set_delegations(any_app, admin, "sonia", ["principale", "lyon"])
    sonia = who(any_app, "sonia")
    found = {}
    for alias, code in (("Ines", "principale"), ("Lou", "lyon"), ("Maya", "lyon")):
        person = svc.add_person(any_app, sonia, alias, first_visit=X, delegation=code).id
        svc.start_track(any_app, sonia, person, "psp", at=X)  # followed, no referent
        found[alias] = person
    return any_app, found


def _persons(items) -> set[int]:
    return {i.person_id for i in items}


def test_the_queue_and_its_counts_narrow_to_one_delegation(two):
    app, p = two
    sonia = who(app, "sonia")
    every = svc.review_queue(app, sonia, kinds={"no_referent"})
    assert _persons(every) == set(p.values())
    lyon = svc.review_queue(app, sonia, kinds={"no_referent"}, delegation="lyon")
    assert _persons(lyon) == {p["Lou"], p["Maya"]}
    assert _persons(svc.review_queue(app, sonia, kinds={"no_referent"},
                                     delegation="principale")) == {p["Ines"]}
    assert svc.review_counts(app, sonia, kinds={"no_referent"}, delegation="lyon") == {
        "no_referent": 2}
    first = svc.review_queue(app, sonia, kinds={"no_referent"}, delegation="lyon", limit=1)
    rest = svc.review_queue(app, sonia, kinds={"no_referent"}, delegation="lyon", limit=5,
                            after=first[0].cursor)
    assert _persons(first) | _persons(rest) == {p["Lou"], p["Maya"]}


def test_a_delegation_not_hers_is_refused(two):
    app, _ = two
    camille = who(app, "camille")  # a referent of principale: her own items there
    assert svc.review_queue(app, camille, delegation="principale") == svc.review_queue(
        app, camille)
    with pytest.raises(PermissionDenied, match="lyon"):
        svc.review_queue(app, who(app, "camille"), delegation="lyon")
