"""A ``--referent`` naming no account is a typing mistake: ``person list``, ``deadlines`` and
``review`` say so in French instead of answering an empty list; a referent's own name and a
known colleague's still list as before."""

from __future__ import annotations

import pytest

from tests.accounts import PASSWORD
from tests.cli_runner import ADMIN, REFERENT, Cli, assert_french_error

SUPERVISOR = "sonia"
COMMANDS = [("person", "list"), ("deadlines",), ("review",)]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c))
def test_an_unknown_referent_is_named_not_answered_by_an_empty_list(cli: Cli, command):
    cli.add_user(SUPERVISOR, "superviseur")
    failed = cli.fails(*command, "--referent", "Personne Inconnue", user=SUPERVISOR, code=1,
                       match="Aucun compte de vos délégations ne s'appelle « Personne Inconnue »")
    assert_french_error(failed)
    cli.ok(*command, "--referent", REFERENT, user=SUPERVISOR)
    cli.ok(*command, "--referent", REFERENT, user=REFERENT)


def test_a_referent_asking_for_a_name_is_refused_before_it_is_looked_up(cli: Cli):
    """Not a supervisor: asking for someone else's persons is refused whether or not the
    name exists (the refusal does not tell which names are accounts)."""
    cli.add_user(SUPERVISOR, "superviseur")
    for name in ("Personne Inconnue", SUPERVISOR):
        failed = cli.fails("person", "list", "--referent", name, user=REFERENT, code=1)
        assert "Aucun compte" not in failed.err



def test_an_account_of_another_delegation_is_answered_as_an_unknown_one(cli: Cli):
    """Whether « lea » exists in Lyon is not sonia's to learn from a filter (AC-4): the same
    refusal as for a name nobody has."""
    cli.add_user(SUPERVISOR, "superviseur")
    cli.ok("delegation", "add", "lyon", "Lyon", user=ADMIN)
    cli.ok("user", "add", "lea", "--role", "referent", "--delegation", "lyon",
           "--password-stdin", user=ADMIN, input=f"{PASSWORD}\n{PASSWORD}\n")
    for name in ("lea", "nobody"):
        cli.fails("person", "list", "--referent", name, user=SUPERVISOR, code=1,
                  match=f"Aucun compte de vos délégations ne s'appelle « {name} »")
