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
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from tui import messages as M
from tui.screens.period import whole_year
from tui.text import plain, show_or_hide

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


class ExportModal(ModalScreen[Export | None]):
    """Format and file; Entrée or Ctrl+S goes on to the confirmation, Échap cancels."""

    DEFAULT_CSS = """
    ExportModal { align: center middle; }
    ExportModal > Vertical {
        width: 76; max-width: 100%; height: auto; border: thick $primary;
        background: $surface; padding: 0 1;
    }
    ExportModal #export-title { text-style: bold; margin-bottom: 1; }
    ExportModal #export-problem { color: $error; height: auto; }
    ExportModal Horizontal { height: auto; margin-top: 1; }
    ExportModal Button { margin-right: 2; }
    """
    BINDINGS = [Binding("escape", "cancel", M.KEY_CANCEL), Binding("ctrl+s", "save", M.KEY_EXPORT)]

    def __init__(self, start: date, end: date, external: bool) -> None:
        super().__init__()
        self.start, self.end, self.external = start, end, external
        self.fmt = DEFAULT_FORMAT

    def _proposed(self, fmt: str) -> str:
        return str(proposed(self.start, self.end, fmt, self.external))

    def compose(self) -> ComposeResult:
        formats = [(plain(label), fmt) for fmt, label in M.EXPORT_FORMATS.items()]
        with Vertical():
            yield Static(M.EXPORT_TITLE, id="export-title")
            yield Label(M.EXPORT_FORMAT)
            yield Select(formats, value=self.fmt, allow_blank=False, id="export-format")
            yield Label(M.EXPORT_PATH)
            yield Input(self._proposed(self.fmt), id="export-path")
            problem = Static("", id="export-problem")
            problem.display = False
            yield problem
            with Horizontal():
                yield Button(M.KEY_EXPORT, id="export-save", variant="primary")
                yield Button(M.KEY_CANCEL, id="export-cancel")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    @on(Select.Changed, "#export-format")
    def format_changed(self, event: Select.Changed) -> None:
        event.stop()
        path = self.query_one("#export-path", Input)
        if path.value == self._proposed(self.fmt):
            path.value = self._proposed(str(event.value))
        self.fmt = str(event.value)

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.action_save() if event.button.id == "export-save" else self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        text = self.query_one("#export-path", Input).value.strip()
        problem = self.query_one("#export-problem", Static)
        if not text:
            show_or_hide(problem, plain(M.EXPORT_NO_PATH))
            return
        path = Path(text).expanduser().absolute()
        if not path.parent.is_dir():
            show_or_hide(problem, plain(M.EXPORT_NO_FOLDER.format(folder=path.parent)))
            return
        self.dismiss(Export(self.fmt, path))
