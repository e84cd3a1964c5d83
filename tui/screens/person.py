"""PersonScreen: a person's file, as the services let the signed-in user see it.

At the top, the alias, the pathway step and the referent; on the left every track (open
first); on the right, for the highlighted track, its current step and five tabs: the
available actions (blocked ones with their reasons and remedies), the timeline of events,
the deadlines (Entrée: "why this date"), the facts recorded (« Informations »), the notes
(read by her referent and the supervisors; anyone may add one) and her consents per purpose
(« Consentements », for the caseworkers: Entrée records one, or withdraws an active one after
a confirmation; a withdrawal takes effect at once). Advancing opens
:class:`AdvanceModal`; ``d`` opens a new track among every installed plugin's. One read
worker loads the whole file; switching tracks needs no database.

Restricted facts and notes (the récit, complaint details) come locked from the services, and
an action judged on them comes veiled; Entrée on one asks her password again, or a reason
(:mod:`tui.screens.person_restricted`). The consents tab is in
:mod:`tui.screens.person_consents`. Whoever sees only the front desk (``PersonView.view``)
gets the alias, the pathway, whether she has a referent and her open domains by label, never
a domain track's step, nor the facts tab.
A supervisor of her delegation also places or lifts a legal hold (``g``) and erases her
(``x``): :mod:`tui.screens.protection`.
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
from textual.widgets import Footer, Header, OptionList, Static, TabbedContent, Tabs, TabPane
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from core import services as svc
from core.schemas import (ActionView, AdvanceResult, ConsentView, DeadlineView, EventView,
                          FactView, NoteView, PersonView, TrackView)
from core.services import PATHWAY, NotFound
from tui import describe
from tui import messages as M
from tui.screens.advance import AdvanceModal
from tui.screens.explain import ExplainModal
from tui.screens.note import NoteModal
from tui.screens.person_consents import Consents
from tui.screens.person_restricted import Restricted
from tui.screens.protection import Protection
from tui.screens.start_track import StartTrackModal
from tui.text import day, fmt, show_or_hide
from tui.widgets.timeline import Timeline
from tui.workers import (READ_GROUP, WRITE_GROUP, WorkerErrors, app_of, backend_of,
                         cancelled)


TAB_TITLES = {"tab-actions": M.KEY_ACTIONS, "tab-history": M.KEY_HISTORY,
              "tab-deadlines": M.KEY_DEADLINES, "tab-facts": M.KEY_FACTS,
              "tab-notes": M.KEY_NOTES, "tab-consents": M.KEY_CONSENTS}
"""The file's tabs and their full titles."""


class FileData:
    """Everything the file shows, as loaded by one worker."""

    def __init__(self, person: PersonView, actions: list[ActionView], events: list[EventView],
                 deadlines: list[DeadlineView], notes: list[NoteView] | None,
                 facts: list[FactView] | None, today: date) -> None:
        """``notes`` and ``facts`` are None when the user may not read them; ``today`` is
        her day, on her delegation's clock (what a form offers as today)."""
        self.person, self.actions, self.events = person, actions, events
        self.deadlines, self.notes, self.facts = deadlines, notes, facts
        self.today = today

    @property
    def front_desk(self) -> bool:
        return self.person.view == "front_desk"

    def tracks(self) -> list[TrackView]:
        """Open tracks first (the pathway leading), then closed ones."""
        return sorted(self.person.tracks, key=lambda t: (t.status != "open", t.track != PATHWAY, t.id))


class PersonScreen(Protection, Consents, Restricted, WorkerErrors, Screen[None]):
    """The file of one person."""

    TITLE = M.FILE_TITLE
    DEFAULT_CSS = """
    PersonScreen #file-head { height: auto; margin: 0 1; }
    PersonScreen #file-alias { text-style: bold; }
    PersonScreen #file-tracks { width: 26; }
    PersonScreen #file-main { width: 1fr; }
    PersonScreen #file-step { height: auto; margin: 0 1; text-style: bold; }
    PersonScreen #file-guidance { height: auto; max-height: 3; margin: 0 1; color: $text-muted; }
    PersonScreen TabbedContent { height: 1fr; }
    PersonScreen TabPane { padding: 0; }
    PersonScreen #file-actions { height: 1fr; }
    PersonScreen TabPane OptionList, PersonScreen TabPane OptionList:focus { border: none; }
    PersonScreen TabPane OptionList:focus { background-tint: $foreground 4%; }
    PersonScreen #file-reasons {
        height: auto; max-height: 8; border-top: solid $primary-muted; padding: 0 1;
    }
    PersonScreen #file-deadlines, PersonScreen #file-notes, PersonScreen #file-facts,
    PersonScreen #file-consents {
        height: 1fr;
    }
    PersonScreen #file-notes-restricted { margin: 1; color: $text-muted; }
    PersonScreen #file-desk { display: none; }
    PersonScreen #file-held { display: none; color: $warning; }
    """
    BINDINGS = [
        Binding("escape", "app.back", M.KEY_BACK),
        Binding("a", "tab('tab-actions')", M.KEY_ACTIONS, show=False),
        Binding("h", "tab('tab-history')", M.KEY_HISTORY, show=False),
        Binding("e", "tab('tab-deadlines')", M.KEY_DEADLINES, show=False),
        Binding("n", "tab('tab-notes')", M.KEY_NOTES, show=False),
        Binding("i", "tab('tab-facts')", M.KEY_FACTS, show=False),
        Binding("c", "tab('tab-consents')", M.KEY_CONSENTS, show=False),
        Binding("d", "start_track", M.KEY_START_TRACK),
        Binding("ctrl+n", "add_note", M.KEY_NOTE),
        # A supervisor's rare keys, said in the help (F1): in the footer at 80 columns they
        # pushed the panic key (F12) and the help off the line.
        Binding("g", "hold", M.KEY_HOLD, show=False),
        Binding("x", "erase", M.KEY_ERASE, show=False),
        Binding("r", "reload", M.KEY_RELOAD, show=False),
    ]

    class Loaded(Message):
        def __init__(self, data: FileData) -> None:
            super().__init__()
            self.data = data

    class Started(Message):
        def __init__(self, track: TrackView) -> None:
            super().__init__()
            self.track = track

    def __init__(self, person_id: int, deadline: int | None = None) -> None:
        super().__init__()
        self.person_id = person_id
        self.data: FileData | None = None
        self.track_id: int | None = None
        self.deadline = deadline
        """The deadline the file was opened on (from the home screen): shown once loaded."""
        self.actions: dict[str, ActionView] = {}
        self.deadlines: dict[str, DeadlineView] = {}
        self.consents: dict[str, ConsentView] = {}
        self.reason: str | None = None
        """The reason typed for an exceptional access, sent with every read of this file."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="file-head"):
            yield Static("", id="file-alias")
            yield Static("", id="file-pathway")
            yield Static("", id="file-desk")
            yield Static(M.FILE_HELD, id="file-held")
        with Horizontal():
            tracks = OptionList(id="file-tracks", classes="section")
            tracks.border_title = M.FILE_TRACKS
            yield tracks
            with Vertical(id="file-main"):
                yield Static("", id="file-step")
                yield Static("", id="file-guidance")
                with TabbedContent(initial="tab-actions"):
                    with TabPane(M.KEY_ACTIONS, id="tab-actions"):
                        yield OptionList(id="file-actions")
                        yield Static("", id="file-reasons")
                    with TabPane(M.KEY_HISTORY, id="tab-history"):
                        yield Timeline(id="file-timeline")
                    with TabPane(M.KEY_DEADLINES, id="tab-deadlines"):
                        yield OptionList(id="file-deadlines")
                    if backend_of(self).casework:
                        with TabPane(M.KEY_FACTS, id="tab-facts"):
                            yield OptionList(id="file-facts")
                    with TabPane(M.KEY_NOTES, id="tab-notes"):
                        yield OptionList(id="file-notes")
                        yield Static(M.FILE_NOTES_RESTRICTED, id="file-notes-restricted")
                    if backend_of(self).may("consent.list"):
                        with TabPane(M.KEY_CONSENTS, id="tab-consents"):
                            yield OptionList(id="file-consents")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.action_reload()

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit_tabs)

    def _fit_tabs(self) -> None:
        """Short titles for some tabs when the full ones do not fit: at 80 columns the last
        one, « Consentements », was off the line, shown only once chosen."""
        tabs = self.query_one(TabbedContent)
        shown = [pane for pane in tabs.query(TabPane) if tabs.get_tab(pane).display]
        full = {pane.id or "": TAB_TITLES.get(pane.id or "", "") for pane in shown}
        room = self.query_one(Tabs).size.width
        short = sum(len(title) + 2 for title in full.values()) > room
        for key, title in full.items():
            if title:
                tabs.get_tab(key).label = M.FILE_SHORT_TABS.get(key, title) if short else title

    # --- loading ------------------------------------------------------------------------
    def action_reload(self) -> None:
        self.load()

    gone = False
    """Her file is no longer reachable (erased elsewhere, or out of the caller's reach now)."""

    @on(Worker.StateChanged)
    async def file_gone(self, event: Worker.StateChanged) -> None:
        """A read told that her file is gone: what was loaded of her (alias, tracks, notes)
        leaves with this screen before the error is shown, never kept under it (Textual then
        calls :class:`WorkerErrors`'s handler, which shows it)."""
        if event.state is WorkerState.ERROR and event.worker.group == READ_GROUP \
                and isinstance(event.worker.error, NotFound):  # a write's: a track closed
            self.data, self.gone = None, True
            if self.is_current:
                await self.app.run_action("app.back")

    locked_over = False
    """The lock screen came over her file: what it shows is read again at unlock."""

    def on_screen_suspend(self) -> None:
        self.locked_over = app_of(self).locked

    async def on_screen_resume(self) -> None:
        if self.gone:  # told while a dialog was over it
            await self.app.run_action("app.back")
        elif self.locked_over:  # she may have been erased, or left the caller's reach, since
            self.locked_over = False
            self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group=READ_GROUP)
    def load(self) -> None:
        backend, pid = backend_of(self), self.person_id
        person = backend.call(svc.show_person, pid)
        actions = backend.call(svc.list_actions, pid, reason=self.reason)
        events = backend.call(svc.history, pid, reason=self.reason)
        deadlines = backend.call(svc.list_deadlines, pid)
        detail = backend.reads_file(person)
        notes = backend.call(svc.list_notes, pid, reason=self.reason) \
            if detail and backend.reads_notes else None
        facts = backend.call(svc.person_facts, pid, reason=self.reason) if detail else None
        today = backend.today_of(person.delegation)
        if not cancelled():
            self.post_message(self.Loaded(FileData(person, actions, events, deadlines, notes,
                                                   facts, today)))

    @on(Loaded)
    def show(self, message: Loaded) -> None:
        self.data = data = message.data
        person = data.person
        self.query_one("#file-alias", Static).update(fmt(M.FILE_HEAD, alias=person.alias, id=person.id))
        if person.referent:
            referent = fmt(M.FILE_REFERENT, name=person.referent)
        else:
            referent = Content(M.FILE_HAS_REFERENT if person.has_referent else M.FILE_NO_REFERENT)
        self.query_one("#file-pathway", Static).update(
            fmt(M.FILE_PATHWAY, step=person.pathway_label or "") + Content(" · ") + referent)
        self._show_desk(data)
        self.query_one("#file-held", Static).display = bool(person.held)
        self.refresh_bindings()  # holding and erasing depend on what was loaded
        tracks = data.tracks()
        opened_on = next((d for d in data.deadlines if d.id == self.deadline), None)
        self.deadline = None
        if opened_on is not None:
            self.track_id = opened_on.track_id
        if self.track_id not in {t.id for t in tracks}:
            self.track_id = tracks[0].id if tracks else None
        options = self.query_one("#file-tracks", OptionList)
        options.clear_options()
        options.add_options(Option(fmt(M.FILE_TRACK if t.status == "open" else M.FILE_TRACK_CLOSED,
                                       one_line=False, label=t.label, step=t.step_label), id=str(t.id))
                            for t in tracks)
        if self.track_id is not None:
            options.highlighted = options.get_option_index(str(self.track_id))
        self._show_notes(data.notes)
        self._show_consents(person.consents)
        self._show_track()
        if opened_on is not None and f"d{opened_on.id}" in self.deadlines:
            self.action_tab("tab-deadlines")
            deadlines = self.query_one("#file-deadlines", OptionList)
            deadlines.highlighted = deadlines.get_option_index(f"d{opened_on.id}")

    def _show_desk(self, data: FileData) -> None:
        """The front desk's line (her open domains by label), and only the tabs it may read."""
        backend = backend_of(self)
        desk = self.query_one("#file-desk", Static)
        desk.display = data.front_desk
        if data.front_desk:
            labels = ", ".join(backend.domain_label(d) for d in data.person.domains)
            desk.update(fmt(M.FILE_DOMAINS, domains=labels) if labels else Content(M.FILE_NO_DOMAINS))
        tabs = self.query_one(TabbedContent)
        if data.facts is None and tabs.query("#tab-facts"):
            tabs.hide_tab("tab-facts")
    @property
    def track(self) -> TrackView | None:
        if self.data is None:
            return None
        return next((t for t in self.data.person.tracks if t.id == self.track_id), None)

    @on(OptionList.OptionHighlighted, "#file-tracks")
    def pick_track(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        chosen = int(event.option.id or 0)
        if chosen != self.track_id:
            self.track_id = chosen
            self._show_track()

    def _show_track(self) -> None:
        track, data = self.track, self.data
        if track is None or data is None:
            return
        step = fmt(M.FILE_STEP, step=track.step_label, since=day(track.step_since))
        if track.next_due:
            step += fmt(M.FILE_STEP_NEXT_DUE, due=day(track.next_due))
        self.query_one("#file-step", Static).update(step)
        guidance = backend_of(self).step_guidance(track.track, track.version, track.step)
        show_or_hide(self.query_one("#file-guidance", Static),
                     fmt(M.STEP_GUIDANCE, one_line=False, text=guidance) if guidance else "")
        self._show_actions([a for a in data.actions if a.track == track.track and track.status == "open"])
        backend = backend_of(self)
        events = [e for e in data.events
                  if e.track == track.track or (e.track is None and track.track == PATHWAY)]
        self.query_one(Timeline).show((e.occurred_at, e.recorded_at, e.actor,
                                       describe.event_label(backend, e)) for e in events)
        # The front desk sees no domain track: each deadline comes with its domain instead.
        self._show_deadlines(data.deadlines if data.front_desk
                             else [d for d in data.deadlines if d.track_id == track.id])
        if data.facts is not None:
            self._show_facts([f for f in data.facts if f.track_id == track.id])

    def _show_actions(self, actions: list[ActionView]) -> None:
        widget = self.query_one("#file-actions", OptionList)
        # The file reloaded (a password, a reason given on the action): the cursor stays on it.
        before = self.actions.get(f"a{widget.highlighted}") if widget.highlighted is not None \
            else None
        self.actions = {f"a{i}": a for i, a in enumerate(actions)}
        widget.clear_options()
        widget.add_options([Option(fmt(M.ACTION_ALLOWED if a.allowed else M.ACTION_BLOCKED,
                                       label=a.label, dest=a.dest_label), id=key)
                            for key, a in self.actions.items()]
                           or [Option(Content(M.FILE_NO_ACTIONS), disabled=True)])
        if self.actions:
            widget.highlighted = next(
                (i for i, a in enumerate(actions) if before is not None
                 and (a.track, a.trigger) == (before.track, before.trigger)), 0)
        self._show_reasons(self.actions.get(f"a{widget.highlighted}"))

    def _show_reasons(self, action: ActionView | None) -> None:
        lines = describe.reasons(action.reasons) if action else []
        if action and not lines:
            lines = [Content(M.ACTION_NOTHING_TO_EXPLAIN)]
        self.query_one("#file-reasons", Static).update(Content("\n").join(lines))

    def _show_deadlines(self, deadlines: list[DeadlineView]) -> None:
        self.deadlines = {f"d{d.id}": d for d in deadlines}
        widget = self.query_one("#file-deadlines", OptionList)
        widget.clear_options()
        backend = backend_of(self)
        widget.add_options([Option(fmt(M.DEADLINE_LINE, due=day(d.due),
                                       label=d.label or backend.domain_label(d.track),
                                       state=describe.deadline_state(d.state)), id=key)
                            for key, d in self.deadlines.items()]
                           or [Option(Content(M.FILE_NO_DEADLINES), disabled=True)])
        if self.deadlines:
            widget.highlighted = 0

    def _show_notes(self, notes: list[NoteView] | None) -> None:
        widget = self.query_one("#file-notes", OptionList)
        widget.display = notes is not None
        self.query_one("#file-notes-restricted", Static).display = notes is None
        if notes is None:
            return
        widget.clear_options()
        widget.add_options([Option(fmt(M.NOTE_LOCKED if n.locked else M.NOTE_LINE, one_line=False,
                                       day=day(n.created_at), author=n.author, text=n.text,
                                       track=M.NOTE_TRACK.format(track=n.track) if n.track else ""),
                                   id=f"{'locked' if n.locked else 'note'}-{n.id}")
                            for n in notes] or [Option(Content(M.FILE_NO_NOTES), disabled=True)])
        if notes:
            widget.highlighted = 0

    def _show_facts(self, facts: list[FactView]) -> None:
        widget = self.query_one("#file-facts", OptionList)
        widget.clear_options()
        widget.add_options([Option(fmt(M.FACT_LOCKED, label=f.label), id=f"locked-{i}") if f.locked
                            else Option(fmt(M.FACT_LINE, one_line=False, label=f.label,
                                            value=describe.fact_value(f.value)), id=f"fact-{i}")
                            for i, f in enumerate(facts)]
                           or [Option(Content(M.FILE_NO_FACTS), disabled=True)])
        if facts:
            widget.highlighted = 0

    # --- the user's choices -------------------------------------------------------------
    @on(OptionList.OptionHighlighted, "#file-actions")
    def explain_action(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._show_reasons(self.actions.get(event.option.id or ""))

    @on(OptionList.OptionSelected, "#file-actions")
    def do_action(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        action, track = self.actions.get(event.option.id or ""), self.track
        if action is None or track is None:
            return
        if action.allowed:
            self.app.push_screen(AdvanceModal(self.person_id, track, action, self.reason),
                                 self._advanced)
        elif self._veiled(action):
            # Judged on her restricted content: her password or a reason, then the verdict.
            self.action_open_restricted()
        else:
            self.app.push_screen(ExplainModal(
                M.BLOCKED_TITLE.format(label=action.label),
                [Content(M.BLOCKED_HINT), *describe.reasons(action.reasons)], id="blocked"))

    def _advanced(self, result: AdvanceResult | None) -> None:
        if result is None:
            return
        self.app.notify(M.ADVANCED.format(label=result.step_label), markup=False)
        for warning in result.warnings:
            self.app.notify(warning.message, severity="warning", markup=False)
        self.action_reload()

    @on(OptionList.OptionSelected, "#file-deadlines")
    def why(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        deadline = self.deadlines.get(event.option.id or "")
        if deadline is not None and deadline.view == "file":
            self.app.push_screen(ExplainModal(M.WHY_TITLE, describe.why_this_date(deadline), id="why"))
        elif deadline is not None:  # the front desk has no inputs: Entrée said nothing at all
            self.app.notify(M.FILE_FRONT_DESK, markup=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "tab" and parameters == ("tab-facts",):
            return bool(self.data and self.data.facts is not None)
        if action == "tab" and parameters == ("tab-consents",):
            return bool(self.data and self.data.person.consents is not None
                        and self.query("#tab-consents"))
        if action == "add_note":
            return backend_of(self).may("note.add")
        if action in ("hold", "erase"):
            # A supervisor of her delegation, on her file once loaded (the services decide).
            return self.data is not None and not self.data.front_desk \
                and backend_of(self).may(f"person.{action}")
        return True

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        pane = self.query_one(f"#{tab}", TabPane)
        focusable = [w for w in pane.query("*") if w.focusable]
        if focusable:
            focusable[0].focus()

    def action_add_note(self) -> None:
        track = self.track
        on_track = track.track if track and track.status == "open" else None
        self.app.push_screen(NoteModal(self.person_id, on_track), lambda note: self.action_reload())

    def action_start_track(self) -> None:
        if self.data is None:
            return
        backend = backend_of(self)
        open_ids = {t.track for t in self.data.person.tracks if t.status == "open"}
        self.app.push_screen(StartTrackModal(backend.definitions(), open_ids, dict(backend.domains())),
                             self._start)

    def _start(self, track_id: str | None) -> None:
        if track_id:
            self.start(track_id)

    @work(thread=True, exit_on_error=False, group=WRITE_GROUP)
    def start(self, track_id: str) -> None:
        track = backend_of(self).call(svc.start_track, self.person_id, track_id)
        self.post_message(self.Started(track))

    @on(Started)
    def started(self, message: Started) -> None:
        template = M.TRACK_STARTED if message.track.created else M.TRACK_ALREADY_OPEN
        self.app.notify(template.format(label=message.track.label), markup=False)
        self.track_id = message.track.id
        self.action_reload()
