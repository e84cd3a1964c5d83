"""The sheet layouts an import accepts, and the checker that reads rows against them.

:data:`LAYOUTS` lists each kind's columns in template order with the headers read as them
(case, accents and punctuation ignored). :class:`Checker` maps a file's header to them,
reads each row's cells by column name and collects every problem as an :class:`Issue`
with its line and column as written in the file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select

from core import messages as M
from core.persistence.models import Person
from core.persistence.text import alias_key
from core.services.import_cells import CellError
from core.services.import_model import Issue
from core.services.import_readers import Table
from core.services.registry import Call

KINDS = ("registre", "personnes")


@dataclass(frozen=True)
class Column:
    """A column of a sheet layout: its name in the template and the headers read as it."""

    name: str
    synonyms: tuple[str, ...]
    required: bool = False


LAYOUTS: dict[str, tuple[Column, ...]] = {
    "registre": (
        Column("date", ("date", "jour", "date de la permanence"), required=True),
        Column("début", ("debut", "ouverture", "heure de debut", "de")),
        Column("fin", ("fin", "fermeture", "heure de fin", "a")),
        Column("bénévole", ("benevole", "benevoles", "nom du benevole", "nom")),
        Column("heures", ("heures", "heure", "heures de benevolat", "nombre d heures")),
        Column("pseudo", ("pseudo", "pseudonyme", "alias", "personne")),
        Column("anonymes", ("anonymes", "anonyme", "passages anonymes", "nombre d anonymes")),
    ),
    "personnes": (
        Column("pseudo", ("pseudo", "pseudonyme", "alias", "personne"), required=True),
        Column("premier passage", ("premier passage", "date du premier passage",
                                   "date de premier passage", "premiere visite")),
        Column("référent", ("referent", "referente", "referent e", "referent ou referente")),
        Column("notes", ("notes", "note", "remarques", "observations")),
    ),
}
"""The columns of each kind, in template order (docs/import.md)."""


def _header_key(text: str) -> str:
    return " ".join("".join(c if c.isalnum() else " " for c in alias_key(text)).split())


@dataclass
class Checker:
    """Issues found so far, and the reading of each row's cells by column name."""

    kind: str
    table: Table
    today: date
    issues: list[Issue] = field(default_factory=list)
    index: dict[str, int] = field(default_factory=dict)
    """Column name (template) → position in the file."""
    written: dict[str, str] = field(default_factory=dict)
    """Column name (template) → header as written in the file."""

    def map_columns(self) -> bool:
        layout = LAYOUTS[self.kind]
        by_key = {_header_key(s): col for col in layout for s in (col.name, *col.synonyms)}
        line = self.table.header_line
        for position, header in enumerate(self.table.columns):
            col = by_key.get(_header_key(header))
            if col is None:
                self.issue(line, header or M.IMPORT_UNTITLED.format(number=position + 1),
                           M.IMPORT_UNKNOWN_COLUMN.format(expected=", ".join(c.name for c in layout)))
            elif col.name in self.index:
                self.issue(line, header, M.IMPORT_DUPLICATE_COLUMN.format(
                    first=self.written[col.name]))
            else:
                self.index[col.name], self.written[col.name] = position, header
        for col in layout:
            if col.required and col.name not in self.index:
                self.issue(line, None, M.IMPORT_MISSING_COLUMN.format(
                    column=col.name, found=", ".join(f"« {c} »" for c in self.table.columns)))
        if self.kind == "registre" and not {"bénévole", "pseudo", "anonymes"} & set(self.index):
            self.issue(line, None, M.IMPORT_NOTHING_TO_RECORD)
        return not self.issues

    def issue(self, line: int | None, column: str | None, message: str) -> None:
        self.issues.append(Issue(line=line, column=column, message=message))

    def cell(self, line: int, cells: list[Any], name: str, read: Callable[[Any], Any]) -> Any:
        """The value of column ``name`` on a row, read by ``read``; None and an issue if bad."""
        position = self.index.get(name)
        if position is None:
            return None
        try:
            return read(cells[position])
        except CellError as exc:
            self.issue(line, self.written[name], str(exc))
            return None


def bad(check: Checker, line: int, name: str) -> bool:
    """Whether the cell of column ``name`` on ``line`` already has an issue."""
    return any(i.line == line and i.column == check.written.get(name) for i in check.issues)


def persons_by_key(call: Call, delegation_id: int) -> dict[str, list[int]]:
    """Person ids of a delegation by the keyed hash of their alias (``core.crypto.search``;
    several persons may share an alias)."""
    found: dict[str, list[int]] = {}
    for pid, key in call.session.execute(select(Person.id, Person.alias_hash).where(
            Person.delegation_id == delegation_id, Person.alias_hash.is_not(None))
            .order_by(Person.id)):
        assert key is not None  # the query keeps hashed aliases only
        found.setdefault(key, []).append(pid)
    return found
