"""Report figure keys are namespaced by their plugin, and a key names one figure.

Built on the plugin host and a :class:`ReportContext` made by hand: no database. Employment,
housing and health each count « personnes_accompagnees »; in the report they are
``emploi.personnes_accompagnees``, ``logement.…`` and ``sante.…``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import plugins.emploi
import plugins.logement
import plugins.sante
import pytest

from core import Figure, ReportContext, ReportSection, ReportTrack, hookimpl
from core.plugins import build_plugin_host, namespaced
from core.services.report_model import find_figure

DOMAINS = ("emploi", "logement", "sante")


def track(n: int, domain: str, definition: str) -> ReportTrack:
    return ReportTrack(id=n, person_id=n, definition_id=definition, domain=domain, step="x",
                       status="open", opened_at=datetime(2026, 2, 1, tzinfo=UTC))


@pytest.fixture(scope="module")
def sections() -> list[ReportSection]:
    host = build_plugin_host(load_entrypoints=False, extra=[
        ("emploi", plugins.emploi), ("logement", plugins.logement), ("sante", plugins.sante)])
    context = ReportContext(start=date(2026, 1, 1), end=date(2026, 12, 31), tracks=(
        track(1, "emploi", "emploi_rsa"), track(2, "logement", "logement_hebergement"),
        track(3, "logement", "logement_dalo"), track(4, "sante", "sante_soins")))
    return host.report_sections(context)


def test_every_figure_key_is_prefixed_by_its_plugin_and_unique(sections):
    keys = [f.key for s in sections for f in s.figures]
    assert len(keys) == len(set(keys))
    assert all(f.key.startswith(f"{s.plugin}.") for s in sections for f in s.figures)
    persons = {f.key: f.value for s in sections for f in s.figures
               if f.key.endswith(".personnes_accompagnees")}
    assert persons == {"emploi.personnes_accompagnees": 1, "logement.personnes_accompagnees": 2,
                       "sante.personnes_accompagnees": 1}


@pytest.mark.parametrize("key", ["logement.personnes_accompagnees",
                                 "logement/logement.personnes_accompagnees",
                                 "logement/personnes_accompagnees"])
def test_the_full_key_or_the_section_names_one_figure(sections, key):
    [found] = find_figure(sections, key)
    assert (found.key, found.value) == ("logement.personnes_accompagnees", 2)


def test_a_bare_key_shared_by_several_plugins_is_ambiguous_and_a_unique_one_still_works(sections):
    shared = find_figure(sections, "personnes_accompagnees")
    assert sorted(f.key for f in shared) == [f"{d}.personnes_accompagnees" for d in DOMAINS]
    [psp] = find_figure(sections, "psp_personnes")  # the key before namespacing
    assert psp.key == "parcours.psp_personnes"
    assert find_figure(sections, "rien") == []


def test_a_key_already_carrying_the_plugin_prefix_is_kept():
    section = ReportSection(id="asile", title="Asile", figures=(
        Figure(key="asile.personnes", label="P", value=1), Figure(key="recits", label="R", value=2)))
    stamped = namespaced("asile", section)
    assert [f.key for f in stamped.figures] == ["asile.personnes", "asile.recits"]
    assert stamped.plugin == "asile"


def test_a_plugin_cannot_borrow_another_plugin_s_namespace():
    class Borrower:
        @hookimpl
        def parcours_report_sections(self, context):
            return [ReportSection(id="x", title="X", figures=(
                Figure(key="emploi.personnes_accompagnees", label="P", value=9),))]

    host = build_plugin_host(load_entrypoints=False, extra=[("emprunt", Borrower())])
    got = host.report_sections(ReportContext(start=date(2026, 1, 1), end=date(2026, 12, 31)))
    [mine] = [s for s in got if s.plugin == "emprunt"]
    assert mine.figures[0].key == "emprunt.emploi.personnes_accompagnees"
