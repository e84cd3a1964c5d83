"""``parcours review --limit/--after/--counts``: pages that follow each other, counts per kind,
French refusals of a bad page size or position."""

from __future__ import annotations

import json

import click

from tests.cli_runner import Cli, assert_french_error

SUPERVISOR = "sonia"


def _queue(cli: Cli) -> None:
    cli.add_user(SUPERVISOR, "superviseur")
    for alias, day in (("Ancienne", "2024-01-10"), ("Gelée", "2023-12-01"),
                       ("Bientôt", "2024-04-01"), ("Récente", "2026-01-05")):
        cli.json("person", "add", alias, "--first-visit", day)


def test_pages_follow_each_other_and_counts_add_up(cli: Cli):
    _queue(cli)
    whole = cli.json("review", "--counts", user=SUPERVISOR)
    assert whole["next"] is None and len(whole["items"]) >= 2
    assert sum(whole["counts"].values()) == len(whole["items"])
    first = cli.json("review", "--limit", "1", user=SUPERVISOR)
    assert [i["key"] for i in first["items"]] == [whole["items"][0]["key"]]
    assert first["next"] == first["items"][0]["cursor"] and "counts" not in first
    rest = cli.json("review", "--after", first["next"], user=SUPERVISOR)
    assert [i["key"] for i in rest["items"]] == [i["key"] for i in whole["items"][1:]]
    text = cli.ok("review", "--limit", "1", "--counts", user=SUPERVISOR).out
    assert "Par type :" in text and "Suite : parcours review --after" in text


def test_a_bad_page_size_or_position_is_refused_in_french(cli: Cli):
    _queue(cli)
    size = cli.fails("review", "--limit", "0", user=SUPERVISOR, code=2)
    assert_french_error(size, 2, "--limit")
    cli.fails("review", "--after", "pas une position", user=SUPERVISOR, code=1,
              match="position de la file de revue")


def test_one_delegation_of_the_queue(cli: Cli):
    _queue(cli)
    whole = cli.json("review", "--counts", user=SUPERVISOR)
    mine = cli.json("review", "--delegation", "principale", "--counts", user=SUPERVISOR)
    assert [i["key"] for i in mine["items"]] == [i["key"] for i in whole["items"]]
    assert mine["counts"] == whole["counts"]
    cli.fails("review", "--delegation", "ailleurs", user=SUPERVISOR, code=1,
              match="Vous n'appartenez pas à la délégation « ailleurs »")
    persons = cli.json("person", "list", user=SUPERVISOR)["persons"]
    narrowed = cli.json("person", "list", "--delegation", "principale", user=SUPERVISOR)["persons"]
    assert [p["id"] for p in narrowed] == [p["id"] for p in persons]
    cli.fails("deadlines", "--delegation", "ailleurs", user=SUPERVISOR, code=1,
              match="« ailleurs »")



def test_the_whole_queue_in_json_is_written_piece_by_piece_as_one_document(cli: Cli,
                                                                            monkeypatch):
    """``--json`` without a page hands the items out as they are read (pieces of two
    here): the same document, byte for byte, as the queue written at once."""
    from core.cli.render import emit_json
    from core.services import review as queue
    _queue(cli)
    whole = cli.ok("review", "--json", "--counts", user=SUPERVISOR).out
    monkeypatch.setattr(queue, "PIECE", 2)
    pieces = cli.ok("review", "--json", "--counts", user=SUPERVISOR).out
    assert pieces == whole
    document = json.loads(pieces)
    assert len(document["items"]) > 2 and document["next"] is None
    assert sum(document["counts"].values()) == len(document["items"])
    written: list[str] = []
    monkeypatch.setattr(click, "echo", lambda text="", nl=True, **_: written.append(
        text + ("\n" if nl else "")))
    emit_json({"items": document["items"], "next": None, "counts": document["counts"]})
    assert "".join(written) == pieces


def test_an_empty_queue_in_json_is_still_a_document(cli: Cli):
    cli.add_user(SUPERVISOR, "superviseur")
    out = cli.ok("review", "--json", "--kind", "exceptional_access", user=SUPERVISOR).out
    assert json.loads(out) == {"items": [], "next": None}
    assert out == '{\n  "items": [],\n  "next": null\n}\n'
