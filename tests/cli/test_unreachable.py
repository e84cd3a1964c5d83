"""A base that cannot be used (issue 13, point 10): a PostgreSQL server that does not answer
is said to be unreachable, not "run init"; a refused command leaves no empty SQLite file; a base
in memory, which would vanish with the command, is refused."""

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


MEMORY_URLS = ("sqlite://", "sqlite:///:memory:", "sqlite:///file::memory:?uri=true",
               "sqlite:///file:scratch?mode=memory&uri=true")


def test_an_in_memory_base_is_refused_as_one_that_would_vanish(fresh: Cli, tmp_path,
                                                               monkeypatch) -> None:
    # Each command is a new process: an init « done » in memory left nothing for the next
    # one, and « file::memory: » was taken for a file named « :memory: » (WAL refused).
    folder = tmp_path / "here"
    folder.mkdir()
    monkeypatch.chdir(folder)
    for url in MEMORY_URLS:
        fresh.fails("init", "--admin", "alice", "--password-stdin", "--db", url,
                    input="x\n", user=None, match="mémoire disparaît")
        fresh.fails("review", "--db", url, user=None, match="mémoire disparaît")
        checked = fresh.run("check", "--db", url, user=None)
        assert checked.code == 1 and "mémoire disparaît" in checked.out, str(checked)
    assert list(folder.iterdir()) == []


def test_a_memory_uri_names_no_file() -> None:
    from core.persistence.database import in_memory, sqlite_file_of
    for url in MEMORY_URLS:
        assert sqlite_file_of(url) is None and in_memory(url), url
    assert sqlite_file_of("sqlite:///file:/tmp/base.db?uri=true").as_posix() == "/tmp/base.db"
    assert not in_memory("sqlite:///base.db")
    assert not in_memory("postgresql+psycopg://u:p@127.0.0.1/parcours")
