"""docs/law.md is the law table of the bundled rules, exactly as ``parcours rules --format md``
prints it; a rule changed without regenerating the page fails here."""

from __future__ import annotations

from pathlib import Path

from core.plugins import build_plugin_host
from core.services.law_table import law_markdown

PAGE = Path(__file__).resolve().parents[2] / "docs" / "law.md"
BUNDLED = ("asile", "emploi", "logement", "plainte", "sante")
REGENERATE = ("PARCOURS_PLUGINS_ALLOW=" + ",".join(BUNDLED)
              + " parcours rules --format md > docs/law.md")


def test_docs_law_md_is_the_current_table():
    host = build_plugin_host(allow=BUNDLED)
    assert {p.name for p in host.plugins if p.status == "active"} >= {"parcours", *BUNDLED}
    assert PAGE.read_text(encoding="utf-8") == law_markdown(host.catalog), (
        f"docs/law.md is stale: run {REGENERATE}")


def test_every_rule_version_is_one_row_with_its_sources():
    host = build_plugin_host(allow=BUNDLED)
    rows = [line for line in PAGE.read_text(encoding="utf-8").splitlines()
            if line.startswith("| `")]
    assert len(rows) == len(host.catalog.all_rules())
    assert all(line.count(" | ") == 10 for line in rows)  # eleven columns, no stray pipe
    cnda = next(line for line in rows if line.startswith("| `asile.cnda_1m`"))
    assert "oui (CE 1er juillet 2020 n° 438152" in cnda and "[S]" in cnda
    assert "demande d'aide juridictionnelle faite dans les 15 jours" in cnda
    assert "jour ouvré suivant, jours fériés nationaux" in cnda
