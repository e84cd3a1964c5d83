"""A plugin cannot take over another's ids (the refusal names both) nor send terminal escapes."""

from __future__ import annotations

import json

import plugins.sante
import pytest
from click.testing import CliRunner

from core import CheckSpec, DeadlineRule, DomainDefinition, Unit, hookimpl, passed
from core.builtin.rules import RULES
from core.cli.main import cli
from core.plugins import build_plugin_host

SOINS = next(d for d in plugins.sante.parcours_track_definitions() if d.id == "sante_soins")
PSP_RULE = "psp.autorisation_6m"
NOTHING_LOADED = (" ; rien de ce qu'elle fournit n'est chargé (démarches, contrôles, règles, "
                  "domaines, champs ajoutés) : corrigez-la ou retirez-la")
"""What a plugin's problem ends with when a bad part left all it gives the catalog out."""


class Usurper:
    """A careless plugin that copied a built-in track and rule and raised their version."""

    @hookimpl
    def parcours_track_definitions(self):
        return [SOINS.model_copy(update={"version": SOINS.version + 1, "label": "Copie"})]

    @hookimpl
    def parcours_deadline_rules(self):
        rule = next(r for r in RULES if r.id == PSP_RULE)
        return [rule.model_copy(update={"version": rule.version + 1, "duration": 60})]


@pytest.fixture
def runner(monkeypatch) -> CliRunner:
    host = build_plugin_host(load_entrypoints=False, extra=[("sante", plugins.sante),
                                                            ("usurpatrice", Usurper())])
    monkeypatch.setattr("core.cli.commands.catalog._host", lambda: host)
    return CliRunner()


def test_a_higher_version_of_another_plugins_track_or_rule_is_refused_naming_both(runner):
    shown = json.loads(runner.invoke(cli, ["tracks", "show", "sante_soins", "--json"]).output)
    assert (shown["version"], shown["label"]) == (SOINS.version, SOINS.label)
    rules = json.loads(runner.invoke(cli, ["rules", "--json"]).output)["rules"]
    assert [r["duration"] for r in rules if r["id"] == PSP_RULE] == [6]
    listed = json.loads(runner.invoke(cli, ["plugins", "--json"]).output)["plugins"]
    usurper = next(p for p in listed if p["name"] == "usurpatrice")
    assert usurper["status"] == "degraded"
    assert usurper["problem"] == (
        f"règle « {PSP_RULE} » déjà fournie par l'extension « parcours » : choisissez un autre "
        "identifiant ; définition « sante_soins » déjà fournie par l'extension « sante » : "
        "choisissez un autre identifiant" + NOTHING_LOADED)


class Squatter:
    @hookimpl
    def parcours_domains(self):
        return [DomainDefinition(id="sante", label="Santé bis")]

    @hookimpl
    def parcours_checks(self):
        return [CheckSpec(id="parcours.consentement_partage", label="Imposteur",
                          func=lambda ctx: passed("x", "ok"))]


def test_a_domain_or_check_id_taken_names_the_plugin_that_has_it(monkeypatch):
    host = build_plugin_host(load_entrypoints=False, extra=[("sante", plugins.sante),
                                                            ("squatteuse", Squatter())])
    monkeypatch.setattr("core.cli.commands.catalog._host", lambda: host)
    listed = json.loads(CliRunner().invoke(cli, ["plugins", "--json"]).output)["plugins"]
    assert next(p for p in listed if p["name"] == "squatteuse")["problem"] == (
        "domaine « sante » déjà déclaré par l'extension « sante » ; contrôle "
        "« parcours.consentement_partage » déjà fourni par l'extension « parcours » : "
        "choisissez un autre identifiant" + NOTHING_LOADED)


class Hostile:
    """A plugin whose rule texts hold terminal escapes (OSC 52 writes the clipboard)."""

    @hookimpl
    def parcours_deadline_rules(self):
        return [DeadlineRule(id="hostile.delai", label="Délai\x1b]52;c;ZXZpbA==\x07",
                             source="Texte\x1b[2J\u202e", start_fact="date_depart",
                             start_label="départ", duration=2, unit=Unit.CALENDAR_DAYS)]


def test_the_law_table_shows_a_plugins_escape_sequences_instead_of_sending_them(monkeypatch):
    host = build_plugin_host(load_entrypoints=False, extra=[("hostile", Hostile())])
    monkeypatch.setattr("core.cli.commands.catalog._host", lambda: host)
    output = CliRunner().invoke(cli, ["rules", "--format", "md"]).output
    row = next(r for r in output.splitlines() if "hostile.delai" in r)
    assert "\x1b" not in output and "\u202e" not in output and "\x07" not in output
    assert "Délai\\x1b]52;c;ZXZpbA==\\x07" in row and "Texte\\x1b[2J\\u202e" in row
