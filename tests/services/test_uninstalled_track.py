"""A track whose plugin was removed, or updated without its version or its step, still lets
her file open; acting on it is refused in French, and her other tracks still act. ``parcours
check`` counts such tracks, naming nobody."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from core import (CheckSpec, StepDefinition, StepKind, TrackDefinition, TransitionDefinition,
                  hookimpl, passed)
from core import services as svc
from core.errors import NotFound
from core.plugins import build_plugin_host
from core.services import Parcours
from tests.accounts import FAST, add_followed, make_app, who

TODAY = date(2026, 3, 10)


def shelter(version: int = 1, first: str = "debut") -> TrackDefinition:
    return TrackDefinition(
        id="abri", label="Mise à l'abri", domain="abri", initial=first, version=version,
        steps=(StepDefinition(id=first, label="Demande"),
               StepDefinition(id="fin", label="Hébergée", kind=StepKind.FINAL)),
        transitions=(TransitionDefinition(trigger="heberger", label="Héberger",
                                          source=(first,), dest="fin"),))


def _other_tracks(ctx):  # a cross-domain check: reads every track of hers
    return passed("suivi.autres", f"{sum(not t.final for t in ctx.person.tracks)} en cours")


FOLLOW_UP = TrackDefinition(
    id="suivi_abri", label="Suivi après l'abri", domain="abri", initial="ouvert",
    steps=(StepDefinition(id="ouvert", label="Ouvert"),
           StepDefinition(id="clos", label="Clos", kind=StepKind.FINAL)),
    transitions=(TransitionDefinition(trigger="clore", label="Clore", source=("ouvert",),
                                      dest="clos", checks=("suivi.autres",)),))


class Shelter:
    def __init__(self, *definitions: TrackDefinition) -> None:
        self.definitions = definitions

    @hookimpl
    def parcours_checks(self):
        return [CheckSpec(id="suivi.autres", label="Autres démarches", func=_other_tracks)]

    @hookimpl
    def parcours_track_definitions(self):
        return [*self.definitions, FOLLOW_UP]


def _host(*definitions: TrackDefinition):
    return build_plugin_host(load_entrypoints=False, extra=[("abri", Shelter(*definitions))])


@pytest.mark.parametrize("later", [(shelter(1, "depart"),), (shelter(2),), ()],
                         ids=["step renamed", "version dropped", "plugin removed"])
def test_her_file_opens_and_the_track_refuses_actions_in_french(sqlite_url, later):
    app = make_app(sqlite_url, host=_host(shelter()), today=TODAY)
    person = add_followed(app)
    svc.start_track(app, who(app, "camille"), person, "abri", at=date(2026, 3, 2))
    svc.start_track(app, who(app, "camille"), person, "suivi_abri", at=date(2026, 3, 2))
    app.close()
    app = Parcours.open(sqlite_url, today=TODAY, host=_host(*later), security=FAST)
    try:
        camille = who(app, "camille")
        tracks = {t.track: t for t in svc.show_person(app, camille, person).tracks}
        assert (tracks["abri"].step, tracks["abri"].step_label) == (
            "debut", "debut (étape inconnue des extensions installées)")
        assert tracks["abri"].label == ("Mise à l'abri" if later else "abri")
        svc.person_facts(app, camille, person)
        assert {a.track for a in svc.list_actions(app, camille, person)} == {"parcours",
                                                                             "suivi_abri"}
        refused = ("La démarche « abri » de cette personne (version 1, étape « debut ») n'est "
                   "plus fournie par les extensions installées : aucune action n'y est "
                   "possible ; signalez-le à l'administrateur.")
        with pytest.raises(NotFound) as info:
            svc.list_actions(app, camille, person, "abri")
        assert info.value.msg == refused
        with pytest.raises(NotFound) as info:
            svc.advance(app, camille, person, "abri", "heberger")
        assert info.value.msg == refused
        assert svc.advance(app, camille, person, "suivi_abri", "clore").step == "clos"
    finally:
        app.close()


def _tracks_check(report):
    return next(item for item in report.checks if item.name == "demarches")


@pytest.mark.parametrize("later", [(shelter(1, "depart"),), (shelter(2),), ()],
                         ids=["step renamed", "version dropped", "plugin removed"])
def test_the_base_check_counts_the_open_tracks_no_plugin_provides(sqlite_url, later):
    app = make_app(sqlite_url, host=_host(shelter()), today=TODAY)
    for alias in ("Amina", "Awa"):
        person = add_followed(app, alias)
        svc.start_track(app, who(app, "camille"), person, "abri", at=date(2026, 3, 2))
    svc.start_track(app, who(app, "camille"), person, "suivi_abri", at=date(2026, 3, 2))
    key_file = app.key_file
    app.close()
    assert _tracks_check(svc.check_database(sqlite_url, key_file=key_file,
                                            host=_host(shelter()))).ok
    report = svc.check_database(sqlite_url, key_file=key_file, host=_host(*later))
    item = _tracks_check(report)
    assert not report.ok and not item.ok
    assert item.message == (
        "2 démarche(s) en cours suivent une version ou une étape que les extensions installées "
        "ne fournissent plus (« abri » version 1, étape « debut » : 2) : personne ne peut y "
        "agir. Réinstallez la version de l'extension qui les fournit, ou installez une version "
        "qui les fait migrer (voir « parcours plugins »).")
    assert "Amina" not in item.message and "Awa" not in item.message


def test_parcours_check_fails_on_a_step_no_installed_plugin_has(cli):
    person = cli.json("person", "add", "Amina")["id"]
    cli.ok("track", "start", str(person), "psp")
    assert cli.run("check", user=None).code == 0
    with sqlite3.connect(cli.db) as connection:  # as a plugin's older version left it
        connection.execute("UPDATE tracks SET step = 'ancienne_etape' WHERE definition_id = 'psp'")
    found = cli.run("check", user=None)
    assert found.code == 1
    assert ("ÉCHEC Démarches installées : 1 démarche(s) en cours suivent une version ou une "
            "étape que les extensions installées ne fournissent plus (« psp » version 1, "
            "étape « ancienne_etape » : 1)") in found.out
    assert "Amina" not in found.out
    checked = cli.run("check", "--json", user=None).json()
    assert [c["name"] for c in checked["checks"] if not c["ok"]] == ["demarches"]
