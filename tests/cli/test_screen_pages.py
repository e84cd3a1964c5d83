"""Listings on a screen show a page, not the whole country: ``review``, ``deadlines`` and
``person list`` without ``--limit`` print their first :data:`SCREEN_PAGE` lines and how to see
the rest (``--after``, or ``--all``); JSON, read by programs, still gives everything. At
100,000 persons a national ``review`` printed 474,000 items (40 s, 1.6 GB) and ``person list``
100,000 rows, which had no paging at all."""

from __future__ import annotations

import json
import re

import pytest

from core.cli import options
from tests.cli_runner import ADMIN, REFERENT, VOLUNTEER, Cli

SUPERVISOR = "sonia"
ALIASES = (("Ancienne", "2024-01-10"), ("Gelée", "2023-12-01"), ("Bientôt", "2024-04-01"),
           ("Récente", "2026-01-05"))


@pytest.fixture
def busy(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.setattr(options, "SCREEN_PAGE", 1)
    cli.add_user(SUPERVISOR, "superviseur")
    for alias, day in ALIASES:
        cli.json("person", "add", alias, "--first-visit", day)
    return cli


def _authorised(cli: Cli, person: int) -> None:
    """Her PSP authorised: two deadlines open (six months, twenty-four months)."""
    cli.ok("consent", "give", person, "suivi", "--date", "2026-01-05")
    cli.ok("advance", person, "parcours", "suivre", "--set", f"referent={REFERENT}")
    cli.ok("track", "start", person, "psp", "--at", "10/01/2026")
    for trigger, facts in (
            ("signer_document", ("date_signature_document=20/01/2026",)),
            ("constituer_dossier", ("piece_identite=oui", "attestation_cessation=oui",
                                    "domiciliation=oui")),
            ("transmettre", ("date_envoi=30/01/2026",)),
            ("enregistrer_avis", ("date_commission=20/02/2026", "avis=favorable")),
            ("autoriser", ("date_decision=2026-03-01", "debut_periode=02/03/2026",
                           "reference_decision=2026-042"))):
        cli.ok("advance", person, "psp", trigger,
               *(part for fact in facts for part in ("--set", fact)))


def test_the_review_screen_shows_a_page_and_how_to_see_the_rest(busy: Cli) -> None:
    whole = busy.json("review", user=SUPERVISOR)["items"]
    assert len(whole) >= 2  # JSON without --limit: everything, as before
    text = busy.ok("review", user=SUPERVISOR).out
    assert whole[0]["key"] in text and whole[1]["key"] not in text
    assert f"--after '{whole[0]['cursor']}'" in text and "--all" in text
    everything = busy.ok("review", "--all", user=SUPERVISOR).out
    assert all(item["key"] in everything for item in whole) and "Suite" not in everything


def test_the_deadlines_screen_shows_a_page_too(busy: Cli) -> None:
    _authorised(busy, busy.json("person", "list")["persons"][0]["id"])
    whole = busy.json("deadlines")["deadlines"]
    assert len(whole) == 2, whole
    text = busy.ok("deadlines").out
    assert f"Suite : parcours deadlines --after '{whole[0]['cursor']}'" in text
    assert whole[0]["rule"] in text and whole[1]["rule"] not in text
    everything = busy.ok("deadlines", "--all").out
    assert all(d["rule"] in everything for d in whole) and "Suite" not in everything
    # States in French, not the codes of the JSON.
    assert "[à venir]" in everything and not re.search(r"\[(overdue|due_soon|upcoming)\]",
                                                        everything)
    # The front desk sees that a deadline runs, without a rule: no empty « · — » nor line.
    front = busy.ok("deadlines", "--all", user=VOLUNTEER).out
    assert front.count("[à venir]") == 2 and " — " not in front and "\n    \n" not in front
    shown = busy.ok("person", "show", whole[0]["person_id"]).out
    assert "en cours" in shown and " open " not in shown


def test_person_list_pages_and_filters(busy: Cli) -> None:
    whole = busy.json("person", "list", user=SUPERVISOR)
    assert [p["alias"] for p in whole["persons"]] and whole["next"] is None
    assert len(whole["persons"]) == len(ALIASES)
    first = busy.json("person", "list", "--limit", "3", user=SUPERVISOR)
    # The next page starts after the page's last person: her cursor, sealed for the caller.
    third = first["persons"][-1]["cursor"]
    strip = [{**p, "cursor": None} for p in first["persons"]]
    assert strip == whole["persons"][:3] and first["next"] == third and third
    rest = busy.json("person", "list", "--limit", "3", "--after", third, user=SUPERVISOR)
    assert [p["id"] for p in rest["persons"]] == [p["id"] for p in whole["persons"][3:]]
    assert rest["next"] is None
    text = busy.ok("person", "list", user=SUPERVISOR).out
    shown = [p["alias"] for p in whole["persons"] if p["alias"] in text]
    assert shown == [whole["persons"][0]["alias"]]
    assert re.search(r"Suite : parcours person list --after '[A-Za-z0-9_-]{40,}'", text)
    assert all(p["alias"] in busy.ok("person", "list", "--all", user=SUPERVISOR).out
               for p in whole["persons"])
    _authorised(busy, whole["persons"][1]["id"])
    psp = busy.json("person", "list", "--domain", "psp", user=SUPERVISOR)["persons"]
    assert [p["alias"] for p in psp] == [whole["persons"][1]["alias"]]
    assert busy.json("person", "list", "--referent", SUPERVISOR, user=SUPERVISOR)["persons"] == []
    assert busy.ok("person", "list", "--search", "Zorglub", user=SUPERVISOR).out.strip() \
        == "Rien à afficher."


def test_a_bad_page_or_domain_is_refused_in_french(busy: Cli) -> None:
    busy.fails("person", "list", "--limit", "2", "--all", user=SUPERVISOR, code=2,
               match="s'excluent")
    busy.fails("review", "--limit", "2", "--all", user=SUPERVISOR, code=2, match="s'excluent")
    busy.fails("person", "list", "--after", "trois", user=SUPERVISOR, code=1,
               match="suite de la liste des personnes")
    for command in (("person", "list"), ("review",)):
        busy.fails(*command, "--domain", "zzz", user=SUPERVISOR, code=1,
                   match="Domaine inconnu « zzz »")


def test_audit_list_says_when_it_stops_at_its_cap(busy: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    # It stopped at 1,000 rows without a word: a supervisor took them for the whole log.
    from core.services import audit_log
    whole = busy.json("audit", "list", user=SUPERVISOR)
    assert whole["truncated"] is False and len(whole["entries"]) > 3
    monkeypatch.setattr(audit_log, "MAX_ROWS", 3)
    cut = busy.json("audit", "list", user=SUPERVISOR)
    assert cut["truncated"] is True and len(cut["entries"]) == 3
    assert cut["next"] == str(cut["entries"][-1]["seq"]) and whole["next"] is None
    text = busy.ok("audit", "list", user=SUPERVISOR).out
    assert "Les 3 entrées les plus récentes seulement. Suite : parcours audit list --after " in text
    # The next page: the rows listed after the last one, older, none twice (each listing is
    # itself audited, so the pages are compared with the rows as they stood).
    older = busy.json("audit", "list", "--after", cut["next"], user=SUPERVISOR)["entries"]
    before = [e for e in whole["entries"] if e["seq"] < cut["entries"][-1]["seq"]]
    assert [e["seq"] for e in older] == [e["seq"] for e in before[:3]]


def test_user_list_pages_and_narrows_to_a_delegation(busy: Cli) -> None:
    whole = busy.json("user", "list", user=ADMIN)["users"]
    text = busy.ok("user", "list", user=ADMIN).out.splitlines()
    assert text[1].split()[0] == whole[0]["name"] and len(text) == 3
    assert text[2].startswith(f"… et {len(whole) - 1} autre(s). Les 1 premiers seulement")
    assert len(busy.json("user", "list", "--limit", "2", user=ADMIN)["users"]) == 2
    assert len(busy.ok("user", "list", "--all", user=ADMIN).out.splitlines()) == len(whole) + 1
    busy.ok("delegation", "add", "lyon", "Lyon", user=ADMIN)
    busy.ok("user", "delegations", SUPERVISOR, "lyon", user=ADMIN)
    lyon = busy.json("user", "list", "--delegation", "lyon", user=ADMIN)["users"]
    assert [u["name"] for u in lyon] == [ADMIN, SUPERVISOR]
    busy.fails("user", "list", "--delegation", "nulle-part", user=ADMIN, code=1,
               match="Délégation inconnue : « nulle-part »")


def test_every_deadline_in_json_is_written_piece_by_piece_as_one_document(
        busy: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """``deadlines --json`` without a page: read, described and written a piece at a time
    (one deadline here), the same document as at once, for a caseworker as for the front
    desk (who sees that a deadline runs, not its rule)."""
    from core.services import deadlines
    people = [p["id"] for p in busy.json("person", "list", user=SUPERVISOR)["persons"][:2]]
    for person in people:
        _authorised(busy, person)
    for user in (SUPERVISOR, VOLUNTEER):
        monkeypatch.setattr(deadlines, "PIECE", 1_000)
        whole = busy.ok("--json", "deadlines", user=user).out
        monkeypatch.setattr(deadlines, "PIECE", 1)
        assert busy.ok("--json", "deadlines", user=user).out == whole
        document = json.loads(whole)
        assert len(document["deadlines"]) == 4 and document["next"] is None
        assert [d["due"] for d in document["deadlines"]] == sorted(
            d["due"] for d in document["deadlines"])
    assert busy.ok("--json", "deadlines", "--urgent", user=SUPERVISOR).out == \
        '{\n  "deadlines": [],\n  "next": null\n}\n'


def test_every_person_in_json_is_written_piece_by_piece_as_one_document(
        busy: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """``person list --json`` without a page: one person at a time here, the same document
    (the last person's cursor is sealed anew on each call: the same place)."""
    from core.services import persons

    def unsealed(out: str) -> dict:
        document = json.loads(out)
        cursors = [p.pop("cursor") for p in document["persons"]]
        assert [bool(c) for c in cursors] == [False] * (len(cursors) - 1) + [True]
        return document

    whole = busy.ok("--json", "person", "list", user=SUPERVISOR).out
    monkeypatch.setattr(persons, "PIECE", 1)
    pieces = busy.ok("--json", "person", "list", user=SUPERVISOR).out
    assert unsealed(pieces) == unsealed(whole)
    assert len(unsealed(whole)["persons"]) == len(ALIASES)
    assert pieces.startswith('{\n  "persons": [\n    {\n      "id": ')
