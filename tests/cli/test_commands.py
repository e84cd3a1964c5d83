"""Every ``parcours`` command through the command line (in this process, see
``tests/cli_runner.py``), on a throw-away SQLite file, each user signed in with ``parcours login``.

Exit codes (core/cli/main.py): 0 ok, 1 failed operation, 2 malformed command line, 3
transition refused by its checks. Every failure must say so in one French sentence on stderr,
without a traceback, and write nothing: after each batch of bad input the state is read back
through the command line's JSON (history, person list, deadlines) and compared.

Expected due dates are computed by hand from core/builtin/rules.py (start day not counted,
months date to date, clamped to the month's end, suspensions pushing the due date by their
length, then a weekend or public holiday moved to the next working day when the rule says so).
"""

from __future__ import annotations

import re
from pathlib import Path


from tests.accounts import PASSWORD
from tests.cli_runner import (ADMIN, REFERENT, TODAY, VOLUNTEER, Cli, assert_french_error,
                              assert_ok)

AFIS_OK = ("--set", "date_demande_afis=2026-03-01", "--set", "situation_sejour=titre_sejour",
           "--set", "ressources_mois_precedent=300", "--set", "beneficiaire_rsa=non",
           "--set", "beneficiaire_ada=non")
NOT_SIGNED_IN = "Vous n'êtes pas connecté·e : lancez « parcours login NOM »"
AS_GONE = "L'option --as n'existe plus : connectez-vous avec « parcours login NOM »"
"""Who acts is the signed-in user: nobody signed in, or naming someone else, is refused."""
SUIVI = ("--set", f"referent={REFERENT}")


def _follow(cli: Cli, person: int) -> None:
    """Her consent to follow-up recorded, then her referent takes her into follow-up."""
    cli.ok("consent", "give", person, "suivi", "--date", "2026-03-01")
    cli.ok("advance", person, "parcours", "suivre", *SUIVI)


def _add(cli: Cli, alias: str, *more: str) -> int:
    return cli.json("person", "add", alias, *more)["id"]


def _state(cli: Cli, person: int) -> tuple:
    """What a bad command must leave unchanged: history, persons, deadlines, tracks."""
    history, persons, deadlines, shown = cli.many([
        ("track", "history", person, "--json"), ("person", "list", "--json"),
        ("deadlines", "--json"), ("person", "show", person, "--json")])
    return (assert_ok(history).json()["events"], assert_ok(persons).json()["persons"],
            assert_ok(deadlines).json()["deadlines"], assert_ok(shown).json()["tracks"])


# --- no database needed ------------------------------------------------------------------
def test_usage_text_and_malformed_command_lines(fresh: Cli) -> None:
    usage, unknown, missing, option, no_text = fresh.many([
        (), ("danser",), ("advance",), ("person", "list", "--couleur", "rouge"),
        ("review", "comment", "overdue:deadline:1", "un texte")])
    assert_ok(usage)
    assert "Utilisation : parcours COMMANDE" in usage.out
    assert "parcours init --admin NOM" in usage.out
    assert_french_error(unknown, 2, "Commande inconnue : « danser »")
    assert_french_error(missing, 2, "Il manque PERSONNE")
    assert_french_error(option, 2, "Option inconnue : --couleur")
    # An option is named as it is typed, not by its internal name (« Il manque text. »).
    assert_french_error(no_text, 2, "Il manque --text TEXTE.")
    assert not fresh.db.exists()


def test_tables_fit_a_terminal_of_80_columns(fresh: Cli, monkeypatch) -> None:
    """`plugins`, `tracks` and the steps of `tracks show` printed rows of 90 to 130
    characters: at 80 columns the terminal wrapped each one and the columns ran into each
    other. On a terminal, the long cells now wrap in their column; identifiers stay whole."""
    from core.cli import render
    piped = fresh.ok("plugins").out
    assert any(len(row) > 80 for row in piped.splitlines())  # a pipe: one row per line
    monkeypatch.setattr(render, "terminal_width", lambda: 80, raising=False)
    for command in (("plugins",), ("tracks",)):
        shown = fresh.ok(*command).out
        assert max(len(row) for row in shown.splitlines()) <= 80, shown
    steps = fresh.ok("tracks", "show", "psp").out.split("\n\n")[0]
    assert max(len(row) for row in steps.splitlines()) <= 80, steps
    plugins = fresh.ok("plugins").out.splitlines()
    assert plugins[0].split() == ["extension", "statut", "version", "démarches", "problème"]
    asile = next(i for i, row in enumerate(plugins) if row.startswith("asile "))
    assert "non autorisée" in plugins[asile] and "configuration" in plugins[asile + 1]
    assert plugins[asile + 1].startswith(" " * 10)  # the cell goes on under its column
    tracks = fresh.ok("tracks").out
    assert re.search(r"^psp_afis +1 +AFIS", tracks, re.MULTILINE)  # ids whole


def test_plugins_and_tracks(fresh: Cli) -> None:
    plugins, tracks, show, show_text, mermaid, unknown = fresh.many([
        ("plugins", "--json"), ("tracks", "--json"), ("tracks", "show", "psp", "--json"),
        ("tracks", "show", "psp"), ("tracks", "show", "parcours", "--mermaid"),
        ("tracks", "show", "inconnue")])
    listed = {p["name"]: p for p in assert_ok(plugins).json()["plugins"]}
    builtin = listed.pop("parcours")
    assert builtin["status"] == "active"
    for other in listed.values():  # installed plugins, blocked by PARCOURS_PLUGINS_ALLOW=""
        assert (other["status"], other["problem"]) == ("blocked", "non autorisée par la configuration")
    assert {"parcours", "psp", "psp_aps", "psp_afis"} <= set(builtin["tracks"])
    assert {"psp.autorisation_6m", "psp.duree_max_24m", "psp.recours_refus_2m"} <= set(builtin["rules"])

    docs = {t["id"]: t for t in assert_ok(tracks).json()["tracks"]}
    assert {"parcours", "psp", "psp_aps", "psp_afis"} <= set(docs)
    for doc in docs.values():
        assert {"id", "version", "label", "steps", "transitions"} <= set(doc)
        assert all(s["kind"] in ("action", "waiting", "final") for s in doc["steps"])
        assert all({"trigger", "source", "dest"} <= set(t) for t in doc["transitions"])
    assert len(docs["psp"]["steps"]) == 11

    psp = assert_ok(show).json()
    assert psp["initial"] == "evaluation_besoins"
    autoriser = next(t for t in psp["transitions"] if t["trigger"] == "autoriser")
    assert autoriser["opens"] == ["psp.autorisation_6m", "psp.duree_max_24m"]
    assert "Évaluation des besoins" in assert_ok(show_text).out
    assert "transmettre_renouvellement" in show_text.out

    diagram = assert_ok(mermaid).out
    assert diagram.startswith("stateDiagram-v2")
    assert "[*] --> premier_accueil" in diagram
    assert "suivi_individuel --> en_pause : mettre_en_pause" in diagram
    assert "reinsertion --> [*]" in diagram
    assert_french_error(unknown, 1, "Démarche inconnue : « inconnue »")


def test_rules_and_due_dates(fresh: Cli) -> None:
    refus = "psp.recours_refus_2m"
    (rules, holiday, weekend, clamped, suspended, six_months, unknown, bad_suspend,
     bad_start) = fresh.many([
        ("rules", "--json"),
        ("rule", refus, "--start", "01/03/2026", "--json"),
        ("rule", refus, "--start", "2026-03-09", "--json"),
        ("rule", refus, "--start", "2025-12-31", "--json"),
        ("rule", refus, "--start", "28/02/2026", "--suspend", "2026-03-10:20/03/2026"),
        ("rule", "psp.autorisation_6m", "--start", "2026-03-05", "--json"),
        ("rule", "psp.inconnue", "--start", "2026-03-02"),
        ("rule", refus, "--start", "2026-03-02", "--suspend", "2026-03-05"),
        ("rule", refus, "--start", "31/04/2026")])
    by_id = {r["id"]: r for r in assert_ok(rules).json()["rules"]}
    assert by_id[refus]["duration"] == 2 and by_id[refus]["unit"] == "months"
    assert by_id[refus]["start_fact"] == "date_notification_refus"
    assert by_id[refus]["roll_to_working_day"] is True
    assert by_id["psp.autorisation_6m"]["roll_to_working_day"] is False

    # The appeal is a délai franc (CE 1 July 2020 n° 438152): 01/03 + 2 months = Friday 1 May,
    # which is not counted; Saturday 2 May → Monday 4 May.
    due = assert_ok(holiday).json()
    assert {"due", "rule", "version", "source", "explanation"} <= set(due)
    assert (due["due"], due["unadjusted"], due["rule"]) == ("2026-05-04", "2026-05-02", refus)
    assert (due["kind"], due["franc"]) == ("limit", True)
    assert due["warn_from"] == "2026-04-19"  # the largest warning window: 15 days
    assert due["source"].startswith("CJA R421-1")
    assert "lundi 4 mai 2026" in due["explanation"] and "délai franc" in due["explanation"]
    # 09/03 + 2 months = Saturday 9 May, franc Sunday 10 May → Monday 11 May.
    due = assert_ok(weekend).json()
    assert (due["due"], due["unadjusted"]) == ("2026-05-11", "2026-05-10")
    assert "week-end" in due["explanation"]
    # 31/12 + 2 months clamps to Saturday 28 February, franc Sunday 1 March → Monday 2 March.
    due = assert_ok(clamped).json()
    assert (due["due"], due["unadjusted"]) == ("2026-03-02", "2026-03-01")
    assert "pas de 31 février : dernier jour du mois" in due["explanation"]
    # No cause of suspension is provided for this appeal: the law refuses the suspension.
    assert_french_error(suspended, 1, "ne peut pas être suspendu")
    # The authorisation period is valid until the eve of its anniversary, not moved.
    due = assert_ok(six_months).json()
    assert due["due"] == "2026-09-04" and due["unadjusted"] == "2026-09-04"
    assert due["explanation"].startswith("Valable jusqu'au vendredi 4 septembre 2026 inclus")

    assert_french_error(unknown, 1, "Règle d'échéance inconnue : « psp.inconnue »")
    assert_french_error(bad_suspend, 2, r"--suspend.*DEBUT:FIN")
    assert_french_error(bad_start, 2, r"--start.*31/04/2026")
    assert not fresh.db.exists()


def test_rule_suspension_law_hours_calendar_and_law_table(fresh: Cli) -> None:
    """Issue 12 on the command line, with the asylum rules enabled.

    Legal aid suspends the CNDA month only when asked within 15 days of the OFPRA decision's
    notification (loi 91-647 art. 9-4): notified Monday 2 March 2026, asked on 25 March, it
    suspends nothing and the command refuses it with the reason. Asked on 10 March, the 1
    month (franc: Friday 3 April) moves by the 10 days the clock stood still: 24 days were
    left, running again from 20 March: Monday 13 April. A 48-hour appeal runs from hour to
    hour. In Alsace-Moselle Good Friday is a holiday: 7 days to appeal a transfer to the
    local court from 27 March end on Friday 3 April, moved to Tuesday 7 April after Easter
    Monday; the 21 days to send the file to the OFPRA, which sits in mainland France where
    Good Friday is worked, still end on Friday 3 April.
    """
    asile = {"env": {"PARCOURS_PLUGINS_ALLOW": "asile"}}
    late, lawful, hours, alsace, ofpra, table = fresh.many([
        (("rule", "asile.cnda_1m", "--start", "2026-03-02", "--suspend", "2026-03-25:2026-04-20"),
         asile),
        (("rule", "asile.cnda_1m", "--start", "2026-03-02", "--suspend", "2026-03-10:2026-03-20",
          "--json"), asile),
        (("rule", "asile.dublin_recours_48h", "--start", "06/11/2026", "--heure", "17:30",
          "--json"), asile),
        (("rule", "asile.dublin_recours_7j", "--start", "2026-03-27", "--subdivision", "57",
          "--json"), asile),
        (("rule", "asile.ofpra_21j", "--start", "2026-03-13", "--subdivision", "57", "--json"),
         asile),
        (("rules", "--format", "md"), asile)])
    assert_french_error(late, 1, "au plus tard le mardi 17 mars 2026")
    due = assert_ok(lawful).json()
    assert (due["due"], due["suspensions"]) == ("2026-04-13", [{"start": "2026-03-10",
                                                                "end": "2026-03-20"}])
    assert "il restait 24 jour(s)" in due["explanation"]
    assert assert_ok(hours).json()["due_at"] == "2026-11-08T17:30:00"
    assert "Vendredi saint" in assert_ok(alsace).json()["explanation"]
    assert (alsace.json()["due"], assert_ok(ofpra).json()["due"]) == ("2026-04-07", "2026-04-03")
    assert "calendrier national" in ofpra.json()["explanation"]
    md = assert_ok(table).out
    assert md.startswith("# Délais et durées appliqués par Parcours")
    assert "| `asile.dublin_recours_7j` | Recours contre la décision de transfert (7 jours)" in md
    assert "v2, depuis le 15/07/2024" in md and "v1, jusqu'au 14/07/2024" in md


# --- set-up and users --------------------------------------------------------------------
def test_init(fresh: Cli) -> None:
    fresh.fails("init", code=1, match="--admin NOM")
    fresh.fails("init", "--admin", ADMIN, "--password-stdin", input="court\n", code=1,
                match="Mot de passe trop faible")
    # The refused inits created no user: naming the first admin still works.
    first = fresh.json("init", "--admin", ADMIN, "--password-stdin", input=PASSWORD + "\n")
    assert first["admin"]["name"] == ADMIN and first["admin"]["role"] == "admin"
    assert first["admin"]["delegations"] == ["principale"] and first["admin"]["has_password"]
    again, other, users = fresh.many([
        ("init",), (("init", "--admin", "quelquun", "--password-stdin"), {"input": PASSWORD + "\n"}),
        (("user", "list", "--json"), {"user": ADMIN})])
    assert "Base prête" in assert_ok(again).out and "Administrateur" not in again.out
    assert_french_error(other, 1, "déjà initialisée")
    assert [u["name"] for u in assert_ok(users).json()["users"]] == [ADMIN]
    assert fresh.db.stat().st_mode & 0o077 == 0  # a private file


def test_init_says_where_the_key_file_is_and_to_keep_a_copy_apart(fresh: Cli) -> None:
    # Without that file the base and its backups are lost: the operator must learn at once
    # that it exists, where it is, and what to do with it.
    first = fresh.ok("init", "--admin", ADMIN, "--password-stdin", input=PASSWORD + "\n")
    [key_file] = (fresh.root / "config" / "parcours" / "cles").glob("*.json")
    assert f"Fichier de clé de chiffrement créé : {key_file}" in first.out
    assert "copie hors de cette machine" in first.out
    assert key_file.stat().st_mode & 0o077 == 0
    again = fresh.ok("init")
    assert "Base prête" in again.out and "Fichier de clé" not in again.out  # none created
    assert fresh.json("upgrade", user=None)["key_file"] is None


def test_database_in_missing_directory(tmp_path: Path, fresh: Cli) -> None:
    absent = tmp_path / "absent" / "sous-dossier"
    assert not Path("/nonexistent").exists()
    listed, init = fresh.many([
        (("person", "list"), {"env": {"PARCOURS_DB": "sqlite:////nonexistent/dir/x.db"}}),
        (("init", "--admin", ADMIN), {"env": {"PARCOURS_DB": f"sqlite:///{absent}/x.db"}})])
    assert_french_error(listed, 1, "Le dossier « /nonexistent/dir » n'existe pas")
    assert_french_error(init, 1, f"Le dossier « {re.escape(str(absent))} » n'existe pas")
    assert not Path("/nonexistent").exists()
    assert not (tmp_path / "absent").exists()
    assert not fresh.db.exists()


def test_users(cli: Cli) -> None:
    typed = {"user": ADMIN, "input": PASSWORD + "\n"}
    added, unknown_role, duplicate, not_admin = cli.many([
        (("user", "add", "dominique", "--role", "superviseur", "--password-stdin", "--json"), typed),
        (("user", "add", "eve", "--role", "chef", "--password-stdin"), typed),
        (("user", "add", REFERENT, "--role", "referent", "--password-stdin"), typed),
        (("user", "add", "zed", "--role", "benevole", "--password-stdin"), {"input": PASSWORD + "\n"})])
    assert assert_ok(added).json()["role"] == "superviseur"
    assert_french_error(unknown_role, 1, "Rôle inconnu « chef » : choisissez parmi benevole")
    assert_french_error(duplicate, 1, f"L'utilisateur « {REFERENT} » existe déjà")
    assert_french_error(not_admin, 1, r"Votre rôle \(référent·e\) ne permet pas cette opération\. "
                                      r"Elle revient à un·e administrateur·rice\.")

    listed, as_supervisor = cli.many([(("user", "list", "--json"), {"user": ADMIN}),
                                      (("user", "list"), {"user": "dominique"})])
    users = {u["name"]: u["role"] for u in assert_ok(listed).json()["users"]}
    assert users == {ADMIN: "admin", REFERENT: "referent", VOLUNTEER: "benevole",
                     "dominique": "superviseur"}  # nothing from the refused additions
    assert re.search(r"dominique\s+superviseur·e\s+principale\s+oui", assert_ok(as_supervisor).out)


# --- persons and tracks ------------------------------------------------------------------
def test_persons(cli: Cli) -> None:
    amelie, zoe, emile, empty, bad_day, nobody, stranger = cli.many([
        ("person", "add", "Amélie", "--first-visit", "2026-01-05", "--json"),
        ("person", "add", "  Zoé   Martin ", "--json"), ("person", "add", "Émile"),
        ("person", "add", "  "), ("person", "add", "Yasmine", "--first-visit", "31/04/2026"),
        (("person", "add", "Inès"), {"user": None}), ("person", "add", "Inès", "--as", "zorro")])
    first = assert_ok(amelie).json()
    assert first["alias"] == "Amélie" and first["first_visit"] == "2026-01-05"
    assert first["pathway_step"] == "premier_accueil"
    assert [t["track"] for t in first["tracks"]] == ["parcours"]
    assert assert_ok(zoe).json()["alias"] == "Zoé Martin"
    printed = re.fullmatch(r"Personne ajoutée : n° (\d+) \(Émile\)\.\n", assert_ok(emile).out)
    assert printed, emile.out
    assert_french_error(empty, 1, "(?i)le pseudonyme ne peut pas être vide")
    assert_french_error(bad_day, 2, r"--first-visit.*« 31/04/2026 »")
    assert_french_error(nobody, 1, NOT_SIGNED_IN)
    assert_french_error(stranger, 1, AS_GONE)

    listed, upper, accent, text, shown, by_alias, unknown, deadlines = cli.many([
        ("person", "list", "--json"), ("person", "list", "--search", "AMELIE", "--json"),
        ("person", "list", "--search", "zoé", "--json"), ("person", "list"),
        ("person", "show", first["id"], "--json"), ("person", "show", "Émile"),
        ("person", "show", "999"), ("deadlines",)])
    aliases = [p["alias"] for p in assert_ok(listed).json()["persons"]]
    # All seen the same day, added concurrently: most recent contact first, in no fixed order
    # among them; no failed add.
    assert sorted(aliases) == ["Amélie", "Zoé Martin", "Émile"]
    assert [p["alias"] for p in assert_ok(upper).json()["persons"]] == ["Amélie"]
    assert [p["alias"] for p in assert_ok(accent).json()["persons"]] == ["Zoé Martin"]
    assert re.search(r"Amélie\s+Premier accueil", assert_ok(text).out)
    view = assert_ok(shown).json()
    assert view["id"] == first["id"] and view["tracks"][0]["step"] == "premier_accueil"
    assert f"n° {printed.group(1)} — Émile — Premier accueil" in assert_ok(by_alias).out
    assert_french_error(unknown, 1, "Personne introuvable : « 999 »")
    assert assert_ok(deadlines).out == "Rien à afficher.\n"


def test_track_walk_psp_to_authorised_with_deadlines(cli: Cli) -> None:
    pid = _add(cli, "Amélie", "--first-visit", "2026-01-05")
    _follow(cli, pid)  # her referent reads her file
    started = cli.json("track", "start", pid, "psp", "--at", "10/01/2026")
    assert started["created"] is True and started["step"] == "evaluation_besoins"
    assert started["step_since"].startswith("2026-01-10")
    again, again_text, unknown, bad_day, listed = cli.many([
        ("track", "start", pid, "psp", "--json"), ("track", "start", pid, "psp"),
        ("track", "start", pid, "inconnue"), ("track", "start", pid, "psp_aps", "--at", "31/04/2026"),
        ("actions", pid, "psp", "--json")])
    second = assert_ok(again).json()
    assert (second["id"], second["created"]) == (started["id"], False)
    assert "déjà ouverte" in assert_ok(again_text).out
    assert_french_error(unknown, 1, "Démarche inconnue : « inconnue »")
    assert_french_error(bad_day, 2, r"--at.*31/04/2026")

    actions = assert_ok(listed).json()["actions"]
    for action in actions:
        assert {"track", "trigger", "label", "allowed", "reasons", "fields"} <= set(action)
        for field in action["fields"]:
            assert {"name", "type", "required", "choices"} <= set(field)
    by_trigger = {a["trigger"]: a for a in actions}
    assert set(by_trigger) == {"signer_document", "abandonner"}
    assert by_trigger["signer_document"]["allowed"] is True
    signature = by_trigger["signer_document"]["fields"][0]
    assert (signature["name"], signature["type"], signature["required"], signature["choices"]) \
        == ("date_signature_document", "date", True, None)
    motif = by_trigger["abandonner"]["fields"][0]
    assert motif["type"] == "choice" and "souhait_personne" in motif["choices"]

    step = cli.ok("advance", pid, "psp", "signer_document", "--at", "20/01/2026",
                  "--set", "date_signature_document=20/01/2026", "--note", "Signé au local")
    assert re.match(r"Nouvelle étape : [A-ZÉ][^(]+ \(document_parcours\)\.", step.out)

    refused = cli.fails("advance", pid, "psp", "constituer_dossier", "--set", "piece_identite=non",
                        "--set", "attestation_cessation=oui", "--set", "domiciliation=oui",
                        code=3, match="Action « constituer_dossier » refusée")
    assert "Pièces manquantes au dossier : copie d'une pièce d'identité" in refused.err
    assert "→ Complétez le dossier" in refused.err

    dossier = cli.json("advance", pid, "psp", "constituer_dossier", "--set", "piece_identite=oui",
                       "--set", "attestation_cessation=oui", "--set", "domiciliation=oui",
                       "--at", "2026-01-25")
    assert (dossier["from_step"], dossier["step"]) == ("document_parcours", "constitution_dossier")
    step = cli.ok("advance", pid, "psp", "transmettre", "--set", "date_envoi=30/01/2026",
                  "--at", "30/01/2026")
    assert re.match(r"Nouvelle étape : [A-ZÉ][^(]+ \(transmis\)\.", step.out)

    not_a_choice, bad_fact_day, too_early = cli.many([
        ("advance", pid, "psp", "enregistrer_avis", "--set", "date_commission=2026-02-20",
         "--set", "avis=peut-etre"),
        ("advance", pid, "psp", "enregistrer_avis", "--set", "date_commission=31/04/2026",
         "--set", "avis=favorable"),
        ("advance", pid, "psp", "autoriser", "--set", "date_decision=2026-03-01",
         "--set", "debut_periode=2026-03-02")])
    assert_french_error(not_a_choice, 1,
                        r"avis\)? : valeur attendue parmi : favorable, defavorable")
    assert_french_error(bad_fact_day, 1, r"date_commission\)? : date attendue")
    assert_french_error(too_early, 3, "n'est pas possible depuis l'étape")

    avis = cli.json("advance", pid, "psp", "enregistrer_avis", "--set", "date_commission=20/02/2026",
                    "--set", "avis=favorable", "--at", "2026-02-20")
    assert avis["step"] == "avis_rendu"
    step = cli.ok("advance", pid, "psp", "autoriser", "--set", "date_decision=2026-03-01",
                  "--set", "debut_periode=02/03/2026", "--set", "reference_decision=2026-042",
                  "--at", "01/03/2026")
    assert step.out.startswith("Nouvelle étape : Parcours autorisé (période de 6 mois) (autorise).")
    # the 6-month period from 2 March is valid until the eve of its anniversary
    assert ("Échéance psp.autorisation_6m : Valable jusqu'au mardi 1er septembre 2026 inclus"
            in step.out)

    (deadlines, later, overall, history, everything, text, shown, urgent, calm, first,
     paged) = cli.many([
        ("deadlines", pid, "--json"), ("deadlines", pid, "--json", "--today", "2026-07-10"),
        ("deadlines",), ("track", "history", pid, "psp", "--json"),
        ("track", "history", pid, "--json"), ("track", "history", pid),
        ("person", "show", pid, "--json"),
        ("deadlines", "--referent", REFERENT, "--urgent", "--json", "--today", "2026-07-10"),
        ("deadlines", "--referent", REFERENT, "--urgent", "--json"),
        ("deadlines", "--limit", "1", "--json"), ("deadlines", "--limit", "1")])
    # A page of one: its "next" is where the second page starts, which holds the rest.
    page = assert_ok(first).json()
    assert [d["rule"] for d in page["deadlines"]] == ["psp.autorisation_6m"]
    assert page["next"] == page["deadlines"][0]["cursor"]
    assert f"parcours deadlines --after '{page['next']}'" in assert_ok(paged).out
    rest, wrong = cli.many([("deadlines", "--limit", "1", "--after", page["next"], "--json"),
                            ("deadlines", "--limit", "zéro")])
    assert [d["rule"] for d in assert_ok(rest).json()["deadlines"]] == ["psp.duree_max_24m"]
    assert wrong.code != 0 and "nombre entier d'échéances" in wrong.err
    dues = {d["rule"]: d for d in assert_ok(deadlines).json()["deadlines"]}
    assert set(dues) == {"psp.autorisation_6m", "psp.duree_max_24m"}
    period = dues["psp.autorisation_6m"]
    assert {"due", "rule", "source", "explanation"} <= set(period)
    assert (period["start"], period["due"], period["warn_from"]) == (
        "2026-03-02", "2026-09-01", "2026-07-07")  # 6 months, warned 56 days ahead
    assert period["source"].startswith("CASF L121-9")
    assert "mardi 1er septembre 2026" in period["explanation"]
    assert period["state"] == "upcoming" and period["alias"] == "Amélie"
    assert dues["psp.duree_max_24m"]["due"] == "2028-03-01"
    states = {d["rule"]: d["state"] for d in assert_ok(later).json()["deadlines"]}
    assert states == {"psp.autorisation_6m": "due_soon", "psp.duree_max_24m": "upcoming"}
    assert re.search(r"^01/09/2026\s+\[à venir\]\s+Amélie · psp · psp.autorisation_6m",
                     assert_ok(overall).out, re.M)
    # The home screen's question: her persons' past-due and due-soon deadlines only.
    assert [(d["rule"], d["state"]) for d in assert_ok(urgent).json()["deadlines"]] == [
        ("psp.autorisation_6m", "due_soon")]
    assert assert_ok(calm).json()["deadlines"] == []

    events = assert_ok(history).json()["events"]
    assert [(e["trigger"], e["to_step"], e["occurred_at"][:10]) for e in events] == [
        (None, "evaluation_besoins", "2026-01-10"),
        ("signer_document", "document_parcours", "2026-01-20"),
        ("constituer_dossier", "constitution_dossier", "2026-01-25"),
        ("transmettre", "transmis", "2026-01-30"),
        ("enregistrer_avis", "avis_rendu", "2026-02-20"),
        ("autoriser", "autorise", "2026-03-01")]  # the refused and invalid commands left nothing
    assert events[2]["facts"]["piece_identite"] is True
    assert events[4]["facts"] == {"date_commission": "2026-02-20", "avis": "favorable"}
    assert all(e["actor"] == REFERENT for e in events)
    every = assert_ok(everything).json()["events"]
    assert [(e["kind"], e["track"], e["trigger"]) for e in every[:4]] == [
        ("person_added", None, None), ("track_started", "parcours", None),
        ("consent_given", None, None), ("transition", "parcours", "suivre")]
    assert every[4:] == events  # one psp track (the second start made none), no psp_aps
    # In the caseworker's words, French dates: no ids such as « autoriser » or « track_started ».
    assert re.search(r"^01/03/2026 .*camille\s+Parcours de sortie de la prostitution \(PSP\)\s+"
                     r"Enregistrer l'autorisation du préfet\s+Parcours autorisé \(période de 6 "
                     r"mois\)$", assert_ok(text).out, re.M)
    assert re.search(r"^10/01/2026 .*Démarche ouverte\s+", assert_ok(text).out, re.M)
    assert "track_started" not in assert_ok(text).out
    psp = next(t for t in assert_ok(shown).json()["tracks"] if t["track"] == "psp")
    assert (psp["step"], psp["next_due"]) == ("autorise", "2026-09-01")


def test_bad_input_and_refusals_write_nothing(cli: Cli) -> None:
    # Béa is followed by camille (her file and its checks are camille's to read); Inès is new
    # at the front desk, where the pathway's first steps are taken.
    pid = _add(cli, "Béa")
    _follow(cli, pid)
    cli.ok("track", "start", pid, "psp_afis")
    new = _add(cli, "Inès")
    calls_and_expected = [
        (("advance", "999", "parcours", "reconnaitre"), 1, "Personne introuvable : « 999 »"),
        (("advance", new, "parcours", "danser"), 1,
         "L'action « danser » n'existe pas dans la démarche"),
        (("advance", pid, "psp", "signer_document"), 1,
         "Aucune démarche « psp » ouverte pour cette personne"),
        (("track", "start", pid, "inconnue"), 1, "Démarche inconnue : « inconnue »"),
        (("advance", new, "parcours", "reconnaitre", "--at", "31/04/2026"), 2,
         "Valeur invalide pour --at : Date invalide « 31/04/2026 »"),
        (("advance", new, "parcours", "perdre_contact", "--set", "dernier_contact=31/04/2026"), 1,
         r"dernier_contact\)? : date attendue au format"),
        (("advance", new, "parcours", "reconnaitre", "--set", "couleur=bleu"), 1,
         r"couleur\)? : champ inconnu pour cette étape"),
        (("advance", new, "parcours", "reconnaitre", "--set", "couleur"), 2, "attendu NOM=VALEUR"),
        (("advance", pid, "psp_afis", "demander", *AFIS_OK,
          "--set", "ressources_mois_precedent=beaucoup"), 1,
         r"ressources_mois_precedent\)? : nombre attendu"),
        (("advance", new, "parcours", "suivre"), 1,
         r"referent\)? : information obligatoire manquante"),
        (("advance", new, "parcours", "suivre", *SUIVI), 3,
         "Aucun consentement actif de la personne au suivi individuel"),
        ((("advance", new, "parcours", "suivre", *SUIVI, "--json"), {"user": VOLUNTEER}), 3,
         r"Votre rôle \(bénévole\) ne permet pas cette action"),
        (("advance", pid, "psp_afis", "demander", *AFIS_OK), 3,
         "Le parcours de sortie n'est pas autorisé par le préfet"),
        ((("advance", new, "parcours", "reconnaitre"), {"user": None}), 1, NOT_SIGNED_IN),
        (("advance", new, "parcours", "reconnaitre", "--as", "zorro"), 1, AS_GONE),
    ]
    results = cli.many([call for call, _, _ in calls_and_expected])
    for result, (_, code, match) in zip(results, calls_and_expected, strict=True):
        assert_french_error(result, code, match)
    consent, role = results[10], results[11]
    assert "Action « suivre » refusée" in consent.err and "→ Recueillez son accord" in consent.err
    assert consent.err.count("Aucun consentement actif") == 1  # the reasons are printed once
    refusal = role.json()  # with --json the refusal itself is data on stdout
    assert refusal["allowed"] is False and refusal["trigger"] == "suivre"
    # The role alone: the checks' reasons are the person's case, not the front desk's.
    assert [r["code"] for r in refusal["reasons"]] == ["engine.role"]
    assert {"code", "severity", "message"} <= set(refusal["reasons"][0])

    (history, new_history, persons, deadlines, shown, actions, new_actions, volunteer,
     text) = cli.many([
        ("track", "history", pid, "--json"), ("track", "history", new, "--json"),
        ("person", "list", "--json"), ("deadlines", "--json"), ("person", "show", pid, "--json"),
        ("actions", pid, "--json"), ("actions", new, "parcours", "--json"),
        (("actions", new, "parcours", "--json"), {"user": VOLUNTEER}),
        ("actions", pid, "psp_afis")])
    assert [(e["kind"], e["trigger"]) for e in assert_ok(history).json()["events"]] == [
        ("person_added", None), ("track_started", None), ("consent_given", None),
        ("transition", "suivre"), ("track_started", None)]
    assert [e["kind"] for e in assert_ok(new_history).json()["events"]] == [
        "person_added", "track_started"]
    assert sorted(p["alias"] for p in assert_ok(persons).json()["persons"]) == ["Béa", "Inès"]
    assert assert_ok(deadlines).json() == {"deadlines": [], "next": None}
    assert [(t["track"], t["step"], t["row_version"]) for t in assert_ok(shown).json()["tracks"]] \
        == [("parcours", "suivi_individuel", 2), ("psp_afis", "a_demander", 1)]

    # actions: every reason with its code, and the fields each action asks.
    offered = {(a["track"], a["trigger"]): a for a in assert_ok(actions).json()["actions"]}
    demander = offered[("psp_afis", "demander")]
    assert demander["allowed"] is False
    codes = {r["code"]: r["severity"] for r in demander["reasons"]}
    assert codes["psp.non_autorise"] == "blocking"
    suivre = {a["trigger"]: a for a in assert_ok(new_actions).json()["actions"]}["suivre"]
    assert suivre["allowed"] is False  # her consent is recorded in her file, not in the form
    assert {f["name"]: f["type"] for f in suivre["fields"]} == {"referent": "text"}
    as_volunteer = {a["trigger"]: a for a in assert_ok(volunteer).json()["actions"]}
    assert as_volunteer["suivre"]["allowed"] is False
    assert "engine.role" in [r["code"] for r in as_volunteer["suivre"]["reasons"]]
    assert as_volunteer["reconnaitre"]["allowed"] is True
    shown_text = assert_ok(text).out
    assert "✗ psp_afis · demander" in shown_text
    assert "n'est pas autorisé par le préfet" in shown_text
    assert "--set ressources_mois_precedent=… nombre, obligatoire — " in shown_text


# --- drop-ins ----------------------------------------------------------------------------
def test_dropins(cli: Cli) -> None:
    pid = _add(cli, "Dana")
    calls_and_expected = [
        (("dropin", "open", "2026-03-03", "--volunteer", "Marie=abc"), 1,
         "Bénévole invalide « Marie=abc » : attendu NOM=HEURES"),
        (("dropin", "open", "2026-03-03", "--from", "25:00", "--to", "18:30"), 2,
         r"--from : heure invalide « 25:00 »"),
        (("dropin", "open", "2026-03-03", "--from", "18:30", "--to", "13:30"), 1,
         "Horaires invalides"),
        (("dropin", "open", "31/04/2026"), 2, "Date invalide « 31/04/2026 »"),
        (("dropin", "visit", "1", pid), 1, "Permanence introuvable : « 1 »"),
    ]
    results = cli.many([call for call, _, _ in calls_and_expected])
    for result, (_, code, match) in zip(results, calls_and_expected, strict=True):
        assert_french_error(result, code, match)

    opened = cli.json("dropin", "open", "03/03/2026", "--from", "13:30", "--to", "18:30",
                      "--volunteer", "Marie=5", "--volunteer", "Jo=2,5")
    assert opened["id"] == 1  # the refused openings stored nothing
    assert (opened["day"], opened["starts_at"], opened["ends_at"]) == ("2026-03-03", "13:30", "18:30")
    assert opened["volunteers"] == [{"name": "Jo", "hours": 2.5}, {"name": "Marie", "hours": 5.0}]

    visit, anonymous, zero, word, nobody, second = cli.many([
        ("dropin", "visit", "1", pid, "--json"),
        ("dropin", "anonymous", "1", "--count", "3", "--json"),
        ("dropin", "anonymous", "1", "--count", "0"),
        ("dropin", "anonymous", "1", "--count", "abc"),
        ("dropin", "visit", "1", "999"), ("dropin", "open", TODAY)])
    assert assert_ok(visit).json()["identified_visits"] == 1
    assert assert_ok(anonymous).json()["anonymous_visits"] == 3
    assert_french_error(zero, 1, "Le nombre de passages anonymes doit être un entier positif")
    assert_french_error(word, 2, "--count")
    assert_french_error(nobody, 1, "Personne introuvable : « 999 »")
    assert assert_ok(second).out == "Permanence n° 2 ouverte le 10/03/2026.\n"  # TODAY, in French

    cli.fails("dropin", "visit", "1", pid, code=1, match="déjà enregistré")
    summary, history, shown = cli.many([
        ("dropin", "anonymous", "1"), ("track", "history", pid, "--json"),
        ("person", "show", pid, "--json")])
    assert assert_ok(summary).out == "Permanence n° 1 : 1 passage(s) identifié(s), 4 anonyme(s).\n"
    visits = [e for e in assert_ok(history).json()["events"] if e["kind"] == "visit"]
    assert len(visits) == 1 and visits[0]["occurred_at"].startswith("2026-03-03")
    assert assert_ok(shown).json()["first_visit"] == "2026-03-03"


def test_click_usage_errors_are_french(fresh: Cli) -> None:
    extra, needs_value = fresh.many([("person", "list", "en_trop"),
                                     ("dropin", "open", "2026-03-03", "--from")])
    assert_french_error(extra, 2)
    assert "Argument en trop : en_trop" in extra.err
    assert_french_error(needs_value, 2)
    assert "L'option --from attend une valeur" in needs_value.err
