"""``parcours person erase``, ``person hold`` and ``retention`` as a user types them: French
output, JSON keys, refusals, and the same erasure behind both."""

from __future__ import annotations

from tests.accounts import PASSWORD
from tests.cli_runner import ADMIN, REFERENT, Cli, assert_french_error

SUPERVISOR = "sonia"
DUE_KEYS = {"key", "rule", "label", "source", "due", "what", "person_id", "track_id", "count",
            "held"}


def _setup(cli: Cli) -> dict[str, int]:
    cli.add_user(SUPERVISOR, "superviseur")
    ids = {}
    for alias, day in (("Ancienne", "2024-01-10"), ("Gelée", "2023-12-01"),
                       ("Bientôt", "2024-04-01"), ("Récente", "2026-01-05")):
        ids[alias] = cli.json("person", "add", alias, "--first-visit", day)["id"]
    return ids


def _reauth(cli: Cli) -> None:
    cli.ok("reauth", "--password-stdin", user=SUPERVISOR, input=PASSWORD + "\n")


def test_retention_lists_applies_and_respects_a_hold(cli: Cli):
    ids = _setup(cli)
    cli.ok("person", "hold", ids["Gelée"], "--reason", "contentieux en cours", user=SUPERVISOR)
    listed = cli.json("retention", user=SUPERVISOR)["items"]
    assert all(set(i) == DUE_KEYS for i in listed)
    assert [(i["person_id"], i["rule"], i["due"], i["held"]) for i in listed] == [
        (ids["Gelée"], "R1", "2025-12-01", True), (ids["Ancienne"], "R1", "2026-01-10", False)]
    assert "délibération n° 2023-095" in listed[0]["source"]
    text = cli.ok("retention", user=SUPERVISOR).out
    assert "sous gel juridique" in text and "dernier contact le 10/01/2024" in text
    # The queue counts « Bientôt » (due within 60 days) and not the held one: said here.
    assert "dans les 60 jours à venir" in text and "ses nombres diffèrent de R1" in text
    rules = cli.json("retention", "--rules", user=SUPERVISOR)["rules"]
    assert [r["id"] for r in rules] == ["R1", "R2", "R7", "R8", "R10"]
    assert rules[-1]["applied_by"] == "parcours backup --prune"

    cli.fails("retention", "--apply", user=SUPERVISOR, code=1, match="parcours reauth")
    _reauth(cli)
    applied = cli.json("retention", "--apply", user=SUPERVISOR)
    assert (applied["done"], applied["held"], applied["failed"]) == (1, 1, 0)
    assert {i["person_id"]: i["done"] for i in applied["items"]} == {ids["Ancienne"]: True,
                                                                    ids["Gelée"]: False}
    cli.fails("person", "show", ids["Ancienne"], user=SUPERVISOR, code=1,
              match=rf"La personne n° {ids['Ancienne']} a été effacée le \d\d/\d\d/\d{{4}}")
    out = cli.ok("person", "list", user=SUPERVISOR).out
    assert "Ancienne" not in out and "Gelée" in out

    cli.ok("person", "hold", ids["Gelée"], "--lift", user=SUPERVISOR)
    summary = cli.ok("retention", "--apply", user=SUPERVISOR).out
    assert f"R1 n° {ids['Gelée']} : personne effacée." in summary
    assert "Conservation appliquée : 1 élément(s) traité(s), 0 sous gel juridique" in summary


def test_the_review_queue_shows_who_reaches_the_end_of_retention(cli: Cli):
    ids = _setup(cli)
    items = cli.json("review", "--kind", "retention", user=SUPERVISOR)["items"]
    assert {i["person_id"]: i["severity"] for i in items} == {
        ids["Ancienne"]: "high", ids["Gelée"]: "high", ids["Bientôt"]: "medium"}
    bientot = next(i for i in items if i["person_id"] == ids["Bientôt"])
    assert bientot["detail"].startswith("Fin de conservation le 01/04/2026 (R1")


def test_person_erase_from_the_command_line(cli: Cli):
    ids = _setup(cli)
    cli.fails("person", "erase", ids["Récente"], "--reason", "demande", user=REFERENT, code=1)
    cli.fails("person", "erase", ids["Récente"], "--reason", "demande", user=SUPERVISOR, code=1,
              match="confirmez d'abord votre mot de passe")
    cli.fails("person", "erase", ids["Récente"], user=SUPERVISOR, code=2, match="Il manque --reason MOTIF")
    _reauth(cli)
    done = cli.json("person", "erase", ids["Récente"], "--reason", "demande (art. 17)",
                    user=SUPERVISOR)
    assert done["person_id"] == ids["Récente"] and done["scrubbed"] is True
    assert done["rows"]["person_keys"] == 1 and done["total"] >= 1
    out = cli.ok("person", "erase", ids["Bientôt"], "--reason", "demande", user=SUPERVISOR).out
    assert out.startswith(f"Personne n° {ids['Bientôt']} effacée : clé détruite")
    audit = cli.json("audit", "list", "--person", str(ids["Récente"]), user=SUPERVISOR)["entries"]
    assert [(e["operation"], e["outcome"], e["detail"]["reason"]) for e in audit
            if e["operation"] == "person.erase" and e["outcome"] == "done"] == [
        ("person.erase", "done", "demande (art. 17)")]
    assert_french_error(cli.run("person", "hold", ids["Gelée"], user=SUPERVISOR), 2,
                        "--reason.*--lift")


def test_an_erasure_reason_naming_another_person_is_refused(cli: Cli):
    """The reason stays in the audit log, in clear, for a year: « doublon de Zéphyrine » kept
    her alias there, after her own erasure too, where only her number is left."""
    ids = _setup(cli)
    named = cli.json("person", "add", "Zéphyrine Lune")["id"]
    _reauth(cli)
    for reason in ("doublon de zephyrine", "doublon (Lune)", "doublon de Zéphyrine Lune"):
        cli.fails("person", "erase", ids["Récente"], "--reason", reason, user=SUPERVISOR,
                  code=1, match="ne doit nommer personne")
    # A piece of a word is not her name; her number is what to write.
    cli.ok("person", "erase", ids["Récente"], "--reason", f"doublon du n° {named}, zephyr",
           user=SUPERVISOR)
    cli.ok("person", "erase", named, "--reason", "demande de la personne", user=SUPERVISOR)


def test_an_erasure_reason_is_not_refused_for_a_little_word_of_an_alias(cli: Cli):
    """« Marie des Anges » in the delegation refused « doublon des fiches » for any person,
    « des » being a word of her alias; her name is still refused."""
    ids = _setup(cli)
    named = cli.json("person", "add", "Marie des Anges")["id"]
    _reauth(cli)
    cli.fails("person", "erase", ids["Récente"], "--reason", "doublon de Marie", user=SUPERVISOR,
              code=1, match="« marie »")
    cli.ok("person", "erase", ids["Récente"], "--reason", "doublon des fiches, sur demande",
           user=SUPERVISOR)
    cli.ok("person", "erase", named, "--reason", "doublon des fiches", user=SUPERVISOR)


def test_an_erasure_reason_in_the_law_s_words_is_not_refused_for_an_alias_that_is_one(cli):
    """« demande de la personne, art. 17 », the reason the refusal itself suggests, was
    refused for every person as soon as someone's alias was « Art » or « Personne »: her
    number was the only reason left to write. Such a word names no one; a name still does."""
    ids = _setup(cli)
    art = cli.json("person", "add", "Art")["id"]
    cli.json("person", "add", "Personne")
    cli.json("person", "add", "Zéphyrine Lune")
    _reauth(cli)
    cli.fails("person", "erase", ids["Récente"], "--reason", "doublon de Zéphyrine, art. 17",
              user=SUPERVISOR, code=1, match="« zephyrine »")
    for who, reason in ((ids["Récente"], "demande de la personne, art. 17"),
                        (ids["Bientôt"], "Droit à l'effacement (article 17 RGPD)"),
                        (art, "demande de la personne, art. 17")):
        cli.ok("person", "erase", who, "--reason", reason, user=SUPERVISOR)
    # Another delegation's aliases are not looked up: a refusal would tell her one is there.
    cli.ok("delegation", "add", "lyon", "Lyon", user=ADMIN)
    cli.add_user("lea", "referent", "--delegation", "lyon")
    cli.json("person", "add", "Ombeline", user="lea")
    cli.ok("person", "erase", ids["Ancienne"], "--reason", "doublon d'Ombeline", user=SUPERVISOR)


def test_an_erasure_reason_with_a_year_is_not_refused_for_an_alias_holding_that_number(cli):
    """« Rose 2024 » in the delegation refused « demande reçue en 2024, art. 17 » for every
    person, her too: a number in a reason (a year, an article) names no one."""
    ids = _setup(cli)
    rose = cli.json("person", "add", "Rose 2024")["id"]
    _reauth(cli)
    cli.fails("person", "erase", ids["Récente"], "--reason", "doublon de Rose, 2024",
              user=SUPERVISOR, code=1, match="« rose »")
    for who in (ids["Récente"], rose):
        cli.ok("person", "erase", who, "--reason", "demande reçue en 2024, art. 17",
               user=SUPERVISOR)


def test_an_alias_that_is_a_first_name_is_refused_in_a_reason_though_a_word_of_the_law(cli):
    """« Justice », a first name many women followed here bear, was one of the words a reason
    says for itself: « doublon de Justice » kept her alias in the audit log after the erasure.
    « décision du juge » still says a court's decision."""
    ids = _setup(cli)
    cli.json("person", "add", "Justice")
    _reauth(cli)
    cli.fails("person", "erase", ids["Récente"], "--reason", "doublon de Justice",
              user=SUPERVISOR, code=1, match="« justice »")
    cli.ok("person", "erase", ids["Récente"], "--reason", "décision du juge", user=SUPERVISOR)


def test_the_listing_says_each_rule_s_source_once_and_shows_a_page(cli: Cli):
    ids = _setup(cli)
    cli.ok("person", "hold", ids["Gelée"], "--reason", "contentieux en cours", user=SUPERVISOR)
    out = cli.ok("retention", user=SUPERVISOR).out
    head = out.splitlines()[0]
    assert head.startswith("R1 · Dossier de la personne") and "2 élément(s) dû(s), dont 1 sous " \
        "gel juridique. Source : CNIL" in head
    assert out.count("délibération n° 2023-095") == 1  # not once per line
    assert "… et" not in out  # two items: the whole list
    page = cli.ok("retention", "--limit", "1", user=SUPERVISOR).out
    assert f"n° {ids['Gelée']}" in page and f"n° {ids['Ancienne']}" not in page
    assert "… et 1 autre(s). Les 1 premiers seulement sont affichés ; tout d'un coup : " \
        "parcours retention --all" in page
    assert len(cli.json("retention", "--limit", "1", user=SUPERVISOR)["items"]) == 1
    assert len(cli.json("retention", user=SUPERVISOR)["items"]) == 2  # scripts get everything
    everything = cli.ok("retention", "--all", user=SUPERVISOR).out
    assert f"n° {ids['Ancienne']}" in everything
    assert_french_error(cli.run("retention", "--limit", "zéro", user=SUPERVISOR), code=2,
                        match="un nombre entier d'éléments")


def test_the_rules_say_their_action_in_french(cli: Cli):
    cli.add_user(SUPERVISOR, "superviseur")
    out = cli.ok("retention", "--rules", user=SUPERVISOR).out
    assert "effacer le dossier (retention --apply)" in out and "parcours backup --prune" in out
    for code in ("erase_person", "erase_recit", "prune_audit", "prune_incidents"):
        assert code not in out


def test_apply_with_a_limit_erases_only_the_first_items_listed(cli: Cli):
    ids = _setup(cli)
    listed = cli.json("retention", "--limit", "1", user=SUPERVISOR)["items"]
    assert len(listed) == 1
    _reauth(cli)
    applied = cli.json("retention", "--apply", "--limit", "1", user=SUPERVISOR)
    assert (applied["done"], applied["stopped"]) == (1, None)
    assert [i["person_id"] for i in applied["items"]] == [listed[0]["person_id"]]
    left = {i["person_id"] for i in cli.json("retention", user=SUPERVISOR)["items"]}
    assert listed[0]["person_id"] not in left and left == {ids["Ancienne"], ids["Gelée"]} - {
        listed[0]["person_id"]}
    cli.fails("retention", "--apply", "--all", user=SUPERVISOR, code=2,
              match="--apply --limit N")
    cli.fails("retention", "--apply", "--limit", "0", user=SUPERVISOR, code=2,
              match="au moins 1")


def test_the_erasure_names_the_partners_to_tell_and_forgets_them(cli: Cli):
    """GDPR art. 19: whoever erases her is told which partners received her file, before her
    key (which sealed their names) is gone; afterwards, nobody could say."""
    ids = _setup(cli)
    pid = ids["Récente"]
    cli.ok("consent", "give", pid, "suivi")
    cli.ok("advance", pid, "parcours", "suivre", "--set", f"referent={REFERENT}")
    cli.ok("consent", "give", pid, "partage", "--partner", "Avocat Ami")
    cli.ok("reauth", "--password-stdin", input=PASSWORD + "\n")
    cli.ok("person", "export", pid, "--output", cli.root / "avocat.txt",
           "--partner", "Avocat Ami", "--track", "parcours")
    _reauth(cli)
    out = cli.ok("person", "erase", pid, "--reason", "demande (art. 17)", user=SUPERVISOR).out
    assert "à prévenir de l'effacement (RGPD art. 19) : « Avocat Ami »" in out
    done = cli.json("person", "erase", ids["Bientôt"], "--reason", "demande", user=SUPERVISOR)
    assert done["notify"] == []


def test_a_day_to_come_given_as_today_erases_nothing_early(cli: Cli):
    """`retention --apply --today 2031-01-01` erased « Récente » (first visit 5 January 2026)
    five years early: what is due then is not due now."""
    ids = _setup(cli)
    _reauth(cli)
    listed = cli.json("retention", "--today", "2031-01-01", user=SUPERVISOR)["items"]
    assert ids["Récente"] in {i["person_id"] for i in listed}  # a look ahead stays possible
    assert_french_error(cli.run("retention", "--apply", "--today", "2031-01-01",
                                user=SUPERVISOR), code=1, match="pas encore arrivé")
    assert "Récente" in cli.ok("person", "list", user=SUPERVISOR).out
    assert cli.json("retention", "--apply", user=SUPERVISOR)["done"] == 2  # today's own date
