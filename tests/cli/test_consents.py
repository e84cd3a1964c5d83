"""``parcours consent`` and ``parcours person export`` through the command line: French text for
people, JSON keys for scripts, one French sentence for each refusal."""

from __future__ import annotations

import json

from tests.accounts import PASSWORD
from tests.cli_runner import REFERENT, VOLUNTEER, Cli, assert_french_error, assert_ok

CONSENT_KEYS = {"id", "person_id", "purpose", "partner", "given_on", "expires_on", "status",
                "recorded_by", "recorded_at", "withdrawn_at", "withdrawn_by"}


def test_consents_given_listed_shown_and_withdrawn(cli: Cli) -> None:
    pid = cli.json("person", "add", "Amina")["id"]
    given = cli.json("consent", "give", pid, "suivi", "--date", "01/03/2026",
                     "--expires", "2027-02-28")
    assert set(given) == CONSENT_KEYS
    assert (given["purpose"], given["given_on"], given["expires_on"], given["status"]) == (
        "suivi", "2026-03-01", "2027-02-28", "active")
    cli.ok("advance", pid, "parcours", "suivre", "--set", f"referent={REFERENT}")
    shared = cli.ok("consent", "give", pid, "partage", "--partner", "CeGIDD de Lille")
    assert shared.out == ("Consentement n° 2 enregistré : partage avec un partenaire "
                          "« CeGIDD de Lille », donné le 10/03/2026.\n")

    listed, shown, shown_text, text = cli.many([
        ("consent", "list", pid, "--json"), ("person", "show", pid, "--json"),
        ("person", "show", pid), ("consent", "list", pid)])
    consents = assert_ok(listed).json()["consents"]
    assert [(c["id"], c["purpose"], c["partner"]) for c in consents] == [
        (1, "suivi", None), (2, "partage", "CeGIDD de Lille")]
    assert assert_ok(shown).json()["consents"] == consents
    assert "Consentements :" in assert_ok(shown_text).out
    assert "partage avec un partenaire « CeGIDD de Lille »" in assert_ok(text).out

    withdrawn = cli.ok("consent", "withdraw", pid, "1")
    assert withdrawn.out == "Consentement n° 1 retiré (suivi individuel) : effet immédiat.\n"
    statuses = [c["status"] for c in cli.json("consent", "list", pid)["consents"]]
    assert statuses == ["withdrawn", "active"]
    history = cli.json("track", "history", pid)["events"]
    assert [e["kind"] for e in history if e["kind"].startswith("consent")] == [
        "consent_given", "consent_given", "consent_withdrawn"]


def test_consent_refusals_are_one_french_sentence(cli: Cli) -> None:
    pid = cli.json("person", "add", "Nour")["id"]
    calls_and_expected = [
        (("consent", "give", pid, "partage"), 1, "nomme son partenaire"),
        (("consent", "give", pid, "vacances"), 1, "Finalité inconnue « vacances »"),
        (("consent", "give", pid, "suivi", "--date", "31/04/2026"), 2, "--date"),
        (("consent", "give", pid, "suivi", "--date", "2026-12-01"), 1, "dans le futur"),
        (("consent", "withdraw", pid, "42"), 1, "Consentement inconnu"),
        ((("consent", "give", pid, "suivi"), {"user": VOLUNTEER}), 1, "ne permet pas"),
        (("consent", "give", "999", "suivi"), 1, "Personne introuvable"),
    ]
    results = cli.many([call for call, _, _ in calls_and_expected])
    for result, (_, code, match) in zip(results, calls_and_expected, strict=True):
        assert_french_error(result, code, match)
    assert cli.json("consent", "list", pid) == {"consents": []}


def test_person_export_after_reauth_in_both_formats(cli: Cli) -> None:
    pid = cli.json("person", "add", "Lina")["id"]
    cli.ok("consent", "give", pid, "suivi")
    cli.ok("advance", pid, "parcours", "suivre", "--set", f"referent={REFERENT}")
    cli.ok("note", "add", pid, "kanari-note-cli : rendez-vous jeudi")
    target = cli.root / "lina.txt"
    cli.fails("person", "export", pid, "--output", target, code=1,
              match="confirmez d'abord votre mot de passe")
    cli.ok("reauth", "--password-stdin", input=PASSWORD + "\n")
    done = cli.ok("person", "export", pid, "--output", target)
    assert f"Export écrit : {target}" in done.out and "à la personne" in done.out
    assert "kanari-note-cli : rendez-vous jeudi" in target.read_text(encoding="utf-8")
    again = cli.run("person", "export", pid, "--output", target)
    assert_french_error(again, 1, "existe déjà")
    data_file = cli.root / "lina.json"
    result = cli.json("person", "export", pid, "--output", data_file, "--format", "json")
    assert set(result) == {"person_id", "path", "format", "destination", "partner"}
    assert (result["format"], result["destination"], result["partner"]) == ("json", "person", None)
    exported = json.loads(data_file.read_text(encoding="utf-8"))
    assert exported["person"]["alias"] == "Lina"
    refused = cli.run("person", "export", pid, "--output", cli.root / "p.txt",
                      "--partner", "PASS de Roubaix")
    assert_french_error(refused, 1, "pas de consentement actif au partage avec « PASS de Roubaix »")
    assert not (cli.root / "p.txt").exists()
    volunteer = cli.run("person", "export", pid, "--output", cli.root / "b.txt", user=VOLUNTEER)
    assert_french_error(volunteer, 1, "ne permet pas")


def test_person_export_to_a_partner_sends_the_chosen_demarches_only(cli: Cli) -> None:
    """``--partner NOM --track DEMARCHE``: with no referral naming the partner, her referent
    chooses what goes; without a choice nothing is written."""
    pid = cli.json("person", "add", "Sara")["id"]
    cli.ok("consent", "give", pid, "suivi")
    cli.ok("advance", pid, "parcours", "suivre", "--set", f"referent={REFERENT}")
    cli.ok("consent", "give", pid, "partage", "--partner", "Avocat Ami")
    cli.ok("reauth", "--password-stdin", input=PASSWORD + "\n")
    target = cli.root / "avocat.json"
    nothing = cli.run("person", "export", pid, "--output", target, "--partner", "Avocat Ami")
    assert_french_error(nothing, 1, "Rien à transmettre à « Avocat Ami »")
    assert "--track" in nothing.err and not target.exists()
    alone = cli.run("person", "export", pid, "--output", target, "--track", "parcours")
    assert_french_error(alone, 1, "--partner")
    cli.ok("person", "export", pid, "--output", target, "--format", "json",
           "--partner", "avocat ami", "--track", "parcours")
    sent = json.loads(target.read_text(encoding="utf-8"))
    assert [t["definition"] for t in sent["tracks"]] == ["parcours"]
    assert "visits" not in sent
    assert "--track" in cli.ok("person", "export", "--help").out


def test_an_export_to_a_partner_stops_with_her_consent_to_follow_up(cli: Cli) -> None:
    """She withdrew her consent to follow-up: her case may only be closed, yet her file still
    went to the CeGIDD under the consent to sharing she gave within that follow-up."""
    pid = cli.json("person", "add", "Lina")["id"]
    cli.ok("consent", "give", pid, "suivi")
    cli.ok("advance", pid, "parcours", "suivre", "--set", f"referent={REFERENT}")
    cli.ok("consent", "give", pid, "partage", "--partner", "CeGIDD de Lille")
    cli.ok("reauth", "--password-stdin", input=PASSWORD + "\n")
    cli.ok("person", "export", pid, "--output", cli.root / "a.txt", "--partner", "CeGIDD de Lille",
           "--track", "parcours")
    cli.ok("consent", "withdraw", pid, "1")
    refused = cli.run("person", "export", pid, "--output", cli.root / "b.txt",
                      "--partner", "CeGIDD de Lille", "--track", "parcours")
    assert_french_error(refused, 1, r"retiré son consentement au suivi individuel \(le [^)]+\)"
                                    r".*partage avec « CeGIDD de Lille » s'arrête avec le suivi")
    assert not (cli.root / "b.txt").exists()
    cli.ok("person", "export", pid, "--output", cli.root / "c.txt")  # hers, always


def test_a_consent_dated_before_her_first_visit_is_kept_and_moves_nothing(cli: Cli) -> None:
    """A consent is a caseworker's record, as a step is: dated before her first visit (given
    at an outreach, typed in later) it is recorded as dated, and her first visit, which the
    report counts new persons by, stays where the drop-ins put it."""
    pid = cli.json("person", "add", "Lina", "--first-visit", "03/03/2026")["id"]
    given = cli.json("consent", "give", pid, "suivi", "--date", "10/02/2026")
    assert (given["given_on"], given["status"]) == ("2026-02-10", "active")
    assert cli.json("person", "show", pid)["first_visit"] == "2026-03-03"
