"""SnoozeModal: until when, and why, a review item leaves the queue (``core.services.snooze``).

A date (``JJ/MM/AAAA`` or ``AAAA-MM-JJ``) and a reason. The dialog makes the call itself, so a
refusal (a date that cannot be read, a date not after today, an empty reason) is said on its
error line with the cursor on the faulty field, and what was typed stays. Returns the
:class:`Snooze` recorded, or None when cancelled; the review screen then reloads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual.app import ComposeResult
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, Label

from core import services as svc
from core.services import InputError, parse_date
from tui import messages as M
from tui.screens.form import FormModal
from tui.text import fmt
from tui.workers import backend_of


@dataclass(frozen=True)
class Snooze:
    """What ``snooze`` was given besides the item."""

    until: date
    reason: str


class SnoozeModal(FormModal[Snooze | None]):
    """Date and reason; Entrée moves on then records, Ctrl+S records, Échap cancels."""

    HELP = M.SNOOZE_HELP

    def __init__(self, key: str, alias: str) -> None:
        super().__init__()
        self.key, self.alias = key, alias
        self.asked: Snooze | None = None

    def heading(self) -> Content | str:
        return fmt(M.SNOOZE_TITLE, alias=self.alias)

    def fields(self) -> ComposeResult:
        yield Label(M.SNOOZE_UNTIL, classes="first")
        yield Input(placeholder=M.FORM_DATE_HINT, id="snooze-until")
        yield Label(M.SNOOZE_REASON)
        yield Input(id="snooze-reason", max_length=500)

    def action_save(self) -> None:
        text = self.query_one("#snooze-until", Input).value.strip()
        try:
            until = parse_date(text, backend_of(self).today())
        except InputError as exc:
            self.problem(exc.msg, "#snooze-until")
            return
        self.clear_problem()
        self.asked = Snooze(until, self.query_one("#snooze-reason", Input).value)
        self.submit(svc.snooze, self.key, self.asked.until, self.asked.reason)

    def field_of(self, error: Exception) -> Widget | str | None:
        # The service checks the date first: a refusal about a later day is about the reason.
        today = backend_of(self).today()
        return "#snooze-until" if self.asked and self.asked.until <= today else "#snooze-reason"

    def saved(self, value: object) -> None:
        self.dismiss(self.asked)
