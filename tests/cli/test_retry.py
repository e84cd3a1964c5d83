"""Commands safe to retry and to race: ``--request-id`` and ``advance --expected-version``."""

from __future__ import annotations

from tests.accounts import PASSWORD
from tests.cli_runner import REFERENT, Cli, assert_french_error


def transitions(cli: Cli) -> int:
    with cli.database() as db:
        return db.execute("SELECT count(*) FROM events WHERE kind = 'transition'").fetchone()[0]


def test_a_write_sent_twice_with_its_request_id_applies_once(cli: Cli):
    first = cli.json("person", "add", "Amina", "--request-id", "accueil-1", "--json")
    again = cli.json("person", "add", "Amina", "--request-id", "accueil-1", "--json")
    assert again == first
    assert [p["id"] for p in cli.json("person", "list", "--json")["persons"]] == [first["id"]]
    one = cli.json("advance", "1", "parcours", "reconnaitre", "--request-id", "a-1", "--json")
    two = cli.json("advance", "1", "parcours", "reconnaitre", "--request-id", "a-1", "--json")
    assert one == two and transitions(cli) == 1
    assert_french_error(cli.run("person", "add", "Rose", "--request-id", "deux mots"), 1,
                        "Identifiant de requête invalide")


def test_a_script_acting_on_what_it_read_learns_of_a_change_meanwhile(cli: Cli):
    cli.ok("person", "add", "Amina")
    seen = cli.json("person", "show", "1", "--json")["tracks"][0]["row_version"]
    done = cli.json("advance", "1", "parcours", "reconnaitre", "--expected-version", str(seen),
                    "--json")
    assert done["row_version"] > seen
    stale = cli.run("advance", "1", "parcours", "perdre_contact", "--expected-version", str(seen),
                    user=REFERENT)
    assert_french_error(stale, 4, "modifié")
    assert transitions(cli) == 1
    assert_french_error(cli.run("advance", "1", "parcours", "perdre_contact",
                                "--expected-version", "３"), 2, "Version invalide")


def test_a_token_created_under_a_request_id_is_not_shown_again(cli: Cli):
    made = cli.json("token", "create", "--label", "cron", "--request-id", "cron-1")
    again = cli.fails("token", "create", "--label", "cron", "--request-id", "cron-1", "--json",
                      code=1, match=f"parcours token revoke {made['id']}")
    assert made["token"] not in again.out + again.err
    assert f"jeton n° {made['id']} a déjà été créé" in again.err
    assert [t["id"] for t in cli.json("token", "list")["tokens"]] == [made["id"]]
    me = cli.json("whoami", user=None, env={"PARCOURS_TOKEN": made["token"]})
    assert (me["name"], me["kind"]) == (REFERENT, "token")


def test_a_password_change_sent_again_answers_only_with_the_password_it_set(cli: Cli):
    new, other = "Marmotte-Bleue-Fenetre-2026!", "Heron-Violet-Escalier-2027!"
    first = cli.json("password", "--password-stdin", "--request-id", "mdp-1",
                     input=f"{PASSWORD}\n{new}\n")
    # sent again: done, though the current password typed is no longer the account's
    assert cli.json("password", "--password-stdin", "--request-id", "mdp-1",
                    input=f"{PASSWORD}\n{new}\n") == first == {"changed": True}
    cli.fails("password", "--password-stdin", "--request-id", "mdp-1", input=f"{PASSWORD}\n{other}\n",
              code=1, match="déjà été appliquée avec un autre mot de passe")
    # a confirmation under a request id is checked again: a wrong password is not "confirmed"
    assert cli.json("reauth", "--password-stdin", "--request-id", "r-1", input=f"{new}\n")["confirmed"]
    cli.fails("reauth", "--password-stdin", "--request-id", "r-1", input=f"{other}\n",
              match="Mot de passe incorrect")
