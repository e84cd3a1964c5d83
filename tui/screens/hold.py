"""HoldModal: place a legal hold on a person (``core.services.place_hold``).

A supervisor of her delegation types the reason (a dispute, a requisition: GDPR art. 17(3)(e));
the dialog makes the call itself, so a refusal (she is already held) is said on its error
line. Returns the :class:`~core.services.holds.HoldView` recorded, or None when cancelled.
Lifting a hold is a yes/no question asked by the person screen.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Input, Label

from core import services as svc
from core.services import MAX_REASON
from tui import messages as M
from tui.screens.form import FormModal, save_key
from tui.text import fmt


class HoldModal(FormModal[object | None]):
    """One line of reason; Entrée or Ctrl+S places the hold, Échap cancels."""

    TONE = "warning"
    HELP = M.HOLD_HELP
    BINDINGS = [save_key(M.KEY_CONFIRM)]

    def __init__(self, person_id: int, alias: str) -> None:
        super().__init__()
        self.person_id, self.alias = person_id, alias

    def heading(self) -> Content | str:
        return fmt(M.HOLD_TITLE, alias=self.alias, id=self.person_id)

    def fields(self) -> ComposeResult:
        yield Label(M.HOLD_REASON, classes="first")
        yield Input(id="hold-reason", max_length=MAX_REASON)

    def action_save(self) -> None:
        text = self.query_one("#hold-reason", Input).value.strip()
        if not text:
            self.problem(M.HOLD_REASON_EMPTY, "#hold-reason")
            return
        self.clear_problem()
        self.submit(svc.place_hold, self.person_id, text)
