"""A base that cannot be used (issue 13, point 10): a PostgreSQL server that does not answer
is said to be unreachable, not "run init"; a refused command leaves no empty SQLite file."""

from __future__ import annotations

from tests.cli_runner import Cli

UNREACHABLE = "postgresql+psycopg://parcours:x@127.0.0.1:1/parcours?connect_timeout=2"


def test_review_on_an_unreachable_server_says_so_not_run_init(cli: Cli) -> None:
    result = cli.run("review", "--db", UNREACHABLE)
    assert result.code == 1, str(result)
    assert "injoignable" in result.err and "parcours init" not in result.err, str(result)


def test_a_refused_demo_leaves_no_empty_database_file(fresh: Cli) -> None:
    result = fresh.run_as_nobody("demo")
    assert result.code != 0, str(result)
    assert not fresh.db.exists()
