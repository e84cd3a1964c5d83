"""A plugin's fact schema whose validator raises is contained as a raising check is: the move
is refused with a French reason naming the plugin, nothing is recorded, the incident logged."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import BaseModel, ConfigDict, field_validator

from core import (FactSchemaExtension, StepDefinition, StepKind, TrackDefinition,
                  TransitionDefinition, fact, hookimpl)
from core import services as svc
from core.errors import InvalidFacts, TransitionRefused
from core.plugins import build_plugin_host
from tests.accounts import add_followed, make_app, who


class Motif(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    motif: str = fact(label="Motif")

    @field_validator("motif")
    @classmethod
    def _careless(cls, value: str) -> str:
        return value if value != "inconnu" else {"connu": value}["inconnu"]  # KeyError


TRACK = TrackDefinition(
    id="fragile", label="Démarche fragile", domain="fragile", initial="debut",
    steps=(StepDefinition(id="debut", label="Début"),
           StepDefinition(id="fin", label="Fin", kind=StepKind.FINAL, facts=Motif)),
    transitions=(TransitionDefinition(trigger="finir", label="Finir", source=("debut",),
                                      dest="fin"),))


class Fragile:
    @hookimpl
    def parcours_track_definitions(self):
        return [TRACK]


@pytest.fixture
def world(sqlite_url):
    host = build_plugin_host(load_entrypoints=False, extra=[("fragile", Fragile())])
    app = make_app(sqlite_url, host=host, today=date(2026, 3, 10))
    person = add_followed(app)
    svc.start_track(app, who(app, "camille"), person, "fragile", at=date(2026, 3, 2))
    try:
        yield app, host, person
    finally:
        app.close()


def test_a_raising_fact_validator_refuses_the_move_naming_the_plugin(world):
    app, host, person = world
    camille = who(app, "camille")
    with pytest.raises(TransitionRefused) as info:
        svc.advance(app, camille, person, "fragile", "finir", facts={"motif": "inconnu"})
    [reason] = info.value.reasons
    assert reason.code == "engine.facts_failed"
    assert reason.message == ("Le formulaire de « Finir » de l'extension « fragile » a échoué "
                              "en lisant la saisie ; l'action est bloquée par prudence.")
    assert [(i.plugin, i.hook, i.error) for i in host.incidents] == [
        ("fragile", "fragile.finir", "KeyError")]
    [track] = [t for t in svc.show_person(app, camille, person).tracks if t.track == "fragile"]
    assert track.step == "debut"
    svc.advance(app, camille, person, "fragile", "finir", facts={"motif": "déménagement"})
    [track] = [t for t in svc.show_person(app, camille, person).tracks if t.track == "fragile"]
    assert track.step == "fin"


class Adresse(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    ville: str | None = fact(None, label="Ville")

    @field_validator("ville")
    @classmethod
    def _careless_too(cls, value: str | None) -> str | None:
        return value if value != "inconnue" else {"connue": value}["inconnue"]  # KeyError


class Extender:
    """Another plugin, asking one more fact at the end of the fragile track."""

    @hookimpl
    def parcours_fact_schemas(self):
        return [FactSchemaExtension(definition_id="fragile", step_id="fin", schema_=Adresse)]


def test_a_raising_validator_of_another_plugins_extension_names_that_plugin(sqlite_url):
    host = build_plugin_host(load_entrypoints=False, extra=[("fragile", Fragile()),
                                                            ("adresses", Extender())])
    app = make_app(sqlite_url, host=host, today=date(2026, 3, 10))
    try:
        person = add_followed(app)
        camille = who(app, "camille")
        svc.start_track(app, camille, person, "fragile", at=date(2026, 3, 2))
        with pytest.raises(TransitionRefused) as info:
            svc.advance(app, camille, person, "fragile", "finir",
                        facts={"motif": "déménagement", "ville": "inconnue"})
        [reason] = info.value.reasons
        assert reason.message == ("Le formulaire de « Finir » de l'extension « adresses » a "
                                  "échoué en lisant la saisie ; l'action est bloquée par prudence.")
        assert [(i.plugin, i.hook, i.error) for i in host.incidents] == [
            ("adresses", "fragile.finir", "KeyError")]
        with pytest.raises(TransitionRefused, match="l'extension « fragile »"):
            svc.advance(app, camille, person, "fragile", "finir",
                        facts={"motif": "inconnu", "ville": "Lyon"})
    finally:
        app.close()


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    motif: str = fact(label="Motif")

    @field_validator("motif")
    @classmethod
    def _checked(cls, value: str) -> str:
        if value == "inconnu":
            raise ValueError("motif à préciser")
        return value


class Postal(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    code_postal: str | None = fact(None, label="Code postal")

    @field_validator("code_postal")
    @classmethod
    def _checked(cls, value: str | None) -> str | None:  # the step's validator's name
        return value


class StrictTrack:
    @hookimpl
    def parcours_track_definitions(self):
        return [TRACK.model_copy(update={"id": "stricte", "steps": (
            TRACK.steps[0], TRACK.steps[1].model_copy(update={"facts": Strict}))})]


class PostalCodes:
    @hookimpl
    def parcours_fact_schemas(self):
        return [FactSchemaExtension(definition_id="stricte", step_id="fin", schema_=Postal)]


def test_an_extension_cannot_replace_a_validator_of_the_step_by_its_name(sqlite_url):
    host = build_plugin_host(load_entrypoints=False, extra=[("stricte", StrictTrack()),
                                                            ("postal", PostalCodes())])
    [postal] = [p for p in host.plugins if p.name == "postal"]
    assert postal.status == "degraded"
    assert postal.problem.startswith(
        "Définition « stricte », étape « fin » : validateurs ajoutés du même nom que ceux de "
        "l'étape, qu'ils remplaceraient : _checked ; renommez-les")
    app = make_app(sqlite_url, host=host, today=date(2026, 3, 10))
    try:
        person = add_followed(app)
        camille = who(app, "camille")
        svc.start_track(app, camille, person, "stricte", at=date(2026, 3, 2))
        with pytest.raises(InvalidFacts, match="motif à préciser"):
            svc.advance(app, camille, person, "stricte", "finir", facts={"motif": "inconnu"})
    finally:
        app.close()
