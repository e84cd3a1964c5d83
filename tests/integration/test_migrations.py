"""Migrations: empty database to head and back, drift detection, atomicity, unknown revisions."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from core import messages as M
from core.errors import PersistenceError
from core.persistence import migrate
from core.persistence.base import Base
from core.persistence.database import Database
from tests.accounts import who

TABLES = {"users", "review_marks", "persons", "person_identities", "dropins", "dropin_volunteers", "visits",
          "delegations", "user_delegations", "auth_sessions", "signin_throttle", "audit_log",
          "audit_checkpoints", "agrements", "base_info", "person_keys", "person_search",
          "tracks", "events", "sensitive_facts", "deadlines", "notes", "consents",
          "person_holds", "request_log", "report_aggregates"}


def tables(database: Database) -> set[str]:
    return set(inspect(database.engine).get_table_names()) - {"alembic_version", "sqlite_sequence"}


@pytest.fixture
def empty(any_url):
    database = Database(any_url)
    yield database
    database.dispose()


def test_models_declare_exactly_the_expected_tables():
    assert set(Base.metadata.tables) == TABLES


def test_empty_database_upgrades_to_head_and_matches_the_models(empty):
    assert migrate.current(empty) is None
    migrate.upgrade(empty)
    assert migrate.current(empty) == migrate.head()
    assert tables(empty) == TABLES
    migrate.check(empty)


def test_downgrade_to_base_then_up_again(empty):
    migrate.upgrade(empty)
    migrate.downgrade(empty, "base")
    assert migrate.current(empty) is None
    assert tables(empty) == set()
    migrate.upgrade(empty)
    migrate.check(empty)
    assert tables(empty) == TABLES


def test_check_reports_a_schema_that_drifted_from_the_models(empty):
    migrate.upgrade(empty)
    with empty.engine.begin() as connection:
        connection.exec_driver_sql("DROP INDEX ix_persons_delegation_id_alias_hash")
    with pytest.raises(PersistenceError) as caught:
        migrate.check(empty)
    assert caught.value.msg == M.DB_SCHEMA_MISMATCH
    assert caught.value.__cause__ is not None


def test_a_failing_migration_leaves_the_database_untouched(empty):
    # 'notes' is created late in 0001: every table created before it must be rolled back too,
    # which on SQLite only happens with the BEGIN recipe (legacy mode autocommits DDL).
    with empty.engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE notes (id INTEGER PRIMARY KEY)")
    with pytest.raises(PersistenceError):
        migrate.upgrade(empty)
    assert migrate.current(empty) is None
    assert tables(empty) == {"notes"}


def test_a_database_from_a_newer_release_is_refused(empty):
    migrate.upgrade(empty)
    with empty.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(PersistenceError) as caught:
        migrate.upgrade(empty)
    assert caught.value.msg == M.UPGRADE_FAILED.format(error=M.DB_SCHEMA_UNKNOWN)


def test_alembic_config_escapes_percent_signs_in_the_url():
    config = migrate.alembic_config("postgresql://u:p%40ss@host/db")
    assert config.get_main_option("sqlalchemy.url") == "postgresql://u:p%40ss@host/db"
    assert (migrate.SCRIPT_LOCATION / "env.py").is_file()


def test_head_constant_matches_the_migrations():
    assert migrate.head() == migrate.HEAD_REVISION


def test_services_refuse_a_database_that_is_not_initialised(sqlite_url):
    from core import services as svc
    from core.errors import PersistenceError
    from core.persistence.database import Database
    from core.services.app import Parcours

    app = Parcours(Database(sqlite_url))
    with pytest.raises(PersistenceError, match="parcours init"):
        svc.list_persons(app, who(app, "admin"))
