"""Opening a person's restricted content from her file: her password again, or a reason.

Restricted facts and notes (the récit, complaint details) come locked from the services, and
an action judged on them comes veiled; Entrée on one asks what the policy asks to open them:
the password again (:class:`ReauthModal`) for her referent, a reason (:class:`ReasonModal`,
an exceptional access kept with every read of the file and sent with its actions) for a
supervisor who does not follow her; then the file reloads. Mixed into
:class:`~tui.screens.person.PersonScreen`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on
from textual.screen import Screen
from textual.widgets import OptionList

from core.schemas import ActionView
from core.services import Decision
from tui.screens.reason import ReasonModal
from tui.screens.reauth import ReauthModal
from tui.workers import backend_of


class Restricted(Screen[None]):
    """What opens her locked facts and notes, and the actions judged on them."""

    if TYPE_CHECKING:  # given by the screen this class is mixed into
        data: Any

        def action_reload(self) -> None: ...

    reason: str | None
    """The reason typed for an exceptional access, sent with every read of this file."""

    def _veiled(self, action: ActionView) -> bool:
        """Whether ``action`` was judged on restricted content she may open."""
        return self.data is not None and any(r.restricted for r in action.reasons) \
            and backend_of(self).restricted(self.data.person) in (Decision.REAUTH,
                                                                  Decision.REASON)

    @on(OptionList.OptionSelected, "#file-facts, #file-notes")
    def open_locked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if (event.option.id or "").startswith("locked-"):
            self.action_open_restricted()

    def action_open_restricted(self) -> None:
        """Ask what the policy asks before restricted content: the password, or a reason."""
        if self.data is None:
            return
        needed = backend_of(self).restricted(self.data.person)
        if needed is Decision.REAUTH:
            self.app.push_screen(ReauthModal(), self._confirmed)
        elif needed is Decision.REASON:
            self.app.push_screen(ReasonModal(), self._reason_given)

    def _confirmed(self, confirmed: bool | None) -> None:
        if confirmed:
            self.action_reload()

    def _reason_given(self, reason: str | None) -> None:
        if reason:
            self.reason = reason
            self.action_reload()
