"""``person add`` with an alias a person of the delegation already has: recorded, with a
warning naming her (``homonyms`` in JSON)."""

from __future__ import annotations

from tests.cli_runner import Cli


def test_person_add_warns_of_a_second_person_with_the_same_alias(cli: Cli):
    first = cli.json("person", "add", "Margot")["id"]
    out = cli.ok("person", "add", "margot").out
    assert f"Attention : ce pseudonyme est déjà celui de n° {first} dans la délégation." in out
    assert cli.json("person", "add", "Margot")["homonyms"] == [first, first + 1]
