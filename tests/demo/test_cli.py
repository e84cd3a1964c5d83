"""``parcours demo``: refused on a database with persons, and its options checked in French."""

from __future__ import annotations

from tests.cli_runner import ADMIN, Cli, assert_french_error


def test_demo_command_refusals(cli: Cli):
    cli.ok("person", "add", "Amina")
    refused, scale, seed, role = cli.many([
        (("demo", "--year", "2025"), {"user": ADMIN}),
        (("demo", "--scale", "0"), {"user": ADMIN}),
        (("demo", "--seed", "abc"), {"user": ADMIN}),
        (("demo", "--force"), {}),
    ])
    assert_french_error(refused, 1, "contient déjà des personnes")
    assert refused.out == ""
    assert_french_error(scale, 2, "--scale")
    assert_french_error(seed, 2, "--seed")
    assert_french_error(role, 1, "ne permet pas")
    assert cli.json("person", "list")["persons"][0]["alias"] == "Amina"
