"""ConsentModal: record a person's consent to one purpose (``core.services.give_consent``).

A purpose (suivi individuel, partage avec un partenaire, statistiques), the partner for a
share, the day she consented (today unless changed) and, if any, the last day it is valid.
A date that cannot be read is said on the error line, the cursor on it; what the service
refuses (a partner missing, a date in the future) too, with what was typed kept; anything
else in the error dialog. Returns the :class:`~core.schemas.ConsentView`, or None when
cancelled.
"""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, Label, Select

from core import services as svc
from core.schemas import ConsentView
from core.services import InputError, parse_date
from tui import messages as M
from tui.screens.form import FormModal
from tui.text import day, fmt, plain


class ConsentModal(FormModal[ConsentView | None]):
    """Purpose, partner, dates; Ctrl+S records, Échap cancels."""

    WIDTH = 70
    HELP = M.CONSENT_HELP

    def __init__(self, person_id: int, alias: str, today: date) -> None:
        super().__init__()
        self.person_id, self.alias, self.today = person_id, alias, today
        self.asked: tuple[date | None, date | None] = (None, None)

    def heading(self) -> Content | str:
        return fmt(M.CONSENT_TITLE, alias=self.alias)

    def fields(self) -> ComposeResult:
        purposes = [(plain(label), purpose) for purpose, label in M.CONSENT_PURPOSES.items()]
        yield Label(M.CONSENT_PURPOSE, classes="first")
        yield Select(purposes, value="suivi", allow_blank=False, id="consent-purpose")
        partner_label = Label(M.CONSENT_PARTNER, id="consent-partner-label")
        partner = Input(id="consent-partner", max_length=80)
        partner_label.display = partner.display = False
        yield partner_label
        yield partner
        yield Label(M.CONSENT_GIVEN)
        yield Input(day(self.today), placeholder=M.FORM_DATE_HINT, id="consent-given")
        yield Label(M.CONSENT_EXPIRES)
        yield Input(placeholder=M.FORM_DATE_HINT, id="consent-expires")

    @on(Select.Changed, "#consent-purpose")
    def purpose_changed(self, event: Select.Changed) -> None:
        event.stop()
        shown = event.value == "partage"
        self.query_one("#consent-partner-label", Label).display = shown
        self.query_one("#consent-partner", Input).display = shown

    def action_save(self) -> None:
        dates = []
        for selector in ("#consent-given", "#consent-expires"):
            text = self.query_one(selector, Input).value.strip()
            try:
                dates.append(parse_date(text, self.today) if text else None)
            except InputError as exc:
                self.problem(exc.msg, selector)
                return
        self.clear_problem()
        self.asked = (dates[0], dates[1])
        purpose = str(self.query_one("#consent-purpose", Select).value)
        partner = self.query_one("#consent-partner", Input).value if purpose == "partage" else None
        # The day offered, left as it is, is today where she is: the service's (overseas,
        # mainland France's day offered may already be her tomorrow).
        given = None if dates[0] == self.today else dates[0]
        self.submit(svc.give_consent, self.person_id, purpose, given_on=given,
                    expires_on=dates[1], partner=partner)

    def field_of(self, error: Exception) -> Widget | str | None:
        # The service names the day it refuses; otherwise it is the partner that is missing.
        message = getattr(error, "msg", "")
        for selector, stated in zip(("#consent-given", "#consent-expires"), self.asked, strict=True):
            if stated is not None and day(stated) in message:
                return selector
        partner = self.query_one("#consent-partner", Input)
        return partner if partner.display else self.first_field()

    def saved(self, value: ConsentView) -> None:
        self.app.notify(M.CONSENT_RECORDED, markup=False)
        self.dismiss(value)


def purpose_label(consent: ConsentView) -> str:
    """A consent's purpose as a caseworker reads it (with the partner, for a sharing)."""
    label = M.CONSENT_PURPOSES.get(consent.purpose, consent.purpose)
    return M.CONSENT_PARTNER_LABEL.format(purpose=label, partner=consent.partner) \
        if consent.partner else label


def consent_line(consent: ConsentView) -> Content:
    """One consent as the file's « Consentements » tab lists it."""
    mark = M.CONSENT_MARKS.get(consent.status, "")
    if consent.withdrawn_at is not None:
        return fmt(M.CONSENT_LINE_WITHDRAWN, one_line=False, mark=mark, purpose=purpose_label(consent),
                   given=day(consent.given_on), day=day(consent.withdrawn_at),
                   by=consent.withdrawn_by or "")
    expires = M.CONSENT_LINE_EXPIRES.format(day=day(consent.expires_on)) \
        if consent.expires_on else ""
    return fmt(M.CONSENT_LINE, one_line=False, mark=mark, purpose=purpose_label(consent),
               given=day(consent.given_on), expires=expires,
               status=M.CONSENT_STATUSES.get(consent.status, consent.status),
               by=consent.recorded_by)
