"""Fuzzing the gate, the date parser and the facts of every step (issue 15, point 8).

For any input: refused with a French sentence, or accepted as a value that the gate itself
would accept unchanged (NFC, trimmed, no forbidden character, within its limit); never any
other exception. Accepted facts are JSON that both databases store (no NaN, no infinity).
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date

import hypothesis.strategies as st
import pytest
from hypothesis import HealthCheck, given, settings

from core.engine.facts import FIRST_YEAR, LAST_YEAR, parse_date, validate_facts
from core.errors import InputError, InvalidFacts
from core.plugins import build_plugin_host
from core.services.arguments import check_value
from core.text import MAX_NAME, MAX_REASON, clean_block, clean_line, clean_name
from tests.strategies import date_text, json_like, text_like

FAST = settings(max_examples=200, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FRENCH = re.compile(r"[éèêàçô«»]|\b(le|la|les|de|du|des|un|une|est|pas|pour|saisie|invalide|"
                    r"manquante|obligatoire|inconnu)\b", re.I)
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")
GATES = {"name": (clean_name, MAX_NAME), "line": (clean_line, MAX_REASON),
         "block": (clean_block, 5000)}


def refused_in_french(exc: Exception) -> None:
    assert isinstance(exc, InputError | InvalidFacts), repr(exc)
    assert FRENCH.search(exc.msg) and "\n" not in exc.msg, exc.msg


@pytest.mark.parametrize("kind", sorted(GATES))
@FAST
@given(text=text_like)
def test_the_gate_refuses_in_french_or_keeps_a_clean_value(kind, text):
    clean, limit = GATES[kind]
    try:
        value = clean(text, limit=limit, field="le texte")
    except Exception as exc:
        refused_in_french(exc)
        return
    assert value == unicodedata.normalize("NFC", value) == value.strip()
    assert not FORBIDDEN.search(value.replace("\n", "").replace("\t", "") if kind == "block"
                                else value)
    assert len(value) <= limit
    assert clean(value, limit=limit, field="le texte") == value  # the gate is idempotent


@FAST
@given(text=date_text)
def test_a_date_is_read_strictly_or_refused(text):
    try:
        day = parse_date(text)
    except Exception as exc:
        refused_in_french(exc)
        return
    assert FIRST_YEAR <= day.year <= LAST_YEAR
    assert text.isascii() and text == text.strip() and text[0].isdigit()


@FAST
@given(value=json_like, name=st.sampled_from(["facts", "text", "alias", "password", "x"]))
def test_the_door_refuses_in_french_or_lets_through(value, name):
    try:
        check_value(name, value)
    except Exception as exc:
        refused_in_french(exc)


def _schemas() -> list:
    host = build_plugin_host(load_entrypoints=True)
    found = {}
    for defn in host.catalog.definitions.values():
        for tr in defn.transitions:
            schema = defn.facts_schema(tr)
            found[f"{schema.__module__}.{schema.__qualname__}"] = schema
    return [found[k] for k in sorted(found)]


SCHEMAS = _schemas()


def _facts(schema):
    names = sorted(schema.model_fields)
    value = st.one_of(text_like, date_text, st.integers(min_value=-(2 ** 70), max_value=2 ** 70),
                      st.floats(allow_nan=True, allow_infinity=True), st.booleans(), st.none(),
                      st.dates(min_value=date(1, 1, 1)), st.sampled_from(["oui", "non", "12,5"]))
    key = st.one_of(st.sampled_from(names), text_like) if names else text_like
    return st.dictionaries(key, value, max_size=max(1, len(names) + 1))


@pytest.mark.parametrize("schema", SCHEMAS, ids=lambda s: s.__qualname__)
@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_facts_of_every_step_are_valid_json_or_refused_in_french(schema, data):
    facts = data.draw(_facts(schema))
    try:
        valid = validate_facts(schema, facts)
    except Exception as exc:
        refused_in_french(exc)
        return
    json.dumps(valid, allow_nan=False)  # both databases can store it
    for value in valid.values():
        if isinstance(value, str):
            assert value == unicodedata.normalize("NFC", value)
            assert not FORBIDDEN.search(value)
