"""A small association's first week on the command line: the stumbles its volunteers, referents
and supervisors hit, each driven as they typed it."""

from __future__ import annotations

import pytest

from tests.cli_runner import ADMIN, Cli


@pytest.mark.parametrize(("args", "flag", "choices"), [
    (("note", "add", "1", "Appel", "--sensitivity", "sensible"), "--sensitivity",
     "ordinary, sensitive, restricted"),
    (("person", "export", "1", "--output", "x.txt", "--format", "pdf"), "--format", "texte, json"),
    (("rules", "--format", "xls"), "--format", "table, md"),
])
def test_a_value_outside_the_choices_is_refused_in_french(cli: Cli, args: tuple[str, ...],
                                                           flag: str, choices: str) -> None:
    cli.ok("person", "add", "Zoé")
    result = cli.fails(*args, code=2)
    assert "is not one of" not in result.err
    assert f"pour {flag} : choisissez parmi {choices}." in result.err, result.err


@pytest.mark.parametrize("batch", ["0", "beaucoup"])
def test_a_number_outside_its_range_is_refused_in_french(cli: Cli, batch: str) -> None:
    result = cli.fails("keys", "rotate", "--batch", batch, code=2, user=ADMIN)
    assert "range" not in result.err
    assert "pour --batch : attendu un nombre entier de 1 à 10000." in result.err, result.err
