"""The administrator reads no front desk (docs/security.md AC-4): she names persons by
number. By alias, an existing person's "no action" against a missing one's "unknown" told
her, alias by alias, whom the delegations follow."""

from __future__ import annotations

import pytest

from core import services as svc
from core.errors import NotFound
from tests.accounts import add_followed, who


def test_an_alias_tells_the_administrator_nothing(app):
    person = add_followed(app, "Amina")
    admin = who(app, "admin")
    for lookup in (svc.list_actions, svc.referent_candidates, svc.show_person):
        for alias in ("Amina", "Personne-Absente"):
            with pytest.raises(NotFound, match="Personne introuvable"):
                lookup(app, admin, alias)
    assert svc.list_actions(app, admin, person) == []  # by number, as her role allows
    assert svc.list_actions(app, who(app, "bea"), "Amina")  # the front desk finds her
