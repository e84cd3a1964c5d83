"""Accounts and sessions: password policy, sign-in throttling and lock, session ends, tokens."""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from core import messages as M
from core import services as svc
from core.auth import passwords
from core.errors import InputError, NotAuthenticated, PasswordChangeRequired, PermissionDenied
from core.persistence import migrate
from core.persistence.access_models import AuditEntry, AuthSession, Delegation, SignInThrottle
from core.persistence.database import Database
from core.persistence.models import User
from core.services.app import Parcours
from core.services.auth import throttle_key
from core.services.principal import authenticate
from tests.accounts import FAST, PASSWORD, make_app, who
from tests.statements import sent

T0 = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


class Clocked(Parcours):
    """An application whose recording clock the test moves."""

    moment = T0

    def now(self) -> datetime:
        return self.moment


@pytest.fixture
def app(sqlite_url):
    parcours = make_app(sqlite_url, cls=Clocked)
    yield parcours
    parcours.close()


def _sign(app, name="camille", password=PASSWORD):
    return svc.Credential(svc.sign_in(app, name, password).secret)


# --- the password policy (CNIL délibération 2022-100) --------------------------------------

@pytest.mark.parametrize("password", ["Court1!", "abcdefghijk1", "ABCDEFGHIJKL", "abcdEFGHijkl"])
def test_fewer_than_12_characters_or_two_kinds_are_refused(password):
    assert "trop faible" in passwords.problem(password)


@pytest.mark.parametrize("password", ["Hirondelle-Bleue-7", "une phrase de passe assez longue",
                                      "ÉtéÀParis 2026", "Cheval-Correct-Pile-2026!"])
def test_three_kinds_over_12_or_a_passphrase_over_16_are_accepted(password):
    assert passwords.problem(password) is None


@pytest.mark.parametrize("password", ["Password1234!", "Azertyuiop123!", "Motdepasse2026!",
                                      "iloveyou12345678", "Qwertyuiop12345!", "Bonjour-2026!"])
def test_common_passwords_are_refused_even_with_signs_around(password):
    assert passwords.problem(password) == M.PASSWORD_COMMON


def test_passwords_are_normalised_not_trimmed_and_capped():
    cost = FAST.hash_cost
    stored = passwords.hash_password(" Été-2026-Paris ", cost)  # NFC é, spaces kept
    assert passwords.verify(stored, " E\u0301te\u0301-2026-Paris ", cost)   # NFD typed
    assert not passwords.verify(stored, "Été-2026-Paris", cost)
    assert "trop long" in passwords.problem("Aa1!" * 300)
    assert stored.startswith("$argon2id$")


def test_a_weak_password_is_refused_by_every_service_that_sets_one(app):
    with pytest.raises(InputError, match="trop faible"):
        svc.add_user(app, who(app, "admin"), "nina", "benevole", "court")
    with pytest.raises(InputError, match="courants"):
        svc.reset_password(app, who(app, "admin"), "bea", "Password1234!")
    with pytest.raises(InputError, match="trop faible"):
        svc.change_password(app, who(app, "bea"), PASSWORD, "court")


# --- signing in ------------------------------------------------------------------------------

def test_wrong_password_and_unknown_name_get_the_same_answer_and_are_audited(app):
    answers = set()
    for name, password in (("camille", "Mauvais-mot-2026"), ("personne", PASSWORD)):
        with pytest.raises(PermissionDenied) as refused:
            svc.sign_in(app, name, password)
        answers.add(refused.value.msg)
    assert answers == {"Nom d'utilisateur ou mot de passe incorrect."}
    with app.db.read() as session:
        rows = session.execute(select(AuditEntry.operation, AuditEntry.outcome, AuditEntry.reason)
                               .where(AuditEntry.operation == "auth.login")).all()
    assert rows[-2:] == [("auth.login", "refused", "bad_credentials")] * 2


def test_an_unknown_name_costs_one_argon2_run_as_a_wrong_password_does(app, monkeypatch):
    # Each `parcours login` is a process of its own: the dummy hash an unknown name is checked
    # against was computed there first, so an unknown name took two Argon2id runs, twice the
    # time of a wrong password, which told which accounts exist.
    import argon2._password_hasher as hasher
    runs: list[str] = []
    for name in ("hash_secret", "verify_secret"):
        real = getattr(hasher, name)
        monkeypatch.setattr(hasher, name, lambda *a, _real=real, _name=name, **k:
                            runs.append(_name) or _real(*a, **k))
    costs = {}
    for name in ("camille", "personne"):
        passwords._dummy.cache_clear()  # a new process
        runs.clear()
        with pytest.raises(PermissionDenied, match="incorrect"):
            svc.sign_in(app, name, "Mauvais-mot-2026")
        costs[name] = list(runs)
    assert costs == {"camille": ["verify_secret"], "personne": ["verify_secret"]}


def test_an_unknown_name_reads_the_accounts_as_a_known_one_does(app):
    # Names are compared up to case: an unknown name had every account's name read and
    # folded, a known one typed exactly took one indexed lookup. With 8,000 accounts that
    # was 16 ms more for an unknown name, which told which accounts exist.
    statements = {}
    for name in ("camille", "personne"):
        with sent(app.db) as found, pytest.raises(PermissionDenied, match="incorrect"):
            svc.sign_in(app, name, "Mauvais-mot-2026")
        statements[name] = [s.sql for s in found if "users" in s.sql]
    assert statements["camille"] == statements["personne"]


def test_failures_wait_longer_each_time_then_lock_the_name(app):
    delays = []
    for _ in range(4):
        with pytest.raises(PermissionDenied, match="incorrect"):
            svc.sign_in(app, "camille", "Mauvais-mot-2026")
        with pytest.raises(PermissionDenied, match="réessayez dans") as waiting:
            svc.sign_in(app, "camille", PASSWORD)  # even the right password waits
        delays.append(int(waiting.value.msg.split("dans ")[1].split(" ")[0]))
        app.moment += timedelta(seconds=delays[-1])
    assert delays == [1, 2, 4, 8]
    with pytest.raises(PermissionDenied, match="incorrect"):
        svc.sign_in(app, "camille", "Mauvais-mot-2026")          # the fifth failure
    app.moment += timedelta(minutes=10)
    with pytest.raises(PermissionDenied, match="bloquée"):
        svc.sign_in(app, "camille", PASSWORD)
    app.moment += timedelta(minutes=6)
    assert svc.sign_in(app, "camille", PASSWORD).user.name == "camille"


def test_a_namesake_signing_in_does_not_forget_the_failures_at_her_namesakes_name(app):
    # A base from before names were compared up to case may hold « sonia » and « Sonia »: one
    # throttle for both names. Sonia signing in with her own password forgot the failures,
    # and between two of her sign-ins she could guess sonia's password four times, for ever.
    svc.add_user(app, who(app, "admin"), "sonja", "referent", PASSWORD)
    with app.db.write() as session:
        session.execute(update(User).where(User.name == "sonja").values(name="Sonia"))
    for delay in (1, 2, 4, 8):
        with pytest.raises(PermissionDenied, match="incorrect"):
            svc.sign_in(app, "sonia", "Mauvais-mot-2026")
        app.moment += timedelta(seconds=delay)
    assert svc.sign_in(app, "Sonia", PASSWORD).user.name == "Sonia"
    with pytest.raises(PermissionDenied, match="incorrect"):
        svc.sign_in(app, "sonia", "Mauvais-mot-2026")  # the fifth failure
    app.moment += timedelta(seconds=30)
    with pytest.raises(PermissionDenied, match="bloquée"):
        svc.sign_in(app, "sonia", PASSWORD)


@pytest.mark.parametrize("url", ["sqlite_url", pytest.param("pg_url", marks=pytest.mark.pg)])
def test_guesses_sent_together_wait_for_each_other(url, request, monkeypatch):
    # On PostgreSQL, attempts sent at once all read the throttle before any recorded its
    # failure: each password was checked, and the name counted one failure for all of them.
    parcours = make_app(request.getfixturevalue(url), cls=Clocked)
    checked: list[str] = []
    real = passwords.verify

    def slow(stored, password, cost):  # the time Argon2id takes at its production cost
        checked.append(password)
        time.sleep(0.4)
        return real(stored, password, cost)
    monkeypatch.setattr(passwords, "verify", slow)
    attempts = 4
    start = threading.Barrier(attempts)
    answers: list[str] = []

    def guess(number: int) -> None:
        start.wait()
        try:
            svc.sign_in(parcours, "camille", f"Mauvais-mot-{number:04d}")
        except PermissionDenied as refused:
            answers.append(refused.msg)
    threads = [threading.Thread(target=guess, args=(n,)) for n in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert len(checked) == 1
        assert sorted(answers) == [M.SIGNIN_FAILED] + [
            M.SIGNIN_WAIT.format(seconds=1, unit="seconde")] * (attempts - 1)
        with parcours.db.read() as session:
            reasons = session.scalars(select(AuditEntry.reason).where(
                AuditEntry.operation == "auth.login", AuditEntry.outcome == "refused")).all()
        assert sorted(reasons) == ["bad_credentials"] + ["throttled"] * (attempts - 1)
    finally:
        parcours.close()


def test_an_unknown_name_is_throttled_like_a_known_one(app):
    for _ in range(5):
        with pytest.raises(PermissionDenied, match="incorrect"):
            svc.sign_in(app, "personne", "Mauvais-mot-2026")
        app.moment += timedelta(seconds=10)
    with pytest.raises(PermissionDenied, match="bloquée"):
        svc.sign_in(app, "personne", "Mauvais-mot-2026")


def test_a_disabled_account_cannot_sign_in_and_its_sessions_end(app):
    bea = _sign(app, "bea")
    svc.disable_user(app, who(app, "admin"), "bea")
    with pytest.raises(NotAuthenticated):
        svc.list_persons(app, bea)
    with pytest.raises(PermissionDenied, match="incorrect"):
        svc.sign_in(app, "bea", PASSWORD)


def test_the_last_admin_cannot_be_disabled_or_demoted(app):
    with pytest.raises(InputError, match="dernier administrateur"):
        svc.disable_user(app, who(app, "admin"), "admin")
    with pytest.raises(InputError, match="dernier administrateur"):
        svc.set_role(app, who(app, "admin"), "admin", "superviseur")


# --- sessions end ------------------------------------------------------------------------------

def test_a_session_ends_after_30_idle_minutes_and_after_12_hours(app):
    camille = _sign(app)
    app.moment += timedelta(minutes=29)
    svc.list_persons(app, camille)                       # used: the idle clock restarts
    app.moment += timedelta(minutes=29)
    svc.list_persons(app, camille)
    app.moment += timedelta(minutes=31)
    with pytest.raises(NotAuthenticated, match="inactivité"):
        svc.list_persons(app, camille)
    busy = _sign(app)
    for _ in range(25):                                  # in use all day long: 11 h 40
        app.moment += timedelta(minutes=28)
        svc.list_persons(app, busy)
    app.moment += timedelta(minutes=28)
    with pytest.raises(NotAuthenticated, match="expiré"):
        svc.list_persons(app, busy)


def test_logout_ends_the_session(app):
    camille = _sign(app)
    svc.sign_out(app, camille)
    with pytest.raises(NotAuthenticated):
        svc.whoami(app, camille)


def test_whoami_says_who_and_until_when(app):
    me = svc.whoami(app, _sign(app))
    assert (me.name, me.role, me.delegations, me.kind) == ("camille", "referent", ("principale",),
                                                           "session")
    assert me.expires_at == T0 + timedelta(minutes=30)


def test_an_admin_reset_forces_a_new_password_at_the_next_sign_in(app):
    bea = _sign(app, "bea")
    svc.reset_password(app, who(app, "admin"), "bea", "Provisoire-2026!")
    with pytest.raises(NotAuthenticated):
        svc.list_persons(app, bea)
    again = _sign(app, "bea", "Provisoire-2026!")
    with pytest.raises(PasswordChangeRequired, match="parcours password"):
        svc.list_persons(app, again)
    assert svc.whoami(app, again).must_change_password
    with pytest.raises(InputError, match="différent"):
        svc.change_password(app, again, "Provisoire-2026!", "Provisoire-2026!")
    svc.change_password(app, again, "Provisoire-2026!", "Mon-Nouveau-2026!")
    assert svc.list_persons(app, again) == []


def test_changing_ones_password_ends_the_other_sessions(app):
    here, elsewhere = _sign(app), _sign(app)
    with pytest.raises(PermissionDenied, match="actuel"):
        svc.change_password(app, here, "Mauvais-mot-2026", "Mon-Nouveau-2026!")
    svc.change_password(app, here, PASSWORD, "Mon-Nouveau-2026!")
    svc.whoami(app, here)
    with pytest.raises(NotAuthenticated):
        svc.whoami(app, elsewhere)


def test_five_refused_confirmations_end_the_session(app):
    camille = _sign(app)
    for _ in range(4):
        with pytest.raises(PermissionDenied, match="incorrect"):
            svc.reauthenticate(app, camille, "Mauvais-mot-2026")
    with pytest.raises(NotAuthenticated):
        svc.reauthenticate(app, camille, "Mauvais-mot-2026")
    with pytest.raises(NotAuthenticated):
        svc.whoami(app, camille)


def test_wrong_current_passwords_count_with_refused_confirmations(app):
    # A session left open was a way to guess its user's password: a password change
    # answered « incorrect » as often as asked, at the hash's speed, and nothing ended.
    camille = _sign(app)
    for _ in range(2):
        with pytest.raises(PermissionDenied, match="incorrect"):
            svc.reauthenticate(app, camille, "Mauvais-mot-2026")
    with pytest.raises(InputError):  # a new password the policy refuses is no guess
        svc.change_password(app, camille, PASSWORD, "court")
    for _ in range(2):
        with pytest.raises(PermissionDenied):
            svc.change_password(app, camille, "Mauvais-mot-2026", "Nouveau-Mot-De-Passe-2026")
    with pytest.raises(NotAuthenticated):
        svc.change_password(app, camille, "Mauvais-mot-2026", "Nouveau-Mot-De-Passe-2026")
    with pytest.raises(NotAuthenticated):
        svc.whoami(app, camille)
    assert svc.sign_in(app, "camille", PASSWORD).user.name == "camille"  # unchanged


# --- personal tokens ---------------------------------------------------------------------------

def test_a_token_works_until_revoked_or_expired_and_is_stored_hashed(app):
    made = svc.create_token(app, _sign(app), timedelta(days=30), "sauvegarde nocturne")
    token = svc.Credential(made.secret)
    app.moment += timedelta(days=2)                      # no idle timeout for a token
    assert svc.whoami(app, token).kind == "token"
    with app.db.read() as session:
        stored = session.scalars(select(AuthSession.token_hash)).all()
    assert made.secret not in stored and token.digest in stored
    with pytest.raises(PermissionDenied):
        svc.create_token(app, token, timedelta(days=30))  # a token cannot make another
    listed = svc.list_tokens(app, _sign(app))
    assert [t.label for t in listed] == ["sauvegarde nocturne"]
    svc.revoke_token(app, _sign(app), listed[0].id)
    with pytest.raises(NotAuthenticated):
        svc.whoami(app, token)
    short = svc.Credential(svc.create_token(app, _sign(app), timedelta(hours=1)).secret)
    app.moment += timedelta(hours=2)
    with pytest.raises(NotAuthenticated, match="expiré"):
        svc.whoami(app, short)


# --- setting up -------------------------------------------------------------------------------

def test_init_has_no_default_account_and_is_refused_twice(sqlite_url):
    app = Parcours.open(sqlite_url, security=FAST)
    with pytest.raises(InputError, match="--admin"):
        svc.initialise(app, None)
    with pytest.raises(InputError, match="mot de passe"):
        svc.initialise(app, "admin", None)
    svc.initialise(app, "admin", PASSWORD)
    with pytest.raises(InputError, match="déjà un mot de passe"):
        svc.initialise(app, "admin", PASSWORD)
    with pytest.raises(InputError, match="déjà initialisée"):
        svc.initialise(app, "autre", PASSWORD)
    app.close()


def test_a_base_from_the_previous_version_keeps_its_data_in_a_first_delegation(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    old = Database(url)
    migrate.upgrade(old, "0001")
    old.dispose()
    con = sqlite3.connect(tmp_path / "old.db")
    for name, role in (("admin", "admin"), ("camille", "referent")):
        con.execute("INSERT INTO users (name, role, active, created_at) VALUES (?, ?, 1, '2026-01-01')",
                    (name, role))
    con.execute("INSERT INTO persons (alias, alias_key, pathway_closed, created_at, created_by, version) "
                "VALUES ('Amina', 'amina', 0, '2026-01-01', 1, 1)")
    con.commit()
    con.close()
    app = Parcours.open(url, security=FAST)
    admin = svc.initialise(app, "admin", PASSWORD)           # sets the admin's password
    assert admin.delegations == ("principale",)
    credential = svc.Credential(svc.sign_in(app, "admin", PASSWORD).secret)
    users = {u.name: u for u in svc.list_users(app, credential)}
    assert users["camille"].delegations == ("principale",) and not users["camille"].has_password
    with pytest.raises(PermissionDenied):
        svc.sign_in(app, "camille", PASSWORD)            # no password until a reset
    svc.reset_password(app, credential, "camille", "Provisoire-2026!")
    camille = svc.Credential(svc.sign_in(app, "camille", "Provisoire-2026!").secret)
    svc.change_password(app, camille, "Provisoire-2026!", "Mon-Nouveau-2026!")
    assert [p.alias for p in svc.list_persons(app, camille)] == ["Amina"]
    app.close()


def test_a_member_of_several_delegations_is_scoped_to_each_of_them(app):
    # The door reads her delegations aggregated in the session's row (one row per call).
    for code, label in (("lyon", "Lyon"), ("nantes", "Nantes")):
        svc.add_delegation(app, who(app, "admin"), code, label)
    with app.db.read() as session:
        ids = dict(session.execute(select(Delegation.code, Delegation.id)).all())

    def scope() -> frozenset[int]:
        credential = _sign(app)
        with app.db.read() as session:
            return authenticate(session, credential, app.now()).delegations

    svc.set_delegations(app, who(app, "admin"), "camille", ["principale", "lyon", "nantes"])
    assert scope() == {ids["principale"], ids["lyon"], ids["nantes"]}
    svc.set_delegations(app, who(app, "admin"), "camille", ["nantes"])
    assert scope() == {ids["nantes"]}


def test_a_session_used_again_within_a_minute_is_not_written_again(app):
    def touches() -> int:
        with sent(app.db) as found:
            svc.list_persons(app, camille)
        return sum(s.sql.startswith("UPDATE auth_sessions") for s in found)

    camille = _sign(app)
    app.moment += timedelta(seconds=30)
    assert touches() == 0  # marked at sign-in, 30 s ago
    app.moment += timedelta(seconds=40)
    assert touches() == 1  # 70 s: marked anew
    app.moment += timedelta(seconds=59)
    assert touches() == 0
    # The idle clock counts from the last mark: at most a minute early, never late.
    app.moment += timedelta(minutes=30, seconds=2)
    with pytest.raises(NotAuthenticated, match="inactivité"):
        svc.list_persons(app, camille)


def test_a_member_of_many_delegations_is_asked_to_choose_among_a_few_named_ones(app):
    codes = [f"d{n}" for n in (10, 2, 1, 11, 3, 20, 4, 5, 6, 30)]
    for code in codes:
        svc.add_delegation(app, who(app, "admin"), code, code.upper())
    svc.set_delegations(app, who(app, "admin"), "camille", codes)
    with pytest.raises(InputError) as refused:
        svc.open_dropin(app, _sign(app), date(2026, 3, 3))
    assert str(refused.value) == ("Vous appartenez à plusieurs délégations : précisez laquelle "
                                  "(d1, d2, d3, d4, d5, d6, d10, d11 … et 2 autre(s) : "
                                  "parcours delegation list).")
    assert M.some_codes(["b", "a"]) == "a, b"


def test_failures_older_than_the_lock_are_forgotten_for_every_name(app):
    """Each name ever tried kept its row for ever: guesses at made-up names grew the
    throttle table without end. A failure counts for the lock's duration (15 minutes)."""
    for number in range(30):
        with pytest.raises(PermissionDenied, match="incorrect"):
            svc.sign_in(app, f"inconnu-{number}", "Mauvais-mot-2026")
    for _ in range(4):
        with pytest.raises(PermissionDenied, match="incorrect"):
            svc.sign_in(app, "camille", "Mauvais-mot-2026")
        app.moment += timedelta(seconds=10)
    with app.db.read() as session:
        assert session.scalar(select(func.count()).select_from(SignInThrottle)) == 31
    app.moment += timedelta(minutes=16)
    with pytest.raises(PermissionDenied, match="incorrect"):
        svc.sign_in(app, "personne", "Mauvais-mot-2026")
    with app.db.read() as session:
        assert session.scalars(select(SignInThrottle.key)).all() == [throttle_key("personne")]
    # camille's four failures are past counting: a fifth, now, does not lock her name
    with pytest.raises(PermissionDenied, match="incorrect"):
        svc.sign_in(app, "camille", "Mauvais-mot-2026")
    app.moment += timedelta(seconds=2)
    assert svc.sign_in(app, "camille", PASSWORD).user.name == "camille"
