"""Issue 15, points 2 and 5 at the service level, on SQLite and PostgreSQL alike.

The bad inputs of ``tests/bad_inputs.py`` that do not go through a text parameter (those are
the meta-test's, ``test_input_gate.py``): dates and numbers inside a step's facts, person
numbers, the sign-in (which has no credential, hence no door), an imported file's name. Each
gives the same French sentence on both backends, because it is refused before the database:
PostgreSQL would otherwise reject a NUL with a driver error, and SQLite store it.
"""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, select

from core import hookimpl
from core import services as svc
from core.definitions.model import CASEWORKERS, StepDefinition, TrackDefinition, TransitionDefinition, fact
from core.errors import InputError, InvalidFacts, NotFound, ParcoursError
from core.persistence.access_models import SignInThrottle
from core.persistence.models import Event, Person
from core.plugins import build_plugin_host
from core.services.app import Parcours
from tests.accounts import PASSWORD, add_followed, make_app, who
from tests.bad_inputs import ANY_TEXT, BAD_DATES, BAD_NUMBERS

from .gate_world import Database

TODAY = date(2026, 3, 10)


class Mesures(BaseModel):
    model_config = ConfigDict(extra="forbid")

    montant: float | None = fact(None, label="Montant")
    nombre: int | None = fact(None, label="Nombre")
    jour: date | None = fact(None, label="Jour")
    precision: str | None = fact(None, label="Précision", max_length=40)


MESURES = TrackDefinition(
    id="mesures", label="Démarche de mesure", domain="mesures", initial="ouvert",
    steps=(StepDefinition(id="ouvert", label="Ouvert", facts=Mesures),),
    transitions=(TransitionDefinition(trigger="noter", label="Noter", source=("ouvert",),
                                      dest="ouvert", roles=CASEWORKERS, facts=Mesures),))


class _Plugin:
    @hookimpl
    def parcours_track_definitions(self):
        return [MESURES]


def _app(url: str) -> Parcours:
    host = build_plugin_host(load_entrypoints=False, extra=[("mesures", _Plugin())])
    return make_app(url, host=host, today=TODAY)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def app(request, tmp_path_factory):
    """One base per backend for the module: every call here is refused but one."""
    with Database(request.param) as url:
        parcours = _app(url or f"sqlite:///{tmp_path_factory.mktemp('bad-inputs') / 'p.db'}")
        yield parcours
        parcours.close()


@pytest.fixture(scope="module")
def person(app) -> int:
    number = add_followed(app)
    svc.start_track(app, who(app, "camille"), number, "mesures")
    return number


def _count(app, model) -> int:
    with app.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)))


def test_nul_gives_the_same_sentence_on_both_backends(app):
    before = _count(app, Person)
    with pytest.raises(InputError) as caught:
        svc.add_person(app, who(app, "camille"), "Ami\x00na")
    assert caught.value.msg == ("Le pseudonyme contient un caractère non autorisé "
                                "(caractère nul, position 4).")
    with pytest.raises(InputError) as caught:
        svc.add_person(app, who(app, "camille"), "Ami\ud800na")
    assert caught.value.msg == ("Le pseudonyme contient un caractère non autorisé "
                                "(demi-caractère Unicode isolé, position 4).")
    assert _count(app, Person) == before


@pytest.mark.parametrize("value", [d for d in BAD_DATES if d != "01/01/2099"])
def test_a_bad_date_in_the_facts_is_refused(app, person, value):
    """A fact's date may be in the future (an appointment, an expiry), within 1900-2100."""
    before = _count(app, Event)
    with pytest.raises((InvalidFacts, InputError), match="Jour|jour"):
        svc.advance(app, who(app, "camille"), person, "mesures", "noter", facts={"jour": value})
    assert _count(app, Event) == before


@pytest.mark.parametrize("value", ["NaN", "nan", "inf", "-Infinity", "1e309", float("nan"),
                                   float("inf"), "vingt", "١٢"])
def test_a_number_that_is_no_amount_is_refused(app, person, value):
    before = _count(app, Event)
    with pytest.raises((InvalidFacts, InputError)):
        svc.advance(app, who(app, "camille"), person, "mesures", "noter", facts={"montant": value})
    assert _count(app, Event) == before


@pytest.mark.parametrize("value", [2 ** 63, -(2 ** 63) - 1, "9" * 30, "１２", " 12", "1e3", "12,0"])
def test_a_whole_number_out_of_range_is_refused(app, person, value):
    with pytest.raises((InvalidFacts, InputError)):
        svc.advance(app, who(app, "camille"), person, "mesures", "noter", facts={"nombre": value})


@pytest.mark.parametrize("label", sorted(ANY_TEXT))
def test_a_hostile_fact_text_is_refused(app, person, label):
    before = _count(app, Event)
    with pytest.raises((InvalidFacts, InputError)):
        svc.advance(app, who(app, "camille"), person, "mesures", "noter",
                    facts={"precision": ANY_TEXT[label]})
    assert _count(app, Event) == before


def test_a_good_fact_text_is_stored_nfc(app, person):
    svc.advance(app, who(app, "camille"), person, "mesures", "noter",
                facts={"precision": "  Zoe\u0301 ", "montant": "12,5", "jour": "03/03/2026"})
    facts = svc.person_facts(app, who(app, "camille"), person, "mesures")
    assert {f.name: f.value for f in facts} == {"precision": "Zoé", "montant": 12.5,
                                                "jour": "2026-03-03"}


@pytest.mark.parametrize("ref", [*BAD_NUMBERS, 2 ** 63, -1, 0, 10 ** 30])
def test_a_bad_person_number_is_not_found(app, person, ref):
    with pytest.raises((NotFound, InputError)):
        svc.show_person(app, who(app, "camille"), ref)


@pytest.mark.parametrize(("name", "password"), [("adm\x00in", PASSWORD), ("admin", "x\ud800y"),
                                                ("a" * 1_000_000, PASSWORD),
                                                ("\x1b]52;c;eA==\x07", PASSWORD)])
def test_sign_in_refuses_before_the_database(app, name, password):
    before = _count(app, SignInThrottle)
    with pytest.raises(InputError):
        svc.sign_in(app, name, password)
    assert _count(app, SignInThrottle) == before


@pytest.mark.parametrize("name", ["liste\x1b[2J.csv", "a" * 300, "liste\n.csv"])
def test_an_imported_file_name_goes_through_the_gate(app, name):
    data = "pseudo;premier passage;référent;notes\r\nZoé;;;\r\n".encode()
    before = _count(app, Person), _count(app, Event)
    with pytest.raises(InputError):
        svc.import_bytes(app, who(app, "sonia"), "personnes", data, name)
    assert (_count(app, Person), _count(app, Event)) == before


def test_an_unknown_import_kind_is_refused_by_the_service_itself(app):
    from core.services.importer import Source, _import
    with pytest.raises(InputError, match="Type d'import inconnu"):
        _import(app, who(app, "sonia"), "inconnu", None, [], Source("x.csv", 1), False)


def test_initialise_refuses_a_hostile_first_delegation(tmp_path):
    app = Parcours.open(f"sqlite:///{tmp_path / 'vide.db'}", today=TODAY,
                        host=build_plugin_host(load_entrypoints=False))
    try:
        with pytest.raises(ParcoursError):
            svc.initialise(app, "admin", PASSWORD, delegation_label="\u202eNord")
        with pytest.raises(InputError):
            svc.initialise(app, "ad\x00min", PASSWORD)
    finally:
        app.close()
