"""Every ``parcours`` help text, and the outputs issue 13 found in English, scanned for English
(issue 13, point 9): click's "Usage:" and "Show this message and exit.", "snoozed" after
``review snooze``, the system's "No such file or directory".

Command and option names are what the user types: they are left out of the scan.
"""

from __future__ import annotations

import click
import pytest

from core.cli.main import cli as root
from tests.cli_runner import Cli, assert_ok
from tests.english import leaks


def _paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [prefix]
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found += _paths(command, (*prefix, name))
        else:
            found.append((*prefix, name))
    return found


def _names(group: click.Group) -> frozenset[str]:
    """Every command name, typed by users: not English to flag."""
    names: set[str] = set()
    for name, command in group.commands.items():
        names.update(name.split("-"))
        if isinstance(command, click.Group):
            names |= _names(command)
    return frozenset(n.lower() for n in names)


PATHS = _paths(root)
TYPED = _names(root)


def _without_flags(text: str) -> str:
    # Option names (--no-default) are typed too.
    return " ".join(w for w in text.split() if not w.startswith("-"))


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "parcours")
def test_every_help_is_french(fresh: Cli, path: tuple[str, ...]) -> None:
    result = assert_ok(fresh.run_as_nobody(*path, "--help"))
    assert leaks(_without_flags(result.out), allowed=TYPED) == [], result.out


def test_review_decisions_are_said_in_french(cli: Cli) -> None:
    person = cli.json("person", "add", "Zoé")["id"]
    cli.ok("track", "start", str(person), "psp", "--at", "2025-12-01")  # nothing since: stalled
    cli.add_user("sonia", "superviseur")
    items = cli.json("review", user="sonia")["items"]
    key = next(i["key"] for i in items if i["person_id"] == person)
    listed = cli.ok("review", user="sonia").out
    row = listed.splitlines()[1]  # the table's first row (the keys, below it, keep ISO dates)
    assert "01/12/2025" in row and "2025-12-01" not in row  # dates as the interface shows them
    out = cli.ok("review", "snooze", key, "--until", "2026-04-01", "--reason", "RDV", user="sonia").out
    assert "snoozed" not in out and "alerte reportée" in out
    assert leaks(out) == []


def test_a_file_that_cannot_be_written_is_said_in_french(cli: Cli, tmp_path) -> None:
    cli.add_user("sonia", "superviseur")
    result = cli.run("report", "--year", "2025", "--format", "xlsx",
                     "--output", str(tmp_path / "nowhere" / "r.xlsx"), user="sonia")
    assert result.code != 0
    assert "No such file" not in result.err and "introuvable" in result.err, result.err
