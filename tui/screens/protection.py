"""What a supervisor of her delegation does to protect or erase a person, from her file.

``g`` places a legal hold (:class:`~tui.screens.hold.HoldModal` asks its reason) or, when one
stands, asks whether to lift it; ``x`` erases her for good
(:class:`~tui.screens.erase.EraseModal`), then goes back, since her file no longer exists.
Mixed into :class:`~tui.screens.person.PersonScreen`, which offers the keys only to the roles
the services' policy allows and says on the file when she is held.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work

from core import services as svc
from tui import messages as M
from tui.screens.confirm import ConfirmModal
from tui.screens.erase import EraseModal
from tui.screens.explain import ExplainModal
from tui.screens.hold import HoldModal
from tui.workers import WRITE_GROUP, backend_of

if TYPE_CHECKING:
    from textual.app import App


class Protection:
    """The legal hold and erasure actions of a person's file."""

    if TYPE_CHECKING:  # given by the screen this class is mixed into
        app: App[Any]
        person_id: int
        data: Any

        def action_reload(self) -> None: ...

    def _said(self, template: str) -> None:
        if self.data is not None:
            person = self.data.person
            self.app.notify(template.format(alias=person.alias, id=person.id), markup=False)

    def action_hold(self) -> None:
        """Place a legal hold (its reason asked), or lift the one standing (a question)."""
        if self.data is None:
            return
        person = self.data.person
        if person.held:
            self.app.push_screen(ConfirmModal(M.HOLD_LIFT_QUESTION.format(
                alias=person.alias, id=person.id)), self._lift)
        else:
            self.app.push_screen(HoldModal(person.id, person.alias), self._held)

    def _held(self, hold: object | None) -> None:
        if hold is not None:
            self._said(M.HOLD_PLACED)
            self.action_reload()

    def _lift(self, confirmed: bool | None) -> None:
        if confirmed:
            self.lift()

    @work(thread=True, exit_on_error=False, group=WRITE_GROUP)
    def lift(self) -> None:
        backend_of(self).call(svc.lift_hold, self.person_id)
        self.app.call_from_thread(self._lifted)

    def _lifted(self) -> None:
        self._said(M.HOLD_LIFTED)
        self.action_reload()

    def action_erase(self) -> None:
        if self.data is not None:
            person = self.data.person
            self.app.push_screen(EraseModal(person.id, person.alias), self._erased)

    def _erased(self, done: object | None) -> None:
        if done is not None:
            self._said(M.ERASED)
            if not getattr(done, "scrubbed", True):  # her old pages may still be in the WAL
                kind = backend_of(self).parcours.db.dialect
                self.app.notify(M.ERASED_NOT_SCRUBBED_BY_KIND[kind], severity="warning",
                                markup=False)
            partners = list(getattr(done, "notify", []))
            self.app.call_next(self.app.action_back)  # her file no longer exists
            if partners:  # to write down now: nobody can tell them again (GDPR art. 19)
                self.app.call_next(self.app.push_screen, ExplainModal(
                    M.ERASED_NOTIFY_TITLE, [M.ERASED_NOTIFY_INTRO,
                                            *(f"  • {p}" for p in partners)],
                    id="erased-notify"))
