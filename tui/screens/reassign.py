"""ReassignModal: choose a person's new referent among the casework users.

The choices are the active users whose role may follow persons (référent·e, superviseur·e)
in the person's delegation, loaded by the review screen through
``core.services.referent_candidates``; the current referent is marked and highlighted.
Returns the chosen name, or None; the review screen calls
``core.services.reassign``, which checks the role again.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from core.schemas import UserView
from tui import messages as M
from tui.text import fmt

REFERENT_ROLES = ("referent", "superviseur")
"""Roles ``reassign`` accepts as a referent."""


class ReassignModal(ModalScreen[str | None]):
    """The casework users; Entrée chooses, Échap cancels."""

    DEFAULT_CSS = """
    ReassignModal { align: center middle; }
    ReassignModal > Vertical {
        width: 64; max-width: 98%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    ReassignModal #reassign-title { text-style: bold; }
    ReassignModal #reassign-help { color: $text-muted; }
    ReassignModal OptionList { height: auto; max-height: 14; }
    """
    BINDINGS = [Binding("escape", "cancel", M.KEY_CANCEL)]

    def __init__(self, alias: str, users: list[UserView], current: str | None) -> None:
        super().__init__()
        self.alias, self.current = alias, current
        self.users = [u for u in users if u.role in REFERENT_ROLES]

    def compose(self) -> ComposeResult:
        options = [Option(fmt(M.SIGNIN_ENTRY + (M.REASSIGN_CURRENT if u.name == self.current else ""),
                              name=u.name, role=M.ROLES.get(u.role, u.role)), id=u.name)
                   for u in self.users]
        with Vertical():
            yield Static(fmt(M.REASSIGN_TITLE, alias=self.alias), id="reassign-title")
            yield Static(M.REASSIGN_HELP if options else M.REASSIGN_NOBODY, id="reassign-help")
            yield OptionList(*options, id="reassign-users")

    def on_mount(self) -> None:
        users = self.query_one(OptionList)
        names = [u.name for u in self.users]
        if names:
            users.highlighted = names.index(self.current) if self.current in names else 0
        users.focus()

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
