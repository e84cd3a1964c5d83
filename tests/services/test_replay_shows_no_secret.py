"""A token created under a request id: its secret is shown once, never kept for a replay.

Tokens are stored hashed so that whoever reads the base cannot act as their owner. The answer
kept for a replay held the new token's secret for a day, sealed with a key derived from the
base's search key: with the base and its key file, anyone could open it and act as her. Only
the token's number is kept now, and a replay is refused, naming the token to revoke.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core import messages as M
from core import services as svc
from core.auth.tokens import Credential
from core.errors import PermissionDenied
from core.persistence.access_models import AuditEntry, RequestRecord
from core.services import requests
from core.services.app import Parcours
from core.services.keys import Sealer
from tests.accounts import last_audit_rows, who


def kept_requests(app: Parcours) -> list[str]:
    """Every kept request, opened as a replay opens it, as JSON text."""
    with app.db.read() as session:
        sealer = Sealer(app.keys, session)
        return [json.dumps(requests.opened(sealer, app.keys.search_key, row))
                for row in session.scalars(select(RequestRecord))]


def audit_rows(app: Parcours) -> int:
    with app.db.read() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


def test_the_secret_is_shown_once_and_not_kept(any_app):
    made = svc.create_token(any_app, who(any_app, "camille").for_request("cron-1"),
                            timedelta(days=30), label="cron")
    assert svc.whoami(any_app, Credential(made.secret)).kind == "token"
    kept = kept_requests(any_app)
    assert len(kept) == 1 and made.secret not in kept[0]
    assert str(made.session_id) in kept[0]  # what the replay names instead


def test_the_replay_is_refused_naming_the_token_to_revoke(any_app):
    camille = who(any_app, "camille").for_request("cron-1")
    made = svc.create_token(any_app, camille, timedelta(days=30), label="cron")
    before = audit_rows(any_app)
    with pytest.raises(PermissionDenied) as replayed:
        svc.create_token(any_app, camille, timedelta(days=30), label="cron")
    assert replayed.value.msg == M.REQUEST_TOKEN_SHOWN_ONCE.format(id=made.session_id)
    assert f"parcours token revoke {made.session_id}" in replayed.value.msg
    assert made.secret not in str(replayed.value)
    # audited once, as a refusal, naming the token
    assert audit_rows(any_app) == before + 1
    operation, outcome, reason, _ = last_audit_rows(any_app, 1)[0]
    assert (operation, outcome, reason) == ("token.create", "refused", "permission_denied")
    with any_app.db.read() as session:
        target = session.scalar(select(AuditEntry.target).order_by(AuditEntry.seq.desc()))
    assert target == f"token:{made.session_id}"
    # the first run's token still works, and the replay made no other
    assert svc.whoami(any_app, Credential(made.secret)).kind == "token"
    assert [t.id for t in svc.list_tokens(any_app, who(any_app, "camille"))] == [made.session_id]


def test_the_token_revoked_a_new_request_creates_another(app):
    camille = who(app, "camille")
    made = svc.create_token(app, camille.for_request("cron-1"), timedelta(days=30))
    svc.revoke_token(app, camille, made.session_id)
    other = svc.create_token(app, camille.for_request("cron-2"), timedelta(days=30))
    assert other.session_id != made.session_id
    assert svc.whoami(app, Credential(other.secret)).kind == "token"

