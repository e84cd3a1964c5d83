"""DropInScreen: the drop-in (*permanence*) in a few keystrokes.

Today's open drop-in is found (``list_dropins``) or opened (:class:`OpenDropInModal`). Then:
type part of an alias and press Entrée to record the highlighted person's visit (once the
list shows the matches of what is typed: an Entrée typed before waits for them); F2 records
one anonymous visit at once; Ctrl+N creates a person with the typed alias and records her
visit; the domains ticked under "Besoins exprimés" go with the next visit. The search box
and the needs are emptied when a visit is asked for, so the next one can be typed at once.
F10 closes the drop-in (``close_dropin``) and shows its summary.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from core import services as svc
from core.schemas import DropInView, PersonView, VisitView
from tui import describe
from tui import messages as M
from tui.backend import day_in
from tui.screens.confirm import ConfirmModal
from tui.screens.explain import ExplainModal
from tui.screens.new_person import NewPersonModal
from tui.screens.open_dropin import OpenDropInModal
from tui.keys import back_to_search
from tui.text import clean, fmt, hours, long_day
from tui.widgets.tick import Tick
from tui.workers import READ_GROUP, WRITE_GROUP, WorkerErrors, backend_of, cancelled

MATCHES = 8
"""Persons the search lists; a last line says when there are others (type more to find
her: the one who came may be the ninth, and she was taken for a new person)."""


class DropInScreen(WorkerErrors, Screen[None]):
    """Search and record visits, anonymous visits, needs, then close."""

    TITLE = M.DROPIN_TITLE
    DEFAULT_CSS = """
    DropInScreen #dropin-head { height: auto; margin: 0 1; }
    DropInScreen #dropin-title { text-style: bold; }
    DropInScreen #dropin-counts { text-style: bold; color: $success; }
    DropInScreen #dropin-body { height: 1fr; }
    DropInScreen #dropin-left { width: 1fr; }
    DropInScreen #dropin-matches { height: 1fr; }
    DropInScreen #dropin-recent { height: 6; }
    DropInScreen #dropin-needs { width: 34; height: 1fr; }
    DropInScreen #dropin-needs Tick { width: 1fr; }
    DropInScreen #dropin-needs-hint { color: $text-muted; }
    DropInScreen #dropin-closed { margin: 1; }
    """
    BINDINGS = [
        Binding("escape", "app.back", M.KEY_BACK),
        Binding("f2", "anonymous", M.KEY_ANONYMOUS),
        Binding("ctrl+n", "new_person", M.KEY_NEW_ALIAS),
        Binding("f3", "needs", M.KEY_NEEDS),
        Binding("ctrl+o", "open_dropin", M.KEY_OPEN_DROPIN),
        Binding("f10", "close_dropin", M.KEY_CLOSE_DROPIN),
    ]

    class Loaded(Message):
        def __init__(self, dropin: DropInView | None, today: date, days: dict[str, date],
                     ask: bool = True, visits: Sequence[VisitView] = ()) -> None:
            super().__init__()
            self.dropin, self.today, self.days, self.ask = dropin, today, days, ask
            self.visits = visits

    class Matches(Message):
        def __init__(self, text: str, persons: list[PersonView]) -> None:
            super().__init__()
            self.text, self.persons = text, persons

    class Recorded(Message):
        def __init__(self, dropin: DropInView, who: str | None, needs: list[str]) -> None:
            super().__init__()
            self.dropin, self.who, self.needs = dropin, who, needs

    class Closed(Message):
        def __init__(self, dropin: DropInView) -> None:
            super().__init__()
            self.dropin = dropin

    def __init__(self) -> None:
        super().__init__()
        self.dropin: DropInView | None = None
        self.days: dict[str, date] = {}
        """Today in each of her delegations, on its clock (the opening form's day)."""
        self.matches: dict[str, PersonView] = {}
        self.search_text = ""
        self.shown_text = ""
        """The search whose matches the list shows (the typed one once its read is back)."""
        self.enter_waiting = False
        """Entrée was pressed before the list showed the matches of what is typed."""
        self.need_domains: dict[str, str] = {}
        """Tick id → support domain."""

    def compose(self) -> ComposeResult:
        backend = backend_of(self)
        self.today = backend.today()  # until her delegation's day is read (load)
        yield Header()
        with Vertical(id="dropin-head"):
            yield Static(fmt(M.DROPIN_HEAD, day=long_day(self.today)), id="dropin-title")
            yield Static(M.DROPIN_NONE, id="dropin-volunteers")
            yield Static(M.DROPIN_NONE_HINT, id="dropin-counts")
        with Horizontal(id="dropin-body"):
            with Vertical(id="dropin-left"):
                yield Input(placeholder=M.DROPIN_SEARCH, id="dropin-search", disabled=True,
                            select_on_focus=False)  # a letter typed on the list adds to it
                yield OptionList(id="dropin-matches")
                recent = OptionList(id="dropin-recent", classes="section")
                recent.border_title = M.DROPIN_RECENT
                yield recent
            with Vertical(id="dropin-needs", classes="section"):
                yield Static(M.DROPIN_NEEDS_HINT, id="dropin-needs-hint")
                for i, (domain, label) in enumerate(backend.domains()):
                    self.need_domains[f"need-{i}"] = domain
                    yield Tick(fmt("{label}", label=label), id=f"need-{i}")
        # Without the palette's « Ctrl+P Commandes » (in the help): at 80 columns it pushed the
        # panic key off the footer, at the front door where it is needed most.
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#dropin-needs").border_title = M.DROPIN_NEEDS
        self.load()

    # --- today's drop-in ----------------------------------------------------------------
    @work(thread=True, exclusive=True, exit_on_error=False, group=READ_GROUP)
    def load(self, ask: bool = True) -> None:
        """Today's open drop-in; ``ask``: when there is none, the form that opens one."""
        backend = backend_of(self)
        # Her delegation's day: overseas in the evening, mainland France's is her tomorrow;
        # each one's for a user of several (Paris and Guadeloupe).
        days = backend.delegation_days()
        today = day_in(backend.parcours, days, None)
        dropins = backend.todays_dropins(days)
        current = next((d for d in dropins if d.closed_at is None), None)
        # Who was recorded already, by any desk (another laptop, this one before a restart).
        visits = backend.call(svc.list_visits, current.id) if current is not None else []
        if not cancelled():
            self.post_message(self.Loaded(current, today, days, ask, visits))

    @on(Loaded)
    def loaded(self, message: Loaded) -> None:
        self.today, self.days = message.today, message.days
        self._title()
        self._show(message.dropin)
        if message.dropin is None:
            if message.ask:
                self.action_open_dropin()
            return
        # The visits recorded before, by this desk or another, oldest first (the newest last,
        # where each visit recorded from here goes).
        for visit in reversed(message.visits):
            self._add_recent(visit.alias if visit.person_id is not None else None, visit.needs)

    def _title(self) -> None:
        self.query_one("#dropin-title", Static).update(fmt(M.DROPIN_HEAD,
                                                           day=long_day(self.today)))

    def _show(self, dropin: DropInView | None) -> None:
        self.dropin = dropin
        if dropin is not None and dropin.day != self.today:  # its delegation's, picked
            self.today = dropin.day
            self._title()
        self.refresh_bindings()
        search = self.query_one("#dropin-search", Input)
        search.disabled = dropin is None
        if dropin is None:
            self.query_one("#dropin-volunteers", Static).update(M.DROPIN_NONE)
            self.query_one("#dropin-counts", Static).update(M.DROPIN_NONE_HINT)
            return
        span = fmt(M.DROPIN_HOURS, start=dropin.starts_at, end=dropin.ends_at) \
            if dropin.starts_at and dropin.ends_at else Content("")
        names = ", ".join(f"{v.name} ({hours(v.hours)} h)" for v in dropin.volunteers)
        self.query_one("#dropin-volunteers", Static).update(
            (fmt(M.DROPIN_VOLUNTEERS, names=names) if names else Content(M.DROPIN_NO_VOLUNTEER)) + span)
        self.query_one("#dropin-counts", Static).update(fmt(
            M.DROPIN_COUNTS, identified=dropin.identified_visits, anonymous=dropin.anonymous_visits))
        search.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The keys of the moment: opening while none is open, recording and closing after."""
        if action == "open_dropin":
            return self.dropin is None
        if action in ("anonymous", "new_person", "needs", "close_dropin"):
            return self.dropin is not None
        return True

    def action_open_dropin(self) -> None:
        if self.dropin is None:
            self.app.push_screen(OpenDropInModal(self.today, self.days), self._opened)

    def _opened(self, dropin: DropInView | None) -> None:
        if dropin is not None:
            self._show(dropin)
        else:  # one opened meanwhile at another desk (the form said so) is joined
            self.load(ask=False)

    # --- searching ----------------------------------------------------------------------
    @on(Input.Changed, "#dropin-search")
    def search(self, event: Input.Changed) -> None:
        event.stop()
        self.search_text = event.value.strip()
        self.enter_waiting = False
        if self.search_text:
            self.find(self.search_text)
        else:
            self._show_matches([])

    @work(thread=True, exclusive=True, exit_on_error=False, group=READ_GROUP)
    def find(self, text: str) -> None:
        # Only the persons of the drop-in's delegation: a visit records nobody else's (a
        # national account would otherwise be offered the country's namesakes).
        place = self.dropin.delegation if self.dropin is not None else ""
        persons = backend_of(self).call(svc.list_persons, search=text, limit=MATCHES + 1,
                                        delegation=place or None)
        if not cancelled():
            self.post_message(self.Matches(text, persons))

    @on(Matches)
    def matched(self, message: Matches) -> None:
        if message.text == self.search_text:
            self._show_matches(message.persons)
            if self.enter_waiting:
                self.enter_waiting = False
                self._record_highlighted()

    def _show_matches(self, persons: list[PersonView]) -> None:
        more, persons = len(persons) > MATCHES, persons[:MATCHES]
        self.matches = {f"m{p.id}": p for p in persons}
        self.shown_text = self.search_text
        widget = self.query_one("#dropin-matches", OptionList)
        widget.clear_options()
        if persons:
            widget.add_options(Option(fmt("{alias} · n° {id}", alias=p.alias, id=p.id), id=key)
                               for key, p in self.matches.items())
            if more:
                widget.add_option(Option(Content(M.DROPIN_MORE_MATCHES), disabled=True))
            widget.highlighted = 0
        elif self.search_text:
            widget.add_option(Option(fmt(M.DROPIN_NO_MATCH, text=self.search_text), disabled=True))

    def key_down(self, event: events.Key) -> None:
        """↓ from the search box goes to the list, on its first row: the key stops here, or
        the app would also hand it to the list just focused, which would move down one."""
        if self.focused is self.query_one("#dropin-search", Input) and self.matches:
            self.query_one("#dropin-matches", OptionList).focus()
            event.stop()

    def on_key(self, event: events.Key) -> None:
        """On the list, a letter goes on in the search box, and ↑ from its first row goes
        back to it (the list took neither: the letters were lost)."""
        matches = self.query_one("#dropin-matches", OptionList)
        if self.focused is not matches:
            return
        if event.is_printable and event.character:
            back_to_search(self.query_one("#dropin-search", Input), event.character)
            event.stop()
        elif event.key == "up" and not matches.highlighted:
            back_to_search(self.query_one("#dropin-search", Input))
            event.stop()

    # --- recording ----------------------------------------------------------------------
    def _needs(self) -> dict[str, bool]:
        return {self.need_domains[box.id]: True for box in self.query(Tick)
                if box.id in self.need_domains and box.value}

    @on(Input.Submitted, "#dropin-search")
    def record_first(self, event: Input.Submitted) -> None:
        """Entrée: the highlighted match, never one of a search typed before (« Zo » lists
        Zoé; « Zohra » typed fast, Entrée would record Zoé before the new read is back)."""
        event.stop()
        if self.shown_text != self.search_text:
            self.enter_waiting = True
            return
        self._record_highlighted()

    def _record_highlighted(self) -> None:
        widget = self.query_one("#dropin-matches", OptionList)
        if widget.highlighted is not None and self.matches:
            option = widget.get_option_at_index(widget.highlighted)
            self._record(self.matches[option.id or ""])

    @on(OptionList.OptionSelected, "#dropin-matches")
    def record_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        person = self.matches.get(event.option.id or "")
        if person is not None:
            self._record(person)

    def _record(self, person: PersonView) -> None:
        if self.dropin is not None:
            self.record(self.dropin.id, person.id, person.alias, self._needs())
            self._ready_for_next()

    def _ready_for_next(self) -> None:
        """Empty the search box and the needs as soon as a visit is asked for, not once it is
        recorded: what is typed and ticked meanwhile (the database may take a moment) is
        the next visitor's, and stays."""
        for box in self.query(Tick):
            if box.id in self.need_domains:
                box.value = False
        search = self.query_one("#dropin-search", Input)
        search.value = ""
        search.focus()

    @work(thread=True, exit_on_error=False, group=WRITE_GROUP)
    def record(self, dropin: int, person: int | None, alias: str | None,
               needs: dict[str, bool]) -> None:
        backend = backend_of(self)
        if person is None:
            view = backend.call(svc.record_anonymous, dropin, 1, needs=needs)
        else:
            view = backend.call(svc.record_visit, dropin, person, needs=needs)
        self.post_message(self.Recorded(view, alias, sorted(needs)))

    @on(Recorded)
    def recorded(self, message: Recorded) -> None:
        self._show(message.dropin)
        self._add_recent(message.who, message.needs)
        self.app.notify(M.ANONYMOUS_RECORDED if message.who is None else
                        M.VISIT_RECORDED.format(alias=clean(message.who)), markup=False)

    def _add_recent(self, who: str | None, domains: Sequence[str]) -> None:
        labels = dict(backend_of(self).domains())
        needs = fmt(M.RECENT_NEEDS, domains=", ".join(labels.get(d, d) for d in domains)) \
            if domains else Content("")
        line = (fmt(M.RECENT_VISIT, alias=who, needs="") if who is not None
                else Content(M.RECENT_ANONYMOUS.format(needs=""))) + needs
        recent = self.query_one("#dropin-recent", OptionList)
        recent.add_option(Option(line))
        recent.highlighted = recent.option_count - 1

    def action_needs(self) -> None:
        """Go to the needs (Espace ticks, Tab moves) and back to the search box."""
        ticks = list(self.query(Tick))
        if self.focused in ticks or not ticks:
            self.query_one("#dropin-search", Input).focus()
        else:
            ticks[0].focus()

    def action_anonymous(self) -> None:
        if self.dropin is not None:
            self.record(self.dropin.id, None, None, self._needs())
            self._ready_for_next()

    def action_new_person(self) -> None:
        if self.dropin is not None:
            self.app.push_screen(NewPersonModal(self.search_text, self.today,
                                                self.dropin.delegation), self._created)

    def _created(self, person: PersonView | None) -> None:
        if person is not None:
            self._record(person)

    # --- closing ------------------------------------------------------------------------
    def action_close_dropin(self) -> None:
        if self.dropin is not None:
            self.app.push_screen(ConfirmModal(M.CLOSE_CONFIRM), self._confirmed)

    def _confirmed(self, yes: bool | None) -> None:
        if yes and self.dropin is not None:
            self.close_today(self.dropin.id)

    @work(thread=True, exit_on_error=False, group=WRITE_GROUP)
    def close_today(self, dropin: int) -> None:
        self.post_message(self.Closed(backend_of(self).call(svc.close_dropin, dropin)))

    @on(Closed)
    def closed(self, message: Closed) -> None:
        self._show(None)
        self.query_one("#dropin-counts", Static).update(Content(M.SUMMARY_TITLE))
        labels = dict(backend_of(self).domains())
        if message.dropin.summary is not None:
            self.app.push_screen(ExplainModal(M.SUMMARY_TITLE,
                                              describe.summary(message.dropin.summary, labels),
                                              id="dropin-summary"))
