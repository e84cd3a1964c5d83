"""EraseModal: erase a person for good (``core.services.erase_person``).

Irreversible, so the dialog asks for the reason the audit log keeps (a category, never who
she is) and for her number typed again, the way one confirms a destruction. The service then
asks for the password typed again when it was not recently: the dialog opens
:class:`~tui.screens.reauth.ReauthModal` and, once confirmed, erases with what was typed.
A refusal (a reason naming her, a legal hold) is said on the error line. Returns the
:class:`~core.services.erasure.ErasureView`, or None when cancelled.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Label

from core import services as svc
from core.services import MAX_REASON, InputError, PermissionDenied, ReauthRequired
from tui import messages as M
from tui.screens.form import FormModal, save_key
from tui.screens.reauth import ReauthModal
from tui.text import fmt
from tui.workers import WRITE_GROUP, backend_of


class EraseModal(FormModal[object | None]):
    """Reason and number; Ctrl+S (or Entrée on the number) erases, Échap cancels."""

    TONE = "error"
    WIDTH = 72
    HELP = M.ERASE_HELP
    BINDINGS = [save_key(M.KEY_ERASE)]

    class NeedsPassword(Message):
        """The service asks for the password typed again first."""

    def __init__(self, person_id: int, alias: str) -> None:
        super().__init__()
        self.person_id, self.alias = person_id, alias
        self.reason = ""

    def heading(self) -> Content | str:
        return fmt(M.ERASE_TITLE, alias=self.alias, id=self.person_id)

    def fields(self) -> ComposeResult:
        yield Label(M.ERASE_REASON, classes="first")
        yield Input(id="erase-reason", max_length=MAX_REASON)
        yield Label(M.ERASE_NUMBER)
        yield Input(id="erase-number", max_length=12)

    def action_save(self) -> None:
        reason = self.query_one("#erase-reason", Input).value.strip()
        if not reason:
            self.problem(M.ERASE_REASON_EMPTY, "#erase-reason")
        elif self.query_one("#erase-number", Input).value.strip() != str(self.person_id):
            self.problem(M.ERASE_NUMBER_WRONG.format(id=self.person_id), "#erase-number")
        else:
            self.clear_problem()
            self.reason = reason
            self.erase()

    @work(thread=True, exit_on_error=False, group=WRITE_GROUP)
    def erase(self) -> None:
        try:
            done = backend_of(self).call(svc.erase_person, self.person_id, self.reason)
        except ReauthRequired:
            self.post_message(self.NeedsPassword())
        except (InputError, PermissionDenied) as exc:
            self.post_message(self.Refused(exc))
        else:
            self.post_message(self.Saved(done))

    @on(NeedsPassword)
    def ask_password(self, message: NeedsPassword) -> None:
        message.stop()
        self.app.push_screen(ReauthModal(), self._confirmed)

    def _confirmed(self, confirmed: bool | None) -> None:
        if confirmed:
            self.erase()
        else:
            self.problem(M.ERASE_NEEDS_PASSWORD)

    def field_of(self, error: Exception) -> str:
        return "#erase-reason"
