"""Reads scoped as the writes they offer (the actions of a file, the referents a person may be
given) run in a read-only snapshot: on PostgreSQL, the lock a write takes on her row
(``SELECT … FOR UPDATE``) was refused there, and the read failed as « lecture seule »."""

from __future__ import annotations

import pytest

from core import services as svc
from tests.accounts import add_followed, who

pytestmark = pytest.mark.pg


def test_referent_candidates_are_read_on_postgresql(pg_app):
    person = add_followed(pg_app)
    names = {u.name for u in svc.referent_candidates(pg_app, who(pg_app, "sonia"), person)}
    assert {"camille", "sonia"} <= names


def test_actions_are_read_by_alias_and_by_the_administrator_on_postgresql(pg_app):
    person = add_followed(pg_app, "Zorah")
    assert svc.list_actions(pg_app, who(pg_app, "camille"), "Zorah")
    assert svc.list_actions(pg_app, who(pg_app, "admin"), person) == []
