"""An exceptional access is shown to the other supervisors (docs/security.md): the one who
opened the restricted content may not acknowledge or snooze it herself, which cleared it
from everyone's queue; another supervisor of the delegation can."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core import services as svc
from core.errors import PermissionDenied
from tests.accounts import PASSWORD, add_followed, who


def test_her_own_exceptional_access_is_left_to_another_supervisor(app):
    svc.add_user(app, who(app, "admin"), "sara", "superviseur", PASSWORD, ["principale"])
    person = add_followed(app)  # camille's
    svc.add_note(app, who(app, "camille"), person, "récit confié", sensitivity="restricted")
    assert svc.list_notes(app, who(app, "sonia"), person, reason="vérification")[0].text
    sonia, sara = who(app, "sonia"), who(app, "sara")
    key = svc.review_queue(app, sonia, kinds={"exceptional_access"})[0].key
    with pytest.raises(PermissionDenied, match="propre accès exceptionnel"):
        svc.acknowledge(app, sonia, key)
    with pytest.raises(PermissionDenied, match="propre accès exceptionnel"):
        svc.snooze(app, sonia, key, app.today() + timedelta(days=7), "plus tard")
    assert [i.key for i in svc.review_queue(app, sara, kinds={"exceptional_access"})] == [key]
    svc.acknowledge(app, sara, key)
    assert svc.review_queue(app, sara, kinds={"exceptional_access"}) == []
