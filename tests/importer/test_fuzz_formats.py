"""Fuzzing each import format (issue 15, point 8): CSV, XLSX and ODS.

Hypothesis writes person lists whose cells mix ordinary writing with hostile pieces (NUL,
escapes, overrides, formulas, double conversions, other scripts' digits...), in every format,
and damages CSV bytes at random. Each import is either done or refused with its problems in
French; never any other exception; and a refused import writes nothing but its
``import_failed`` event.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import hypothesis.strategies as st
import pytest
from hypothesis import HealthCheck, assume, given, settings

from core.errors import ParcoursError
from core.services.importer import import_bytes
from core.services.import_model import ImportRejected
from tests.accounts import make_app, who
from tests.strategies import date_text, hostile_text

from .conftest import PEOPLE, TODAY, counts, to_csv, to_ods, to_xlsx

P = PEOPLE[0]
FRENCH = re.compile(r"[éèêàçô«»]|\b(le|la|les|de|du|des|un|une|est|pas|ligne|colonne)\b", re.I)
cell = st.one_of(st.none(), hostile_text, date_text,
                 st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 1, 1)),
                 st.integers(min_value=-(2 ** 40), max_value=2 ** 40),
                 st.floats(allow_nan=False, allow_infinity=False, width=32))
rows = st.lists(st.lists(cell, min_size=1, max_size=5), min_size=1, max_size=6)


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> Iterator:
    parcours = make_app(f"sqlite:///{tmp_path_factory.mktemp('fuzz-import') / 'p.db'}",
                        today=TODAY)
    yield parcours
    parcours.close()


def done_or_refused(app, data: bytes, name: str) -> None:
    before = counts(app)
    try:
        report = import_bytes(app, who(app, "sonia"), "personnes", data, name)
    except ImportRejected as exc:
        assert all(FRENCH.search(i.message) for i in exc.issues), exc.msg
        assert counts(app) == before
    except ParcoursError as exc:  # a file name or a kind the gate refuses
        assert FRENCH.search(exc.msg), exc.msg
        assert counts(app) == before
    else:
        assert report.written


def _sheet(body: list[list]) -> list[list]:
    return [P, *[(r + [None] * 4)[:4] for r in body]]


SETTINGS = settings(max_examples=100, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(body=rows, encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
       delimiter=st.sampled_from([";", ",", "\t"]))
def test_csv(app, body, encoding, delimiter):
    try:
        data = to_csv(_sheet(body), delimiter=delimiter, encoding=encoding)
    except UnicodeEncodeError:
        assume(False)  # not writable in that encoding: nothing to import
    done_or_refused(app, data, "liste.csv")


@SETTINGS
@given(body=rows, damage=st.lists(st.tuples(st.integers(min_value=0), st.binary(max_size=3)),
                                  min_size=1, max_size=4))
def test_damaged_csv_bytes(app, body, damage):
    try:
        data = bytearray(to_csv(_sheet(body)))
    except UnicodeEncodeError:
        assume(False)
    for where, bytes_ in damage:
        spot = where % (len(data) + 1)
        data[spot:spot + len(bytes_)] = bytes_
    done_or_refused(app, bytes(data), "liste.csv")


def _writable(value):
    """openpyxl and odfpy refuse XML's forbidden characters when writing: keep the rest."""
    if isinstance(value, str):
        return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", "", value)
    return value


@settings(max_examples=50, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(body=rows)
def test_xlsx(app, body):
    sheet = [[_writable(v) for v in row] for row in _sheet(body)]
    done_or_refused(app, to_xlsx(sheet, ("personnes",)), "liste.xlsx")


@settings(max_examples=50, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(body=rows)
def test_ods(app, body):
    sheet = [[_writable(v) for v in row] for row in _sheet(body)]
    done_or_refused(app, to_ods(sheet, "personnes"), "liste.ods")
