"""What an import reports: its problems (line, column, French message) and what it wrote.

An :class:`Issue` prints the way a person fixing the spreadsheet reads it: « ligne 12,
colonne « date » : date invalide « 31/04/2026 » ». :class:`ImportRejected` carries every
issue of a refused file; nothing of it was written.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel, ConfigDict

from core import messages as M
from core.errors import InputError

SHOWN_ISSUES = 30
"""How many issues the error message lists (the report keeps them all)."""

Progress = Callable[[int, int], None]
"""Told ``(written, total)`` after each batch an import writes."""


class Issue(BaseModel):
    """One problem in the file; ``line`` is the spreadsheet's own row number."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    line: int | None = None
    column: str | None = None
    message: str

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(M.IMPORT_AT_LINE.format(line=self.line))
        if self.column is not None:
            where.append(M.IMPORT_AT_COLUMN.format(column=self.column))
        return f"{', '.join(where)} : {self.message}" if where else self.message


class ImportReport(BaseModel):
    """The outcome of an import or of its dry run."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    kind: str
    file: str
    read_as: str = ""
    dry_run: bool = False
    written: bool = False
    counts: dict[str, int] = {}
    """What was (or, on a dry run, would be) written: ``dropins``, ``volunteers``,
    ``visits``, ``anonymous``, ``persons``, ``notes``."""
    issues: tuple[Issue, ...] = ()


class ImportRejected(InputError):
    """A file with problems: nothing was written; ``issues`` lists them all."""

    title = "Import refusé"

    def __init__(self, issues: list[Issue], report: ImportReport | None = None) -> None:
        lines = [str(i) for i in issues[:SHOWN_ISSUES]]
        if len(issues) > SHOWN_ISSUES:
            lines.append(M.IMPORT_MORE.format(count=len(issues) - SHOWN_ISSUES))
        super().__init__(M.IMPORT_REFUSED.format(count=len(issues)), details=tuple(lines))
        self.issues = issues
        self.report = report
