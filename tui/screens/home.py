"""HomeScreen: my people, my deadlines due soon or overdue, my stalled steps, today's drop-in.

What it shows follows the role, as the services' policy says (:class:`tui.backend.Backend`):
caseworkers (referents, supervisors) see the persons they follow, those persons' deadlines
that are overdue or due soon, and their review items (stalled steps, answers awaited too
long); volunteers and interns see the drop-in and the way to the people list; the
administrator, who reads no file, the drop-in and what her role is for. ``v`` opens the
review queue and ``a`` the activity report, for the roles the policy allows them to.
Entrée on a deadline opens the person's file on it (its track, the deadlines tab).
Each panel lists its first lines (:data:`SHOWN`, :data:`PEOPLE_SHOWN`) and says where the
others are. Everything is reloaded when the screen comes back.
"""

from __future__ import annotations

from datetime import date

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from core import services as svc
from core.schemas import DeadlineView, DropInView, PersonView
from core.services import role_label
from tui import describe
from tui.backend import day_in
from tui import messages as M
from tui.events import OpenPerson
from tui.text import day, fmt, long_day
from tui.workers import READ_GROUP, WorkerErrors, backend_of, cancelled

REVIEW_KINDS = {"stalled", "waiting_too_long"}
SHOWN = 50
"""Deadlines and steps a panel lists: the first fifty (the most urgent, the longest stalled),
then a line saying where the rest are. Every return to this screen read, described and
listed them all: 219 urgent deadlines and 284 steps for the busiest referent of a national
base of 100,000 persons."""
PEOPLE_SHOWN = 200
"""Persons the « Mes personnes » panel lists (most recent contact first)."""


class HomeScreen(WorkerErrors, Screen[None]):
    """Three lists and the drop-in line; Entrée opens what is highlighted."""

    TITLE = M.HOME_TITLE
    DEFAULT_CSS = """
    HomeScreen #home-hello { height: auto; margin: 0 1; text-style: bold; }
    HomeScreen #home-lists { height: 1fr; }
    HomeScreen #home-people { width: 1fr; }
    HomeScreen #home-right { width: 1fr; }
    HomeScreen OptionList { height: 1fr; }
    HomeScreen #home-dropin { height: auto; border: round $secondary; padding: 0 1; }
    HomeScreen #home-front-desk { margin: 1 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding("p", "app.people", M.KEY_PEOPLE),
        Binding("m", "app.dropin", M.KEY_DROPIN),
        # The review queue and the report, shown to the roles the policy allows them
        # (ParcoursApp.check_action). Ctrl+N leaves them the room at 80 columns: the people
        # list and the drop-in show it, the palette and the help too.
        Binding("v", "app.review", M.KEY_REVIEW),
        Binding("a", "app.report", M.KEY_REPORT),
        Binding("ctrl+n", "app.new_person", M.KEY_NEW_PERSON, show=False),
        Binding("r", "reload", M.KEY_RELOAD, show=False),
    ]

    class Loaded(Message):
        def __init__(self, people: list[PersonView], deadlines: list[DeadlineView],
                     review: list, dropins: list[DropInView], today: date) -> None:
            super().__init__()
            self.people, self.deadlines, self.review, self.dropins = people, deadlines, review, dropins
            self.today = today

    def __init__(self) -> None:
        super().__init__()
        self.deadlines: dict[str, DeadlineView] = {}

    def compose(self) -> ComposeResult:
        backend = backend_of(self)
        yield Header()
        # Mainland France's day until her delegations' is read (load).
        yield Static(self._hello(backend.today()), id="home-hello")
        if backend.casework:
            with Horizontal(id="home-lists"):
                yield self._section("home-people", M.HOME_MY_PEOPLE)
                with Vertical(id="home-right"):
                    yield self._section("home-deadlines", M.HOME_MY_DEADLINES)
                    yield self._section("home-review", M.HOME_STALLED)
        else:
            yield Static(M.HOME_FRONT_DESK if backend.reads_front_desk else M.HOME_ADMIN,
                         id="home-front-desk")
        yield Static(M.HOME_DROPIN_NONE, id="home-dropin")
        yield Footer(compact=True)

    def _hello(self, today: date) -> Content:
        backend = backend_of(self)
        return fmt(M.HOME_HELLO, name=backend.actor, role=role_label(backend.role),
                   day=long_day(today))

    @staticmethod
    def _section(id: str, title: str) -> OptionList:
        options = OptionList(id=id, classes="section")
        options.border_title = title
        return options

    def on_mount(self) -> None:
        self.query_one("#home-dropin", Static).border_title = M.HOME_DROPIN

    def on_screen_resume(self) -> None:
        # Loaded when shown (first time included), not when mounted: a modal pushed at once
        # over it must not wait behind its queries (the review items scan every track).
        if self.is_active and self.reload_on_resume():
            self.action_reload()

    def action_reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group=READ_GROUP)
    def load(self) -> None:
        backend = backend_of(self)
        # Her delegations' day: overseas in the evening, mainland France's is her tomorrow.
        days = backend.delegation_days()
        today = day_in(backend.parcours, days, None)
        people: list[PersonView] = []
        deadlines: list[DeadlineView] = []
        review: list = []
        if backend.casework:
            # One more than a panel shows: whether there are others, at the cost of one row.
            people = backend.call(svc.list_persons, referent=backend.actor,
                                  limit=PEOPLE_SHOWN + 1)
            deadlines = backend.call(svc.list_deadlines, referent=backend.actor, urgent=True,
                                     limit=SHOWN + 1)
            if backend.may("review.queue"):
                review = backend.call(svc.review_queue, kinds=REVIEW_KINDS,
                                      referent=backend.actor, limit=SHOWN + 1)
        dropins = backend.todays_dropins(days)
        if not cancelled():
            self.post_message(self.Loaded(people, deadlines, review, dropins, today))

    @on(Loaded)
    def show(self, message: Loaded) -> None:
        self.query_one("#home-hello", Static).update(self._hello(message.today))
        self._show_dropin(message.dropins)
        if not backend_of(self).casework:
            return
        self._fill("#home-people", M.HOME_NO_PEOPLE, [Option(
            fmt(M.HOME_PERSON, alias=p.alias, step=p.pathway_label or ""), id=f"p{p.id}")
            for p in message.people[:PEOPLE_SHOWN]],
            M.HOME_MORE_PEOPLE if len(message.people) > PEOPLE_SHOWN else None)
        # Whoever sees these panels follows persons and may open the review (the policy's
        # casework roles): the rest of both lists is there.
        self.deadlines = {f"d{d.id}": d for d in message.deadlines[:SHOWN]}
        self._fill("#home-deadlines", M.HOME_NO_DEADLINES, [Option(
            fmt(M.HOME_DEADLINE, due=day(d.due), state=describe.deadline_state(d.state),
                alias=d.alias, label=d.label), id=key) for key, d in self.deadlines.items()],
            M.HOME_MORE_REVIEW if len(message.deadlines) > SHOWN else None)
        self._fill("#home-review", M.HOME_NO_STALLED, [Option(
            fmt(M.HOME_REVIEW, alias=i.alias, step=i.step_label or "", detail=i.detail),
            id=f"r{n}:{i.person_id}") for n, i in enumerate(message.review[:SHOWN])],
            M.HOME_MORE_REVIEW if len(message.review) > SHOWN else None)

    def _fill(self, selector: str, empty: str, options: list[Option],
              more: str | None = None) -> None:
        """The panel's lines; ``more``: a last line saying where the others are."""
        widget = self.query_one(selector, OptionList)
        widget.clear_options()
        widget.add_options(options or [Option(fmt(empty), disabled=True)])
        if more is not None:
            widget.add_option(Option(fmt(more), disabled=True))
        if options:
            widget.highlighted = 0

    def _show_dropin(self, dropins: list[DropInView]) -> None:
        current = next((d for d in dropins if d.closed_at is None), None) or \
            (dropins[0] if dropins else None)
        text = M.HOME_DROPIN_NONE
        if current is not None:
            text = (M.HOME_DROPIN_OPEN if current.closed_at is None else M.HOME_DROPIN_CLOSED)
        self.query_one("#home-dropin", Static).update(fmt(
            text, identified=current.identified_visits if current else 0,
            anonymous=current.anonymous_visits if current else 0))

    @on(OptionList.OptionSelected)
    def open(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        key = event.option.id or ""
        if key.startswith("p"):
            self.post_message(OpenPerson(int(key[1:])))
        elif key.startswith("r"):
            self.post_message(OpenPerson(int(key.split(":")[1])))
        elif key in self.deadlines:  # her file, on the deadline (Entrée there: why this date)
            deadline = self.deadlines[key]
            self.post_message(OpenPerson(deadline.person_id, deadline=deadline.id))
