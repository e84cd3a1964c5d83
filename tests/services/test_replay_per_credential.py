"""A kept answer goes back only to the credential that asked for it, and a refusal is not kept.

A check a body makes on the credential itself is passed again by construction: a personal
token replaying the request id under which the session created a year-long token got that
token's live secret, though a token may not create a token. And a wrong password typed under a
request id was kept as an answer before it was refused: the retry that looks for another
copy's answer then found it, and told her the password was confirmed.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from core import messages as M
from core import services as svc
from core.auth.tokens import Credential
from core.errors import PermissionDenied
from tests.accounts import last_audit_rows, who


def test_a_token_is_not_given_the_answer_its_session_was_given(app):
    camille = who(app, "camille")
    short = Credential(svc.create_token(app, camille, timedelta(days=1), label="court").secret)
    svc.create_token(app, camille.for_request("cron-setup"), timedelta(days=365), label="cron")
    with pytest.raises(PermissionDenied, match="connexion"):
        svc.create_token(app, short.for_request("cron-setup"), timedelta(days=365),
                         label="cron")
    with pytest.raises(PermissionDenied) as fresh:
        svc.create_token(app, short, timedelta(days=365), label="cron")
    assert fresh.value.msg == M.TOKEN_NEEDS_SESSION


def test_the_same_credential_still_has_its_answer(app):
    camille = who(app, "camille").for_request("cron-setup")
    first = svc.create_token(app, camille, timedelta(days=30), label="cron")
    assert svc.create_token(app, camille, timedelta(days=30), label="cron") == first


def test_a_wrong_password_under_a_request_id_is_refused_and_audited_once(app):
    camille = who(app, "camille").for_request("confirmer-1")
    with pytest.raises(PermissionDenied):
        svc.reauthenticate(app, camille, "pas le bon mot de passe")
    with pytest.raises(PermissionDenied):  # sent again: refused again, not "confirmed"
        svc.reauthenticate(app, camille, "pas le bon mot de passe")
    rows = [(op, outcome) for op, outcome, _, _ in last_audit_rows(app, 2)]
    assert rows == [("auth.reauth", "refused"), ("auth.reauth", "refused")]
