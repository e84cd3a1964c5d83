"""A track whose plugin was removed, or updated without its version or its step, still lets
her file open; acting on it is refused in French, and her other tracks still act."""

from __future__ import annotations

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
