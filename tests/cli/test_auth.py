"""Signing in through the command line: passwords, throttling and lock, sessions that end (logout,
disabled account, role change, idle and absolute timeouts), personal tokens, the session file,
and the commands that need a session.

The session clock is the real one: where a test needs time to pass it moves the stored
moments back in the test's own database (:meth:`Cli.age_sessions`, :meth:`Cli.age_failures`),
which is what the services read.
"""

from __future__ import annotations

import hashlib
import re
import stat
from datetime import UTC, datetime, timedelta

import click
import pytest

from core.cli.main import cli as root_command
from tests.accounts import PASSWORD
from tests.cli_runner import (ADMIN, REFERENT, VOLUNTEER, Cli, assert_french_error, assert_ok)

BAD = "Mauvais-Mot-De-Passe-1!"
NEW = "Autre-Phrase-De-Passe-2027?"
FAILED = r"Nom d'utilisateur ou mot de passe incorrect\."
NOT_SIGNED_IN = r"Vous n'êtes pas connecté·e : lancez « parcours login NOM »\."
ENDED = r"Votre session a été fermée : reconnectez-vous avec « parcours login NOM »\."
IDLE = (r"Votre session a expiré après une période d'inactivité : reconnectez-vous avec "
        r"« parcours login NOM »\.")
EXPIRED = r"Votre session a expiré : reconnectez-vous avec « parcours login NOM »\."


def _audit(cli: Cli, operation: str) -> list[dict]:
    """The audit rows of ``operation``, oldest first."""
    entries = cli.json("audit", "list", user=ADMIN)["entries"][::-1]
    return [e for e in entries if e["operation"] == operation]


# --- passwords, throttling, lock ------------------------------------------------------------
def test_a_wrong_password_or_an_unknown_name_get_the_same_refusal_and_no_session(cli: Cli):
    wrong = cli.login(REFERENT, BAD)
    assert_french_error(wrong, 1, FAILED)
    assert not cli.session_file(REFERENT).exists()
    unknown = cli.login("personne", BAD)
    assert_french_error(unknown, 1, FAILED)
    # On screen the log speaks French: « connexion … refusé … nom ou mot de passe incorrect ».
    shown = cli.ok("audit", "list", user=ADMIN).out
    assert "auth.login" not in shown and "bad_credentials" not in shown
    assert "connexion" in shown and "nom ou mot de passe incorrect" in shown
    assert unknown.err == wrong.err  # nothing tells which names exist
    assert_ok(cli.login(VOLUNTEER))
    assert cli.session_file(VOLUNTEER).exists()
    refused = [(e["user"], e["outcome"], e["reason"]) for e in _audit(cli, "auth.login")
               if e["outcome"] == "refused"]
    assert refused == [(REFERENT, "refused", "bad_credentials"), (None, "refused", "bad_credentials")]


def test_failures_wait_longer_each_time_then_the_name_is_locked(cli: Cli):
    for wait in (1, 2, 4, 8):  # seconds after the 1st, 2nd, 3rd and 4th failure
        assert_french_error(cli.login(REFERENT, BAD), 1, FAILED)
        # Straight after a failure even the right password waits, and is not counted.
        assert_french_error(cli.login(REFERENT), 1,
                            rf"Trop de tentatives : réessayez dans {wait} secondes?\.")
        assert not cli.session_file(REFERENT).exists()
        cli.age_failures(timedelta(seconds=wait, milliseconds=100))
    assert_french_error(cli.login(REFERENT, BAD), 1, FAILED)  # the fifth failure locks the name
    for later in (timedelta(0), timedelta(minutes=14)):
        cli.age_failures(later)
        assert_french_error(cli.login(REFERENT), 1,
                            r"Trop de tentatives : connexion bloquée pour ce nom pendant \d+ minutes?\.")
    assert_ok(cli.login(VOLUNTEER))  # another name is not locked
    cli.age_failures(timedelta(minutes=1, seconds=1))  # 15 minutes after the lock
    assert_ok(cli.login(REFERENT))
    assert cli.json("whoami")["name"] == REFERENT
    reasons = [e["reason"] for e in _audit(cli, "auth.login") if e["outcome"] == "refused"]
    assert reasons.count("bad_credentials") == 5 and reasons.count("throttled") == 6


# --- sessions that end ------------------------------------------------------------------------
def test_a_disabled_user_loses_her_session_and_her_tokens_and_cannot_sign_in(cli: Cli):
    cli.ok("person", "list", user=VOLUNTEER)
    token = cli.json("token", "create", user=VOLUNTEER)["token"]
    done = cli.json("user", "disable", VOLUNTEER, user=ADMIN)
    assert done["active"] is False
    cli.fails("person", "list", user=VOLUNTEER, code=1, match=ENDED)
    cli.fails("person", "list", user=None, env={"PARCOURS_TOKEN": token}, code=1, match=ENDED)
    assert_french_error(cli.login(VOLUNTEER), 1, FAILED)  # the same words as a wrong password
    assert [e["reason"] for e in _audit(cli, "auth.login") if e["outcome"] == "refused"] == ["disabled"]


def test_a_role_change_ends_the_sessions_and_the_new_role_applies_at_next_sign_in(cli: Cli):
    assert cli.json("whoami")["role"] == "referent"
    changed = cli.json("user", "role", REFERENT, "superviseur", user=ADMIN)
    assert changed["role"] == "superviseur"
    cli.fails("whoami", code=1, match=ENDED)
    cli.fails("review", code=1, match=ENDED)
    assert_ok(cli.login(REFERENT))
    assert cli.json("whoami")["role"] == "superviseur"
    assert cli.json("review")["items"] == []  # a supervisor's command, now allowed


def _a_kept_copy_is_refused_after_logout(cli: Cli, mode: int = 0o600) -> None:
    """Log out from a session file of ``mode``, put back the copy someone kept: refused."""
    cli.ok("whoami", user=VOLUNTEER)
    kept = cli.session_file(VOLUNTEER).read_text()
    cli.session_file(VOLUNTEER).chmod(mode)
    assert cli.ok("logout", user=VOLUNTEER).out == "Déconnecté·e.\n"
    assert not cli.session_file(VOLUNTEER).exists()
    cli.session_file(VOLUNTEER).write_text(kept)
    cli.session_file(VOLUNTEER).chmod(0o600)
    cli.fails("whoami", user=VOLUNTEER, code=1, match=ENDED)


def test_logout_ends_the_session_in_the_database_not_only_the_file(cli: Cli):
    _a_kept_copy_is_refused_after_logout(cli)


def test_logout_ends_the_session_of_a_file_others_may_read(cli: Cli):
    # The file is refused to every other command, and logout used to stop there: it deleted
    # the file and said « Déconnecté·e. », while a copy taken meanwhile stayed a live session.
    _a_kept_copy_is_refused_after_logout(cli, 0o644)


def test_a_new_login_ends_the_session_its_file_held(cli: Cli):
    # Signing in again replaced the file and left the session it held live in the base,
    # until it idled out: a copy of the old file kept working.
    cli.ok("whoami", user=VOLUNTEER)
    kept = cli.session_file(VOLUNTEER).read_text()
    assert_ok(cli.login(VOLUNTEER))
    cli.ok("whoami", user=VOLUNTEER)
    cli.session_file(VOLUNTEER).write_text(kept)
    cli.session_file(VOLUNTEER).chmod(0o600)
    cli.fails("whoami", user=VOLUNTEER, code=1, match=ENDED)


def test_logout_ends_the_saved_session_not_the_token_in_the_environment(cli: Cli):
    # With PARCOURS_TOKEN set, logout presented the token: the script's token was revoked and
    # the session it said had ended stayed live in the base.
    cli.ok("whoami")
    token = {"PARCOURS_TOKEN": cli.json("token", "create")["token"]}
    kept = cli.session_file(REFERENT).read_text()
    assert cli.ok("logout", env=token).out == "Déconnecté·e.\n"
    assert not cli.session_file(REFERENT).exists()
    assert cli.json("whoami", user=None, env=token)["kind"] == "token"
    cli.session_file(REFERENT).write_text(kept)
    cli.session_file(REFERENT).chmod(0o600)
    cli.fails("whoami", code=1, match=ENDED)


def test_an_idle_session_expires_after_30_minutes_and_use_keeps_it_alive(cli: Cli):
    assert cli.ok("whoami")
    assert cli.age_sessions(REFERENT, idle=timedelta(minutes=29)) == 1
    cli.ok("person", "list")  # 29 idle minutes: still valid, and used again now
    cli.age_sessions(REFERENT, idle=timedelta(minutes=29))
    cli.ok("person", "list")
    cli.age_sessions(REFERENT, idle=timedelta(minutes=31))
    cli.fails("person", "list", code=1, match=IDLE)
    assert_ok(cli.login(REFERENT))
    cli.ok("person", "list")


def test_the_idle_timeout_is_set_for_one_machine_by_the_environment(cli: Cli):
    short = {"PARCOURS_SESSION_IDLE_MINUTES": "5"}
    assert_ok(cli.login(REFERENT, env=short))
    until = datetime.fromisoformat(cli.json("whoami")["expires_at"])
    assert timedelta(minutes=4) < until - datetime.now(UTC) <= timedelta(minutes=5)
    cli.age_sessions(REFERENT, idle=timedelta(minutes=6))
    cli.fails("person", "list", code=1, match=IDLE)
    assert_french_error(cli.login(REFERENT, env={"PARCOURS_SESSION_IDLE_MINUTES": "quinze"}), 1,
                        "Valeur invalide pour PARCOURS_SESSION_IDLE_MINUTES : « quinze »")


@pytest.mark.parametrize("value", ["inf", "nan", "0", "-5", "0.5", "600", "1e9"])
def test_an_idle_timeout_out_of_its_limits_is_refused_in_french(cli: Cli, value):
    """``inf`` crashed every command with a traceback, ``0`` or less ended every session at
    once, and ten hours kept a forgotten session open past the references."""
    assert_french_error(cli.login(REFERENT, env={"PARCOURS_SESSION_IDLE_MINUTES": value}), 1,
                        re.escape(f"Réglage refusé (PARCOURS_SESSION_IDLE_MINUTES) : "
                                  f"session_idle_minutes = {value} ; attendu un nombre de "
                                  "minutes entre 1 et 30."))


def test_a_session_ends_after_12_hours_even_when_used(cli: Cli):
    until = datetime.fromisoformat(cli.json("whoami")["expires_at"])
    assert timedelta(minutes=29) < until - datetime.now(UTC) <= timedelta(minutes=30)
    cli.age_sessions(REFERENT, absolute=timedelta(hours=11, minutes=59))
    cli.ok("person", "list")
    cli.age_sessions(REFERENT, absolute=timedelta(minutes=2))
    cli.fails("person", "list", code=1, match=EXPIRED)


def test_a_password_reset_by_the_admin_must_be_changed_before_anything_else(cli: Cli):
    cli.ok("whoami", user=VOLUNTEER)
    cli.ok("user", "password", VOLUNTEER, "--password-stdin", user=ADMIN, input=NEW + "\n")
    cli.fails("whoami", user=VOLUNTEER, code=1, match=ENDED)
    assert_french_error(cli.login(VOLUNTEER), 1, FAILED)  # the old password is gone
    cli.age_failures(timedelta(seconds=2))
    signed = cli.login(VOLUNTEER, NEW)
    assert "choisissez-en un nouveau avec « parcours password »" in assert_ok(signed).out
    cli.fails("person", "list", user=VOLUNTEER, code=1, match="choisissez-en un nouveau")
    cli.fails("password", "--password-stdin", user=VOLUNTEER, input=f"{NEW}\ncourt\n", code=1,
              match="Mot de passe trop faible")
    assert cli.ok("password", "--password-stdin", user=VOLUNTEER, input=f"{NEW}\n{PASSWORD}\n").out \
        == "Mot de passe changé ; vos autres sessions sont fermées.\n"
    cli.ok("person", "list", user=VOLUNTEER)


# --- personal tokens --------------------------------------------------------------------------
def test_personal_tokens_are_created_listed_used_and_revoked(cli: Cli):
    made = cli.json("token", "create", "--expires", "2h", "--label", "sauvegarde")
    assert set(made) == {"id", "token", "expires_at"}
    lifetime = datetime.fromisoformat(made["expires_at"]) - datetime.now(UTC)
    assert timedelta(hours=1, minutes=59) < lifetime <= timedelta(hours=2)
    with cli.database() as conn:
        stored = conn.execute("SELECT token_hash FROM auth_sessions WHERE id = ?",
                              (made["id"],)).fetchone()[0]
    assert stored != made["token"] and made["token"] not in cli.db.read_bytes().decode("latin-1")
    token = {"PARCOURS_TOKEN": made["token"]}
    me = cli.json("whoami", user=None, env=token)
    assert (me["name"], me["kind"]) == (REFERENT, "token")
    cli.ok("person", "list", user=None, env=token)
    cli.fails("token", "create", user=None, env=token, code=1,
              match="Un jeton personnel se crée depuis une session")
    cli.fails("token", "create", "--expires", "400d", code=1, match="au plus 366 jours")
    cli.fails("token", "create", "--expires", "demain", code=2,
              match="Durée invalide « demain » : attendu par exemple 30j, 12h ou 90min")
    listed = cli.json("token", "list")["tokens"]
    assert [(t["id"], t["label"], t["revoked_at"]) for t in listed] == [(made["id"], "sauvegarde", None)]

    assert cli.json("token", "revoke", made["id"])["revoked_at"] is not None
    cli.fails("whoami", user=None, env=token, code=1, match=ENDED)
    cli.fails("token", "revoke", "999", code=1, match="Jeton inconnu : n° 999")
    assert cli.json("token", "list")["tokens"][0]["revoked_at"] is not None


def test_the_token_wins_over_the_session_file(cli: Cli):
    cli.ok("whoami", user=VOLUNTEER)
    token = cli.json("token", "create")["token"]
    assert cli.json("whoami", user=VOLUNTEER, env={"PARCOURS_TOKEN": token})["name"] == REFERENT


# --- the session file -------------------------------------------------------------------------
def test_the_session_file_is_owner_only_and_holds_only_the_secret(cli: Cli):
    signed = assert_ok(cli.login(REFERENT, env={"PARCOURS_SESSION": None}))
    assert "Connecté·e : camille (référent·e) ; la session se ferme après 30 min sans activité, " \
        "et au plus tard le " in signed.out
    files = list(cli.default_session_dir.iterdir())
    digest = hashlib.sha256(cli.url.encode()).hexdigest()[:16]
    assert [f.name for f in files] == [digest]  # one file per database, named without the URL
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
    assert stat.S_IMODE(cli.default_session_dir.stat().st_mode) == 0o700
    secret = files[0].read_text()
    assert secret.count("\n") == 1 and REFERENT not in secret and PASSWORD not in secret
    assert cli.json("whoami", user=None)["name"] == REFERENT  # found without PARCOURS_SESSION


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o660])
def test_a_session_file_others_may_read_is_refused(cli: Cli, mode: int):
    cli.ok("whoami")
    cli.session_file(REFERENT).chmod(mode)
    refused = cli.fails("whoami", code=1, match="est lisible par d'autres utilisateurs")
    assert str(cli.session_file(REFERENT)) in refused.err and "parcours login" in refused.err
    cli.session_file(REFERENT).chmod(0o600)
    cli.ok("whoami")


# --- who acts ---------------------------------------------------------------------------------
def test_whoami_json_gives_name_role_delegations_and_when_the_session_ends(cli: Cli):
    me = cli.json("whoami")
    assert {"name", "role", "delegations", "expires_at"} <= set(me)
    assert (me["name"], me["role"], me["delegations"]) == (REFERENT, "referent", ["principale"])
    assert datetime.fromisoformat(me["expires_at"]) > datetime.now(UTC)
    text = cli.ok("whoami").out
    assert text.startswith("camille (référent·e) — délégation(s) : principale — session fermée le ")
    assert text.rstrip().endswith("sans activité d'ici là")


def test_as_and_parcours_user_no_longer_say_who_acts(cli: Cli):
    for where in (("person", "list", "--as", VOLUNTEER), ("whoami", "--as", ADMIN)):
        cli.fails(*where, code=1, match=r"L'option --as n'existe plus : connectez-vous avec "
                                        r"« parcours login NOM » \(ou un jeton PARCOURS_TOKEN\)\.")
    cli.fails("person", "list", user=None, env={"PARCOURS_USER": ADMIN}, code=1, match=NOT_SIGNED_IN)
    assert cli.json("whoami", env={"PARCOURS_USER": ADMIN})["name"] == REFERENT


def test_init_without_password_stdin_and_without_a_terminal_creates_nothing(fresh: Cli):
    refused = assert_french_error(fresh.run("init", "--admin", ADMIN), 2)
    assert "Traceback" not in refused.err
    fresh.fails("login", ADMIN, "--password-stdin", input=PASSWORD + "\n", code=1,
                match="La base de données n'est pas initialisée")
    assert_ok(fresh.run("init", "--admin", ADMIN, "--password-stdin", input=PASSWORD + "\n"))
    assert_ok(fresh.login(ADMIN))


def test_init_without_password_stdin_and_without_a_terminal_says_what_to_do(fresh: Cli):
    fresh.fails("init", "--admin", ADMIN, match="passez-le sur l'entrée standard avec --password-stdin")


# Commands that work without a session, and why.
PUBLIC = {
    "init": "creates the base and its first admin",
    "login": "opens the session",
    "upgrade": "migrations, run by the database owner like init",
    "logout": "ending a session that is already over does nothing",
    "rules": "catalog", "rule": "catalog", "tracks": "catalog", "tracks show": "catalog",
    "plugins": "catalog", "domains": "catalog",
    "plugin new": "writes a plugin skeleton, reads no base",
    "restore": "writes into an empty base only (no account yet), with the backup and its key",
    "check": "a diagnostic that reads no content and must work when nobody can sign in",
}
SAMPLE_ARGS = {"person": "1", "track": "psp", "trigger": "reconnaitre", "key": "x", "dropin": "1",
               "day": "2026-03-03", "name": "zed", "role": "referent", "codes": "principale",
               "code": "autre", "label": "Autre", "alias": "Inès", "text": "texte", "token_id": "1",
               "kind": "personnes", "file": "absent.csv", "rule_id": "psp.autorisation_6m",
               "track_id": "psp", "purpose": "suivi", "consent": "1"}
OPTIONAL_ARGS = {"import": ["personnes", "absent.csv"], "report": ["--year", "2026"],
                 "person hold": ["--reason", "motif"]}
"""Without these, the command says what it lacks before asking who acts."""
REQUIRED_OPTIONS = {"--department": "59", "--text": "texte", "--to": "zed", "--until": "2026-04-01",
                    "--reason": "motif", "--role": "benevole", "--start": "2026-03-02",
                    "--output": "export.txt"}


def _commands(group: click.Group = root_command, path: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            if command.invoke_without_command:
                yield (*path, name), command
            yield from _commands(command, (*path, name))
        else:
            yield (*path, name), command


def _argv(path: tuple[str, ...], command: click.Command) -> list[str]:
    argv = [*path, *OPTIONAL_ARGS.get(" ".join(path), [])]
    for param in command.params:
        if isinstance(param, click.Argument) and param.required:
            argv.append(SAMPLE_ARGS[param.name])
        elif isinstance(param, click.Option) and param.required:
            argv += [param.opts[0], REQUIRED_OPTIONS[param.opts[0]]]
        elif isinstance(param, click.Option) and param.opts[0] == "--password-stdin":
            argv.append("--password-stdin")
    return argv


def test_every_command_but_the_public_ones_needs_a_session(cli: Cli):
    listed = list(_commands())
    assert len(listed) > 40 and set(PUBLIC) <= {" ".join(p) for p, _ in listed}
    refused = []
    for path, command in listed:
        if " ".join(path) in PUBLIC:
            continue
        result = cli.run(*_argv(path, command), user=None,
                         input=f"{PASSWORD}\n{NEW}\n", env={"PARCOURS_USER": ADMIN})
        assert_french_error(result, 1, NOT_SIGNED_IN)
        refused.append(" ".join(path))
    assert {"person add", "person show", "deadlines", "review", "report", "user add", "audit verify",
            "token create", "whoami", "import", "demo", "note list", "consent give",
            "consent withdraw", "consent list", "person export"} <= set(refused)
    # Nothing was written by the refused commands.
    assert cli.json("person", "list")["persons"] == []
    assert [u["name"] for u in cli.json("user", "list", user=ADMIN)["users"]] == [
        ADMIN, VOLUNTEER, REFERENT]


def test_the_public_commands_and_every_help_work_without_a_session(cli: Cli):
    for argv in (("rules", "--json"), ("rule", "psp.autorisation_6m", "--start", "2026-03-02"),
                 ("tracks",), ("tracks", "show", "psp"), ("plugins",), ("domains",), ("--help",),
                 ("logout",), ("init",), ("upgrade",)):
        assert_ok(cli.run(*argv, user=None))
    for path, _ in _commands():
        shown = assert_ok(cli.run(*path, "--help", user=None))
        assert f"parcours {' '.join(path)}" in shown.out


def test_the_user_list_names_a_few_delegations_of_a_national_account(cli: Cli):
    """A national account belongs to every delegation: its cell names the first eight and
    how many more (the JSON gives them all), not one line of thousands of characters."""
    codes = [f"d{n}" for n in range(1, 11)]
    for code in codes:
        cli.ok("delegation", "add", code, code.upper(), user=ADMIN)
    cli.ok("user", "delegations", REFERENT, *codes, user=ADMIN)
    out = cli.ok("user", "list", user=ADMIN).out
    row = next(r for r in out.splitlines() if r.startswith(REFERENT))
    assert "d1, d2, d3, d4, d5, d6, d7, d8 … et 2 autre(s) (toutes : --json)" in row
    listed = {u["name"]: u for u in cli.json("user", "list", user=ADMIN)["users"]}
    assert sorted(listed[REFERENT]["delegations"]) == sorted(codes)


def test_a_token_limited_to_the_report_runs_the_report_and_nothing_else(cli: Cli):
    """``token create --scope statistiques`` for a monthly cron: the report, no person."""
    cli.add_user("sonia", "superviseur")
    made = cli.json("token", "create", "--scope", "statistiques", "--label", "rapport mensuel",
                    user="sonia")
    token = {"PARCOURS_TOKEN": made["token"]}
    me = cli.ok("whoami", user=None, env=token).out
    assert "Ce jeton ne permet que le rapport d'activité." in me
    cli.ok("report", "--month", "2026-03", user=None, env=token)
    cli.fails("person", "list", user=None, env=token, code=1,
              match="ne permet que le rapport d'activité")
    listed = cli.ok("token", "list", user="sonia").out
    assert "portée" in listed and "statistiques" in listed
    cli.fails("token", "create", "--scope", "tout", code=1, match="Portée de jeton inconnue")


def test_a_name_signs_in_whatever_its_case_and_a_second_one_differing_by_case_is_refused(cli):
    """« Sonia » could not sign in as « sonia », and « Sonia » could be created beside her:
    two accounts a colleague tells apart by a capital letter."""
    cli.add_user("sonia", "superviseur")
    for typed in ("Sonia", "SONIA", " sonia"):
        assert_ok(cli.run_as_nobody("login", typed, "--password-stdin", input=PASSWORD + "\n",
                                    env={"PARCOURS_SESSION": str(cli.session_file("sonia"))}))
        assert cli.json("whoami", user="sonia")["name"] == "sonia"
    for other in ("Sonia", "SONIA", "ｓｏｎｉａ"):
        cli.fails("user", "add", other, "--role", "referent", "--password-stdin",
                  input=PASSWORD + "\n", user=ADMIN, match=r"« sonia » existe déjà")
    assert_ok(cli.run("user", "disable", "sonia", user=ADMIN))
    assert_french_error(cli.login("Sonia"), 1, FAILED)
    assert [e["reason"] for e in _audit(cli, "auth.login")][-1] == "disabled"


def test_a_name_that_only_looks_like_an_existing_one_is_refused_and_signs_in_as_nobody(cli):
    """« SONİA » (Turkish dotted capital I) and « Ѕonia » (Cyrillic capital dze) were created
    beside « sonia »: the sign-in screen and the audit then showed two users no reader tells
    apart. A look-alike names no account either: it does not sign in as « sonia »."""
    cli.add_user("sonia", "superviseur")
    for other in ("SONİA", "\u0405onia", "s\u043enia"):  # dotted İ, Cyrillic dze, Cyrillic o
        cli.fails("user", "add", other, "--role", "referent", "--password-stdin",
                  input=PASSWORD + "\n", user=ADMIN,
                  match=r"se confond à l'écran avec « sonia »")
        assert_french_error(cli.login(other), 1, FAILED)
    assert [u["name"] for u in cli.json("user", "list", user=ADMIN)["users"]
            if "onia" in u["name"] or "оnia" in u["name"]] == ["sonia"]
    cli.add_user("sonja", "referent")  # a name that differs to the eye is still welcome


def test_a_look_alike_name_holding_an_invisible_character_is_refused_too(cli):
    """An invisible character that the name's cleaning keeps (the grapheme joiner, a variation
    selector, a Hangul filler, a joiner between Cyrillic letters) made « Ѕоnіа » another name
    than « sonia » for the look-alike check, while both show the same."""
    cli.add_user("sonia", "superviseur")
    for other in ("so\u034fnia", "son\ufe0fia", "sonia\u3164", "son\u2062ia",
                  "\u0455\u200d\u043en\u0456\u0430"):
        cli.fails("user", "add", other, "--role", "referent", "--password-stdin",
                  input=PASSWORD + "\n", user=ADMIN,
                  match=r"se confond à l'écran avec « sonia »")
    cli.add_user("sonja", "referent")


def test_a_capital_i_that_reads_as_a_small_l_is_a_look_alike(cli):
    """« Ines » and « lnes » (a small L) read the same in the fonts an audit export is read in:
    the comparison folded the case first, turning the I into an i, and let « lnes » in."""
    cli.add_user("Ines", "superviseur")
    for other in ("lnes", "Ines͏"):
        cli.fails("user", "add", other, "--role", "referent", "--password-stdin",
                  input=PASSWORD + "\n", user=ADMIN, match=r"se confond à l'écran avec « Ines »")
    cli.add_user("Inès", "referent")  # an accent tells her apart


def test_two_accounts_of_an_older_base_that_differ_by_case_keep_their_exact_names(cli):
    """Before names were compared up to case, « sonia » and « Sonia » could both be created:
    each still signs in with her exact name; a third spelling names neither."""
    cli.add_user("sonia", "superviseur")
    cli.add_user("sonja", "referent")
    with cli.database() as db:
        db.execute("UPDATE users SET name = 'Sonia' WHERE name = 'sonja'")
    for name, role in (("sonia", "superviseur"), ("Sonia", "referent")):
        assert_ok(cli.login(name))
        assert cli.json("whoami", user=name)["role"] == role
    assert_french_error(cli.login("SONIA"), 1, FAILED)


def test_a_token_duration_in_m_is_refused_as_minutes_or_months_and_min_is_minutes(cli: Cli):
    """« 6m » gave a token of 6 minutes where a French user may mean 6 mois."""
    for typed in ("6m", "6 M", "6mois", "6 mois"):
        cli.fails("token", "create", "--expires", typed, code=2,
                  match=r"minutes ou mois.*90min pour des minutes.*180j pour 6 mois")
    assert cli.json("token", "list")["tokens"] == []
    made = cli.json("token", "create", "--expires", "90min")
    lifetime = datetime.fromisoformat(made["expires_at"]) - datetime.now(UTC)
    assert timedelta(minutes=89) < lifetime <= timedelta(minutes=90)
    assert "90min (minutes)" in " ".join(cli.ok("token", "create", "--help").out.split())


def test_a_name_typed_with_capitals_names_the_same_referent_everywhere(cli: Cli):
    """« Camille » signs in as camille, but `person list --referent Camille` told her that
    her role did not give access to this file, and `--set referent=Camille` that « Camille »
    could not be a referent."""
    cli.add_user("sonia", "superviseur")
    pid = cli.json("person", "add", "Amina")["id"]
    cli.ok("consent", "give", pid, "suivi")
    cli.ok("advance", pid, "parcours", "suivre", "--set", "referent=Camille")
    assert cli.json("person", "show", pid)["referent"] == REFERENT
    for who in (REFERENT, "sonia"):
        listed = cli.json("person", "list", "--referent", "CAMILLE", user=who)["persons"]
        assert [p["id"] for p in listed] == [pid]
        cli.ok("deadlines", "--referent", "Camille", user=who)
        cli.ok("review", "--referent", "Camille", user=who)
    cli.fails("person", "list", "--referent", "Camila", user="sonia", code=1,
              match="« Camila »")


def test_the_audit_log_of_an_account_typed_with_capitals(cli: Cli):
    """`audit list --user Camille` listed nothing, as for an account that never acted."""
    cli.ok("person", "add", "Amina")
    exact = cli.json("audit", "list", "--user", REFERENT, user=ADMIN)["entries"]
    assert exact and cli.json("audit", "list", "--user", "Camille", user=ADMIN)["entries"] == exact


def test_a_supervisor_filtering_on_an_older_bases_namesake_reads_hers_not_her_own(cli: Cli):
    """On a base from before names were compared up to case, « sonia » (supervisor) and
    « Sonia » (referent) are two accounts: `person list --referent Sonia` typed by sonia
    listed sonia's own persons, the exact name read as her own up to case."""
    cli.add_user("sonia", "superviseur")
    cli.add_user("sonja", "referent")
    with cli.database() as db:
        db.execute("UPDATE users SET name = 'Sonia' WHERE name = 'sonja'")
    pid = cli.json("person", "add", "Amina")["id"]
    cli.ok("consent", "give", pid, "suivi")
    cli.ok("advance", pid, "parcours", "suivre", "--set", "referent=Sonia")
    listed = cli.json("person", "list", "--referent", "Sonia", user="sonia")["persons"]
    assert [p["id"] for p in listed] == [pid]
    assert cli.json("person", "list", "--referent", "sonia", user="sonia")["persons"] == []
