"""Whose audit rows a supervisor lists, the same whichever way the query finds them: a
supervisor of most delegations walks the log newest first (each row's person checked by her
number), one of a few finds her persons' rows through their index; both list the rows about
her delegations' persons and her colleagues' rows about nobody, and nothing else."""

from __future__ import annotations

import pytest

from core import services as svc
from core.services import access, review_context
from tests.accounts import PASSWORD, who


@pytest.fixture
def country(any_app):
    """Three delegations: sonia supervises two (most), mona the third; a person in each."""
    admin = who(any_app, "admin")
    for code, label in (("lyon", "Lyon"), ("marseille", "Marseille")):
        svc.add_delegation(any_app, admin, code, label)
    svc.set_delegations(any_app, admin, "sonia", ["principale", "lyon"])
    svc.add_user(any_app, admin, "mona", "superviseur", PASSWORD, ["marseille"])
    persons = {code: svc.add_person(any_app, who(any_app, user), f"Personne {code}",
                                    delegation=code).id
               for code, user in (("principale", "sonia"), ("lyon", "sonia"),
                                  ("marseille", "mona"))}
    svc.show_person(any_app, who(any_app, "mona"), persons["marseille"])
    return any_app, persons


def _listed(app, name: str) -> list[tuple[int, int | None, str | None]]:
    return [(r.seq, r.person_id, r.user) for r in svc.list_audit(app, who(app, name))]


def test_most_delegations_and_a_few_list_the_same_rows(country, monkeypatch):
    app, persons = country
    real, asked = access.sees_most, []
    monkeypatch.setattr(access, "sees_most",
                        lambda call, share=None: asked.append(real(call, share)) or asked[-1])
    walked = _listed(app, "sonia")
    assert asked == [True]  # two delegations of three: the log is walked
    monkeypatch.setattr(access, "sees_most", lambda call, share=None: False)
    found = [row for row in _listed(app, "sonia") if row[0] <= walked[0][0]]  # not its own

    assert walked == found and len(walked) > 5
    about = {p for _, p, _ in walked if p is not None}
    assert about == {persons["principale"], persons["lyon"]}
    assert "mona" not in {u for _, _, u in walked}  # shares no delegation with sonia


def test_a_supervisor_of_one_delegation_lists_only_hers(country):
    app, persons = country
    rows = _listed(app, "mona")
    assert {p for _, p, _ in rows if p is not None} == {persons["marseille"]}
    assert "sonia" not in {u for _, _, u in rows}



def test_the_share_of_persons_decides_not_the_number_of_delegations(country, monkeypatch):
    """A supervisor of one delegation of three walks the national order once hers holds
    enough of the persons (a region's big delegation); one of two small ones of many does
    not (a page found from her few persons)."""
    from core.services.registry import Call, authenticate
    app, persons = country
    monkeypatch.setattr(access, "WIDE_SHARE", 0.5)

    def walks(name: str) -> bool:
        with app.db.read() as session:
            call = Call(app, session, authenticate(session, who(app, name), app.now()))
            return access.sees_most(call)

    assert (walks("sonia"), walks("mona")) == (True, False)  # 2 persons of 3; 1 of 3
    for n in range(3):
        svc.add_person(app, who(app, "mona"), f"Autre {n}", delegation="marseille")
    app.plans.clear()  # the choice is kept a minute (test_plan_choices): a minute on
    assert (walks("sonia"), walks("mona")) == (False, True)  # 2 of 6; 4 of 6


def test_the_log_is_walked_for_half_the_persons_only(country, monkeypatch):
    """The audit log follows activity, not persons: a supervisor of a third of the persons
    finds her rows from her persons. Her review queue reads her one delegation on its own
    indexes: it asks whether that holds most of the base (then the national order is
    walked), not the audit log's share."""
    app, _ = country
    real, asked = access.sees_most, []
    monkeypatch.setattr(access, "sees_most", lambda call, share=None: asked.append(
        (share, real(call, share))) or asked[-1][1])
    _listed(app, "mona")  # one person of three
    svc.review_queue(app, who(app, "mona"), limit=10)
    assert asked == [(0.5, False), (review_context.MOST, False)]
