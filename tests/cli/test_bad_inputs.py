"""Issue 15, « must show »: every bad input of the issue and of security.md §3, through the
command line, each refused with one French sentence (exit code not 0, no traceback, nothing
raw on the terminal) and nothing written.

One base serves the module: each refusal must leave it exactly as it was (every table but the
audit log, the sign-in throttle and the sessions' last use), which is checked around every
invocation. The same list runs at the service level on SQLite and PostgreSQL in
``tests/services/test_input_gate.py`` (the door's refusals) and
``tests/services/test_bad_inputs.py``.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from tests.bad_inputs import (ANY_TEXT, BAD_DATES, BAD_NUMBERS, BAD_REQUEST_IDS, LINE_ONLY,
                              NAME_ONLY)
from tests.cli_runner import ADMIN, PASSWORD, REFERENT, VOLUNTEER, Cli, assert_french_error

SUPERVISOR = "sonia"
ITEM = "no_referent:person:2"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
"""What must never reach the terminal raw: controls, bidirectional controls, surrogates."""
BLOCK_TEXT = {k: v for k, v in ANY_TEXT.items()} | {"5001 caractères": "x" * 5001,
                                                    "retour chariot seul": "ligne\rautre"}

ENTRY_POINTS = {
    # where a text is typed: (user, arguments with {} for the text); its kinds of text
    "pseudonyme": (REFERENT, ("person", "add", "{}"), ANY_TEXT | NAME_ONLY),
    "note": (REFERENT, ("note", "add", "1", "{}"), BLOCK_TEXT),
    "note d'une transition": (REFERENT, ("advance", "1", "parcours", "mettre_en_pause",
                                         "--note", "{}"), BLOCK_TEXT),
    "fait d'une transition": (REFERENT, ("advance", "1", "parcours", "mettre_en_pause",
                                         "--set", "motif_pause={}"), ANY_TEXT | LINE_ONLY),
    "commentaire d'alerte": (REFERENT, ("review", "comment", ITEM, "--text", "{}"), BLOCK_TEXT),
    "motif de report": (SUPERVISOR, ("review", "snooze", ITEM, "--until", "2026-04-01",
                                     "--reason", "{}"), ANY_TEXT | LINE_ONLY),
    "motif de gel": (SUPERVISOR, ("person", "hold", "1", "--reason", "{}"), ANY_TEXT | LINE_ONLY),
    "nom d'utilisateur": (ADMIN, ("user", "add", "{}", "--role", "benevole", "--password-stdin"),
                          ANY_TEXT | NAME_ONLY),
    "libellé de délégation": (ADMIN, ("delegation", "add", "nord", "{}"), ANY_TEXT | NAME_ONLY),
    "nom de bénévole": (VOLUNTEER, ("dropin", "open", "2026-03-04", "--volunteer", "{}=2"),
                        ANY_TEXT | NAME_ONLY),
    "libellé de jeton": (REFERENT, ("token", "create", "--label", "{}"), ANY_TEXT | LINE_ONLY),
    "personne recherchée": (REFERENT, ("person", "show", "{}"), ANY_TEXT),
    "démarche": (REFERENT, ("track", "start", "1", "{}"), ANY_TEXT),
    "action": (REFERENT, ("advance", "1", "parcours", "{}"), ANY_TEXT),
}
CASES = [pytest.param(user, tuple(a.replace("{}", value) for a in args), id=f"{where}: {label}")
         for where, (user, args, values) in ENTRY_POINTS.items()
         for label, value in values.items()]


def _snapshot(db: Path) -> str:
    """Every row of every table a refusal must leave alone."""
    import sqlite3
    from contextlib import closing
    digest = hashlib.sha256()
    with closing(sqlite3.connect(db)) as conn:
        tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                             "ORDER BY name")]
        for table in tables:
            if table in ("audit_log", "audit_checkpoints", "signin_throttle", "sqlite_sequence",
                         "sqlite_stat1", "sqlite_stat4"):  # planner statistics, not data
                continue
            columns = "id, kind, label, revoked_at" if table == "auth_sessions" else "*"
            rows = sorted(repr(r) for r in conn.execute(f'SELECT {columns} FROM "{table}"'))
            digest.update(f"{table}:{rows}".encode("utf-8", "backslashreplace"))
    return digest.hexdigest()


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, template_db: Path) -> Cli:
    """Amina (n° 1, followed by camille), Rose (n° 2, nobody's: an alert), a drop-in (n° 1),
    a supervisor; everyone signed in once."""
    root = tmp_path_factory.mktemp("bad-inputs")
    cli = Cli(root)
    shutil.copy2(template_db, cli.db)
    shutil.copytree(template_db.parent / "config" / "parcours" / "cles",
                    root / "config" / "parcours" / "cles", dirs_exist_ok=True)
    cli.add_user(SUPERVISOR, "superviseur")
    cli.login(SUPERVISOR)
    cli.ok("person", "add", "Amina")
    cli.ok("consent", "give", "1", "suivi", "--date", "2026-03-01")
    cli.ok("advance", "1", "parcours", "suivre", "--set", "referent=camille")
    cli.ok("person", "add", "Rose")
    cli.ok("dropin", "open", "2026-03-03", user=VOLUNTEER)
    return cli


def refused(cli: Cli, user: str, *args: str, stdin: str | None = None) -> None:
    before = _snapshot(cli.db)
    result = cli.run(*args, user=user, input=stdin)
    assert not RAW.search(result.out + result.err), str(result)[:500]
    assert_french_error(result)
    assert len(result.err.strip().splitlines()) == 1, str(result)[:500]
    assert _snapshot(cli.db) == before, f"something was written: {str(result)[:300]}"


@pytest.mark.parametrize(("user", "args"), CASES)
def test_a_bad_text_is_refused_in_one_french_sentence_and_nothing_is_written(base, user, args):
    refused(base, user, *args, stdin=PASSWORD + "\n" if "--password-stdin" in args else None)


@pytest.mark.parametrize("value", BAD_DATES)
@pytest.mark.parametrize("option", [("person", "add", "Zoé", "--first-visit"),
                                    ("advance", "1", "parcours", "mettre_en_pause", "--at"),
                                    ("dropin", "open")])
def test_a_bad_date_is_refused(base, option, value):
    refused(base, VOLUNTEER if option[0] == "dropin" else REFERENT, *option, value)


@pytest.mark.parametrize("value", BAD_NUMBERS)
@pytest.mark.parametrize("command", [("person", "show"), ("dropin", "close"),
                                     ("token", "revoke"), ("note", "list")])
def test_a_bad_number_is_refused(base, command, value):
    refused(base, VOLUNTEER if command[0] == "dropin" else REFERENT, *command, value)


@pytest.mark.parametrize("value", [v for v in BAD_NUMBERS if v != "1.0"] + ["0", "3.0"])
def test_a_bad_count_is_refused(base, value):
    refused(base, VOLUNTEER, "dropin", "anonymous", "1", "--count", value)


@pytest.mark.parametrize("value", BAD_REQUEST_IDS)
def test_a_bad_request_id_is_refused(base, value):
    refused(base, REFERENT, "person", "add", "Zoé", "--request-id", value)


@pytest.mark.parametrize("fact", ["motif_pause=" + "x" * 201, "inconnu=1", "\x1b[2J=1",
                                  "motif_pause", "=x"])
def test_a_bad_fact_is_refused(base, fact):
    refused(base, REFERENT, "advance", "1", "parcours", "mettre_en_pause", "--set", fact)


def test_a_good_text_still_passes(base):
    """The gate refuses what no one types, not what people write (NFC stored)."""
    out = base.json("person", "add", "Zoe\u0301 N'Diaye-Ben Ali", user=REFERENT)
    shown = base.json("person", "show", str(out["id"]), user=REFERENT)
    assert shown["alias"] == "Zoé N'Diaye-Ben Ali"
