"""ConsentModal: record a person's consent to one purpose (``core.services.give_consent``).

A purpose (suivi individuel, partage avec un partenaire, statistiques), the partner for a
share, the day she consented (today unless changed) and, if any, the last day it is valid.
Dates that cannot be read are said under the form; what the service refuses (a partner
missing, a date in the future, a role that may not) too, or in the error dialog. Returns the
:class:`~core.schemas.ConsentView`, or None when cancelled.
"""

from __future__ import annotations

from datetime import date

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from core import services as svc
from core.engine.facts import parse_date
from core.errors import InputError
from core.schemas import ConsentView
from tui import messages as M
from tui.text import day, fmt, plain, show_or_hide
from tui.workers import WRITE_GROUP, WorkerErrors, backend_of


class ConsentModal(WorkerErrors, ModalScreen[ConsentView | None]):
    """Purpose, partner, dates; Ctrl+S records, Échap cancels."""

    DEFAULT_CSS = """
    ConsentModal { align: center middle; }
    ConsentModal > Vertical {
        width: 70; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    ConsentModal #consent-title { text-style: bold; }
    ConsentModal #consent-help { color: $text-muted; margin-bottom: 1; }
    ConsentModal #consent-problem { color: $error; height: auto; }
    ConsentModal Horizontal { height: auto; margin-top: 1; }
    ConsentModal Button { margin-right: 2; }
    """
    BINDINGS = [Binding("escape", "cancel", M.KEY_CANCEL), Binding("ctrl+s", "save", M.KEY_SAVE)]

    class Given(Message):
        def __init__(self, consent: ConsentView) -> None:
            super().__init__()
            self.consent = consent

    class Problem(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, person_id: int, alias: str, today: date) -> None:
        super().__init__()
        self.person_id, self.alias, self.today = person_id, alias, today

    def compose(self) -> ComposeResult:
        purposes = [(plain(label), purpose) for purpose, label in M.CONSENT_PURPOSES.items()]
        with Vertical():
            yield Static(fmt(M.CONSENT_TITLE, alias=self.alias), id="consent-title")
            yield Static(M.CONSENT_HELP, id="consent-help")
            yield Label(M.CONSENT_PURPOSE)
            yield Select(purposes, value="suivi", allow_blank=False, id="consent-purpose")
            yield Label(M.CONSENT_PARTNER, id="consent-partner-label")
            yield Input(id="consent-partner", max_length=80)
            yield Label(M.CONSENT_GIVEN)
            yield Input(day(self.today), placeholder=M.FORM_DATE_HINT, id="consent-given")
            yield Label(M.CONSENT_EXPIRES)
            yield Input(placeholder=M.FORM_DATE_HINT, id="consent-expires")
            problem = Static("", id="consent-problem")
            problem.display = False
            yield problem
            with Horizontal():
                yield Button(M.KEY_SAVE, id="consent-save", variant="primary")
                yield Button(M.KEY_CANCEL, id="consent-cancel")

    def on_mount(self) -> None:
        self._partner_shown(False)
        self.query_one("#consent-purpose", Select).focus()

    def _partner_shown(self, shown: bool) -> None:
        self.query_one("#consent-partner-label", Label).display = shown
        self.query_one("#consent-partner", Input).display = shown

    @on(Select.Changed, "#consent-purpose")
    def purpose_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._partner_shown(event.value == "partage")

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "consent-expires":
            self.action_save()
        else:
            self.focus_next()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.action_save() if event.button.id == "consent-save" else self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        problem = self.query_one("#consent-problem", Static)
        try:
            given = self._day("#consent-given")
            expires = self._day("#consent-expires")
        except InputError as exc:
            show_or_hide(problem, plain(exc.msg))
            return
        show_or_hide(problem, "")
        purpose = str(self.query_one("#consent-purpose", Select).value)
        partner = self.query_one("#consent-partner", Input).value if purpose == "partage" else None
        self.save(purpose, partner, given, expires)

    def _day(self, selector: str) -> date | None:
        text = self.query_one(selector, Input).value.strip()
        return parse_date(text) if text else None

    @work(thread=True, exit_on_error=False, group=WRITE_GROUP)
    def save(self, purpose: str, partner: str | None, given: date | None,
             expires: date | None) -> None:
        backend = backend_of(self)
        try:
            consent = backend.call(svc.give_consent, self.person_id, purpose, given_on=given,
                                   expires_on=expires, partner=partner)
        except InputError as exc:
            self.post_message(self.Problem(exc.msg))
            return
        self.post_message(self.Given(consent))

    @on(Problem)
    def show_problem(self, message: Problem) -> None:
        show_or_hide(self.query_one("#consent-problem", Static), plain(message.text))

    @on(Given)
    def given(self, message: Given) -> None:
        self.app.notify(M.CONSENT_RECORDED, markup=False)
        self.dismiss(message.consent)
