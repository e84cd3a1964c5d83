"""Who reads what, through the command line (a sample of the role × scope matrix of
``tests/services/test_policy.py``): a volunteer or an intern gets the front desk and no
sensitive value; the administrator gets no case content at all.

Canary values are written in sensitive and restricted facts (a complaint's dates and receipt
number, a closing remark) and in notes of every sensitivity, by the person's referent; then
every output of the reading commands, JSON and text, is searched for them. The referent,
who may read them, finds each one: the search can fail.
"""

from __future__ import annotations

import pytest

from tests.accounts import PASSWORD
from tests.cli_runner import ADMIN, REFERENT, VOLUNTEER, Cli, Result, assert_french_error, assert_ok

PLAINTE = {"PARCOURS_PLUGINS_ALLOW": "plainte"}
INTERN = "sam"
SENSITIVE = {  # fact → the forms its value may take in an output
    "date_derniers_faits": ("2025-11-17", "17/11/2025", "17 novembre 2025"),
    "date_plainte": ("2026-01-23", "23/01/2026", "23 janvier 2026"),
    "numero_recepisse": ("CANARI-PV-4821",),
}
RESTRICTED = {"precision": ("CANARI-RESTREINT-5550",)}
NOTES = {"ordinary": "CANARI-NOTE-ORDINAIRE", "sensitive": "CANARI-NOTE-SENSIBLE",
         "restricted": "CANARI-NOTE-RESTREINTE", "event": "CANARI-NOTE-EVENEMENT"}
CANARIES = [form for forms in (*SENSITIVE.values(), *RESTRICTED.values()) for form in forms] \
    + list(NOTES.values())
NOT_FOUND = "Personne introuvable : « 1 »"
CASE_DENIED = "Accès refusé : votre rôle ne donne pas accès au détail de ce dossier"


@pytest.fixture
def file(cli: Cli) -> Cli:
    """Amina (n° 1), followed by camille: a complaint, an abandoned PSP track, four notes."""
    cli.add_user(INTERN, "stagiaire")

    def ok(*args: str) -> Result:
        return cli.ok(*args, env=PLAINTE)
    assert ok("person", "add", "Amina", "--json").json()["id"] == 1
    ok("consent", "give", "1", "suivi", "--date", "2026-03-01")
    ok("advance", "1", "parcours", "suivre", "--set", f"referent={REFERENT}")
    ok("track", "start", "1", "plainte", "--at", "2026-01-05")
    ok("advance", "1", "plainte", "evaluer_prescription_delit", "--at", "2026-01-06",
       "--set", "date_derniers_faits=17/11/2025")
    ok("advance", "1", "plainte", "deposer_plainte", "--at", "2026-01-26",
       "--set", "mode_plainte=plainte", "--set", "date_plainte=2026-01-23",
       "--set", "service_plainte=gendarmerie", "--set", "numero_recepisse=CANARI-PV-4821",
       "--set", "recepisse_remis=oui", "--set", "qualification=crime",
       "--set", "consentement_eclaire=oui", "--set", "evaluation_risques=oui",
       "--set", "accompagnement=association", "--note", NOTES["event"])
    ok("track", "start", "1", "psp", "--at", "2026-01-05")
    ok("advance", "1", "psp", "abandonner", "--set", "motif_cloture=autre",
       "--set", "precision=CANARI-RESTREINT-5550")
    for sensitivity in ("ordinary", "sensitive", "restricted"):
        ok("note", "add", "1", NOTES[sensitivity], "--sensitivity", sensitivity)
    return cli


READINGS = [("person", "show", "1"), ("person", "list"), ("person", "facts", "1"),
            ("deadlines",), ("deadlines", "1"), ("track", "history", "1"),
            ("track", "history", "1", "plainte"), ("track", "history", "1", "psp"),
            ("actions", "1"), ("actions", "1", "plainte"), ("review",), ("note", "list", "1"),
            ("report", "--year", "2026")]
"""Every command that reads a person's file, a list of persons or what is due."""


def _read_all(cli: Cli, user: str) -> dict[tuple[str, ...], tuple[Result, Result]]:
    """Each reading, as JSON and as text: a result, or a refusal in French."""
    found = {}
    for argv in READINGS:
        shown = (cli.run(*argv, "--json", user=user, env=PLAINTE), cli.run(*argv, user=user, env=PLAINTE))
        for result in shown:
            if result.code != 0:
                assert_french_error(result, 1)
            else:
                assert_ok(result)
        found[argv] = shown
    return found


def _leaks(found: dict[tuple[str, ...], tuple[Result, Result]]) -> list[tuple[tuple[str, ...], str]]:
    return [(argv, canary) for argv, shown in found.items() for result in shown
            for canary in CANARIES if canary in result.out + result.err]


def _described_without_checking(result: Result) -> None:
    """The track's actions as the catalog describes them, none checked against the file."""
    actions = result.json()["actions"]
    assert actions and not any(a["allowed"] for a in actions)
    assert {r["code"] for a in actions for r in a["reasons"]} == {"access.not_readable"}


def test_the_referent_reads_every_canary_once_she_confirmed_her_password(file: Cli):
    before = _read_all(file, REFERENT)
    facts = {f["name"]: f for f in before[("person", "facts", "1")][0].json()["facts"]}
    assert {name: facts[name]["value"] for name in SENSITIVE} == {
        name: forms[0] for name, forms in SENSITIVE.items()}
    assert facts["precision"]["locked"] is True and facts["precision"]["value"] is None
    starts = {d["start"] for d in before[("deadlines", "1")][0].json()["deadlines"]}
    # The limitation chosen tells the restricted qualification: its deadline's inputs wait
    # for her password as the qualification does (plainte's prescription moves).
    assert "2026-01-23" in starts and "2025-11-17" not in starts
    file.ok("reauth", "--password-stdin", input=PASSWORD + "\n")
    after = _read_all(file, REFERENT)
    starts = {d["start"] for d in after[("deadlines", "1")][0].json()["deadlines"]}
    assert {"2025-11-17", "2026-01-23"} <= starts
    seen = {canary for _, canary in _leaks(after)}
    for name, forms in {**SENSITIVE, **RESTRICTED}.items():
        assert seen & set(forms), name
    assert set(NOTES.values()) <= seen


@pytest.mark.parametrize("user", [VOLUNTEER, INTERN])
def test_a_volunteer_or_an_intern_gets_the_front_desk_and_no_sensitive_value(file: Cli, user: str):
    found = _read_all(file, user)
    assert _leaks(found) == []
    shown = found[("person", "show", "1")][0].json()
    assert shown["view"] == "front_desk" and shown["domains"] == ["plainte"]
    assert shown["has_referent"] is True and shown["referent"] is None
    assert [t["track"] for t in shown["tracks"]] == ["parcours"]
    for deadline in found[("deadlines", "1")][0].json()["deadlines"]:
        assert (deadline["view"], deadline["start"], deadline["rule"], deadline["explanation"]) == (
            "front_desk", None, "", "")
    events = found[("track", "history", "1")][0].json()["events"]
    assert {e["track"] for e in events} == {None, "parcours"}
    assert all(e["facts"] == {} for e in events)
    assert_french_error(found[("track", "history", "1", "plainte")][0], 1, CASE_DENIED)
    assert {a["track"] for a in found[("actions", "1")][0].json()["actions"]} == {"parcours"}
    _described_without_checking(found[("actions", "1", "plainte")][0])
    for refused in (("person", "facts", "1"), ("note", "list", "1"), ("review",),
                    ("report", "--year", "2026")):
        assert_french_error(found[refused][0], 1, "ne permet pas")


def test_the_admin_gets_no_case_content(file: Cli):
    found = _read_all(file, ADMIN)
    assert _leaks(found) == []
    for empty, key in ((("person", "list"), "persons"), (("deadlines",), "deadlines"),
                       (("actions", "1"), "actions"), (("review",), "items")):
        assert found[empty][0].json()[key] == [], empty
    for refused in (("person", "show", "1"), ("deadlines", "1"), ("track", "history", "1"),
                    ("track", "history", "1", "plainte")):
        assert_french_error(found[refused][0], 1, NOT_FOUND)  # as if there were no such file
    for refused in (("person", "facts", "1"), ("note", "list", "1")):
        assert_french_error(found[refused][0], 1, "ne permet pas")
    _described_without_checking(found[("actions", "1", "plainte")][0])
    report = found[("report", "--year", "2026")][0].json()
    figures = {f["key"]: f["value"] for s in report["sections"] for f in s["figures"]}
    assert figures["personnes_suivies"] is None  # one person: a small count, hidden
