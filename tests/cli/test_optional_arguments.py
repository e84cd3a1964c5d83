"""An optional argument reads as optional in ``--help``: ``parcours deadlines`` without a
person lists everyone's deadlines, and its usage line must not say that a person is needed."""

from __future__ import annotations

import pytest

from tests.cli_runner import Cli


@pytest.mark.parametrize(("command", "usage"), [
    (("deadlines",), "parcours deadlines [OPTIONS] [PERSONNE]"),
    (("track", "history"), "parcours track history [OPTIONS] PERSONNE [DEMARCHE]"),
    (("actions",), "parcours actions [OPTIONS] PERSONNE [DEMARCHE]"),
])
def test_the_usage_line_brackets_what_may_be_left_out(cli: Cli, command, usage):
    assert f"Utilisation : {usage}" in cli.ok(*command, "--help", user=None).out
