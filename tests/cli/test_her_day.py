"""« aujourd'hui » on the command line, overseas in the evening: her day, not mainland
France's (9 December in Paris at 02:30, still 8 December 21:30 in Guadeloupe)."""

from __future__ import annotations

import json
import time

import pytest

from core.cli import options
from core.services import app as app_module
from tests.accounts import PASSWORD
from tests.cli_runner import ADMIN, Cli
from tests.services.test_her_day import Frozen

REAL_CLOCK = {"PARCOURS_TODAY": None}


def _referent_in_guadeloupe(cli: Cli, monkeypatch) -> dict:
    """Frozen at 21:30 in Guadeloupe (9 December 01:30 UTC): the delegation ``pap`` (971), its
    referent ``gaelle``, and the arguments that run a command as her on the real clock."""
    for module in (app_module, options):
        monkeypatch.setattr(module, "datetime", Frozen)
    cli.ok("delegation", "add", "pap", "Pointe-à-Pitre", "--holidays", "971", user=ADMIN,
           env=REAL_CLOCK)
    cli.ok("user", "add", "gaelle", "--role", "referent", "--delegation", "pap",
           "--password-stdin", user=ADMIN, input=PASSWORD + "\n", env=REAL_CLOCK)
    return {"user": "gaelle", "env": REAL_CLOCK}


def _psp_periods_ending_tonight_and_tomorrow(cli: Cli, run: dict) -> None:
    """Maëlys's PSP period ends on 8 December (her today in Guadeloupe at 21:30), Nadia's on
    the 9th (already Paris's today)."""
    for alias, decided in (("Maëlys", "2026-06-09"), ("Nadia", "2026-06-10")):
        cli.ok("person", "add", alias, **run)
        cli.ok("consent", "give", alias, "suivi", "--date", "2026-01-02", **run)
        cli.ok("advance", alias, "parcours", "suivre", "--set", "referent=gaelle",
               "--at", "2026-01-02", **run)
        cli.ok("track", "start", alias, "psp", **run)
        for trigger, *facts in (
                ("signer_document", "date_signature_document=2026-01-05"),
                ("constituer_dossier", "piece_identite=oui", "attestation_cessation=oui",
                 "domiciliation=oui"),
                ("transmettre", "date_envoi=2026-01-20"),
                ("enregistrer_avis", "date_commission=2026-03-01", "avis=favorable"),
                ("autoriser", f"date_decision={decided}", f"debut_periode={decided}")):
            cli.ok("advance", alias, "psp", trigger,
                   *(arg for fact in facts for arg in ("--set", fact)), **run)


def test_today_typed_overseas_is_her_day(cli: Cli, monkeypatch):
    """`consent give --date aujourd'hui` was refused as given in the future (Paris's day,
    her tomorrow), and a step `--at aujourd'hui` dated her tomorrow, so that the next one
    dated her day was refused as before it."""
    for module in (app_module, options):
        monkeypatch.setattr(module, "datetime", Frozen)
    cli.ok("delegation", "add", "pap", "Pointe-à-Pitre", "--holidays", "971", user=ADMIN,
           env=REAL_CLOCK)
    cli.ok("user", "add", "gaelle", "--role", "referent", "--delegation", "pap",
           "--password-stdin", user=ADMIN, input=PASSWORD + "\n",
           env=REAL_CLOCK)
    run = {"user": "gaelle", "env": REAL_CLOCK}
    cli.ok("person", "add", "Maëlys", **run)
    given = cli.json("consent", "give", "Maëlys", "suivi", "--date", "aujourd'hui", **run)
    assert given["given_on"] == "2026-12-08"
    cli.ok("advance", "Maëlys", "parcours", "suivre", "--set", "referent=gaelle",
           "--at", "aujourd'hui", **run)
    cli.ok("advance", "Maëlys", "parcours", "mettre_en_pause", "--at", "08/12/2026", **run)



def test_today_typed_for_a_drop_in_or_a_first_visit_overseas_is_that_delegations(
        cli: Cli, monkeypatch):
    """`dropin open aujourd'hui` opened the drop-in of Paris's day, already tomorrow in
    Guadeloupe at 21:30 (its visits that evening dated a day late), and a first visit
    « aujourd'hui » was that day too."""
    run = _referent_in_guadeloupe(cli, monkeypatch)
    assert cli.json("dropin", "open", "aujourd'hui", **run)["day"] == "2026-12-08"
    added = cli.json("person", "add", "Maëlys", "--first-visit", "aujourd'hui", **run)
    assert added["first_visit"] == "2026-12-08"
    # mainland France's delegation, the caller's too once she has two: its own day
    cli.ok("user", "delegations", "gaelle", "pap", "principale", user=ADMIN, env=REAL_CLOCK)
    cli.login("gaelle", env=REAL_CLOCK)  # her sessions closed with the change
    here = cli.json("dropin", "open", "aujourd'hui", "--delegation", "principale", **run)
    assert here["day"] == "2026-12-09"


def test_a_consent_typed_to_expire_today_overseas_expires_on_her_day(cli: Cli, monkeypatch):
    """`consent give --expires aujourd'hui` was valid through Paris's day: in Guadeloupe at
    21:30 her tomorrow (a day too long), and in La Réunion at 00:30 her yesterday, refused
    as ending before the consent given her today."""
    run = _referent_in_guadeloupe(cli, monkeypatch)
    cli.ok("person", "add", "Maëlys", **run)
    given = cli.json("consent", "give", "Maëlys", "suivi", "--expires", "aujourd'hui",
                     **run)
    assert (given["given_on"], given["expires_on"]) == ("2026-12-08", "2026-12-08")


def test_deadlines_until_today_overseas_stop_at_her_day(cli: Cli, monkeypatch):
    """`deadlines --until aujourd'hui` listed, at 21:30 in Guadeloupe, the deadlines due on
    Paris's 9 December, her tomorrow."""
    run = _referent_in_guadeloupe(cli, monkeypatch)
    _psp_periods_ending_tonight_and_tomorrow(cli, run)
    due = {(d["alias"], d["due"]) for d in cli.json("deadlines", **run)["deadlines"]}
    assert {("Maëlys", "2026-12-08"), ("Nadia", "2026-12-09")} <= due
    until = cli.json("deadlines", "--until", "aujourd'hui", **run)["deadlines"]
    assert [(d["alias"], d["due"]) for d in until] == [("Maëlys", "2026-12-08")]


def test_drop_ins_listed_from_today_overseas_start_on_the_delegations_day(
        cli: Cli, monkeypatch):
    """`dropin list --from aujourd'hui`, at 21:30 in Guadeloupe, started on Paris's 9
    December: the evening's drop-in, opened « aujourd'hui », was not listed."""
    run = _referent_in_guadeloupe(cli, monkeypatch)
    opened = cli.json("dropin", "open", "aujourd'hui", **run)["id"]
    for option in ("--from", "--to"):
        listed = cli.json("dropin", "list", option, "aujourd'hui", **run)["dropins"]
        assert [d["id"] for d in listed] == [opened]


def test_an_approval_granted_today_overseas_holds_on_the_delegations_day(
        cli: Cli, monkeypatch):
    """`delegation agrement pap --granted aujourd'hui`, at 21:30 in Guadeloupe, dated the
    approval Paris's 9 December: a PSP application filed there that evening was refused,
    the association « pas agréée » before her tomorrow."""
    for module in (app_module, options):
        monkeypatch.setattr(module, "datetime", Frozen)
    cli.ok("delegation", "add", "pap", "Pointe-à-Pitre", "--holidays", "971", user=ADMIN,
           env=REAL_CLOCK)
    cli.ok("delegation", "agrement", "pap", "--department", "971", "--granted", "aujourd'hui",
           user=ADMIN, env=REAL_CLOCK)
    cli.ok("user", "add", "gaelle", "--role", "referent", "--delegation", "pap",
           "--password-stdin", user=ADMIN, input=PASSWORD + "\n", env=REAL_CLOCK)
    run = {"user": "gaelle", "env": REAL_CLOCK}
    cli.ok("person", "add", "Maëlys", **run)
    cli.ok("consent", "give", "Maëlys", "suivi", "--date", "2026-01-02", **run)
    cli.ok("advance", "Maëlys", "parcours", "suivre", "--set", "referent=gaelle",
           "--at", "2026-01-02", **run)
    cli.ok("track", "start", "Maëlys", "psp", **run)
    for trigger, *facts in (
            ("signer_document", "date_signature_document=2026-12-01"),
            ("constituer_dossier", "piece_identite=oui", "attestation_cessation=oui",
             "domiciliation=oui"),
            ("transmettre", "date_envoi=2026-12-08")):
        cli.ok("advance", "Maëlys", "psp", trigger,
               *(arg for fact in facts for arg in ("--set", fact)), **run)


def test_today_for_a_drop_in_of_a_delegation_typed_in_capitals_is_its_day(cli: Cli,
                                                                         monkeypatch):
    """`dropin open aujourd'hui --delegation PAP`, by a user of Paris and Guadeloupe at 21:30
    there: the drop-in was opened at Pointe-à-Pitre, but dated Paris's 9 December."""
    for module in (app_module, options):
        monkeypatch.setattr(module, "datetime", Frozen)
    cli.ok("delegation", "add", "pap", "Pointe-à-Pitre", "--holidays", "971", user=ADMIN,
           env=REAL_CLOCK)
    cli.ok("user", "add", "gaelle", "--role", "referent", "--delegation", "pap",
           "--delegation", "principale", "--password-stdin", user=ADMIN,
           input=PASSWORD + "\n", env=REAL_CLOCK)
    run = {"user": "gaelle", "env": REAL_CLOCK}
    opened = cli.json("dropin", "open", "aujourd'hui", "--delegation", "PAP", **run)
    assert (opened["delegation"], opened["day"]) == ("pap", "2026-12-08")


def test_a_rule_started_today_in_la_reunion_after_midnight_starts_on_its_day(
        cli: Cli, monkeypatch):
    """`rule … --start aujourd'hui --subdivision 974` at 00:30 in La Réunion counted from
    mainland France's day, its yesterday."""
    from tests.services.test_her_day import Night
    monkeypatch.setattr(options, "datetime", Night)
    due = cli.json("rule", "psp.agrement_3a", "--start", "aujourd'hui", "--subdivision",
                   "974", user=None, env=REAL_CLOCK)
    assert due["start"] == "2026-12-09"
    here = cli.json("rule", "psp.agrement_3a", "--start", "aujourd'hui", user=None,
                    env=REAL_CLOCK)
    assert here["start"] == "2026-12-08"


def test_her_history_dates_a_step_of_this_evening_on_her_day(cli: Cli, monkeypatch):
    """`track history`, at 21:30 in Guadeloupe, said a step recorded then without a date
    happened on 9 December (the UTC date, her tomorrow); the interface's timeline too."""
    run = _referent_in_guadeloupe(cli, monkeypatch)
    cli.ok("person", "add", "Maëlys", **run)
    cli.ok("consent", "give", "Maëlys", "suivi", **run)
    cli.ok("advance", "Maëlys", "parcours", "suivre", "--set", "referent=gaelle", **run)
    events = cli.json("track", "history", "Maëlys", **run)["events"]
    assert {e["occurred_at"][:10] for e in events} == {"2026-12-08"}
    assert "08/12/2026" in cli.ok("track", "history", "Maëlys", **run).out
    cli.ok("reauth", "--password-stdin", input=PASSWORD + "\n", **run)
    cli.ok("person", "export", "Maëlys", "--format", "json", "--output",
           str(cli.root / "maelys.json"), **run)
    exported = json.loads((cli.root / "maelys.json").read_text(encoding="utf-8"))
    assert {e["occurred_at"][:10] for e in exported["events"]} == {"2026-12-08"}


def test_her_step_reached_this_evening_is_since_her_day(cli: Cli, monkeypatch):
    """`person show`, at 21:30 in Guadeloupe, said her step was reached « depuis » 9 December
    (the UTC date, her tomorrow); her file in the interface too."""
    run = _referent_in_guadeloupe(cli, monkeypatch)
    cli.ok("person", "add", "Maëlys", **run)
    cli.ok("consent", "give", "Maëlys", "suivi", "--date", "2026-12-01", **run)
    cli.ok("advance", "Maëlys", "parcours", "suivre", "--set", "referent=gaelle", **run)
    [track] = cli.json("person", "show", "Maëlys", **run)["tracks"]
    assert (track["step_since"][:10], track["last_event_at"][:10]) == ("2026-12-08",) * 2


@pytest.fixture
def server_in_paris(monkeypatch):
    """The server's own clock on mainland France's time (its users may be overseas)."""
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_times_recorded_overseas_read_on_her_delegations_clock(cli: Cli, monkeypatch,
                                                               server_in_paris):
    """A note, a step and a token recorded at 21:30 in Guadeloupe read 02:30 the next day on
    a server kept on Paris time: the server's clock, not hers. A user of Paris too reads
    them on Guadeloupe's clock, named."""
    run = _referent_in_guadeloupe(cli, monkeypatch)
    cli.ok("person", "add", "Maëlys", **run)
    cli.ok("consent", "give", "Maëlys", "suivi", **run)
    cli.ok("advance", "Maëlys", "parcours", "suivre", "--set", "referent=gaelle", **run)
    cli.ok("note", "add", "Maëlys", "Rendez-vous pris.", "--sensitivity", "ordinaire", **run)
    assert cli.ok("note", "list", "Maëlys", **run).out.startswith("08/12/2026 21:30 — gaelle")
    assert "08/12/2026 21:30" in cli.ok("track", "history", "Maëlys", **run).out
    cli.ok("token", "create", "--label", "export", **run)
    listed = cli.ok("token", "list", **run).out
    assert "08/12/2026 21:30" in listed and "heure de" not in listed
    assert "09/12/2026 02:30" not in listed
    cli.ok("user", "delegations", "gaelle", "pap", "principale", user=ADMIN, env=REAL_CLOCK)
    cli.login("gaelle", env=REAL_CLOCK)
    assert cli.ok("note", "list", "Maëlys", **run).out.startswith(
        "08/12/2026 21:30 (heure de Guadeloupe) — gaelle")
    assert "09/12/2026 02:30" in cli.ok("token", "list", **run).out  # hers: two clocks
    assert cli.json("note", "list", "Maëlys", **run)["notes"][0]["created_at"] \
        == "2026-12-08T21:30:00-04:00"  # the service's, as before


def test_her_clock_is_said_by_whoami_and_asked_in_one_read(cli: Cli, monkeypatch):
    """The clock a command prints her times on is `whoami`'s: Guadeloupe's for a user of
    Pointe-à-Pitre alone, mainland France's once her delegations do not share one. A list
    printed as text asks it once (one audited read beside the list), not her delegations."""
    run = _referent_in_guadeloupe(cli, monkeypatch)
    assert cli.json("whoami", **run)["clock"] == "America/Guadeloupe"
    cli.ok("token", "list", **run)
    mine = [e["operation"] for e in cli.json("audit", "list", "--user", "gaelle",
                                              user=ADMIN, env=REAL_CLOCK)["entries"]]
    assert mine[:3] == ["auth.whoami", "token.list", "auth.whoami"]  # newest first
    assert "delegation.list" not in mine
    cli.ok("user", "delegations", "gaelle", "pap", "principale", user=ADMIN, env=REAL_CLOCK)
    cli.login("gaelle", env=REAL_CLOCK)
    assert cli.json("whoami", **run)["clock"] == "Europe/Paris"


def test_today_for_a_user_of_two_clocks_asks_which_delegation(cli: Cli, monkeypatch):
    """`dropin list --from aujourd'hui`, by a user of Paris and Guadeloupe at 21:30 there,
    with no --delegation, started on Paris's 9 December: the evening's drop-in at
    Pointe-à-Pitre, opened « aujourd'hui » there, was not listed."""
    run = _referent_in_guadeloupe(cli, monkeypatch)
    cli.ok("user", "delegations", "gaelle", "pap", "principale", user=ADMIN, env=REAL_CLOCK)
    cli.login("gaelle", env=REAL_CLOCK)
    opened = cli.json("dropin", "open", "aujourd'hui", "--delegation", "pap", **run)
    assert (opened["delegation"], opened["day"]) == ("pap", "2026-12-08")
    for args in (("dropin", "list", "--from", "aujourd'hui"), ("dropin", "open", "aujourd'hui"),
                 ("person", "add", "Maëlys", "--first-visit", "aujourd'hui")):
        cli.fails(*args, code=1, match=r"pap : 08/12/2026, principale : 09/12/2026.*"
                                       r"--delegation", **run)
    listed = cli.json("dropin", "list", "--from", "aujourd'hui", "--delegation", "pap", **run)
    assert [d["id"] for d in listed["dropins"]] == [opened["id"]]
    assert [d["id"] for d in cli.json("dropin", "list", "--from", "08/12/2026", **run)[
        "dropins"]] == [opened["id"]]  # a date typed is that date


def test_visits_at_an_overseas_drop_in_read_on_its_clock(cli: Cli, monkeypatch,
                                                          server_in_paris):
    """A visit recorded at 21:30 at a drop-in of Guadeloupe read 02:30 for a user whose
    delegations keep two clocks: the hour came on her own (mainland France's), unnamed, as
    if the visit had been after midnight."""
    run = _referent_in_guadeloupe(cli, monkeypatch)
    cli.ok("dropin", "open", "aujourd'hui", **run)
    person = cli.json("person", "add", "Maëlys", **run)["id"]
    cli.ok("dropin", "visit", "1", person, **run)
    [visit] = cli.json("dropin", "visits", "1", **run)["visits"]
    hour = visit["recorded_at"][11:16]
    assert visit["recorded_at"].endswith("-04:00")
    assert cli.ok("dropin", "visits", "1", **run).out.splitlines()[1].startswith(hour + "  ")
    cli.ok("user", "delegations", "gaelle", "pap", "principale", user=ADMIN, env=REAL_CLOCK)
    cli.login("gaelle", env=REAL_CLOCK)
    shown = cli.ok("dropin", "visits", "1", **run).out.splitlines()[1]
    assert shown.startswith(f"{hour} (heure de Guadeloupe)"), shown


def test_a_day_that_has_come_in_paris_only_erases_nothing_overseas_early(cli: Cli, monkeypatch,
                                                                        tmp_path):
    """At 02:30 in Paris on 9 December, `retention --apply --today 2026-12-09` (or a backup
    prune) was let through, that day having come in mainland France: every delegation was
    judged on it, Guadeloupe's and Polynesia's, still on 8 December, a day early. A day that
    has come on every French clock is still taken."""
    _referent_in_guadeloupe(cli, monkeypatch)
    cli.ok("backup", "--output", tmp_path, user=ADMIN, env=REAL_CLOCK)
    for command in (("backup", "--prune", "--output", tmp_path), ("retention", "--apply")):
        cli.fails(*command, "--today", "2026-12-09", user=ADMIN, code=1,
                  match=r"pas encore arrivé partout en France .*le 08/12/2026")
    cli.ok("backup", "--prune", "--output", tmp_path, "--today", "2026-12-08", user=ADMIN)


def test_the_review_queue_overseas_in_the_evening_is_on_her_delegations_day(
        cli: Cli, monkeypatch):
    """At 21:30 in Guadeloupe, the queue of the delegation's supervisor said « Échéance
    dépassée » of a PSP period ending that very day (`deadlines` said it was still valid),
    « dans 0 jour(s) » of one ending her tomorrow, and refused to snooze an alert until her
    tomorrow (« postérieure au 9 décembre »)."""
    run = _referent_in_guadeloupe(cli, monkeypatch)
    cli.ok("user", "add", "sabine", "--role", "superviseur", "--delegation", "pap",
           "--password-stdin", user=ADMIN, input=PASSWORD + "\n", env=REAL_CLOCK)
    _psp_periods_ending_tonight_and_tomorrow(cli, run)
    queue = cli.json("review", "--kind", "overdue", "--kind", "due_soon", user="sabine",
                     env=REAL_CLOCK)["items"]
    assert [(i["alias"], i["kind"], i["detail"]) for i in queue] == [
        ("Maëlys", "due_soon", "« Fin de la période d'autorisation du PSP » dans 0 jour(s)."),
        ("Nadia", "due_soon", "« Fin de la période d'autorisation du PSP » dans 1 jour(s).")]
    counts = cli.json("review", "--counts", user="sabine", env=REAL_CLOCK)
    assert (counts["counts"]["overdue"], counts["counts"]["due_soon"]) == (0, 2)
    cli.ok("review", "snooze", queue[0]["key"], "--until", "09/12/2026", "--reason",
           "renouvellement déposé", user="sabine", env=REAL_CLOCK)


def test_her_export_overseas_in_the_evening_gives_her_days(cli: Cli, monkeypatch, tmp_path):
    """Her export (GDPR art. 15) written at 21:30 in Guadeloupe said « produit le
    09/12/2026 » and gave her last contact, a step recorded that evening, on the UTC day,
    her tomorrow, where her history gave the 8th."""
    run = _referent_in_guadeloupe(cli, monkeypatch)
    cli.ok("person", "add", "Maëlys", "--first-visit", "2026-11-02", **run)
    cli.ok("consent", "give", "Maëlys", "suivi", "--date", "2026-11-02", **run)
    cli.ok("advance", "Maëlys", "parcours", "suivre", "--set", "referent=gaelle", **run)
    cli.ok("reauth", "--password-stdin", input=PASSWORD + "\n", **run)
    text = tmp_path / "maelys.txt"
    cli.ok("person", "export", "Maëlys", "--output", str(text), **run)
    written = text.read_text(encoding="utf-8")
    assert "produit le 08/12/2026" in written
    assert "dernier contact : 08/12/2026" in written
    assert "09/12/2026" not in written
    data = tmp_path / "maelys.json"
    cli.ok("person", "export", "Maëlys", "--output", str(data), "--format", "json", **run)
    exported = json.loads(data.read_text(encoding="utf-8"))
    assert exported["generated_at"] == "2026-12-08T21:30:00-04:00"
    assert exported["person"]["last_contact_at"] == "2026-12-08T21:30:00-04:00"
