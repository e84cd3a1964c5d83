"""NewPersonModal: record a person under an alias (never a legal name), with a first visit.

The alias field takes whatever is typed or pasted: a too long or empty alias is the
service's to refuse, with a message (never silently cut). Returns the created
:class:`~core.schemas.PersonView`, or None when cancelled. The drop-in passes its day as the
first visit, and its delegation: the person is recorded where she came. Elsewhere, a user of
several delegations picks hers (:meth:`FormModal.delegation_fields`).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, Label

from core import services as svc
from core.schemas import PersonView
from core.services import InputError, parse_date
from tui import messages as M
from tui.backend import day_in, delegation_days
from tui.screens.form import FormModal
from tui.text import day

if TYPE_CHECKING:
    from core.services import Credential, Parcours


def add_on_her_day(parcours: Parcours, credential: Credential, alias: str,
                   first_visit: date | None, delegation: str | None,
                   typed_today: bool) -> PersonView:
    """``add_person``; ``typed_today`` (« aujourd'hui » as her first visit): the day of the
    delegation she is recorded in, on its clock (overseas in the evening, mainland France's
    is its tomorrow)."""
    if typed_today:
        first_visit = day_in(parcours, delegation_days(parcours, credential), delegation)
    return svc.add_person(parcours, credential, alias, first_visit=first_visit,
                          delegation=delegation)


class NewPersonModal(FormModal[PersonView | None]):
    """Alias and optional first-visit date; Entrée or Ctrl+S records, Échap cancels."""

    def __init__(self, alias: str = "", first_visit: date | None = None,
                 delegation: str | None = None) -> None:
        super().__init__()
        self.alias = alias
        self.first_visit = first_visit
        self.delegation = delegation or None
        self.asked: date | None = None

    def heading(self) -> Content | str:
        return M.NEW_PERSON_TITLE

    def fields(self) -> ComposeResult:
        yield Label(M.NEW_PERSON_ALIAS, classes="first")
        yield Input(self.alias, id="new-alias")
        yield Label(M.NEW_PERSON_FIRST_VISIT)
        yield Input(day(self.first_visit), placeholder=M.FORM_DATE_HINT, id="new-first-visit")
        yield from self.delegation_fields(self.delegation)

    @on(Input.Submitted)
    def record_now(self, event: Input.Submitted) -> None:
        """Entrée records from either field: at the drop-in both come filled."""
        event.stop()
        event.prevent_default()
        self.action_save()

    def action_save(self) -> None:
        text = self.query_one("#new-first-visit", Input).value.strip()
        typed_today = svc.says_today(text)  # the delegation's day, read as she is recorded
        try:
            self.asked = parse_date(text) if text and not typed_today else None
        except InputError as exc:
            self.problem(exc.msg, "#new-first-visit")
            return
        try:
            delegation = self.chosen_delegation(self.delegation)
        except InputError as exc:
            self.problem(exc.msg, "#form-delegation")
            return
        self.clear_problem()
        self.submit(add_on_her_day, self.query_one("#new-alias", Input).value, self.asked,
                    delegation, typed_today)

    def field_of(self, error: Exception) -> Widget | str | None:
        # The service checks the alias first; a refusal naming the date is about the date.
        stated = day(self.asked)
        return "#new-first-visit" if stated and stated in getattr(error, "msg", "") else "#new-alias"

    def saved(self, value: PersonView) -> None:
        self.app.notify(M.PERSON_ADDED.format(id=value.id), markup=False)
        if value.homonyms:  # recorded all the same: two persons may share an alias
            self.app.notify(svc.PERSON_HOMONYMS.format(
                numbers=svc.some_codes([f"n° {i}" for i in value.homonyms])),
                severity="warning", markup=False, timeout=12)
        self.dismiss(value)
