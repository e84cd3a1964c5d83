"""Every support domain is shown by the label its plugin declared, wherever a domain is shown.

Before, the interface took a domain's first track's label: employment showed as « Contrat
d'engagement jeune (CEJ) », health as « Couverture maladie (AME ou PUMa) ». With every shipped
plugin installed, the people list and review queue « Domaine » filters and the drop-in's
« Besoins exprimés » panel now read the declared labels (the start-a-track window is checked in
test_person_file.py).
"""

from __future__ import annotations

import plugins.asile
import plugins.emploi
import plugins.logement
import plugins.plainte
import plugins.sante

from core.plugins import build_plugin_host
from tests.tui.conftest import drive, options, settle, until
from tui.screens.dropin import DropInScreen
from tui.screens.people import PeopleScreen
from tui.screens.review import ReviewScreen
from tui.widgets.tick import Tick

SHIPPED = tuple((p.__name__.rpartition(".")[2], p) for p in (
    plugins.asile, plugins.emploi, plugins.logement, plugins.plainte, plugins.sante))
LABELS = ["Asile et séjour", "Emploi et insertion", "Hébergement, logement",
          "Parcours d'accompagnement", "Plainte et droits des victimes",
          "Parcours de sortie de la prostitution (PSP)", "Santé"]
"""Sorted by domain id: asile, emploi, logement, parcours, plainte, psp, sante."""
TRACK_LABELS = ("Contrat d'engagement jeune (CEJ)", "Couverture maladie (AME ou PUMa)")


def with_every_plugin(make_parcours):
    return make_parcours(build_plugin_host(load_entrypoints=False, extra=SHIPPED))


@drive
async def test_the_people_list_and_review_filters_show_domain_labels(make_app, make_parcours):
    parcours = with_every_plugin(make_parcours)
    app = make_app("sonia", start="people", on=parcours)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PeopleScreen)
        assert options(app, "#filter-domain OptionList")[1:] == LABELS  # after « any domain »
        await pilot.press("escape", "v")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        assert options(app, "#filter-domain OptionList")[1:] == LABELS


@drive
async def test_the_dropin_needs_panel_shows_domain_labels(make_app, make_parcours):
    parcours = with_every_plugin(make_parcours)
    app = make_app("bea", start="dropin", on=parcours)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # no drop-in open yet: leave the "open" window
        await settle(pilot)
        assert isinstance(app.screen, DropInScreen)
        ticks = [str(app.screen.query_one(f"#need-{i}", Tick).label) for i in range(len(LABELS))]
        assert ticks == LABELS
        assert not set(ticks) & set(TRACK_LABELS)
