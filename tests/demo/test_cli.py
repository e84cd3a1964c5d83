"""``parcours demo``: refused on a database with persons, and its options checked in French."""

from __future__ import annotations

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
