"""``parcours dropin list`` and ``dropin close``: a volunteer finds the number of today's
drop-in without having kept it, and closes it at the end of the afternoon."""

from __future__ import annotations

from tests.cli_runner import ADMIN, Cli, assert_french_error

VOLUNTEER = "lou"


def test_a_volunteer_lists_the_drop_ins_and_closes_one(cli: Cli):
    cli.add_user(VOLUNTEER, "benevole")
    assert cli.ok("dropin", "list", user=VOLUNTEER).out == "Aucune permanence sur cette période.\n"
    for day in ("2026-02-24", "2026-03-03", "2026-03-10"):
        cli.ok("dropin", "open", day, "--from", "13:30", "--to", "18:30", "--volunteer",
               "Marie=5", user=VOLUNTEER)
    person = cli.json("person", "add", "Dana", "--first-visit", "2026-03-10")["id"]
    cli.ok("dropin", "visit", "3", person, user=VOLUNTEER)
    cli.ok("dropin", "anonymous", "3", "--count", "2", user=VOLUNTEER)

    out = cli.ok("dropin", "list", user=VOLUNTEER).out.splitlines()
    assert out[0].split() == ["n°", "date", "horaires", "bénévoles", "passages", "identifiés",
                              "anonymes", "état"]
    assert out[1].split() == ["3", "10/03/2026", "13:30–18:30", "Marie", "1", "2", "ouverte"]
    assert [row.split()[0] for row in out[1:]] == ["3", "2", "1"]  # the most recent first

    page = cli.ok("dropin", "list", "--limit", "2", user=VOLUNTEER).out
    assert "Les 2 plus récentes seulement" in page and "24/02/2026" not in page
    march = cli.json("dropin", "list", "--from", "2026-02-25", "--to", "03/03/2026",
                     user=VOLUNTEER)["dropins"]
    assert [d["id"] for d in march] == [2]
    assert len(cli.json("dropin", "list", user=VOLUNTEER)["dropins"]) == 3

    closed = cli.ok("dropin", "close", "3", user=VOLUNTEER).out
    assert closed == ("Permanence n° 3 close : 1 passage(s) identifié(s), 2 anonyme(s), "
                      "1 nouvelle(s) personne(s), 5 h de bénévolat.\n")
    assert "close le" in cli.ok("dropin", "list", "--limit", "1", user=VOLUNTEER).out
    cli.fails("dropin", "anonymous", "3", user=VOLUNTEER, code=1, match="déjà close")
    assert_french_error(cli.run("dropin", "list", "--from", "hier", user=VOLUNTEER), code=2,
                        match="--from")
    assert_french_error(cli.run("dropin", "list", "--limit", "0", user=VOLUNTEER), code=2,
                        match="permanences")


def test_a_national_account_sees_where_each_drop_in_is_and_narrows_to_one(cli: Cli):
    """Drop-ins of several delegations carry their code (a column, and ``delegation`` in
    JSON), ``--delegation CODE`` keeps one of hers, and another's code is refused."""
    cli.add_user("sonia", "superviseur")
    cli.ok("delegation", "add", "lyon", "Lyon", user=ADMIN)
    cli.ok("delegation", "add", "nice", "Nice", user=ADMIN)
    cli.ok("user", "delegations", "sonia", "principale", "lyon", user=ADMIN)
    for day, code in (("2026-03-03", "principale"), ("2026-03-10", "lyon")):
        cli.ok("dropin", "open", day, "--delegation", code, user="sonia")

    out = cli.ok("dropin", "list", user="sonia").out.splitlines()
    assert out[0].split()[:2] == ["délégation", "n°"]
    assert [row.split()[0] for row in out[1:]] == ["lyon", "principale"]
    lyon = cli.json("dropin", "list", "--delegation", "lyon", user="sonia")["dropins"]
    assert [d["delegation"] for d in lyon] == ["lyon"]
    alone = cli.ok("dropin", "list", "--delegation", "principale", user="sonia").out
    assert alone.splitlines()[0].split()[0] == "n°"  # one place: no column for it
    cli.fails("dropin", "list", "--delegation", "nice", user="sonia", code=1,
              match="nice")


def test_every_desk_lists_who_was_recorded_at_the_drop_in(cli: Cli):
    """``dropin visits N``: the second laptop of a drop-in sees who the first one recorded."""
    cli.add_user(VOLUNTEER, "benevole")
    cli.ok("dropin", "open", "2026-03-10", user=VOLUNTEER)
    person = cli.json("person", "add", "Dana")["id"]
    cli.ok("dropin", "visit", "1", person, "--need", "parcours", user=VOLUNTEER)
    cli.ok("dropin", "anonymous", "1", "--count", "2", user=VOLUNTEER)
    out = cli.ok("dropin", "visits", "n° 1").out.splitlines()
    assert out[0].split() == ["heure", "personne", "besoins", "enregistré", "par"]
    assert "anonyme(s) : 2" in out[1] and VOLUNTEER in out[1]
    assert "Dana" in out[2] and "Parcours d'accompagnement" in out[2]
    listed = cli.json("dropin", "visits", "1")["visits"]
    assert [(v["alias"], v["count"], v["needs"]) for v in listed] == [
        (None, 2, []), ("Dana", 1, ["parcours"])]
    assert_french_error(cli.run("dropin", "visits", "1", user=ADMIN), 1, "")
    assert_french_error(cli.run("dropin", "visits", "9"), 1, "Permanence introuvable")
