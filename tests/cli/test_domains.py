"""Catalog commands show each domain by its declared label (click's runner, no database)."""

from __future__ import annotations

import json

import plugins.emploi
import plugins.sante
import pytest
from click.testing import CliRunner

from core.cli.main import cli
from core.plugins import build_plugin_host


@pytest.fixture
def runner(monkeypatch) -> CliRunner:
    host = build_plugin_host(load_entrypoints=False, extra=[("emploi", plugins.emploi),
                                                            ("sante", plugins.sante)])
    monkeypatch.setattr("core.cli.commands.catalog._host", lambda: host)
    return CliRunner()


def test_domains_lists_each_domain_with_its_label_plugin_and_tracks(runner):
    listed = json.loads(runner.invoke(cli, ["domains", "--json"]).output)["domains"]
    by_id = {d["id"]: d for d in listed}
    assert [d["id"] for d in listed] == ["emploi", "parcours", "psp", "sante"]
    assert (by_id["emploi"]["label"], by_id["emploi"]["plugin"]) == ("Emploi et insertion", "emploi")
    assert "emploi_cej" in by_id["emploi"]["tracks"]
    assert by_id["psp"]["tracks"] == ["psp", "psp_afis", "psp_aps"]
    text = runner.invoke(cli, ["domains"]).output
    assert "Santé" in text and "Couverture maladie (AME ou PUMa)" not in text


def test_tracks_and_plugins_name_the_domain_by_its_label(runner):
    tracks = json.loads(runner.invoke(cli, ["tracks", "--json"]).output)["tracks"]
    cej = next(t for t in tracks if t["id"] == "emploi_cej")
    assert (cej["domain"], cej["domain_label"]) == ("emploi", "Emploi et insertion")
    row = next(r for r in runner.invoke(cli, ["tracks"]).output.splitlines()
               if r.startswith("sante_css"))
    assert "Santé" in row
    listed = json.loads(runner.invoke(cli, ["plugins", "--json"]).output)["plugins"]
    assert next(p for p in listed if p["name"] == "parcours")["domains"] == [
        {"id": "parcours", "label": "Parcours d'accompagnement"},
        {"id": "psp", "label": "Parcours de sortie de la prostitution (PSP)"}]
