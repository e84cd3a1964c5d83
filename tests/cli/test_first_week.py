"""A small association's first week on the command line: the stumbles its volunteers, referents
and supervisors hit, each driven as they typed it."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from tests.cli_runner import ADMIN, Cli


@pytest.mark.parametrize(("args", "flag", "choices"), [
    (("person", "export", "1", "--output", "x.txt", "--format", "pdf"), "--format", "texte, json"),
    (("rules", "--format", "xls"), "--format", "table, md"),
])
def test_a_value_outside_the_choices_is_refused_in_french(cli: Cli, args: tuple[str, ...],
                                                           flag: str, choices: str) -> None:
    cli.ok("person", "add", "Zoé")
    result = cli.fails(*args, code=2)
    assert "is not one of" not in result.err
    assert f"pour {flag} : choisissez parmi {choices}." in result.err, result.err


@pytest.mark.parametrize("batch", ["0", "beaucoup"])
def test_a_number_outside_its_range_is_refused_in_french(cli: Cli, batch: str) -> None:
    result = cli.fails("keys", "rotate", "--batch", batch, code=2, user=ADMIN)
    assert "range" not in result.err
    assert "pour --batch : attendu un nombre entier de 1 à 10000." in result.err, result.err


def test_tables_show_days_and_yes_or_no_as_french_readers_write_them(cli: Cli) -> None:
    person = str(cli.json("person", "add", "Zoé", "--first-visit", "02/03/2026")["id"])
    cli.ok("consent", "give", person, "suivi", "--date", "03/03/2026")
    cli.ok("advance", person, "parcours", "suivre", "--set", "referent=camille",
           "--at", "04/03/2026")
    cli.ok("track", "start", person, "psp", "--at", "05/03/2026")
    cli.ok("advance", person, "psp", "signer_document",
           "--set", "date_signature_document=06/03/2026")
    cli.ok("advance", person, "psp", "constituer_dossier", "--set", "piece_identite=oui",
           "--set", "attestation_cessation=oui", "--set", "domiciliation=oui")
    consents = cli.ok("consent", "list", person).out
    assert "03/03/2026" in consents and "2026-03-03" not in consents, consents
    shown = cli.ok("person", "show", person).out
    assert "04/03/2026" in shown and "2026-03-04" not in shown, shown
    facts = cli.ok("person", "facts", person).out
    assert "06/03/2026" in facts and "2026-03-06" not in facts, facts
    assert "True" not in facts and " oui" in facts, facts
    values = [f["value"] for f in cli.json("person", "facts", person)["facts"]]
    assert "2026-03-06" in values and True in values  # the JSON keeps its values



def test_an_empty_review_queue_says_so_without_a_header_under_it(cli: Cli) -> None:
    cli.add_user("sonia", "superviseur")
    assert cli.ok("review", user="sonia").out == "Rien à afficher.\n"
    counted = cli.ok("review", "--counts", user="sonia").out.splitlines()
    assert counted[0] == "Rien à afficher." and counted[1].startswith("Par type :"), counted


def test_a_day_written_with_dashes_or_dots_is_read_day_first(cli: Cli) -> None:
    person = str(cli.json("person", "add", "Zoé", "--first-visit", "02-03-2026")["id"])
    assert cli.json("person", "show", person)["first_visit"] == "2026-03-02"
    assert cli.json("dropin", "open", "03.03.2026")["day"] == "2026-03-03"
    cli.ok("consent", "give", person, "suivi", "--date", "04-03-2026")
    cli.ok("advance", person, "parcours", "suivre", "--set", "referent=camille")
    cli.ok("track", "start", person, "psp", "--at", "05-03-2026")
    cli.ok("advance", person, "psp", "signer_document",
           "--set", "date_signature_document=06-03-2026")
    values = [f["value"] for f in cli.json("person", "facts", person)["facts"]]
    assert "2026-03-06" in values
    cli.fails("dropin", "open", "03-03/2026", code=2, match="Date invalide")  # one separator


@pytest.mark.parametrize("word", ["aujourd'hui", "Aujourd’hui", "aujourdhui"])
def test_today_is_typed_as_a_word_and_means_the_evaluation_day(cli: Cli, word: str) -> None:
    person = str(cli.json("person", "add", "Zoé")["id"])
    given = cli.json("consent", "give", person, "suivi", "--date", word)
    assert given["given_on"] == "2026-03-10"  # PARCOURS_TODAY of the runner
    assert cli.json("dropin", "open", word, "--today", "2026-03-03")["day"] == "2026-03-03"


@pytest.mark.parametrize(("start", "end"), [("13h30", "18h"), ("13 h 30", "18H00"),
                                            ("13:30", "18:00")])
def test_a_drop_in_s_hours_are_typed_as_french_people_write_them(cli: Cli, start: str,
                                                                 end: str) -> None:
    opened = cli.json("dropin", "open", "03/03/2026", "--from", start, "--to", end)
    assert (opened["starts_at"], opened["ends_at"]) == ("13:30", "18:00"), opened


@pytest.mark.parametrize("hour", ["1330", "25h", "13h5", "13h30h", "h30"])
def test_an_hour_that_is_not_one_is_still_refused(cli: Cli, hour: str) -> None:
    cli.fails("dropin", "open", "03/03/2026", "--from", hour, code=2,
              match="attendu HH:MM ou 13h30")


def test_the_needs_raised_at_a_drop_in_are_recorded_from_the_command_line(cli: Cli) -> None:
    person = str(cli.json("person", "add", "Zoé")["id"])
    dropin = str(cli.json("dropin", "open", "03/03/2026")["id"])
    cli.ok("dropin", "visit", dropin, person, "--need", "psp", "--need", "parcours")
    cli.ok("dropin", "anonymous", dropin, "--count", "2", "--need", "psp")
    cli.fails("dropin", "anonymous", dropin, "--need", "santé", match="domaines : ")
    closed = cli.ok("dropin", "close", dropin).out
    assert "Besoins exprimés : Parcours d'accompagnement (1), Parcours de sortie de la " \
           "prostitution (PSP) (3)." in closed, closed
    assert cli.json("dropin", "list")["dropins"][0]["summary"]["needs"] == {"parcours": 1,
                                                                          "psp": 3}


def test_the_facts_an_action_asks_for_are_described_in_french(cli: Cli) -> None:
    person = str(cli.json("person", "add", "Zoé")["id"])
    shown = cli.ok("actions", person, "parcours").out
    assert "--set referent=… texte, obligatoire — Référent·e" in shown, shown
    assert "--set motif_cloture=… au choix (" in shown and "), obligatoire — " in shown, shown
    assert not re.search(r"… (text|choice|boolean|number|integer)\b|\*$", shown, re.M), shown


def test_a_new_account_among_several_delegations_is_told_which_option_places_it(
        cli: Cli) -> None:
    cli.ok("delegation", "add", "lyon", "Délégation de Lyon", user=ADMIN)
    refused = cli.fails("user", "add", "marie", "--role", "benevole", "--password-stdin",
                        user=ADMIN, input="un mot de passe assez long\n", code=1)
    assert "Vous appartenez" not in refused.err
    assert "indiquez celle du compte avec --delegation CODE" in refused.err, refused.err
    assert "lyon" in refused.err and "principale" in refused.err


def test_a_domain_typed_for_a_track_is_answered_with_its_tracks(cli: Cli) -> None:
    person = str(cli.json("person", "add", "Zoé")["id"])
    cli.fails("track", "start", person, "PSP", code=1,
              match=r"« PSP » ; les démarches de ce domaine : psp, psp_afis, psp_aps\.$")
    cli.fails("track", "start", person, "sortie", code=1,
              match=r"« sortie » \(la liste : « parcours tracks »\)\.$")


@pytest.mark.parametrize(("typed", "role"), [("bénévole", "benevole"), ("Référente", "referent"),
                                             ("référent·e", "referent"),
                                             ("superviseure", "superviseur"),
                                             ("STAGIAIRE", "stagiaire")])
def test_a_role_is_typed_as_french_people_write_it(cli: Cli, typed: str, role: str) -> None:
    added = cli.json("user", "add", "marie", "--role", typed, "--password-stdin", user=ADMIN,
                     input="un mot de passe assez long\n")
    assert added["role"] == role, added
    cli.fails("user", "add", "nina", "--role", "cheffe", "--password-stdin", user=ADMIN,
              input="un mot de passe assez long\n", match="Rôle inconnu « cheffe »")


def test_a_new_account_s_role_is_confirmed_in_words(cli: Cli) -> None:
    added = cli.ok("user", "add", "marie", "--role", "referent", "--password-stdin",
                   user=ADMIN, input="un mot de passe assez long\n").out
    assert added == "Utilisateur « marie » ajouté (référent·e).\n", added


@pytest.mark.parametrize(("typed", "code"), [("sensible", "sensitive"), ("Ordinaire", "ordinary"),
                                             ("restricted", "restricted")])
def test_a_note_s_sensitivity_is_typed_in_french_or_as_its_code(cli: Cli, typed: str,
                                                                 code: str) -> None:
    person = str(cli.json("person", "add", "Zoé")["id"])
    assert cli.json("note", "add", person, "Appel", "--sensitivity", typed)["sensitivity"] == code
    assert cli.json("note", "add", person, "Appel")["sensitivity"] == "restricted"
    refused = cli.fails("note", "add", person, "Appel", "--sensitivity", "secret", code=2)
    assert "choisissez parmi ordinaire, sensible, restreinte." in refused.err, refused.err


def test_the_same_consent_typed_twice_is_recorded_once(cli: Cli) -> None:
    person = str(cli.json("person", "add", "Zoé")["id"])
    first = cli.json("consent", "give", person, "suivi", "--date", "03/03/2026")
    again = cli.fails("consent", "give", person, "suivi", "--date", "03/03/2026", code=1)
    assert f"déjà enregistré (n° {first['id']}, donné le 03/03/2026)" in again.err, again.err
    renewed = cli.json("consent", "give", person, "suivi", "--date", "09/03/2026")
    assert renewed["id"] != first["id"]
    assert [c["id"] for c in cli.json("consent", "list", person)["consents"]] == \
        [first["id"], renewed["id"]]
    cli.ok("consent", "withdraw", person, str(first["id"]))  # and the renewal with it
    again = cli.json("consent", "give", person, "suivi", "--date", "03/03/2026")
    assert again["status"] == "active", again  # once withdrawn, she may give it again


def test_a_second_drop_in_the_same_day_is_opened_only_when_asked(cli: Cli) -> None:
    first = cli.json("dropin", "open", "03/03/2026")["id"]
    twice = cli.fails("dropin", "open", "2026-03-03", code=1)
    assert f"(n° {first})" in twice.err and f"dropin visit {first} PERSONNE" in twice.err, twice
    assert "--another" in twice.err
    assert [d["id"] for d in cli.json("dropin", "list")["dropins"]] == [first]
    cli.ok("dropin", "close", str(first))
    closed = cli.fails("dropin", "open", "03/03/2026", code=1, match="close depuis")
    assert "dropin visit" not in closed.err
    second = cli.json("dropin", "open", "03/03/2026", "--from", "18:00", "--another")["id"]
    assert [d["id"] for d in cli.json("dropin", "list")["dropins"]] == [second, first]


@pytest.mark.parametrize("month", ["03/2026", "3-2026", "mars 2026", "Mars 2026"])
def test_a_report_s_month_is_typed_as_french_people_write_it(cli: Cli, month: str) -> None:
    cli.add_user("sonia", "superviseur")
    head = cli.ok("report", "--month", month, user="sonia").out.splitlines()[0]
    assert head == "Rapport d'activité du 01/03/2026 au 31/03/2026", head


def test_a_month_that_is_not_one_is_still_refused(cli: Cli) -> None:
    cli.add_user("sonia", "superviseur")
    for month in ("13/2026", "brumaire 2026", "mars"):
        cli.fails("report", "--month", month, user="sonia", code=2,
                  match=f"Période invalide « {month} » : attendu par exemple 2026-03 pour "
                        r"--month \(ou 03/2026, mars 2026\)")
    result = cli.ok("report", "--month", "février 2026", user="sonia").out
    assert result.startswith("Rapport d'activité du 01/02/2026 au 28/02/2026"), result


def test_a_consent_s_day_is_given_with_at_as_every_other_event_s(cli: Cli) -> None:
    person = str(cli.json("person", "add", "Zoé")["id"])
    given = cli.json("consent", "give", person, "suivi", "--at", "04/03/2026")
    assert given["given_on"] == "2026-03-04", given


def test_a_token_s_lifetime_is_typed_in_days_as_jours(cli: Cli) -> None:
    made = cli.json("token", "create", "--expires", "30j")
    left = datetime.fromisoformat(made["expires_at"]) - datetime.now(UTC)
    assert timedelta(days=29) < left <= timedelta(days=30), made
    refused = cli.fails("token", "create", "--expires", "400j", code=1)
    assert "days" not in refused.err and "« 400 j »" in refused.err, refused.err
    assert "attendu par exemple 30j, 12h ou 90min" in refused.err


def test_actions_tell_a_warning_from_what_blocks(cli: Cli) -> None:
    person = str(cli.json("person", "add", "Zoé")["id"])
    cli.ok("consent", "give", person, "suivi")
    cli.ok("advance", person, "parcours", "suivre", "--set", "referent=camille")
    cli.ok("track", "start", person, "psp")
    shown = cli.ok("actions", person, "parcours").out
    assert "  - À noter (n'empêche pas l'action) : Démarches encore ouvertes : psp" in shown, shown
    fresh = str(cli.json("person", "add", "Yaëlle")["id"])
    blocked = cli.ok("actions", fresh, "parcours").out
    assert "  - Aucun consentement actif" in blocked and "À noter" not in blocked, blocked


def test_the_deadlines_of_the_week_are_asked_up_to_a_day(cli: Cli) -> None:
    person = str(cli.json("person", "add", "Zoé")["id"])
    cli.ok("consent", "give", person, "suivi")
    cli.ok("advance", person, "parcours", "suivre", "--set", "referent=camille")
    cli.ok("track", "start", person, "psp", "--at", "01/02/2026")
    for step in (("signer_document", "date_signature_document=02/02/2026"),
                 ("constituer_dossier", "piece_identite=oui", "attestation_cessation=oui",
                  "domiciliation=oui"),
                 ("transmettre", "date_envoi=03/02/2026"),
                 ("enregistrer_avis", "date_commission=20/02/2026", "avis=favorable"),
                 ("autoriser", "date_decision=01/03/2026", "debut_periode=02/03/2026",
                  "reference_decision=2026-042")):
        cli.ok("advance", person, "psp", step[0], *(a for v in step[1:] for a in ("--set", v)))
    dues = [d["due"] for d in cli.json("deadlines", person)["deadlines"]]
    assert len(dues) == 2, dues  # six months, and the 24 months at most
    first = dues[0]
    year, month, day = first.split("-")
    week = cli.json("deadlines", "--until", f"{day}/{month}/{year}")["deadlines"]
    assert [d["due"] for d in week] == [first]
    before = cli.json("deadlines", "--until", "2026-01-31")["deadlines"]
    assert before == [] and cli.ok("deadlines", "--until", "2026-01-31").out == "Rien à afficher.\n"
    cli.fails("deadlines", "--until", "vendredi", code=2, match="--until")


@pytest.mark.parametrize("typed", ["n° {}", "n°{}", "N° {}", "nº{}"])
def test_a_number_is_typed_as_the_command_line_prints_it(cli: Cli, typed: str) -> None:
    added = cli.ok("person", "add", "Zoé").out
    number = re.search(r"n° ([0-9]+)", added)[1]
    assert cli.json("person", "show", typed.format(number))["id"] == int(number)
    dropin = str(cli.json("dropin", "open", "03/03/2026")["id"])
    shown = cli.json("dropin", "visit", typed.format(dropin), typed.format(number))
    assert shown["identified_visits"] == 1
    given = cli.json("consent", "give", typed.format(number), "suivi")
    withdrawn = cli.json("consent", "withdraw", number, typed.format(given["id"]))
    assert withdrawn["status"] == "withdrawn", withdrawn


def test_a_domain_is_typed_with_its_accents_or_capitals(cli: Cli) -> None:
    cli.add_user("sonia", "superviseur")
    person = str(cli.json("person", "add", "Zoé")["id"])
    cli.ok("consent", "give", person, "suivi")
    cli.ok("advance", person, "parcours", "suivre", "--set", "referent=camille")
    cli.ok("track", "start", person, "psp", "--at", "2025-12-01")  # nothing since: stalled
    listed = cli.json("person", "list", "--domain", "PSP")["persons"]
    assert [p["id"] for p in listed] == [int(person)]
    items = cli.json("review", "--domain", "Psp", user="sonia")["items"]
    assert items and {i["track"] for i in items} == {"psp"}, items
    dropin = str(cli.json("dropin", "open", "03/03/2026")["id"])
    cli.ok("dropin", "anonymous", dropin, "--need", "PSP")
    assert cli.json("dropin", "close", dropin)["summary"]["needs"] == {"psp": 1}


def test_sante_is_typed_with_its_accent(cli: Cli) -> None:
    with_sante = {"PARCOURS_PLUGINS_ALLOW": "sante"}
    dropin = str(cli.json("dropin", "open", "03/03/2026", env=with_sante)["id"])
    cli.ok("dropin", "anonymous", dropin, "--need", "Santé", env=with_sante)
    assert cli.json("dropin", "close", dropin, env=with_sante)["summary"]["needs"] == {"sante": 1}


def test_the_rules_table_says_each_duration_in_words(cli: Cli) -> None:
    shown = cli.ok("rules").out
    row = next(r for r in shown.splitlines() if r.startswith("psp.autorisation_6m "))
    assert " 6 mois " in row, row
    assert not re.search(r"\b(months|calendar_days|working_days)\b", shown), shown
    assert {r["unit"] for r in cli.json("rules")["rules"]} >= {"months"}  # the JSON's codes


def test_a_track_s_steps_and_roles_are_shown_in_words(cli: Cli) -> None:
    shown = cli.ok("tracks", "show", "psp").out
    assert re.search(r"^transmis\s+en attente\s+Dossier transmis", shown, re.M), shown
    assert re.search(r"^sorti\s+finale\s+", shown, re.M), shown
    assert "référent·e, superviseur·e" in shown and "waiting" not in shown, shown
    steps = cli.json("tracks", "show", "psp")["steps"]
    assert {s["kind"] for s in steps} == {"action", "waiting", "final"}  # the JSON's codes


@pytest.mark.parametrize("typed", ["Souhait de la personne", "souhait-personne",
                                   "SOUHAIT_PERSONNE"])
def test_a_choice_is_typed_with_spaces_accents_or_capitals(cli: Cli, typed: str) -> None:
    person = str(cli.json("person", "add", "Zoé")["id"])
    cli.ok("consent", "give", person, "suivi")
    cli.ok("advance", person, "parcours", "suivre", "--set", "referent=camille")
    if typed == "Souhait de la personne":  # not a spelling of the choice: still refused
        cli.fails("advance", person, "parcours", "clore", "--set", f"motif_cloture={typed}",
                  code=1, match="valeur attendue parmi : souhait_personne")
        return
    done = cli.json("advance", person, "parcours", "clore", "--set", f"motif_cloture={typed}")
    assert done["step"] == "clos", done
    facts = {f["name"]: f["value"] for f in cli.json("person", "facts", person)["facts"]}
    assert facts["motif_cloture"] == "souhait_personne", facts


def test_a_volunteer_s_hours_are_typed_as_french_people_write_them(cli: Cli) -> None:
    opened = cli.json("dropin", "open", "03/03/2026", "--volunteer", "Marie=4h",
                      "--volunteer", "Léa=2h30", "--volunteer", "Zoé=1 h 15",
                      "--volunteer", "Inès=3,5")
    hours = {v["name"]: v["hours"] for v in opened["volunteers"]}
    assert hours == {"Marie": 4, "Léa": 2.5, "Zoé": 1.25, "Inès": 3.5}, hours
    cli.fails("dropin", "open", "04/03/2026", "--volunteer", "Marie=2h75", code=1,
              match="par exemple Marie=5 ou Marie=2h30")


def test_a_kind_of_alert_is_typed_as_the_queue_shows_it(cli: Cli) -> None:
    cli.add_user("sonia", "superviseur")
    person = str(cli.json("person", "add", "Zoé")["id"])
    cli.ok("track", "start", person, "psp", "--at", "2025-12-01")  # nothing since: stalled
    by_code = cli.json("review", "--kind", "stalled", user="sonia")["items"]
    assert by_code and {i["kind"] for i in by_code} == {"stalled"}
    for typed in ("Étape sans avancée", "etape sans avancee"):
        assert cli.json("review", "--kind", typed, user="sonia")["items"] == by_code
    cli.fails("review", "--kind", "en retard", user="sonia", code=1,
              match="Type d'alerte inconnu « en retard »")


def test_actions_say_what_blocks_only_until_the_action_s_own_facts_are_given(cli: Cli) -> None:
    """« ✓ » above a reason worded like a refusal: the action is allowed because it asks
    for what is missing (her referent), which the reason did not say."""
    person = str(cli.json("person", "add", "Zoé")["id"])
    cli.ok("consent", "give", person, "suivi")
    shown = cli.ok("actions", person, "parcours").out
    suivre = shown[shown.index("✓ parcours · suivre"):].split("\n✓")[0]
    assert "  - À renseigner avec l'action (--set) : " in suivre, shown
    assert "--set referent=" in suivre  # the fact the reason waits for, asked just under it
@pytest.mark.parametrize("alias", ["n° 1", "N°1", "12", "\uff11\uff12", "n° \U0001d7cf"])
def test_an_alias_that_reads_as_a_number_is_refused(cli: Cli, alias: str) -> None:
    # « １２ » (full-width digits) was taken, shown as 12: « person show 12 » gave n° 12.
    cli.ok("person", "add", "Zoé")
    cli.fails("person", "add", alias, code=1, match="se lit comme un numéro de personne")
    # Recorded, she was out of reach: « person show "n° 1" » showed n° 1, another person.
    assert cli.json("person", "show", "n° 1")["alias"] == "Zoé"


@pytest.mark.parametrize("hours", ["\u0663", "1\u0663", "\uff13h"])
def test_a_volunteer_s_hours_in_another_script_s_digits_are_refused(cli: Cli, hours: str) -> None:
    # « ٣ » was read as 3 hours, « 1٣ » as 13, while the register import refuses them.
    cli.fails("dropin", "open", "04/03/2026", "--volunteer", f"Marie={hours}", code=1,
              match="Bénévole invalide")
