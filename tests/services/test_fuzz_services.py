"""Fuzzing the services' inputs (issue 15, point 8): texts, dates, numbers and facts.

Hypothesis picks a service's text parameter (from the meta-test's :data:`KINDS`, see
:data:`ENTRIES`), a value mixing ordinary writing with hostile
pieces, and calls the service as its audit sample does with that one argument replaced. The
call is either done, or refused with one French sentence and nothing written; never any other
exception. The same for dates of every date parameter, person numbers and a step's facts.
"""

from __future__ import annotations

import re
import typing
from datetime import date

import hypothesis.strategies as st
from hypothesis import HealthCheck, given, settings

from core import services as svc
from core.errors import ParcoursError
from core.services import REGISTRY  # the package loads every service first
from tests.strategies import identifier, json_like, text_like

from .gate_world import captured, fingerprint, fuzz_world, text_parameters, values_holding  # noqa: F401
from .test_input_gate import KINDS, NEW_SECRET, PATH, SECRET

FUZZ = settings(max_examples=120, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
ENTRIES = sorted(e for e, k in KINDS.items() if k.kind not in (SECRET, NEW_SECRET, PATH))
"""Passwords aside (their own tests change them on purpose), and paths: a path the gate lets
through is a file the service writes, wherever it points (the meta-test covers refusals)."""
FRENCH = re.compile(r"[éèêàçô«»]|\b(le|la|les|de|du|des|un|une|est|pas|pour|saisie|invalide|"
                    r"manquante|obligatoire|inconnue?|introuvable)\b", re.I)
_calls: dict[tuple[int, str], typing.Any] = {}


def _call(world, path: str):
    key = (id(world), path)
    if key not in _calls:
        _calls[key] = captured(world, path)
    return _calls[key]


def done_or_refused(world, path: str, name: str, value) -> None:
    """Call ``path`` with ``name`` set to ``value``: done, or refused in French with nothing
    written."""
    call = _call(world, path)
    args, kwargs = call.replaced(name, value)
    before = fingerprint(world.app)
    try:
        REGISTRY[path](world.app, world.cred(call.user), *args, **kwargs)
    except ParcoursError as exc:
        assert FRENCH.search(exc.msg) and "\n" not in exc.msg, exc.msg
        assert fingerprint(world.app) == before, f"refused, yet written: {exc.msg}"


@FUZZ
@given(data=st.data())
def test_any_text_to_any_service_is_done_or_refused_in_french(world, data):
    entry = data.draw(st.sampled_from(ENTRIES), label="parameter")
    path, name = entry.split(":")
    text = data.draw(text_like, label="text")
    value = data.draw(st.sampled_from(values_holding(text_parameters()[entry], text)))
    done_or_refused(world, path, name, value)


def _date_parameters() -> list[str]:
    found = []
    for path, run in REGISTRY.items():
        hints = typing.get_type_hints(run.body)
        found += [f"{path}:{n}" for n, a in hints.items()
                  if n != "return" and date in typing.get_args(a) + (a,)]
    return sorted(found)


DATES = _date_parameters()


@FUZZ
@given(data=st.data())
def test_any_date_to_any_service_is_done_or_refused_in_french(world, data):
    entry = data.draw(st.sampled_from(DATES), label="parameter")
    path, name = entry.split(":")
    day = data.draw(st.dates(), label="day")
    done_or_refused(world, path, name, day)


@FUZZ
@given(ref=identifier)
def test_any_person_number_is_found_or_not(world, ref):
    try:
        svc.show_person(world.app, world.cred("camille"), ref)
    except ParcoursError as exc:
        assert FRENCH.search(exc.msg), exc.msg


@FUZZ
@given(facts=st.dictionaries(st.one_of(st.sampled_from(["ordinaire", "sensible", "restreint"]),
                                       text_like), json_like, max_size=4))
def test_any_facts_are_recorded_or_refused_in_french(world, facts):
    done_or_refused(world, "core.services.tracks.advance", "facts", facts)
