"""AdvanceModal: the form of one transition, then ``core.services.advance``.

The fields come from the action's ``FieldSpec`` list (:class:`~tui.widgets.fact_form.FactForm`),
followed by the "survenu le" date (empty means today) and an optional note. A referent is
picked among the candidates the service gives for the person (``referent_candidates``, loaded
in a worker while the dialog is already up), never typed. Invalid values come back as French
messages under their field, summed up on the error line, with the cursor on the first faulty
field; a refusal by the checks shows its reasons and remedies on the error line. The track's
row version is passed along, so a change made by someone else meanwhile is refused instead
of overwritten. When the checks read restricted content the service asks what reading it
asks: the password again (her referent, :class:`~tui.screens.reauth.ReauthModal`) or the
reason of an exceptional access (a supervisor, :class:`~tui.screens.reason.ReasonModal`);
once given, the same form is sent again. Returns the :class:`~core.schemas.AdvanceResult`,
or None when cancelled.
"""

from __future__ import annotations


from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from core import services as svc
from core.schemas import ActionView, AdvanceResult, TrackView, UserView
from core.services import (InputError, InvalidFacts, ReasonRequired, ReauthRequired,
                           TransitionRefused, parse_date, says_today)
from tui import describe
from tui import messages as M
from tui.screens.form import FormModal
from tui.screens.reason import ReasonModal
from tui.screens.reauth import ReauthModal
from tui.text import day, fmt
from tui.widgets.fact_form import REFERENT, FactForm
from tui.workers import WRITE_GROUP, backend_of, cancelled


class AdvanceModal(FormModal[AdvanceResult | None]):
    """The generated form; Ctrl+S records, Échap cancels."""

    WIDTH = 84
    DEFAULT_CSS = """
    AdvanceModal #form-dest { color: $text-muted; }
    AdvanceModal #form-guidance { color: $text-muted; height: auto; }
    AdvanceModal #form-warnings { color: $warning; height: auto; margin-top: 1; }
    """

    class Referents(Message):
        def __init__(self, users: list[UserView]) -> None:
            super().__init__()
            self.users = users

    class Needs(Message):
        """The service asks for the password again, or for a reason, before acting."""

        def __init__(self, error: ReauthRequired | ReasonRequired) -> None:
            super().__init__()
            self.error = error

    def __init__(self, person_id: int, track: TrackView, action: ActionView,
                 reason: str | None = None) -> None:
        super().__init__()
        self.person_id, self.track, self.action = person_id, track, action
        self.reason = reason
        """The reason of a supervisor's exceptional access, sent with the action."""
        self._sent: dict[str, Any] = {}

    def heading(self) -> Content | str:
        return self.action.label

    def fields(self) -> ComposeResult:
        warnings = describe.reasons(self.action.reasons)
        yield Static(fmt(M.FORM_DEST, dest=self.action.dest_label), id="form-dest")
        guidance = backend_of(self).step_guidance(self.track.track, self.track.version,
                                                  self.action.dest)
        if guidance:
            yield Static(fmt(M.STEP_GUIDANCE, one_line=False, text=guidance), id="form-guidance")
        if warnings:
            yield Static(Content("\n").join([Content(M.FORM_WARNINGS), *warnings]), id="form-warnings")
        yield FactForm(self.action.fields, id="form-facts")
        yield Label(M.FORM_OCCURRED)
        yield Input(placeholder=M.FORM_DATE_HINT, id="form-occurred")
        yield Label(M.FORM_NOTE)
        yield Input(id="form-note", max_length=5000)

    # --- the referent's candidates --------------------------------------------------------
    def loads(self) -> bool:
        return any(f.name == REFERENT for f in self.action.fields)

    def load(self) -> None:
        users = backend_of(self).call(svc.referent_candidates, self.person_id)
        if not cancelled():
            self.post_message(self.Referents(users))

    @on(Referents)
    def show_referents(self, message: Referents) -> None:
        self.query_one(FactForm).offer_referents(message.users)
        self.ready()

    def first_field(self) -> Widget | None:
        return self.query_one(FactForm).first_input() or self.query_one("#form-occurred", Input)

    # --- saving ---------------------------------------------------------------------------
    def action_save(self) -> None:
        text = self.query_one("#form-occurred", Input).value.strip()
        try:
            # « aujourd'hui » is the day left empty: hers, as the service reads it (overseas,
            # mainland France's may already be her tomorrow).
            occurred = parse_date(text) if text and not says_today(text) else None
        except InputError as exc:
            self.problem(exc.msg, "#form-occurred")
            return
        self.clear_problem()
        self.query_one(FactForm).clear_problems()
        note = self.query_one("#form-note", Input).value.strip() or None
        self._sent = {"facts": self.query_one(FactForm).values(), "at": occurred, "note": note,
                      "expected_version": self.track.row_version}
        self.send()

    @work(thread=True, exit_on_error=False, group=WRITE_GROUP)
    def send(self) -> None:
        """:meth:`FormModal.submit`, and what the service asks before acting on restricted
        content comes back as :class:`Needs` (asked, then the same form sent again)."""
        try:
            value = backend_of(self).call(svc.advance, self.person_id, self.track.track,
                                          self.action.trigger, reason=self.reason, **self._sent)
        except (ReauthRequired, ReasonRequired) as exc:
            self.post_message(self.Needs(exc))
        except (InputError, InvalidFacts, TransitionRefused) as exc:
            self.post_message(self.Refused(exc))
        else:
            self.post_message(self.Saved(value))

    @on(Needs)
    def ask(self, message: Needs) -> None:
        message.stop()
        if isinstance(message.error, ReauthRequired):
            self.app.push_screen(ReauthModal(), self._confirmed)
        else:
            self.app.push_screen(ReasonModal(), self._reason_given)

    def _confirmed(self, confirmed: bool | None) -> None:
        if confirmed:
            self.send()
        else:
            self.problem(M.FORM_NEEDS_PASSWORD, self.first_field())

    def _reason_given(self, reason: str | None) -> None:
        if reason:
            self.reason = reason
            self.send()
        else:
            self.problem(M.FORM_NEEDS_REASON, self.first_field())

    def refused(self, error: Exception) -> None:
        if isinstance(error, InvalidFacts):
            self._invalid(error.problems)
        elif isinstance(error, TransitionRefused):
            lines = [Content(M.FORM_REFUSED), *describe.reasons(error.reasons)]
            self.problem(Content("\n").join(lines), self.first_field())
        else:
            super().refused(error)

    def field_of(self, error: Exception) -> Widget | str | None:
        # The service names what it refuses: the referent (not a user who may follow her) or
        # the date it happened (in the future, too early).
        message = getattr(error, "msg", "")
        form = self.query_one(FactForm)
        referent = form.values().get(REFERENT)
        if referent and str(referent) in message:
            return form.widget_of(REFERENT)
        typed = self.query_one("#form-occurred", Input).value.strip()
        if typed and (typed in message or _as_day(typed) in message):
            return "#form-occurred"
        return self.first_field()

    def _invalid(self, problems: list[dict[str, str]]) -> None:
        form = self.query_one(FactForm)
        others = form.show_problems(problems)
        lines = [Content(M.FORM_INVALID)]
        lines += [fmt("• {field} : {problem}", field=p.get("label") or p.get("field"),
                      problem=p.get("problem")) for p in others]
        faulty = next((form.widget_of(p.get("field", "")) for p in problems
                       if form.widget_of(p.get("field", "")) is not None), None)
        self.problem(Content("\n").join(lines), faulty or self.first_field())

    def saved(self, value: AdvanceResult) -> None:
        self.dismiss(value)


def _as_day(text: str) -> str:
    """A typed date as the services write it back (``JJ/MM/AAAA``), or the text itself."""
    try:
        return day(parse_date(text))
    except InputError:
        return text

