"""AdvanceModal: the form of one transition, then ``core.services.advance``.

The fields come from the action's ``FieldSpec`` list (:class:`~tui.widgets.fact_form.FactForm`),
followed by the "survenu le" date (empty means today) and an optional note. Invalid values
come back as French messages under their field; a refusal by the checks shows its reasons
and remedies in the form. The track's row version is passed along, so a change made by
someone else meanwhile is refused instead of overwritten. Returns the
:class:`~core.schemas.AdvanceResult`, or None when cancelled.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from core import services as svc
from core.engine.checks import CheckResult
from core.engine.facts import parse_date
from core.engine.outcome import ActionView
from core.errors import InputError, InvalidFacts, TransitionRefused
from core.schemas import AdvanceResult, TrackView
from tui import describe
from tui import messages as M
from tui.text import fmt, plain, show_or_hide
from tui.widgets.fact_form import FactForm
from tui.workers import WRITE_GROUP, WorkerErrors, backend_of


class AdvanceModal(WorkerErrors, ModalScreen[AdvanceResult | None]):
    """The generated form; Ctrl+S or the button records, Échap cancels."""

    DEFAULT_CSS = """
    AdvanceModal { align: center middle; }
    AdvanceModal > VerticalScroll {
        width: 84; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    AdvanceModal #form-title { text-style: bold; }
    AdvanceModal #form-dest { color: $text-muted; }
    AdvanceModal #form-warnings { color: $warning; height: auto; }
    AdvanceModal #form-refused { color: $error; height: auto; }
    AdvanceModal #form-occurred-problem { color: $error; height: auto; }
    AdvanceModal Label { margin-top: 1; }
    AdvanceModal Horizontal { height: auto; margin: 1 0; }
    AdvanceModal Button { margin-right: 2; }
    """
    BINDINGS = [Binding("escape", "cancel", M.KEY_CANCEL), Binding("ctrl+s", "save", M.KEY_SAVE)]

    class Done(Message):
        def __init__(self, result: AdvanceResult) -> None:
            super().__init__()
            self.result = result

    class Problems(Message):
        def __init__(self, problems: list[dict[str, str]]) -> None:
            super().__init__()
            self.problems = problems

    class Refused(Message):
        def __init__(self, reasons: list[CheckResult]) -> None:
            super().__init__()
            self.reasons = reasons

    def __init__(self, person_id: int, track: TrackView, action: ActionView) -> None:
        super().__init__()
        self.person_id, self.track, self.action = person_id, track, action

    def compose(self) -> ComposeResult:
        warnings = describe.reasons(self.action.reasons)
        with VerticalScroll():
            yield Static(plain(self.action.label), id="form-title")
            yield Static(fmt(M.FORM_DEST, dest=self.action.dest_label), id="form-dest")
            notice = Static(Content("\n").join([Content(M.FORM_WARNINGS), *warnings]) if warnings
                            else "", id="form-warnings", classes="form-notice")
            notice.display = bool(warnings)
            yield notice
            refused = Static("", id="form-refused", classes="form-notice")
            refused.display = False
            yield refused
            yield FactForm(self.action.fields, id="form-facts")
            yield Label(M.FORM_OCCURRED)
            yield Input(placeholder=M.FORM_DATE_HINT, id="form-occurred")
            occurred = Static("", id="form-occurred-problem")
            occurred.display = False
            yield occurred
            yield Label(M.FORM_NOTE)
            yield Input(id="form-note", max_length=5000)
            with Horizontal():
                yield Button(M.KEY_SAVE, id="form-save", variant="primary")
                yield Button(M.KEY_CANCEL, id="form-cancel")

    def on_mount(self) -> None:
        fields = [w for w in self.query_one(FactForm).query("*") if w.focusable]
        (fields[0] if fields else self.query_one("#form-occurred", Input)).focus()

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "form-note":
            self.action_save()
        else:
            self.focus_next()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.action_save() if event.button.id == "form-save" else self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        occurred = self._occurred()
        if occurred is False:
            return
        note = self.query_one("#form-note", Input).value.strip() or None
        self.submit(self.query_one(FactForm).values(), occurred, note)

    def _occurred(self) -> date | None | bool:
        text = self.query_one("#form-occurred", Input).value.strip()
        problem = self.query_one("#form-occurred-problem", Static)
        try:
            value = parse_date(text) if text else None
        except InputError as exc:
            show_or_hide(problem, plain(exc.msg))
            return False
        show_or_hide(problem, "")
        return value

    @work(thread=True, exit_on_error=False, group=WRITE_GROUP)
    def submit(self, facts: dict[str, Any], at: date | None, note: str | None) -> None:
        backend = backend_of(self)
        try:
            result = backend.call(svc.advance, self.person_id, self.track.track,
                                  self.action.trigger, facts=facts, at=at, note=note,
                                  expected_version=self.track.row_version)
        except InvalidFacts as exc:
            self.post_message(self.Problems(exc.problems))
            return
        except TransitionRefused as exc:
            self.post_message(self.Refused(exc.reasons))
            return
        self.post_message(self.Done(result))

    @on(Problems)
    def show_problems(self, message: Problems) -> None:
        others = self.query_one(FactForm).show_problems(message.problems)
        lines = [Content(M.FORM_INVALID)]
        lines += [fmt("• {field} : {problem}", field=p.get("label") or p.get("field"),
                      problem=p.get("problem")) for p in others]
        show_or_hide(self.query_one("#form-refused", Static), Content("\n").join(lines))

    @on(Refused)
    def show_refusal(self, message: Refused) -> None:
        self.query_one(FactForm).clear_problems()
        lines = [Content(M.FORM_REFUSED), *describe.reasons(message.reasons)]
        show_or_hide(self.query_one("#form-refused", Static), Content("\n").join(lines))
        self.query_one(VerticalScroll).scroll_home(animate=False)

    @on(Done)
    def done(self, message: Done) -> None:
        self.dismiss(message.result)
