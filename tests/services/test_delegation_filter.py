"""A supervisor of several delegations narrows the review queue (issue 11 §3: the delegation
is a filter of the query, beside referent, domain and kind), the persons and the deadlines to
one of them; another delegation's code is refused."""

from __future__ import annotations

from datetime import date

import pytest

from core import services as svc
from core.errors import PermissionDenied
from tests.accounts import who, with_clock
from tests.statements import sent

from .conftest import walk_psp_to_authorised

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
        walk_psp_to_authorised(any_app, person, by="sonia")  # its deadlines run
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


def test_a_few_delegations_are_read_one_by_one_as_the_national_walk_reads_them(
        two, monkeypatch):
    """Each of a supervisor's few delegations is read on its own indexes and the pieces
    merged (review_context.Context.rows): the same items, order, pages and counts as walking
    the national indexes, or reading them from her persons."""
    from core.services import access, review, review_context
    app, _ = two
    later = with_clock(app, date(2026, 10, 1))
    sonia = who(later, "sonia")

    def read() -> tuple[list[str], list[str], dict[str, int]]:
        pages, after = [], None
        while True:
            page = svc.review_queue(later, sonia, limit=2, after=after)
            pages += [i.key for i in page]
            if len(page) < 2:
                break
            after = page[-1].cursor
        return ([i.key for i in svc.review_queue(later, sonia)], pages,
                svc.review_counts(later, sonia))

    # Her two delegations hold the whole base: she would walk the national indexes.
    monkeypatch.setattr(review_context, "MOST", 2.0)
    with sent(app.db) as statements:
        one_by_one = read()
    assert any("deadlines.delegation_id = " in s.sql for s in statements)  # one by one
    assert len(one_by_one[0]) >= 6 and one_by_one[1] == one_by_one[0]
    assert len({key.split(":")[0] for key in one_by_one[0]}) >= 3
    monkeypatch.setattr(review_context, "FEW_DELEGATIONS", 0)
    monkeypatch.setattr(review, "_BUILT", {})  # statements are kept by shape: built anew
    monkeypatch.setattr(access, "sees_most", lambda call, share=None: True)
    assert read() == one_by_one  # the national walk
    monkeypatch.setattr(access, "sees_most", lambda call, share=None: False)
    monkeypatch.setattr(review, "_BUILT", {})
    assert read() == one_by_one  # from her persons


def test_a_delegation_not_hers_is_refused(two):
    app, _ = two
    camille = who(app, "camille")  # a referent of principale: her own items there
    assert svc.review_queue(app, camille, delegation="principale") == svc.review_queue(
        app, camille)
    with pytest.raises(PermissionDenied, match="lyon"):
        svc.review_queue(app, who(app, "camille"), delegation="lyon")
    with pytest.raises(PermissionDenied, match="lyon"):
        svc.list_persons(app, camille, delegation="lyon")
    with pytest.raises(PermissionDenied, match="lyon"):
        svc.list_deadlines(app, camille, delegation="lyon")


def test_persons_and_deadlines_of_one_delegation(two):
    app, p = two
    sonia = who(app, "sonia")
    lyon = {p["Lou"], p["Maya"]}
    assert {v.id for v in svc.list_persons(app, sonia, delegation="lyon")} == lyon
    assert {v.id for v in svc.list_persons(app, sonia, "a", delegation="lyon")} == {p["Maya"]}
    assert svc.count_persons(app, sonia, delegation="lyon") == 2
    assert svc.count_persons(app, sonia, delegation="principale") == 1
    every = svc.list_deadlines(app, sonia)
    assert {d.person_id for d in every} == set(p.values())
    for kwargs in ({}, {"limit": 10}):
        found = svc.list_deadlines(app, sonia, delegation="lyon", **kwargs)
        assert {d.person_id for d in found} == lyon
        assert len(found) == len([d for d in every if d.person_id in lyon])

