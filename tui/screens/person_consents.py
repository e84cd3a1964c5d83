"""The consents tab of a person's file: her consents per purpose, recorded and withdrawn.

For the caseworkers: the first line records a consent (:class:`ConsentModal`), Entrée on an
active one withdraws it once confirmed; a withdrawal takes effect at once. Mixed into
:class:`~tui.screens.person.PersonScreen`, which shows the tab only to the roles the services'
policy lets list consents, and hides it when her file comes without them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, TabbedContent
from textual.widgets.option_list import Option

from core import services as svc
from core.schemas import ConsentView
from tui import messages as M
from tui.screens.confirm import ConfirmModal
from tui.screens.consent import ConsentModal, consent_line, purpose_label
from tui.workers import WRITE_GROUP, backend_of


class Consents(Screen[None]):
    """Her consents, on the file's « Consentements » tab."""

    if TYPE_CHECKING:  # given by the screen this class is mixed into
        person_id: int
        data: Any

        def action_reload(self) -> None: ...

    consents: dict[str, ConsentView]

    class Withdrawn(Message):
        def __init__(self, consent: ConsentView) -> None:
            super().__init__()
            self.consent = consent

    def _show_consents(self, consents: tuple[ConsentView, ...] | None) -> None:
        """Her consents, oldest first, after the line that records a new one."""
        tabs = self.query_one(TabbedContent)
        if not tabs.query("#tab-consents"):
            return
        if consents is None:
            tabs.hide_tab("tab-consents")
            return
        self.consents = {f"c{c.id}": c for c in consents}
        widget = self.query_one("#file-consents", OptionList)
        widget.clear_options()
        widget.add_options([Option(Content(M.FILE_CONSENT_ADD), id="consent-add"),
                            *(Option(consent_line(c), id=key) for key, c in self.consents.items())])
        if not consents:
            widget.add_option(Option(Content(M.FILE_NO_CONSENTS), disabled=True))
        widget.highlighted = 0

    @on(OptionList.OptionSelected, "#file-consents")
    def consent_chosen(self, event: OptionList.OptionSelected) -> None:
        """The first line records a consent; an active one is withdrawn once confirmed."""
        event.stop()
        if self.data is None:
            return
        if event.option.id == "consent-add":
            self.app.push_screen(ConsentModal(self.person_id, self.data.person.alias,
                                              self.data.today), self._consent_given)
            return
        consent = self.consents.get(event.option.id or "")
        if consent is None:
            return
        if consent.status not in ("active", "future"):
            self.app.notify(M.CONSENT_NOT_ACTIVE, markup=False)
            return
        question = M.CONSENT_WITHDRAW.format(purpose=purpose_label(consent))

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.withdraw(consent.id)
        self.app.push_screen(ConfirmModal(question), confirmed)

    def _consent_given(self, consent: ConsentView | None) -> None:
        if consent is not None:
            self.action_reload()

    @work(thread=True, exit_on_error=False, group=WRITE_GROUP)
    def withdraw(self, consent: int) -> None:
        backend = backend_of(self)
        self.post_message(self.Withdrawn(backend.call(svc.withdraw_consent, self.person_id,
                                                      consent)))

    @on(Withdrawn)
    def withdrawn(self, message: Withdrawn) -> None:
        self.app.notify(M.CONSENT_WITHDRAWN.format(purpose=purpose_label(message.consent)),
                        markup=False)
        self.action_reload()
