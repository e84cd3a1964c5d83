"""NoteModal: write a restricted note on a person's file (``core.services.add_note``).

Every role may add one; only caseworkers and the administrator will read it, which the
dialog says. Returns the :class:`~core.schemas.NoteView`, or None when cancelled.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Static, TextArea

from core import services as svc
from core.errors import InputError
from core.schemas import NoteView
from tui import messages as M
from tui.text import plain
from tui.workers import WRITE_GROUP, WorkerErrors, backend_of


class NoteModal(WorkerErrors, ModalScreen[NoteView | None]):
    """A text area; Ctrl+S records, Échap cancels."""

    DEFAULT_CSS = """
    NoteModal { align: center middle; }
    NoteModal > Vertical {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    NoteModal #note-title { text-style: bold; }
    NoteModal #note-help { color: $text-muted; }
    NoteModal TextArea { height: 8; }
    NoteModal #note-problem { color: $error; height: auto; }
    NoteModal Horizontal { height: auto; margin-top: 1; }
    NoteModal Button { margin-right: 2; }
    """
    BINDINGS = [Binding("escape", "cancel", M.KEY_CANCEL), Binding("ctrl+s", "save", M.KEY_SAVE)]

    class Added(Message):
        def __init__(self, note: NoteView) -> None:
            super().__init__()
            self.note = note

    class Problem(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, person_id: int, track: str | None = None) -> None:
        super().__init__()
        self.person_id, self.track = person_id, track

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(M.NOTE_TITLE, id="note-title")
            yield Static(M.NOTE_HELP, id="note-help")
            yield TextArea(id="note-text", soft_wrap=True, show_line_numbers=False)
            yield Static("", id="note-problem")
            with Horizontal():
                yield Button(M.KEY_SAVE, id="note-save", variant="primary")
                yield Button(M.KEY_CANCEL, id="note-cancel")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.action_save() if event.button.id == "note-save" else self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        self.save(self.query_one(TextArea).text)

    @work(thread=True, exit_on_error=False, group=WRITE_GROUP)
    def save(self, text: str) -> None:
        backend = backend_of(self)
        try:
            note = backend.call(svc.add_note, self.person_id, text, track=self.track)
        except InputError as exc:
            self.post_message(self.Problem(exc.msg))
            return
        self.post_message(self.Added(note))

    @on(Problem)
    def show_problem(self, message: Problem) -> None:
        self.query_one("#note-problem", Static).update(plain(message.text))

    @on(Added)
    def added(self, message: Added) -> None:
        self.app.notify(M.NOTE_ADDED, markup=False)
        self.dismiss(message.note)
