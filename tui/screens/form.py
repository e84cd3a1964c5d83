"""FormModal: the one base of every dialog (forms, pickers, questions, explanations, errors).

Every dialog is the same box centred on the screen: a bold title, an optional help line, a
body that scrolls when it does not fit (an 80×24 terminal, thirty volunteers to tick), then,
outside the scroll so that nothing can push them off-screen, the error line and a footer
naming the dialog's keys (Ctrl+S, Échap, Entrée...), which a mouse can click too.

Subclasses give :meth:`heading`, :attr:`HELP` and :meth:`fields`, and act on Ctrl+S in
:meth:`action_save`; Échap dismisses :meth:`cancelled_result`. Entrée in a text field moves
to the next one and, on the last, saves. An error goes to :meth:`problem`, which says it on
the error line and puts the cursor on the faulty field: what was typed stays.

A dialog that creates a record in one of the user's delegations yields
:meth:`delegation_fields`: to a user of several, a picker (the services would ask her which,
and the dialog had no field to say it); :meth:`chosen_delegation` reads it.

A dialog whose choices come from the database (:meth:`load` overridden) opens at once with a
"loading" line, runs :meth:`load` in a worker, and only then enables and focuses its fields
(:meth:`ready`): keys typed meanwhile never land in the wrong field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Generic, TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Footer, Input, Label, Select, Static

from core.services import InputError, InvalidFacts, TransitionRefused
from tui import messages as M
from tui.keys import key_name
from tui.text import plain, show_or_hide
from tui.workers import READ_GROUP, WRITE_GROUP, WorkerErrors, backend_of

T = TypeVar("T")


def key(keys: str, action: str, description: str, *, show: bool = True,
        priority: bool = False) -> Binding:
    """A binding whose key is named the French way in the footer (``Ctrl+S``, ``Échap``)."""
    return Binding(keys, action, description, show=show, priority=priority,
                   key_display=key_name(keys))


def save_key(description: str = M.KEY_SAVE) -> Binding:
    """Ctrl+S, named after what the dialog does (Enregistrer, Exporter, Choisir...)."""
    return key("ctrl+s", "save", description)


def cancel_key(description: str = M.KEY_CANCEL) -> Binding:
    return key("escape", "cancel", description)


class FormModal(WorkerErrors, ModalScreen[T], Generic[T]):
    """Title, help, scrolling body, error line and key footer; Ctrl+S saves, Échap cancels."""

    AUTO_FOCUS = None  # fields are focused by :meth:`ready`, once they can take keys
    WIDTH: ClassVar[int] = 64
    """Columns of the box (it never exceeds the screen)."""
    TONE: ClassVar[str] = "primary"
    """Border colour: ``primary``, ``warning`` (a question, restricted content) or ``error``."""
    HELP: ClassVar[str] = ""
    DEFAULT_CSS = """
    FormModal { align: center middle; }
    FormModal #form-box {
        height: auto; max-height: 100%; max-width: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    FormModal.-warning #form-box { border: thick $warning; }
    FormModal.-error #form-box { border: thick $error; }
    FormModal #form-title { dock: top; text-style: bold; }
    FormModal.-error #form-title { color: $error; }
    FormModal #form-foot { dock: bottom; height: auto; }
    FormModal #form-foot Footer { dock: none; }
    FormModal #form-body { height: auto; max-height: 100%; }
    FormModal #form-help { color: $text-muted; margin-bottom: 1; }
    FormModal #form-problem { color: $error; height: auto; }
    FormModal #form-loading { color: $text-muted; }
    FormModal #form-body Label { margin-top: 1; }
    FormModal #form-body Label.first { margin-top: 0; }
    """
    BINDINGS = [save_key(), cancel_key()]

    class Saved(Message):
        """The service accepted the form: what it returned."""

        def __init__(self, value: Any) -> None:
            super().__init__()
            self.value = value

    class Refused(Message):
        """The service refused what was typed (the form stays, with what was typed)."""

        def __init__(self, error: Exception) -> None:
            super().__init__()
            self.error = error

    class Failed(Message):
        """The service failed otherwise (the error dialog says it): Ctrl+S may try again."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.add_class(f"-{self.TONE}")
        self.loaded = False
        """Whether the dialog's data is there and its fields take keys."""
        self._result_held: tuple[Any] | None = None
        """A result that came while the dialog was not on top, given once it is again."""
        self.writing = False
        """A :meth:`submit` is being written: another Ctrl+S meanwhile is ignored (pressed
        twice, it recorded twice: two persons, two notes, two drop-ins)."""

    # --- what subclasses give -------------------------------------------------------------
    def heading(self) -> Content | str:
        """The bold first line."""
        return ""

    def help_text(self) -> Content | str:
        return self.HELP

    def fields(self) -> ComposeResult:
        """The body's widgets (it scrolls when they do not fit)."""
        yield from ()

    def loads(self) -> bool:
        """Whether :meth:`load` must run (in a worker) before the fields take keys."""
        return False

    def load(self) -> None:
        """Fetch the dialog's choices (a thread worker), then post what :meth:`ready` needs."""

    def first_field(self) -> Widget | None:
        """Where the cursor goes when the dialog is ready: the body's first focusable."""
        return next((w for w in self.query_one("#form-body").query("*") if w.focusable), None)

    def cancelled_result(self) -> Any:
        return None

    def action_save(self) -> None:
        """Ctrl+S: check, then dismiss or call a service (each dialog its own)."""

    # --- the frame ------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        self.loaded = not self.loads()
        box = Vertical(id="form-box")
        box.styles.width = self.WIDTH
        with box:
            yield Static(self._literal(self.heading()), id="form-title")
            with Vertical(id="form-foot"):
                problem = Static("", id="form-problem")
                problem.display = False
                yield problem
                yield Footer(compact=True, show_command_palette=False)
            with VerticalScroll(id="form-body", disabled=not self.loaded):
                help_text = self.help_text()
                if help_text:
                    yield Static(self._literal(help_text, one_line=False), id="form-help")
                if not self.loaded:
                    yield Static(M.FORM_LOADING, id="form-loading")
                yield from self.fields()

    @staticmethod
    def _literal(text: Content | str, *, one_line: bool = True) -> Content:
        return text if isinstance(text, Content) else plain(text, one_line=one_line)

    def on_mount(self) -> None:
        if self.loaded:
            self.ready()
        else:
            self.run_worker(self.load, thread=True, exclusive=True, exit_on_error=False,
                            group=READ_GROUP)

    def ready(self) -> None:
        """The data is there: enable the fields and put the cursor on the first."""
        self.loaded = True
        self.query_one("#form-body").disabled = False
        for waiting in self.query("#form-loading"):
            waiting.remove()
        target = self.first_field()
        if target is not None:
            target.focus()

    # --- the delegation of a new record -----------------------------------------------------
    def delegation_fields(self, given: str | None = None) -> ComposeResult:
        """A picker of her delegations when she has several and ``given`` is none."""
        user = backend_of(self).user
        codes = user.delegations if user is not None else ()
        if not given and len(codes) > 1:
            yield Label(M.FORM_DELEGATION)
            yield Select([(plain(code), code) for code in codes], prompt=M.FORM_CHOOSE,
                         id="form-delegation")

    def chosen_delegation(self, given: str | None = None) -> str | None:
        """``given``, else the delegation picked; raises :class:`InputError` (the cursor is
        then put on the picker) when the picker is there and nothing is picked."""
        if given:
            return given
        for picker in self.query("#form-delegation").results(Select):
            if picker.value is Select.NULL:
                raise InputError(M.FORM_DELEGATION_MISSING)
            return str(picker.value)
        return None

    # --- errors ---------------------------------------------------------------------------
    def problem(self, text: str | Content, field: Widget | str | None = None) -> None:
        """Say what is wrong on the error line and put the cursor on ``field``; keep input."""
        show_or_hide(self.query_one("#form-problem", Static),
                     text if isinstance(text, Content) else plain(text, one_line=False))
        widget = self.query_one(field) if isinstance(field, str) else field
        if widget is not None:
            widget.focus()
            widget.scroll_visible(animate=False)

    def clear_problem(self) -> None:
        show_or_hide(self.query_one("#form-problem", Static), "")

    @property
    def problem_text(self) -> str:
        """What the error line says (empty when nothing is wrong)."""
        content = self.query_one("#form-problem", Static).content
        return content.plain if isinstance(content, Content) else str(content)

    # --- calling the service -----------------------------------------------------------------
    def submit(self, service: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        """Call ``service`` in a write worker; its refusal of the input comes back to the form
        (:meth:`refused`), anything else to the error dialog; success to :meth:`saved`. Not
        while the previous call is being written (:attr:`writing`)."""
        if self.writing:
            return
        self.writing = True
        self._write(service, *args, **kwargs)

    @work(thread=True, exit_on_error=False, group=WRITE_GROUP)
    def _write(self, service: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        try:
            value = backend_of(self).call(service, *args, **kwargs)
        except (InputError, InvalidFacts, TransitionRefused) as exc:
            self.post_message(self.Refused(exc))
            return
        except BaseException:
            self.post_message(self.Failed())
            raise
        self.post_message(self.Saved(value))

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        message.stop()
        self.saved(message.value)

    @on(Refused)
    def _refused(self, message: Refused) -> None:
        message.stop()
        self.writing = False
        self.refused(message.error)

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        message.stop()
        self.writing = False

    def saved(self, value: Any) -> None:
        """The service accepted: close, returning its result."""
        self.dismiss(value)

    def refused(self, error: Exception) -> None:
        """Say the refusal on the error line, the cursor on the field it is about."""
        self.problem(getattr(error, "msg", str(error)), self.field_of(error))

    def field_of(self, error: Exception) -> Widget | str | None:
        """The field a refusal is about (the first field, unless a dialog knows better)."""
        return self.first_field()

    # --- keys -----------------------------------------------------------------------------
    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        """Entrée: the next field, or save from the last text field."""
        event.stop()
        inputs = [w for w in self.query_one("#form-body").query(Input) if w.display]
        if inputs and event.input is inputs[-1]:
            self.action_save()
        else:
            self.focus_next()

    def action_cancel(self) -> None:
        self.dismiss(self.cancelled_result())

    def dismiss(self, result: Any = None) -> AwaitComplete:
        """Close with ``result``, but only from the top of the stack: Textual pops whatever
        screen is on top, and a save that ends under the panic or the lock screen would lift
        it. The dialog then closes when it is on top again."""
        if self.app.screen is self:
            return super().dismiss(result)
        self._result_held = (result,)
        return AwaitComplete()

    def on_screen_resume(self) -> None:
        if self._result_held is not None and self.app.screen is self:
            (result,), self._result_held = self._result_held, None
            self.dismiss(result)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save" and not self.loaded:
            return None  # shown, greyed, until the choices are there
        return True
