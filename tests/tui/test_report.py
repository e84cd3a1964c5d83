"""The activity report as a supervisor reads it: exact figures, charts, external, sources, export."""

from __future__ import annotations

import re

from datetime import date

from core import services as svc
from tests.accounts import who
from tests.tui.conftest import drive, screen_text, settle, shown, until
from tui.screens.confirm import ConfirmModal
from tui.screens.explain import ExplainModal
from tui.screens.export import ExportModal
from tui.screens.home import HomeScreen
from tui.screens.period import PeriodModal
from tui.screens.report import FigureTable, ReportScreen
from tui.screens.review import ReviewScreen

JANUARY, MARCH = date(2025, 1, 14), date(2025, 3, 11)


def build_year(parcours) -> dict[str, int]:
    """2025 by hand: three drop-ins (two on 14 January), four identified and seven anonymous
    visits, Amina seen twice on one day, Léa known since 2024, Amina in a PSP; and one
    drop-in in 2026, outside the year."""
    bea = who(parcours, "bea")
    ids = {alias: svc.add_person(parcours, bea, alias, first_visit=first).id
           for alias, first in (("Amina", None), ("Zoé", None), ("Léa", date(2024, 5, 1)))}
    afternoon = svc.open_dropin(parcours, bea, JANUARY, volunteers=[("bea", 3), ("sam", 2.5)]).id
    evening = svc.open_dropin(parcours, bea, JANUARY, volunteers=[("bea", 1)]).id
    march = svc.open_dropin(parcours, bea, MARCH, volunteers=[("sam", 3)]).id
    later = svc.open_dropin(parcours, bea, date(2026, 1, 6), volunteers=[("bea", 4)]).id
    svc.record_visit(parcours, bea, afternoon, ids["Amina"])
    svc.record_visit(parcours, bea, evening, ids["Amina"])  # twice the same day
    svc.record_anonymous(parcours, bea, afternoon, 3)
    for alias in ("Zoé", "Léa"):
        svc.record_visit(parcours, bea, march, ids[alias])
    svc.record_anonymous(parcours, bea, march, 4)
    svc.record_anonymous(parcours, bea, later, 2)
    svc.start_track(parcours, who(parcours, "camille"), ids["Amina"], "psp", at=date(2025, 6, 1))
    return ids


def figures(app) -> dict[str, str]:
    """Each figure's label and value as the table shows them."""
    table = app.screen.query_one(FigureTable)
    found = {}
    for i in range(table.row_count):
        label, value = (cell.plain for cell in table.get_row_at(i))
        if label.startswith("  "):
            found[label.strip()] = value
    return found


async def open_report(pilot) -> ReportScreen:
    await settle(pilot)
    await pilot.press("a")
    await until(pilot, lambda: isinstance(pilot.app.screen, ReportScreen) and pilot.app.screen.generation)
    return pilot.app.screen


async def reloaded(pilot, screen: ReportScreen, *keys: str) -> None:
    seen = screen.generation
    await pilot.press(*keys)
    await until(pilot, lambda: screen.generation > seen)


async def go_to(pilot, label: str) -> None:
    table = pilot.app.screen.query_one(FigureTable)
    labels = [table.get_row_at(i)[0].plain.strip() for i in range(table.row_count)]
    table.focus()
    await pilot.press("home", *["down"] * labels.index(label))
    await settle(pilot, rounds=1)


@drive
async def test_the_year_before_in_exact_figures_and_charts(make_app, parcours):
    build_year(parcours)
    app = make_app("sonia")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_report(pilot)
        assert shown(app, "#report-period") == \
            "Rapport d'activité du 01/01/2025 au 31/12/2025 · usage interne"
        got = figures(app)
        assert {label: got[label] for label in (
            "Permanences tenues", "Heures de bénévolat", "Bénévoles présent·es (personnes distinctes)",
            "Passages (total)", "Passages de personnes connues", "Passages anonymes",
            "Personnes distinctes venues aux permanences",
            "Nouvelles personnes (premier passage dans la période)",
            "Personnes suivies (suivi individuel ou démarche en cours)",
            "Personnes ayant un PSP en cours")} == {
            "Permanences tenues": "3", "Heures de bénévolat": "9,5",
            "Bénévoles présent·es (personnes distinctes)": "2", "Passages (total)": "11",
            "Passages de personnes connues": "4", "Passages anonymes": "7",
            "Personnes distinctes venues aux permanences": "3",
            "Nouvelles personnes (premier passage dans la période)": "2",
            "Personnes suivies (suivi individuel ou démarche en cours)": "1",
            "Personnes ayant un PSP en cours": "1"}
        await pilot.press("m")
        await settle(pilot)
        text = screen_text(app)
        assert "Passages par mois" in text and "janv." in text and "déc." in text
        assert screen.query_one("#chart-months").display
        # The legend tells the two series apart without colour: each has its own fill.
        legend = dict(re.findall(r"(\S+) (identifiés|anonymes)", text))
        assert {series: fill for fill, series in legend.items()} == {"identifiés": "██",
                                                                     "anonymes": "▒▒"}
        await pilot.press("d")
        await settle(pilot)
        text = screen_text(app)
        assert "Personnes accompagnées par domaine" in text and "PSP┤" in text
        await pilot.press("c")
        await reloaded(pilot, screen, "plus")  # 2026
        assert shown(app, "#report-period").startswith("Rapport d'activité du 01/01/2026 au 31/12/2026")
        assert figures(app)["Permanences tenues"] == "1"
        await pilot.press("p")
        assert isinstance(app.screen, PeriodModal)
        await pilot.press("tab", *"01/01/2025", "tab", *"31/01/2025")
        await reloaded(pilot, screen, "enter")
        assert shown(app, "#report-period").startswith("Rapport d'activité du 01/01/2025 au 31/01/2025")
        assert (figures(app)["Permanences tenues"], figures(app)["Passages (total)"]) == ("2", "5")


@drive
async def test_external_hides_small_counts_and_what_would_give_them_away(make_app, parcours):
    build_year(parcours)
    app = make_app("sonia")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_report(pilot)
        await reloaded(pilot, screen, "x")
        assert shown(app, "#report-period").endswith("· diffusion externe")
        got = figures(app)
        assert got["Passages de personnes connues"] == "secret"
        # the whole sum goes: else 11 - 7 would give the hidden 4
        assert got["Passages anonymes"] == got["Passages (total)"] == "secret"
        assert got["Permanences tenues"] == "3"  # not a count of people
        assert "un effectif est remplacé par « secret »" in shown(app, "#report-notes")
        await go_to(pilot, "Passages anonymes")
        assert shown(app, "#report-hint").startswith("Diffusion externe : sources non listées")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen)  # no list of records leaves with it
        await pilot.press("m")
        await settle(pilot)
        assert "Pas de série mensuelle" in screen_text(app)
        await pilot.press("c")
        await reloaded(pilot, screen, "x")
        assert figures(app)["Passages de personnes connues"] == "4"


@drive
async def test_which_records_fed_a_figure(make_app, parcours):
    ids = build_year(parcours)
    app = make_app("sonia")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_report(pilot)
        await go_to(pilot, "Personnes distinctes venues aux permanences")
        assert shown(app, "#report-hint") == \
            "3 enregistrement(s) derrière ce chiffre — Entrée pour les lister."
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ExplainModal))
        assert app.screen.text.splitlines() == [
            "3 enregistrement(s) pour la période du 01/01/2025 au 31/12/2025 :",
            *(f"personne n° {ids[a]}" for a in ("Amina", "Zoé", "Léa"))]
        assert "Enregistrements : Personnes distinctes venues aux permanences" in screen_text(app)
        await pilot.press("escape")
        await go_to(pilot, "Passages de personnes connues")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ExplainModal))
        lines = app.screen.text.splitlines()
        assert lines[0].startswith("4 enregistrement(s)") and len(lines) == 5
        assert all(line.startswith("passage n° ") for line in lines[1:])


def _home(tmp_path, monkeypatch):
    """A home folder of the test's own, where the export dialog proposes its file."""
    home = tmp_path / "maison"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    return home


@drive
async def test_export_writes_the_file_shown_in_the_confirmation(make_app, parcours, tmp_path, monkeypatch):
    build_year(parcours)
    home = _home(tmp_path, monkeypatch)
    app = make_app("sonia")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_report(pilot)
        await pilot.press("e")
        assert isinstance(app.screen, ExportModal)
        target = home / "rapport-activite-2025.xlsx"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        assert str(target) in app.screen.question
        assert "usage interne, format xlsx" in app.screen.question
        await pilot.press("o")
        await until(pilot, lambda: target.exists())
        await until(pilot, lambda: any(n.message == f"Rapport écrit dans {target} (xlsx)."
                                       for n in app._notifications))
        assert target.stat().st_size > 0


@drive
async def test_referents_are_offered_the_queue_but_not_the_report(make_app, parcours):
    app = make_app("camille")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("ctrl+p", *"rapport")
        await settle(pilot)
        assert "Rapport d'activité" not in screen_text(app)
        await pilot.press("escape", "ctrl+p", *"revue")
        await settle(pilot)
        assert "File de revue" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)


@drive
async def test_export_replaces_an_existing_file_only_once_asked(make_app, parcours, tmp_path, monkeypatch):
    build_year(parcours)
    home = _home(tmp_path, monkeypatch)
    target = home / "rapport-activite-2025.xlsx"
    target.write_bytes(b"ancien")
    app = make_app("sonia")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_report(pilot)
        await pilot.press("e")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        assert "il sera remplacé" in app.screen.question
        await pilot.press("o")
        await until(pilot, lambda: target.read_bytes() != b"ancien")
        assert target.read_bytes().startswith(b"PK")
