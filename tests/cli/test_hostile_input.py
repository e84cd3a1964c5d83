"""Hostile input through the command line: strict dates and numbers, and no terminal control
sequence printed that Parcours did not write itself. Each refusal is one French sentence, and
nothing is written."""

from __future__ import annotations

import re

import pytest

from tests.cli_runner import VOLUNTEER, Cli, assert_french_error

OSC52 = "\x1b]52;c;Y2FuYXJp\x07"
"""Writes « canari » to the clipboard of a terminal that obeys."""
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

BAD_DATES = ["٠١/٠٢/٢٠٢٦", "０１/０２/２０２６", " 1/02/2026", "+1/02/2026", "1/02/2026\x00",
             "0001-01-01", "01/01/2099", "2026-02-30", "2026-W09-1"]


def count_persons(cli: Cli) -> int:
    with cli.database() as db:
        return db.execute("SELECT count(*) FROM persons").fetchone()[0]


@pytest.mark.parametrize("value", BAD_DATES)
def test_a_date_is_ascii_digits_in_a_plausible_year_or_it_is_refused(cli: Cli, value):
    before = count_persons(cli)
    result = cli.run("person", "add", "Amina", "--first-visit", value, user=VOLUNTEER)
    assert_french_error(result, None, "Date (invalide|invraisemblable|dans le futur)")
    assert count_persons(cli) == before


def test_a_first_visit_tomorrow_has_not_happened(cli: Cli):
    result = cli.run("--today", "2026-03-10", "person", "add", "Amina", "--first-visit",
                     "2026-03-11", user=VOLUNTEER)
    assert_french_error(result, 1, "Date dans le futur « 11/03/2026 »")
    assert count_persons(cli) == 0


@pytest.mark.parametrize("ref", ["２", "+1", "1" * 20, "1e3", "0x1"])
def test_numbers_are_ascii_and_in_range(cli: Cli, ref):
    cli.ok("person", "add", "Amina", user=VOLUNTEER)
    result = cli.run("person", "show", ref, user=VOLUNTEER)
    assert_french_error(result, 1, "Personne introuvable")


@pytest.mark.parametrize("count", ["３", "+3", "9" * 30, "-2", "3.0"])
def test_counts_are_ascii_whole_numbers(cli: Cli, count):
    cli.ok("dropin", "open", "2026-03-03", user=VOLUNTEER)
    assert_french_error(cli.run("dropin", "anonymous", "1", "--count", count, user=VOLUNTEER), 2)


@pytest.mark.parametrize("args", [("person", "show", OSC52), ("person", "list", "--search", OSC52),
                                  ("person", "show", "\u202eanimA"),
                                  ("person", "add", "Amina", "--delegation", OSC52)])
def test_what_someone_typed_never_reaches_the_terminal_raw(cli: Cli, args):
    result = cli.run(*args, user=VOLUNTEER)
    assert not RAW.search(result.out + result.err), str(result)
    if result.code:
        assert_french_error(result)
        # Either shown escaped, or refused by the text gate before anything echoes it.
        assert ("\\x1b" in result.err or "\\u202e" in result.err
                or "caractère non autorisé" in result.err), str(result)


def test_json_output_escapes_every_control_character(cli: Cli):
    cli.ok("person", "add", "Amina", user=VOLUNTEER)
    result = cli.run("person", "list", "--search", "\u0085ami\u009b", "--json", user=VOLUNTEER)
    assert not RAW.search(result.out + result.err), str(result)
