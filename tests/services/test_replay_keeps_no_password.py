"""A write that takes a password keeps nothing of it for a retry, and never answers "done"
to a retry whose password is not the one that applied.

The answer kept for a retry held a plain SHA-256 of the call's arguments, passwords included:
whoever opened the base (and its key file) could test guesses of a user's password at SHA-256
speed, Argon2id skipped. Passwords are left out of it now; a confirmation (``auth.reauth``)
keeps no answer and runs again, checked and counted; a write that sets a password answers a
retry only if that password is the one it set and still opens the account, unchanged since.
"""

from __future__ import annotations

import hashlib
import json

import pytest
from sqlalchemy import select

from core import messages as M
from core import services as svc
from core.auth.tokens import Credential
from core.errors import InputError, NotAuthenticated, PermissionDenied
from core.persistence.access_models import AuditEntry, RequestRecord
from core.services import requests
from core.services.app import Parcours
from core.services.keys import Sealer
from tests.accounts import PASSWORD, forget, last_audit_rows, who

FIRST = "Marmotte-Bleue-Fenetre-2026!"
SECOND = "Heron-Violet-Escalier-2027!"


def kept(app: Parcours) -> dict[str, dict]:
    """Every kept request by request id, opened as a replay opens it."""
    with app.db.read() as session:
        sealer = Sealer(app.keys, session)
        return {row.request_id: requests.opened(sealer, app.keys.search_key, row)
                for row in session.scalars(select(RequestRecord))}


def _nothing_of(password: str, opened: dict) -> None:
    text = json.dumps(opened)
    assert password not in text
    assert hashlib.sha256(password.encode()).hexdigest() not in text


def test_what_is_kept_is_the_same_whatever_the_password(any_app):
    admin = who(any_app, "admin")
    svc.reset_password(any_app, admin.for_request("r1"), "bea", FIRST)
    svc.reset_password(any_app, admin.for_request("r2"), "bea", SECOND)
    camille = who(any_app, "camille")
    svc.change_password(any_app, camille.for_request("c1"), PASSWORD, FIRST)
    svc.change_password(any_app, camille.for_request("c2"), FIRST, SECOND)
    svc.add_user(any_app, admin.for_request("u1"), "lea", "benevole", FIRST)
    svc.reauthenticate(any_app, camille.for_request("c3"), SECOND)
    rows = kept(any_app)
    # nothing of the password: the arguments' digest does not change with it
    assert rows["r1"]["arguments"] == rows["r2"]["arguments"]
    assert rows["c1"]["arguments"] == rows["c2"]["arguments"]
    for opened in rows.values():
        for password in (PASSWORD, FIRST, SECOND):
            _nothing_of(password, opened)
    # a confirmation keeps no answer at all
    assert "c3" not in rows


def test_a_confirmation_sent_again_is_checked_and_counted_again(any_app):
    camille = who(any_app, "camille").for_request("confirmer-1")
    svc.reauthenticate(any_app, camille, PASSWORD)
    with pytest.raises(PermissionDenied) as wrong:
        svc.reauthenticate(any_app, camille, "Pas-Le-Bon-Mot-De-Passe-1")
    assert wrong.value.msg == M.REAUTH_FAILED
    assert last_audit_rows(any_app, 1)[0][:2] == ("auth.reauth", "refused")
    svc.reauthenticate(any_app, camille, PASSWORD)  # the right one, run again
    assert last_audit_rows(any_app, 1)[0][:2] == ("auth.reauth", "done")
    # and counted: the wrong ones under the same request id end the session, as fresh ones
    for _ in range(any_app.security.failures_before_lock - 2):
        with pytest.raises(PermissionDenied, match="incorrect"):
            svc.reauthenticate(any_app, camille, "Pas-Le-Bon-Mot-De-Passe-1")
    with pytest.raises(NotAuthenticated):
        svc.reauthenticate(any_app, camille, "Pas-Le-Bon-Mot-De-Passe-1")
    forget(any_app)


def test_a_password_change_sent_again_answers_only_with_the_password_it_set(any_app):
    camille = who(any_app, "camille").for_request("mdp-1")
    svc.change_password(any_app, camille, PASSWORD, FIRST)
    # the same request again: done, not "current password wrong" (it is FIRST now)
    assert svc.change_password(any_app, camille, PASSWORD, FIRST) is None
    with pytest.raises(PermissionDenied) as other:
        svc.change_password(any_app, camille, PASSWORD, SECOND)
    assert other.value.msg == M.REQUEST_PASSWORD_OTHER.format(request_id="mdp-1")
    # the password is the one the first request set
    assert svc.sign_in(any_app, "camille", FIRST).user.name == "camille"
    with pytest.raises(PermissionDenied):
        svc.sign_in(any_app, "camille", SECOND)


def test_guesses_sent_as_a_password_change_again_count_as_wrong_passwords(any_app):
    """The retry tries its new password on her hash: each other one is a guess of her
    current password, counted with her refused confirmations; the last ends the session."""
    camille = who(any_app, "camille").for_request("mdp-2")
    svc.change_password(any_app, camille, PASSWORD, FIRST)
    with pytest.raises(PermissionDenied, match="incorrect"):
        svc.reauthenticate(any_app, camille.for_request(None), "Pas-Le-Bon-Mot-De-Passe-1")
    for guess in range(any_app.security.failures_before_lock - 2):
        with pytest.raises(PermissionDenied) as refused:
            svc.change_password(any_app, camille, PASSWORD, f"Devinette-Numero-{guess}-2026!")
        assert refused.value.msg == M.REQUEST_PASSWORD_OTHER.format(request_id="mdp-2")
    assert [row[:2] for row in last_audit_rows(any_app, 1)] == [("auth.password", "refused")]
    with pytest.raises(NotAuthenticated):
        svc.change_password(any_app, camille, PASSWORD, "Devinette-Derniere-2026!")
    with pytest.raises(NotAuthenticated):  # the session is over, the right one included
        svc.change_password(any_app, camille, PASSWORD, FIRST)
    assert svc.sign_in(any_app, "camille", FIRST).user.name == "camille"  # nothing changed
    forget(any_app)


def test_a_reset_sent_again_after_the_password_changed_is_refused(any_app):
    admin = who(any_app, "admin").for_request("reset-bea")
    first = svc.reset_password(any_app, admin, "bea", FIRST)
    assert svc.reset_password(any_app, admin, "bea", FIRST) == first
    with pytest.raises(InputError, match="autre mot de passe"):
        svc.reset_password(any_app, admin, "bea", SECOND)
    # bea chooses her own: the reset sent again must not put the temporary one back, nor
    # tell whether a password opens her account
    bea = Credential(svc.sign_in(any_app, "bea", FIRST).secret)
    svc.change_password(any_app, bea, FIRST, SECOND)
    for password in (FIRST, SECOND):
        with pytest.raises(InputError) as refused:
            svc.reset_password(any_app, admin, "bea", password)
        assert refused.value.msg == M.REQUEST_PASSWORD_OTHER.format(request_id="reset-bea")
    assert svc.sign_in(any_app, "bea", SECOND).user.must_change_password is False


def test_a_user_added_again_with_another_password_is_refused(any_app):
    admin = who(any_app, "admin").for_request("ajout-lea")
    lea = svc.add_user(any_app, admin, "lea", "benevole", FIRST)
    assert svc.add_user(any_app, admin, "lea", "benevole", FIRST) == lea
    with pytest.raises(InputError, match="autre mot de passe"):
        svc.add_user(any_app, admin, "lea", "benevole", SECOND)
    assert svc.sign_in(any_app, "lea", FIRST).user.id == lea.id
    with any_app.db.read() as session:
        replays = session.scalars(select(AuditEntry.outcome).where(
            AuditEntry.operation == "user.add", AuditEntry.target == f"user:{lea.id}")).all()
    assert sorted(replays) == ["done", "done", "refused"]
