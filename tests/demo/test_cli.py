"""``parcours demo``: refused on a database with persons, and its options checked in French."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing

import pytest

from tests.cli_runner import ADMIN, Cli, assert_french_error


def test_demo_command_refusals(cli: Cli):
    cli.ok("person", "add", "Amina")
    refused, scale, seed, role, shared, word = cli.many([
        (("demo", "--year", "2025"), {"user": ADMIN}),
        (("demo", "--scale", "0"), {"user": ADMIN}),
        (("demo", "--seed", "abc"), {"user": ADMIN}),
        (("demo", "--force"), {}),
        (("demo", "--scale", "2", "--delegations", "3"), {"user": ADMIN}),
        (("demo", "--delegations", "beaucoup"), {"user": ADMIN}),
    ])
    assert_french_error(refused, 1, "contient déjà des personnes")
    assert refused.out == ""
    assert_french_error(scale, 2, "--scale")
    assert_french_error(seed, 2, "--seed")
    assert_french_error(role, 1, "ne permet pas")
    assert_french_error(shared, 1, "nombre de délégations entre 1 et le nombre de")
    assert_french_error(word, 2, "--delegations")
    assert cli.json("person", "list")["persons"][0]["alias"] == "Amina"


@pytest.mark.slow
def test_two_years_of_one_delegation(cli: Cli):
    """``--delegations 1``: the year played, then a copy a year back into the same
    delegation, worked by the same staff."""
    done = cli.ok("demo", "--year", "2025", "--scale", "2", "--delegations", "1", user=ADMIN)
    assert "Démo 2024-2025 : 2 délégations-année (1 délégation)" in done.out
    persons = int(re.search(r"(\d+) personnes", done.out).group(1))
    with closing(sqlite3.connect(cli.db)) as con:
        copied_staff = con.execute("SELECT count(*) FROM users WHERE name LIKE '% (%)'").fetchone()
        codes = con.execute("SELECT d.code, count(p.id) FROM persons p JOIN delegations d "
                            "ON d.id = p.delegation_id GROUP BY d.code").fetchall()
    assert copied_staff == (0,) and codes == [("demo-1", persons)]
