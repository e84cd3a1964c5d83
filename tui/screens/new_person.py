"""NewPersonModal: record a person under an alias (never a legal name), with a first visit.

Returns the created :class:`~core.schemas.PersonView`, or None when cancelled. The drop-in
passes its day as the first visit.
"""

from __future__ import annotations

from datetime import date

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from core import services as svc
from core.engine.facts import parse_date
from core.errors import InputError
from core.schemas import PersonView
from tui import messages as M
from tui.text import day, plain
from tui.workers import WRITE_GROUP, WorkerErrors, backend_of


class NewPersonModal(WorkerErrors, ModalScreen[PersonView | None]):
    """Alias and optional first-visit date; Entrée records, Échap cancels."""

    DEFAULT_CSS = """
    NewPersonModal { align: center middle; }
    NewPersonModal > Vertical {
        width: 64; max-width: 98%; height: auto; border: thick $primary;
        background: $surface; padding: 0 1;
    }
    NewPersonModal .form-title { text-style: bold; margin-bottom: 1; }
    NewPersonModal .problem { color: $error; height: auto; }
    NewPersonModal Horizontal { height: auto; margin-top: 1; }
    NewPersonModal Button { margin-right: 2; }
    """
    BINDINGS = [Binding("escape", "cancel", M.KEY_CANCEL), Binding("ctrl+s", "save", M.KEY_SAVE)]

    class Created(Message):
        def __init__(self, person: PersonView) -> None:
            super().__init__()
            self.person = person

    class Problem(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, alias: str = "", first_visit: date | None = None) -> None:
        super().__init__()
        self.alias = alias
        self.first_visit = first_visit

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(M.NEW_PERSON_TITLE, classes="form-title")
            yield Label(M.NEW_PERSON_ALIAS)
            yield Input(self.alias, id="new-alias", max_length=80)
            yield Label(M.NEW_PERSON_FIRST_VISIT)
            yield Input(day(self.first_visit), placeholder=M.FORM_DATE_HINT, id="new-first-visit")
            yield Static("", id="new-problem", classes="problem")
            with Horizontal():
                yield Button(M.KEY_SAVE, id="new-save", variant="primary")
                yield Button(M.KEY_CANCEL, id="new-cancel")

    def on_mount(self) -> None:
        self.query_one("#new-alias", Input).focus()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.action_save() if event.button.id == "new-save" else self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        alias = self.query_one("#new-alias", Input).value
        text = self.query_one("#new-first-visit", Input).value.strip()
        problem = self.query_one("#new-problem", Static)
        try:
            first = parse_date(text) if text else None
        except InputError as exc:
            problem.update(plain(exc.msg))
            return
        problem.update("")
        self.create(alias, first)

    @work(thread=True, exit_on_error=False, group=WRITE_GROUP)
    def create(self, alias: str, first_visit: date | None) -> None:
        backend = backend_of(self)
        try:
            person = backend.call(svc.add_person, alias, first_visit=first_visit)
        except InputError as exc:  # shown under the field, not in a dialog
            self.post_message(self.Problem(exc.msg))
            return
        self.post_message(self.Created(person))

    @on(Problem)
    def show_problem(self, message: Problem) -> None:
        self.query_one("#new-problem", Static).update(plain(message.text))

    @on(Created)
    def created(self, message: Created) -> None:
        self.app.notify(M.PERSON_ADDED.format(id=message.person.id), markup=False)
        self.dismiss(message.person)
