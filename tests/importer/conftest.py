"""Fixtures and file builders for the import tests: one register written every way a
spreadsheet program writes it, and row counts to prove that nothing was written."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, time
from typing import Any

import pytest
from sqlalchemy import func, select

from core import services as svc
from core.persistence.models import (DropIn, DropInVolunteer, Event, Note, Person, SensitiveFact,
                                     Track, Visit)
from core.services.app import Parcours
from tests.accounts import make_app, who

TODAY = date(2026, 3, 31)
REGISTER = [
    ["date", "début", "fin", "bénévole", "heures", "pseudo", "anonymes"],
    [date(2026, 3, 3), time(13, 30), time(18, 30), "Marie", 5, "Amina", None],
    [date(2026, 3, 3), None, None, "Paul", 4.5, "Éloïse", None],
    [date(2026, 3, 3), None, None, "Inès", 3, None, 7],
    [date(2026, 3, 3), time(19, 0), time(21, 0), "Marie", 2, "Amina", 2],
    [date(2026, 3, 10), time(13, 30), time(18, 30), "Anaïs", 5, "Rose", 4],
]
"""Two sessions on 3 March (Amina came to both), one on 10 March; accents in names."""
PEOPLE = [
    ["pseudo", "premier passage", "référent", "notes"],
    ["Amina", date(2026, 2, 24), "camille", "Orientée par une association partenaire"],
    ["Éloïse", None, "", ""],
    ["Rose", date(2026, 3, 10), "Sonia", "Parle espagnol ; préfère le mardi"],
]


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value).replace(".", ",") if isinstance(value, float) else str(value)


def to_csv(rows: list[list[Any]], delimiter: str = ";", encoding: str = "utf-8-sig",
           newline: str = "\r\n") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator=newline).writerows(
        [cell_text(v) for v in row] for row in rows)
    return out.getvalue().encode(encoding)


def to_xlsx(rows: list[list[Any]], sheets: tuple[str, ...] = ("registre",)) -> bytes:
    from openpyxl import Workbook
    book = Workbook()
    book.active.title = sheets[0]
    for name in sheets[1:]:
        book.create_sheet(name)
    for row in rows:
        book[sheets[0]].append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_ods(rows: list[list[Any]], sheet: str = "registre") -> bytes:
    from core.services.import_template import _ods_cell
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P
    doc = OpenDocumentSpreadsheet()
    table = Table(name=sheet)
    for values in rows:
        row = TableRow()
        for value in values:
            row.addElement(_ods_cell(value, TableCell, P))
        table.addElement(row)
    doc.spreadsheet.addElement(table)
    out = io.BytesIO()
    doc.write(out)
    return out.getvalue()


def counts(app: Parcours) -> dict[str, int]:
    """Rows of every table an import writes (audit events of failed imports aside)."""
    with app.db.read() as session:
        found = {model.__tablename__: session.scalar(select(func.count()).select_from(model))
                 for model in (DropIn, DropInVolunteer, Visit, Person, Track, Note, SensitiveFact)}
        found["events"] = session.scalar(select(func.count()).select_from(Event).where(
            Event.kind != "import_failed"))
    return found


def failures(app: Parcours) -> list[dict[str, Any]]:
    with app.db.read() as session:
        return [e.facts for e in session.scalars(select(Event).where(Event.kind == "import_failed"))]


@pytest.fixture
def app(sqlite_url) -> Iterator[Parcours]:
    parcours = make_app(sqlite_url, today=TODAY)
    yield parcours
    parcours.close()


@pytest.fixture
def pg_app(pg_url) -> Iterator[Parcours]:
    parcours = make_app(pg_url, today=TODAY)
    yield parcours
    parcours.close()


def add_known(app: Parcours) -> None:
    """The register's persons: Amina and Rose first seen on 1 February, Éloïse added today
    (31 March) without a first visit."""
    for alias, first in (("Amina", date(2026, 2, 1)), ("Rose", date(2026, 2, 1)), ("Éloïse", None)):
        svc.add_person(app, who(app, "bea"), alias, first_visit=first)


@pytest.fixture
def known(app: Parcours) -> Parcours:
    """The application with the register's three persons already known."""
    add_known(app)
    return app
