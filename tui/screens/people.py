"""PeopleScreen: incremental search on aliases, filters, and one key to open a file.

Each keystroke in the search box or change of filter starts a read worker for the first
page (``list_persons`` with ``after``/``limit``) and the total (``count_persons``); a newer
query cancels the older one, and a result for a query that is no longer current is
dropped. Further pages are fetched as the list scrolls (:class:`PersonList.NeedMore`).
A search of one or two letters is not counted (``search_narrows``): the index has nothing to
narrow it by, and counting it opened every alias of her delegations on each keystroke (0.9 s
at 10,000 persons); the line says so, and a page shorter than asked is the whole list.

The referent filter offers what the services accept: the referents of her delegations to a
supervisor (who may list them), herself to a referent, nothing to the front desk, who sees
whether a person has a referent but not who.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Select, Static

from core import services as svc
from core.schemas import PersonView, UserView
from core.services import PATHWAY
from tui import messages as M
from tui.events import OpenPerson
from tui.keys import back_to_search
from tui.screens.new_person import NewPersonModal
from tui.text import fmt, plain
from tui.widgets.person_list import PersonList, Row
from tui.workers import CHOICES_GROUP, READ_GROUP, WorkerErrors, backend_of, cancelled

PAGE = 100


@dataclass(frozen=True)
class PeopleQuery:
    """What the list currently shows: the search text and the three filters."""

    search: str = ""
    referent: str | None = None
    pathway_step: str | None = None
    domain: str | None = None

    def filters(self) -> dict[str, str | None]:
        return {"search": self.search or None, "referent": self.referent,
                "pathway_step": self.pathway_step, "domain": self.domain}


class PeopleScreen(WorkerErrors, Screen[None]):
    """Search box, filters, the count and the list."""

    TITLE = M.PEOPLE_TITLE
    DEFAULT_CSS = """
    PeopleScreen #people-filters { height: 1; margin: 0 1; }
    PeopleScreen #people-filters Select { width: 1fr; margin-right: 1; }
    PeopleScreen #people-count { height: 1; margin: 0 1; color: $text-muted; }
    PeopleScreen #people-search { margin: 0 1; }
    """
    BINDINGS = [
        Binding("escape", "app.back", M.KEY_BACK),
        Binding("ctrl+n", "new_person", M.KEY_NEW_PERSON),
        Binding("ctrl+f", "focus_search", M.KEY_SEARCH, show=False),
    ]

    class Loaded(Message):
        def __init__(self, query: PeopleQuery, offset: int, persons: list[PersonView],
                     total: int | None) -> None:
            super().__init__()
            self.query, self.offset, self.persons, self.total = query, offset, persons, total

    class ChoicesLoaded(Message):
        def __init__(self, users: list[UserView]) -> None:
            super().__init__()
            self.users = users

    def __init__(self) -> None:
        super().__init__()
        self.current = PeopleQuery()
        self.total: int | None = 0
        """How many persons the current query lists; None: a short search, not counted."""
        self.generation = 0
        """How many result pages have been shown (the benchmark and the tests wait on it)."""

    def compose(self) -> ComposeResult:
        backend = backend_of(self)
        pathway = backend.definition(PATHWAY)
        steps = [(plain(s.label), s.id) for s in pathway.steps] if pathway else []
        domains = [(plain(label), domain) for domain, label in backend.domains()]
        yield Header()
        yield Input(placeholder=M.PEOPLE_SEARCH, id="people-search",
                    select_on_focus=False)  # a letter typed on the list adds to it
        with Horizontal(id="people-filters"):
            yield Select([], prompt=M.PEOPLE_ANY_REFERENT, id="filter-referent", compact=True)
            yield Select(steps, prompt=M.PEOPLE_ANY_STEP, id="filter-step", compact=True)
            yield Select(domains, prompt=M.PEOPLE_ANY_DOMAIN, id="filter-domain", compact=True)
        yield Static("", id="people-count")
        yield PersonList(id="people-list")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#people-search", Input).focus()
        self.load_choices()
        self.reload()

    def on_screen_resume(self) -> None:
        if self.reload_on_resume() and self.generation:
            self.reload()

    # --- reading ------------------------------------------------------------------------
    def reload(self) -> None:
        self.load_page(self.current, 0)

    @work(thread=True, exclusive=True, exit_on_error=False, group=READ_GROUP)
    def load_page(self, query: PeopleQuery, offset: int, after: str | None = None) -> None:
        """The page at ``offset`` rows, found from the place of the person shown last
        (``after``, her cursor): an offset would open again, for a search, every alias
        before the page, and a visit recorded meanwhile would shift it."""
        backend = backend_of(self)
        persons = backend.call(svc.list_persons, after=after, limit=PAGE, **query.filters())
        if cancelled():
            return
        counted = offset == 0 and (not query.search or svc.search_narrows(query.search))
        total = backend.call(svc.count_persons, **query.filters()) if counted else None
        if not cancelled():
            self.post_message(self.Loaded(query, offset, persons, total))

    @work(thread=True, exit_on_error=False, group=CHOICES_GROUP)
    def load_choices(self) -> None:
        backend = backend_of(self)
        if backend.may("user.list"):
            users = [u for u in backend.call(svc.list_users) if u.active]
        else:
            users = [backend.user] if backend.casework and backend.user else []
        self.post_message(self.ChoicesLoaded(users))

    @on(ChoicesLoaded)
    def show_choices(self, message: ChoicesLoaded) -> None:
        referents = [(plain(u.name), u.name) for u in message.users
                     if u.role in ("referent", "superviseur")]
        choice = self.query_one("#filter-referent", Select)
        choice.set_options(referents)
        choice.display = bool(referents)

    @on(Loaded)
    def show_page(self, message: Loaded) -> None:
        if message.query != self.current:
            return
        rows = [Row(p.id, p.alias, p.pathway_label or "",
                    p.referent or (M.PEOPLE_HAS_REFERENT if p.has_referent else ""), p.cursor)
                for p in message.persons]
        people = self.query_one(PersonList)
        if message.offset == 0:
            self.total = message.total
            people.set_rows(rows, has_more=self._more(len(rows), len(rows)))
        elif message.offset == len(people.rows):
            people.add_rows(rows, has_more=self._more(len(people.rows) + len(rows), len(rows)))
        self._show_count(len(people.rows), people.has_more)
        self.generation += 1

    def _more(self, shown: int, page: int) -> bool:
        """Whether rows may follow the ``shown`` ones, the last page holding ``page`` rows:
        fewer than the total, or, not counted, a full last page."""
        return shown < self.total if self.total is not None else page == PAGE

    def _show_count(self, shown: int, more: bool) -> None:
        if self.total is None:  # a short search: known only once the list has ended
            template = M.PEOPLE_COUNT_UNCOUNTED if more else M.PEOPLE_COUNT
        else:
            template = M.PEOPLE_COUNT if shown >= self.total else M.PEOPLE_COUNT_SHOWN
        count = self.total if self.total is not None else shown
        self.query_one("#people-count", Static).update(fmt(template, count=count, shown=shown))

    @on(PersonList.NeedMore)
    def more(self, message: PersonList.NeedMore) -> None:
        message.stop()
        rows = self.query_one(PersonList).rows  # what is shown now, whatever was asked then
        self.load_page(self.current, len(rows), rows[-1].cursor if rows else None)

    # --- the user's input ---------------------------------------------------------------
    @on(Input.Changed, "#people-search")
    def search(self, event: Input.Changed) -> None:
        event.stop()
        self._query(replace(self.current, search=event.value.strip()))

    @on(Select.Changed)
    def filter(self, event: Select.Changed) -> None:
        event.stop()
        value = None if event.value is Select.NULL else str(event.value)
        field = {"filter-referent": "referent", "filter-step": "pathway_step",
                 "filter-domain": "domain"}[event.select.id or ""]
        changes: dict[str, Any] = {field: value}  # one of the three optional filters
        self._query(replace(self.current, **changes))

    def _query(self, query: PeopleQuery) -> None:
        if query != self.current:
            self.current = query
            self.reload()

    @on(Input.Submitted, "#people-search")
    def to_list(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(PersonList).focus()

    def key_down(self, event: events.Key) -> None:
        """↓ from the search box goes to the list, on its first row: the key stops here, or
        the app would also hand it to the list just focused, which would move down one."""
        if self.focused is self.query_one("#people-search", Input):
            self.query_one(PersonList).focus()
            event.stop()

    def on_key(self, event: events.Key) -> None:
        """On the list, a letter goes on in the search box, and ↑ from its first row goes
        back to it (the list took neither: the letters were lost)."""
        people = self.query_one(PersonList)
        if self.focused is not people:
            return
        if event.is_printable and event.character:
            back_to_search(self.query_one("#people-search", Input), event.character)
            event.stop()
        elif event.key == "up" and people.cursor == 0:
            back_to_search(self.query_one("#people-search", Input))
            event.stop()

    @on(PersonList.Selected)
    def open_person(self, message: PersonList.Selected) -> None:
        message.stop()
        self.post_message(OpenPerson(message.person_id))

    def action_focus_search(self) -> None:
        self.query_one("#people-search", Input).focus()

    def action_new_person(self) -> None:
        text = self.query_one("#people-search", Input).value.strip()
        self.app.push_screen(NewPersonModal(text), self._created)

    def _created(self, person: PersonView | None) -> None:
        if person is not None:
            self.post_message(OpenPerson(person.id))
