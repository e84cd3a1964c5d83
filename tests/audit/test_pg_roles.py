"""PostgreSQL roles: the application connects as a role that owns nothing (security.md AU-3, OP-3).

The test makes its own two roles with the server's test role (which has CREATEROLE): an
owner, whose database it is, and an application role. ``parcours init --app-role`` runs as
the owner (migrations, first administrator, grants); the application then works through
the application role (sign in, add users and persons, advance a pathway, write a note,
verify the audit log), and that role cannot rewrite history: no UPDATE, DELETE or TRUNCATE
of ``events`` and ``audit_log``, no audit checkpoint of its own (where verification would
restart), no disabling or dropping their triggers, no dropping or altering any table, no
schema change, no replica mode that would skip triggers.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from core import services as svc
from core.errors import NotFound
from core.persistence.database import Database, make_engine
from core.plugins import build_plugin_host
from core.services.app import Parcours
from tests.accounts import FAST, PASSWORD
from tests.conftest import PG_ENV, drop_database

pytestmark = pytest.mark.pg
INSUFFICIENT_PRIVILEGE = "42501"
PARCOURS = str(Path(sys.executable).parent / "parcours")


@dataclass(frozen=True)
class Roles:
    owner: str
    app: str
    owner_url: str
    app_url: str


@pytest.fixture
def roles() -> Iterator[Roles]:
    server = os.environ.get(PG_ENV)
    if not server:
        pytest.skip("PostgreSQL non configuré : définissez PARCOURS_TEST_PG_URL (CI le fait)")
    suffix = secrets.token_hex(4)
    owner, app, database = f"parcours_owner_{suffix}", f"parcours_app_{suffix}", f"parcours_roles_{suffix}"
    owner_pw, app_pw = secrets.token_hex(12), secrets.token_hex(12)
    admin = make_engine(server).execution_options(isolation_level="AUTOCOMMIT")
    base = make_url(server).set(database=database)
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE ROLE {owner} LOGIN PASSWORD '{owner_pw}'")
            conn.exec_driver_sql(f"CREATE ROLE {app} LOGIN PASSWORD '{app_pw}'")
            conn.exec_driver_sql(f"GRANT {owner} TO CURRENT_USER")  # to create its database
            conn.exec_driver_sql(f'CREATE DATABASE "{database}" OWNER {owner}')
            # as docs/security.md says: only the application role may connect besides the owner
            conn.exec_driver_sql(f'REVOKE ALL ON DATABASE "{database}" FROM PUBLIC')
            conn.exec_driver_sql(f'GRANT CONNECT ON DATABASE "{database}" TO {app}')
        yield Roles(owner, app,
                    base.set(username=owner, password=owner_pw).render_as_string(hide_password=False),
                    base.set(username=app, password=app_pw).render_as_string(hide_password=False))
    finally:
        drop_database(admin, database)
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP ROLE IF EXISTS {app}")
            conn.exec_driver_sql(f"DROP ROLE IF EXISTS {owner}")
        admin.engine.dispose()


def _parcours(tmp_path: Path, *args: str, stdin: str = "",
              env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PARCOURS_")}
    clean.update(HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"),
                 XDG_DATA_HOME=str(tmp_path / "data"), PARCOURS_STATE_DIR=str(tmp_path / "state"),
                 PARCOURS_PLUGINS_ALLOW="", **(env or {}))
    return subprocess.run([PARCOURS, *args], input=stdin, capture_output=True, text=True,
                          env=clean, timeout=120, check=False)


@pytest.fixture
def initialised(roles: Roles, tmp_path: Path) -> Roles:
    done = _parcours(tmp_path, "init", "--db", roles.owner_url, "--admin", "admin",
                     "--password-stdin", "--app-role", roles.app, stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    assert roles.app in done.stdout
    return roles


def test_the_application_works_through_a_role_that_owns_nothing(initialised, tmp_path):
    # The key file `init` created, in the configuration directory it was run with.
    key_file = next((tmp_path / "config").rglob("*.json"))
    app = Parcours.open(initialised.app_url, host=build_plugin_host(load_entrypoints=False),
                        today=date(2026, 3, 10), security=FAST, key_file=str(key_file))
    try:
        admin = svc.Credential(svc.sign_in(app, "admin", PASSWORD).secret)
        svc.add_user(app, admin, "camille", "referent", PASSWORD)
        camille = svc.Credential(svc.sign_in(app, "camille", PASSWORD).secret)
        person = svc.add_person(app, camille, "Amina").id
        svc.give_consent(app, camille, person, "suivi", given_on=date(2026, 3, 1))
        svc.advance(app, camille, person, "parcours", "suivre", facts={"referent": "camille"})
        svc.add_note(app, camille, person, "Rappeler mardi")
        assert svc.show_person(app, camille, person).referent == "camille"
        assert svc.rebuild_aggregates(app, admin).delegations == 1  # it locks their table
        assert svc.verify_audit(app, admin).ok
        token = admin.secret
    finally:
        app.close()
    checked = _parcours(tmp_path, "audit", "verify", "--db", initialised.app_url,
                        env={"PARCOURS_TOKEN": token})
    assert checked.returncode == 0 and "intact" in checked.stdout, checked.stderr
    again = _parcours(tmp_path, "upgrade", "--db", initialised.owner_url,
                      "--app-role", initialised.app)
    assert again.returncode == 0, again.stderr


REFUSED = [
    "UPDATE events SET kind = kind",
    "DELETE FROM events",
    "TRUNCATE events",
    "UPDATE audit_log SET outcome = outcome",
    "DELETE FROM audit_log",
    "TRUNCATE audit_log",
    "DELETE FROM audit_checkpoints",
    "INSERT INTO audit_checkpoints (created_at, last_seq, last_hash) VALUES (now(), 0, 'x')",
    "UPDATE alembic_version SET version_num = '0001'",
    "ALTER TABLE events DISABLE TRIGGER events_append_only",
    "ALTER TABLE audit_log DISABLE TRIGGER USER",
    "ALTER TABLE audit_log DISABLE TRIGGER ALL",
    "DROP TRIGGER audit_log_append_only ON audit_log",
    "DROP TRIGGER events_append_only ON events",
    "DROP FUNCTION parcours_audit_append_only() CASCADE",
    "DROP TABLE audit_log",
    "DROP TABLE events",
    "DROP TABLE persons",
    "ALTER TABLE audit_log RENAME TO audit_ancien",
    "ALTER TABLE persons ADD COLUMN remarque text",
    "CREATE TABLE public.copie (id integer)",
    "SET session_replication_role = replica",
]


def test_the_application_role_cannot_rewrite_history(initialised):
    engine = create_engine(initialised.app_url)
    try:
        with engine.connect() as conn:
            facts = conn.execute(text(
                "SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles "
                "WHERE rolname = current_user")).one()
            owned = conn.execute(text("SELECT count(*) FROM pg_tables WHERE tableowner = "
                                      "current_user")).scalar_one()
        assert tuple(facts) == (False, False, False, False) and owned == 0
        before = _counts(engine)
        refused = {}
        for statement in REFUSED:
            try:
                with engine.begin() as conn:
                    conn.exec_driver_sql(statement)
            except DBAPIError as exc:
                refused[statement] = getattr(exc.orig, "sqlstate", None)
            else:
                refused[statement] = "accepted"
        assert refused == dict.fromkeys(REFUSED, INSUFFICIENT_PRIVILEGE)
        assert _counts(engine) == before
    finally:
        engine.dispose()


def _counts(engine: Engine) -> tuple[int, int]:
    with engine.connect() as conn:
        return (conn.execute(text("SELECT count(*) FROM events")).scalar_one(),
                conn.execute(text("SELECT count(*) FROM audit_log")).scalar_one())


RESTRICT_VIOLATION = "23001"


def test_the_application_role_erases_a_person_and_nothing_more(initialised, tmp_path):
    """Through the application role: her events lose their clear free text (the one UPDATE it
    has, on three columns, which the trigger accepts only for an erased person); another
    person's events stay refused, and so does pruning the audit log (owner only)."""
    key_file = next((tmp_path / "config").rglob("*.json"))
    app = Parcours.open(initialised.app_url, host=build_plugin_host(load_entrypoints=False),
                        today=date(2026, 3, 10), security=FAST, key_file=str(key_file))
    try:
        admin = svc.Credential(svc.sign_in(app, "admin", PASSWORD).secret)
        svc.add_user(app, admin, "sonia", "superviseur", PASSWORD)
        sonia = svc.Credential(svc.sign_in(app, "sonia", PASSWORD).secret)
        erased, kept = (svc.add_person(app, sonia, alias).id for alias in ("Amina", "Berthe"))
        for person in (erased, kept):
            svc.give_consent(app, sonia, person, "suivi", given_on=date(2026, 3, 1))
            svc.advance(app, sonia, person, "parcours", "suivre", facts={"referent": "sonia"})
        svc.reauthenticate(app, sonia, PASSWORD)
        done = svc.erase_person(app, sonia, erased, "demande de la personne")
        assert done.rows["person_keys"] == 1 and done.rows["events"] >= 1
        with pytest.raises(NotFound, match="effacée"):
            svc.show_person(app, sonia, erased)
    finally:
        app.close()
    engine = create_engine(initialised.app_url)
    try:
        with engine.connect() as conn:
            facts = conn.execute(text("SELECT facts FROM events WHERE person_id = :p AND "
                                      "kind = 'transition'"), {"p": erased}).scalar_one()
        assert facts == {}  # the referent's name (free text) is gone
        outcomes = {}
        for statement in (f"UPDATE events SET facts = '{{}}' WHERE person_id = {kept}",
                          f"UPDATE events SET kind = 'x' WHERE person_id = {erased}",
                          "DELETE FROM audit_log WHERE seq = 1"):
            try:
                with engine.begin() as conn:
                    conn.exec_driver_sql(statement)
            except DBAPIError as exc:
                outcomes[statement] = getattr(exc.orig, "sqlstate", None)
        assert list(outcomes.values()) == [RESTRICT_VIOLATION, INSUFFICIENT_PRIVILEGE,
                                           INSUFFICIENT_PRIVILEGE]
    finally:
        engine.dispose()


def test_an_erasure_through_the_application_role_says_the_owner_must_vacuum(initialised,
                                                                             tmp_path):
    """The application role owns no table, so PostgreSQL skips its VACUUM with a warning, not
    an error: ``person erase`` must not call the files clean, and says what the owner runs."""
    key_file = next((tmp_path / "config").rglob("*.json"))
    app = Parcours.open(initialised.app_url, host=build_plugin_host(load_entrypoints=False),
                        security=FAST, key_file=str(key_file))
    try:
        admin = svc.Credential(svc.sign_in(app, "admin", PASSWORD).secret)
        svc.add_user(app, admin, "sonia", "superviseur", PASSWORD)
        person = svc.add_person(app, admin, "Amina").id
    finally:
        app.close()
    env = {"PARCOURS_DB": initialised.app_url, "PARCOURS_SESSION": str(tmp_path / "sonia")}
    for args in (("login", "sonia", "--password-stdin"), ("reauth", "--password-stdin")):
        done = _parcours(tmp_path, *args, stdin=PASSWORD + "\n", env=env)
        assert done.returncode == 0, done.stderr
    done = _parcours(tmp_path, "person", "erase", str(person), "--reason", "demande", env=env)
    assert done.returncode == 0, done.stderr
    assert "VACUUM refusé" in done.stdout and "propriétaire" in done.stdout
    owner = Database(initialised.owner_url)
    try:
        assert owner.scrub()  # the owner's VACUUM runs, and is called clean
    finally:
        owner.dispose()
