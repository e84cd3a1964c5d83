"""ExportModal: where, and in which format, to write the activity report.

The file proposed is ``rapport-activite-<période>[-externe].<ext>`` in the user's home
folder (the current folder when the home cannot be written); changing the format changes
its extension while the name is still the proposed one. The folder must exist. Returns an
:class:`Export` with an absolute path, or None; the report screen asks for confirmation,
showing that path, then calls ``core.services.export_report``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, Label, Select

from tui import messages as M
from tui.screens.form import FormModal, save_key
from tui.screens.period import whole_year
from tui.text import plain

DEFAULT_FORMAT = "xlsx"


@dataclass(frozen=True)
class Export:
    """What ``export_report`` needs besides the period."""

    fmt: str
    path: Path


def folder() -> Path:
    """The home folder when it can be written, else the current folder."""
    try:
        home = Path.home()
    except RuntimeError:  # no home directory known
        return Path.cwd()
    return home if home.is_dir() and os.access(home, os.W_OK) else Path.cwd()


def proposed(start: date, end: date, fmt: str, external: bool) -> Path:
    """The file name offered for a report of this period, format and audience."""
    year = whole_year(start, end)
    period = str(year) if year else f"{start.isoformat()}_{end.isoformat()}"
    return folder() / M.EXPORT_FILE_NAME.format(
        period=period, external=M.EXPORT_FILE_EXTERNAL if external else "",
        ext=M.EXPORT_EXTENSIONS[fmt])


class ExportModal(FormModal[Export | None]):
    """Format and file; Entrée or Ctrl+S goes on to the confirmation, Échap cancels."""

    WIDTH = 76
    BINDINGS = [save_key(M.KEY_EXPORT)]

    def __init__(self, start: date, end: date, external: bool) -> None:
        super().__init__()
        self.start, self.end, self.external = start, end, external
        self.fmt = DEFAULT_FORMAT

    def _proposed(self, fmt: str) -> str:
        return str(proposed(self.start, self.end, fmt, self.external))

    def heading(self) -> Content | str:
        return M.EXPORT_TITLE

    def fields(self) -> ComposeResult:
        formats = [(plain(label), fmt) for fmt, label in M.EXPORT_FORMATS.items()]
        yield Label(M.EXPORT_FORMAT, classes="first")
        yield Select(formats, value=self.fmt, allow_blank=False, id="export-format")
        yield Label(M.EXPORT_PATH)
        yield Input(self._proposed(self.fmt), id="export-path")

    def first_field(self) -> Widget | None:
        return self.query_one("#export-path", Input)

    @on(Select.Changed, "#export-format")
    def format_changed(self, event: Select.Changed) -> None:
        event.stop()
        path = self.query_one("#export-path", Input)
        if path.value == self._proposed(self.fmt):
            path.value = self._proposed(str(event.value))
        self.fmt = str(event.value)

    def action_save(self) -> None:
        text = self.query_one("#export-path", Input).value.strip()
        if not text:
            self.problem(M.EXPORT_NO_PATH, "#export-path")
            return
        path = Path(text).expanduser().absolute()
        if not path.parent.is_dir():
            self.problem(M.EXPORT_NO_FOLDER.format(folder=path.parent), "#export-path")
            return
        self.dismiss(Export(self.fmt, path))
