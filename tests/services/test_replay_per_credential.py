"""A kept answer goes back only to the credential that asked for it, a refusal is not kept,
and a kept answer refused is audited once.

A check a body makes on the credential itself is passed again by construction: a personal
token replaying the request id under which the session created a year-long token got that
token's live secret, though a token may not create a token. And a wrong password typed under a
request id was kept as an answer before it was refused: the retry that looks for another
copy's answer then found it, and told her the password was confirmed.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core import messages as M
from core import services as svc
from core.auth.tokens import Credential
from core.errors import InputError, ParcoursError, PermissionDenied
from core.persistence.access_models import AuditEntry
from tests.accounts import last_audit_rows, who
from tests.services.test_replay_rechecks_access import SIGNED, followed_with_psp, reassign


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
    # Not a token's creation: its secret is not kept (test_replay_shows_no_secret.py).
    camille = who(app, "camille")
    made = svc.create_token(app, camille, timedelta(days=30), label="cron")
    revoked = svc.revoke_token(app, camille.for_request("cron-end"), made.session_id)
    assert svc.revoke_token(app, camille.for_request("cron-end"), made.session_id) == revoked


def test_a_wrong_password_under_a_request_id_is_refused_and_audited_once(app):
    camille = who(app, "camille").for_request("confirmer-1")
    with pytest.raises(PermissionDenied):
        svc.reauthenticate(app, camille, "pas le bon mot de passe")
    with pytest.raises(PermissionDenied):  # sent again: refused again, not "confirmed"
        svc.reauthenticate(app, camille, "pas le bon mot de passe")
    rows = [(op, outcome) for op, outcome, _, _ in last_audit_rows(app, 2)]
    assert rows == [("auth.reauth", "refused"), ("auth.reauth", "refused")]


def _audit_rows(app) -> int:
    with app.db.read() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


def test_a_refused_replay_is_audited_once_as_a_fresh_call_is(app):
    """The door's retry, which looks for another copy's answer, found the kept answer again and
    refused it again: two rows told a request id that had applied from one that had not."""
    person = followed_with_psp(app)
    camille = who(app, "camille")
    svc.advance(app, camille.for_request("psp-1"), person, "psp", "signer_document", facts=SIGNED)
    reassign(app, person, "claire")
    counts = []
    for request in ("psp-1", "psp-jamais"):
        before = _audit_rows(app)
        with pytest.raises(ParcoursError):
            svc.advance(app, camille.for_request(request), person, "psp", "signer_document",
                        facts=SIGNED)
        counts.append(_audit_rows(app) - before)
    assert counts == [1, 1]


def test_a_request_id_used_for_another_request_is_refused_not_answered(app):
    """The same id sent for another person answered the first person's result and did
    nothing for the second."""
    amina = svc.add_person(app, who(app, "camille"), "Amina").id
    rose = svc.add_person(app, who(app, "camille"), "Rose").id
    camille = who(app, "camille").for_request("reconnaitre-1")
    first = svc.advance(app, camille, amina, "parcours", "reconnaitre")
    assert svc.advance(app, camille, amina, "parcours", "reconnaitre") == first
    with pytest.raises(InputError, match="déjà servi"):
        svc.advance(app, camille, rose, "parcours", "reconnaitre")
    assert svc.show_person(app, who(app, "camille"), rose).pathway_step != first.step
