"""OpenDropInModal: open today's drop-in with its hours and the volunteers present.

The dialog opens at once and loads, in a worker, the names it offers to tick (the active
users whoever may list users sees, else the user herself); its fields take keys only then.
Each ticked volunteer comes with the hours she gave, and anyone else can be added as
``NOM=HEURES``. A user of several delegations first picks the one it is held in. Ctrl+S
calls ``core.services.open_dropin`` (a refusal stays in the dialog, with what was typed) and
returns the drop-in opened, or None when cancelled. With thirty volunteers the list scrolls,
and the error line and the keys stay in view. A day that already has a drop-in in that
delegation (opened meanwhile at another desk, or closed) is said first, as the command line
says it: a second Ctrl+S opens another one (``dropin open --another``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static

from core import services as svc
from core.schemas import DropInView
from core.services import InputError
from tui import messages as M
from tui.backend import Backend
from tui.screens.form import FormModal, save_key
from tui.text import day, fmt, long_day, plain
from tui.widgets.tick import Tick
from tui.workers import backend_of, cancelled

if TYPE_CHECKING:
    from core.services import Credential, Parcours


@dataclass(frozen=True)
class Opening:
    """What the form asks ``open_dropin`` for."""

    starts_at: time | None
    ends_at: time | None
    volunteers: list[tuple[str, Decimal]]


def volunteer_names(backend: Backend) -> list[str]:
    """Whom the opening form offers to tick: the active users the caller may list (to a
    supervisor, those of her delegations), else oneself (anyone else is typed as NOM=HEURES).
    Worker threads only."""
    if backend.may("user.list"):
        return [u.name for u in backend.call(svc.list_users) if u.active]
    return [backend.actor] if backend.actor else []


class SameDay(InputError):
    """The delegation already has a drop-in that day: another one only when asked again."""


def open_unless_held(parcours: Parcours, credential: Credential, on: date,
                     opening: Opening, delegation: str | None, another: bool) -> DropInView:
    """``open_dropin``, refused with :class:`SameDay` when the delegation already has a
    drop-in that day and ``another`` was not asked: two volunteers each opening the
    afternoon would split its visits and count it twice in the report, for good."""
    if not another:
        same = svc.list_dropins(parcours, credential, on, on, limit=3, delegation=delegation)
        still_open = [d for d in same if d.closed_at is None]
        if still_open:
            raise SameDay(M.OPEN_DROPIN_SAME_DAY.format(day=day(on), id=still_open[0].id))
        if same:
            raise SameDay(M.OPEN_DROPIN_SAME_DAY_CLOSED.format(
                day=day(on), ids=", ".join(f"n° {d.id}" for d in same)))
    return svc.open_dropin(parcours, credential, on, opening.starts_at, opening.ends_at,
                           opening.volunteers, delegation=delegation)


class _Wrong(InputError):
    """A value the form cannot read, with the field it is in."""

    def __init__(self, msg: str, field: str) -> None:
        super().__init__(msg)
        self.field = field


class OpenDropInModal(FormModal[DropInView | None]):
    """Hours, ticked volunteers with their hours, another volunteer; Ctrl+S opens."""

    WIDTH = 76
    DEFAULT_CSS = """
    OpenDropInModal .hours { height: auto; }
    OpenDropInModal #form-body .hours Label { padding: 0 1 0 0; margin-top: 0; }
    OpenDropInModal #open-volunteers { height: auto; }
    OpenDropInModal .hours Input { width: 14; margin-right: 2; }
    OpenDropInModal .volunteer { height: auto; }
    OpenDropInModal .volunteer Tick { width: 1fr; }
    OpenDropInModal .volunteer Input { width: 12; }
    """
    BINDINGS = [save_key(M.KEY_OPEN_DROPIN)]

    class Names(Message):
        def __init__(self, names: list[str]) -> None:
            super().__init__()
            self.names = names

    def __init__(self, day: date, days: dict[str, date] | None = None) -> None:
        """``day``: where she works; ``days``: today in each of her delegations, the day
        once she picks one (overseas in the evening, a day apart from mainland France's)."""
        super().__init__()
        self.day = day
        self.days = days or {}
        self.names: list[str] = []
        self.another: tuple[str | None] | None = None
        """The delegation whose drop-in of the day was said: Ctrl+S again opens another."""

    def heading(self) -> Content | str:
        return fmt(M.OPEN_DROPIN_TITLE, day=long_day(self.day))

    def fields(self) -> ComposeResult:
        yield from self.delegation_fields()
        with Horizontal(classes="hours"):
            yield Label(M.OPEN_DROPIN_START)
            yield Input(placeholder="HH:MM", id="open-start", compact=True)
            yield Label(M.OPEN_DROPIN_END)
            yield Input(placeholder="HH:MM", id="open-end", compact=True)
        yield Label(M.OPEN_DROPIN_VOLUNTEERS)
        yield Vertical(id="open-volunteers", classes="volunteers")
        yield Label(M.OPEN_DROPIN_OTHER)
        yield Input(placeholder=M.OPEN_DROPIN_OTHER_HINT, id="open-other", compact=True)

    def loads(self) -> bool:
        return True

    def load(self) -> None:
        names = volunteer_names(backend_of(self))
        if not cancelled():
            self.post_message(self.Names(names))

    @on(Names)
    async def show_names(self, message: Names) -> None:
        self.names = message.names
        rows = [Horizontal(Tick(plain(name), id=f"vol-{i}"),
                           Input("3", restrict=r"[0-9]*[.,]?[0-9]*", id=f"hours-{i}", compact=True),
                           classes="volunteer")
                for i, name in enumerate(self.names)]
        await self.query_one("#open-volunteers").mount_all(rows)
        self.ready()

    @on(Select.Changed, "#form-delegation")
    def delegation_picked(self, event: Select.Changed) -> None:
        picked = self.days.get(str(event.value))
        if picked is not None and picked != self.day:
            self.day = picked
            self.query_one("#form-title", Static).update(self._literal(self.heading()))

    def first_field(self) -> Widget | None:
        pickers = self.query("#form-delegation")
        return pickers.first() if pickers else self.query_one("#open-start", Input)

    @on(Input.Submitted)
    def next_input(self, event: Input.Submitted) -> None:
        event.stop()
        event.prevent_default()  # the hours of a volunteer are not the last field
        self.action_save() if event.input.id == "open-other" else self.focus_next()

    def action_save(self) -> None:
        try:
            opening = Opening(self._hour("#open-start"), self._hour("#open-end"), self._volunteers())
        except _Wrong as wrong:
            self.problem(wrong.msg, wrong.field)
            return
        try:
            delegation = self.chosen_delegation()
        except InputError as exc:
            self.problem(exc.msg, "#form-delegation")
            return
        self.clear_problem()
        self.submit(open_unless_held, self.day, opening, delegation,
                    self.another == (delegation,))
        self.another = None

    def refused(self, error: Exception) -> None:
        if isinstance(error, SameDay):
            self.another = (self.chosen_delegation(),)
        super().refused(error)

    def _hour(self, selector: str) -> time | None:
        text = self.query_one(selector, Input).value.strip()
        hour = svc.parse_hour(text) if text else None  # as the command line reads it
        if text and hour is None:
            raise _Wrong(M.OPEN_DROPIN_BAD_HOUR.format(value=text), selector)
        return hour

    def _volunteers(self) -> list[tuple[str, Decimal]]:
        chosen = [(f"#hours-{i}", f"{name}={self.query_one(f'#hours-{i}', Input).value}")
                  for i, name in enumerate(self.names) if self.query_one(f"#vol-{i}", Tick).value]
        other = self.query_one("#open-other", Input).value.strip()
        if other:
            chosen.append(("#open-other", other))
        volunteers = []
        for field, text in chosen:
            try:
                volunteers.append(svc.parse_volunteer(text))
            except InputError as exc:
                raise _Wrong(exc.msg, field) from None
        return volunteers
