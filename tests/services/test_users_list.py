"""Listing users (issue 11, national scale): a fixed number of statements whatever the number
of users, and a supervisor sees the users of her own delegations only (security.md AC-4: a
superviseur sees only her own site), the administrator every user. Counts, not timings."""

from __future__ import annotations

import pytest

from core import services as svc
from core.errors import NotFound, PermissionDenied
from tests.accounts import PASSWORD, USERS, who
from tests.statements import sent


def _add(app, names: list[str], *codes: str, role: str = "benevole") -> None:
    admin = who(app, "admin")
    for name in names:
        svc.add_user(app, admin, name, role, PASSWORD, list(codes))


def _statements(app, action) -> list[str]:
    """The SQL ``action`` sends, without BEGIN and pragmas nor the door's touch of the session
    (it runs once every few minutes whatever the service)."""
    with sent(app.db) as found:
        action()
    return [s.sql for s in found
            if not s.sql.startswith(("BEGIN", "PRAGMA", "UPDATE auth_sessions"))]


@pytest.mark.parametrize("reader", ["admin", "sonia"])
def test_listing_users_sends_as_many_statements_for_thirty_users_as_for_three(any_app, reader):
    app = any_app
    credential = who(app, reader)
    _add(app, [f"vol{i:02d}" for i in range(3)], "principale")
    svc.list_users(app, credential)  # warm caches
    few = _statements(app, lambda: svc.list_users(app, credential))
    _add(app, [f"vol{i:02d}" for i in range(3, 30)], "principale")
    svc.list_users(app, credential)
    many = _statements(app, lambda: svc.list_users(app, credential))
    assert len(svc.list_users(app, credential)) == len(USERS) + 30
    assert len(many) == len(few), "\n".join(many)
    # Besides the door (session, audit head and row): the users, then their delegations.
    reads = [s for s in many if "auth_sessions" not in s
             and ("FROM users" in s or "user_delegations" in s)]
    assert len(reads) == 2, "\n".join(many)


@pytest.fixture
def two_sites(any_app):
    """``principale`` (every default user) and ``lyon``: Lyon's own staff and one volunteer
    who serves both."""
    svc.add_delegation(any_app, who(any_app, "admin"), "lyon", "Lyon")
    _add(any_app, ["lea"], "lyon", role="superviseur")
    _add(any_app, ["louis"], "lyon")
    _add(any_app, ["nina"], "principale", "lyon")
    return any_app


def test_the_administrator_lists_every_user_with_all_their_delegations(two_sites):
    users = {u.name: u for u in svc.list_users(two_sites, who(two_sites, "admin"))}
    assert sorted(users) == sorted([*USERS, "lea", "louis", "nina"])
    assert users["nina"].delegations == ("lyon", "principale")  # ordered by code
    assert users["louis"].delegations == ("lyon",)
    assert users["admin"].delegations == ("lyon", "principale")  # she created lyon
    assert [u.name for u in svc.list_users(two_sites, who(two_sites, "admin"))] == sorted(users)


def test_a_supervisor_lists_only_the_users_of_her_delegations(two_sites):
    sonia = [u.name for u in svc.list_users(two_sites, who(two_sites, "sonia"))]
    assert sonia == sorted([*USERS, "nina"])  # not Lyon's own staff
    lea = {u.name: u for u in svc.list_users(two_sites, who(two_sites, "lea"))}
    assert sorted(lea) == ["admin", "lea", "louis", "nina"]
    # A user seen is shown whole, as the administrator sees her.
    assert lea["nina"].delegations == ("lyon", "principale")


def test_a_supervisor_of_two_delegations_lists_the_users_of_both(two_sites):
    svc.set_delegations(two_sites, who(two_sites, "admin"), "lea", ["lyon", "principale"])
    # Her sessions ended with the change: she signs in again.
    credential = svc.Credential(svc.sign_in(two_sites, "lea", PASSWORD).secret)
    names = [u.name for u in svc.list_users(two_sites, credential)]
    assert names == sorted([*USERS, "lea", "louis", "nina"])


def test_a_disabled_user_is_still_listed_to_the_supervisor_of_her_delegation(two_sites):
    svc.disable_user(two_sites, who(two_sites, "admin"), "louis")
    users = {u.name: u for u in svc.list_users(two_sites, who(two_sites, "lea"))}
    assert not users["louis"].active


@pytest.mark.parametrize("user", ["bea", "sam", "camille"])
def test_other_roles_may_not_list_users(app, user):
    with pytest.raises(PermissionDenied):
        svc.list_users(app, who(app, user))


def test_one_delegation_s_members_any_for_the_administrator_hers_for_a_supervisor(two_sites):
    app = two_sites
    lyon = [u.name for u in svc.list_users(app, who(app, "admin"), delegation="lyon")]
    assert lyon == ["admin", "lea", "louis", "nina"]
    assert [u.name for u in svc.list_users(app, who(app, "lea"), delegation="lyon")] == lyon
    with pytest.raises(PermissionDenied, match="« lyon »"):
        svc.list_users(app, who(app, "sonia"), delegation="lyon")  # not hers
    with pytest.raises(NotFound, match="« nulle-part »"):
        svc.list_users(app, who(app, "admin"), delegation="nulle-part")
