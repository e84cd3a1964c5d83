"""NoteModal: write a restricted note on a person's file (``core.services.add_note``).

Every role may add one; only caseworkers and the administrator will read it, which the
dialog says. Returns the :class:`~core.schemas.NoteView`, or None when cancelled.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import TextArea

from core import services as svc
from core.schemas import NoteView
from tui import messages as M
from tui.screens.form import FormModal


class NoteModal(FormModal[NoteView | None]):
    """A text area; Ctrl+S records, Échap cancels."""

    WIDTH = 76
    HELP = M.NOTE_HELP
    DEFAULT_CSS = "NoteModal TextArea { height: 8; }"

    def __init__(self, person_id: int, track: str | None = None) -> None:
        super().__init__()
        self.person_id, self.track = person_id, track

    def heading(self) -> Content | str:
        return M.NOTE_TITLE

    def fields(self) -> ComposeResult:
        yield TextArea(id="note-text", soft_wrap=True, show_line_numbers=False)

    def action_save(self) -> None:
        self.clear_problem()
        self.submit(svc.add_note, self.person_id, self.query_one(TextArea).text, track=self.track)

    def saved(self, value: NoteView) -> None:
        self.app.notify(M.NOTE_ADDED, markup=False)
        self.dismiss(value)
