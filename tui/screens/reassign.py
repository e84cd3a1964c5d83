"""ReassignModal: choose a person's new referent among those who may follow her.

The dialog opens at once and loads its choices in a worker: the candidates the service gives
for that person (``core.services.referent_candidates``: active referents and supervisors of
her delegation); the current referent is marked and highlighted. Entrée calls
``core.services.reassign`` (which checks the choice again) and returns the chosen name, or
None when cancelled; a refusal stays in the dialog.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from core import services as svc
from core.schemas import UserView
from core.services import role_label
from tui import messages as M
from tui.screens.form import FormModal, key
from tui.text import fmt
from tui.workers import backend_of, cancelled


def user_option(user: UserView, current: str | None) -> Option:
    """A candidate as a picker line: her name, her role in French, the current one marked."""
    template = M.SIGNIN_ENTRY + (M.REASSIGN_CURRENT if user.name == current else "")
    return Option(fmt(template, name=user.name, role=role_label(user.role, M.ROLE_OTHER)),
                  id=user.name)


class ReassignModal(FormModal[str | None]):
    """The candidates; Entrée chooses, Échap cancels."""

    DEFAULT_CSS = "ReassignModal OptionList { height: auto; max-height: 14; }"
    BINDINGS = [key("enter", "save", M.KEY_CHOOSE, priority=True)]

    class Candidates(Message):
        def __init__(self, users: list[UserView]) -> None:
            super().__init__()
            self.users = users

    def __init__(self, key: str, person_id: int, alias: str, current: str | None) -> None:
        super().__init__()
        self.key, self.person_id, self.alias, self.current = key, person_id, alias, current
        self.chosen: str | None = None

    def heading(self) -> Content | str:
        return fmt(M.REASSIGN_TITLE, alias=self.alias)

    def help_text(self) -> Content | str:
        return M.REASSIGN_HELP

    def fields(self) -> ComposeResult:
        yield OptionList(id="reassign-users")

    def loads(self) -> bool:
        return True

    def load(self) -> None:
        users = backend_of(self).call(svc.referent_candidates, self.person_id)
        if not cancelled():
            self.post_message(self.Candidates(users))

    @on(Candidates)
    def show_candidates(self, message: Candidates) -> None:
        users = self.query_one(OptionList)
        users.add_options([user_option(u, self.current) for u in message.users])
        names = [u.name for u in message.users]
        if names:
            users.highlighted = names.index(self.current) if self.current in names else 0
        else:
            self.query_one("#form-help", Static).update(M.REASSIGN_NOBODY)
        self.ready()

    @on(OptionList.OptionSelected)
    def picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option.id)

    def action_save(self) -> None:
        users = self.query_one(OptionList)
        if users.highlighted is not None:
            self._choose(users.get_option_at_index(users.highlighted).id)

    def _choose(self, name: str | None) -> None:
        if name:
            self.chosen = name
            self.clear_problem()
            self.submit(svc.reassign, self.key, name)

    def saved(self, value: object) -> None:
        self.dismiss(self.chosen)
