"""ReviewScreen: the supervisors' review queue and its decisions.

Items come from ``core.services.review_queue`` as of the evaluation date, most severe first
(then by due date or start), in a table filtered by kind, referent and domain: each filter
change reloads through the service. Under the table, the highlighted item in full: its
kind and severity, the person, track and step, since when, the due date, the referent and
the service's explanation (for an answer awaited too long, what the authority's silence
means). Entrée opens the person's file. Decisions: ``a`` acknowledges (after a
confirmation), ``r`` snoozes until a date with a reason (:class:`SnoozeModal`), ``t``
reassigns the referent (:class:`ReassignModal`), ``c`` comments (:class:`CommentModal`).
Each runs in a write worker, the list reloads after it, and a refusal (a date not after
today, an empty reason) ends in the French error dialog. What a role may do is the
services' policy: referents read and comment, and are told at once that deciding is not
theirs; supervisors decide. The referent filter lists the users of her delegations to those
who may list users (supervisors), and herself to a referent; reassigning offers the
candidates the service gives for that person (``referent_candidates``: active referents and
supervisors of her delegation).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Select, Static

from core import services as svc
from core.schemas import UserView
from core.services import REVIEW_KINDS, REVIEW_SEVERITIES, ReviewItem, role_refusal
from tui import messages as M
from tui.events import OpenPerson
from tui.screens.comment import CommentModal
from tui.screens.confirm import ConfirmModal
from tui.screens.reassign import ReassignModal
from tui.screens.snooze import Snooze, SnoozeModal
from tui.widgets.fact_form import REFERENT_ROLES
from tui.text import clean, day, fmt, plain, show_or_hide
from tui.widgets.fitted_table import FittedTable, cell
from tui.workers import CHOICES_GROUP, READ_GROUP, WRITE_GROUP, WorkerErrors, app_of, backend_of, cancelled

DECIDE = "review.decide"
COMMENT = "review.comment"
FIXED = {"severity": 7, "kind": 13, "date": 10}
"""Widths of the columns that never need more; the others share what is left."""
EMPTY_ROW = "-"


@dataclass(frozen=True)
class ReviewQuery:
    """The filters: one kind, one referent, one domain (None: all)."""

    kind: str | None = None
    referent: str | None = None
    domain: str | None = None

    def filters(self) -> dict[str, Any]:
        return {"kinds": {self.kind} if self.kind else None, "referent": self.referent,
                "domain": self.domain}


class ReviewTable(FittedTable):
    """The items, one per row; Entrée opens the highlighted person's file."""

    BINDINGS = [Binding("enter", "select_cursor", M.KEY_OPEN, show=False)]  # said above it


class ReviewScreen(WorkerErrors, Screen[None]):
    """Filters, the count, the items and the highlighted item's detail."""

    TITLE = M.REVIEW_TITLE
    DEFAULT_CSS = """
    ReviewScreen #review-filters { height: 1; margin: 0 1; }
    ReviewScreen #review-filters Select { width: 1fr; margin-right: 1; }
    ReviewScreen #review-count { height: 1; margin: 0 1; color: $text-muted; }
    ReviewScreen #review-read-only { height: auto; margin: 0 1; color: $text-muted; }
    ReviewScreen ReviewTable { height: 1fr; }
    ReviewScreen #review-detail {
        height: auto; max-height: 7; padding: 0 1; border-top: solid $primary-muted;
    }
    ReviewScreen #review-detail-head { text-style: bold; }
    """
    BINDINGS = [
        Binding("escape", "app.back", M.KEY_BACK, show=False),  # room for the decisions at 80
        Binding("a", "acknowledge", M.KEY_ACKNOWLEDGE),
        Binding("r", "snooze", M.KEY_SNOOZE),
        Binding("t", "reassign", M.KEY_REASSIGN),
        Binding("c", "comment", M.KEY_COMMENT),
        Binding("f", "filters", M.KEY_FILTERS, show=False),
        Binding("f5", "reload", M.KEY_RELOAD, show=False),
    ]

    class Loaded(Message):
        def __init__(self, query: ReviewQuery, items: list[ReviewItem]) -> None:
            super().__init__()
            self.query, self.items = query, items

    class UsersLoaded(Message):
        def __init__(self, users: list[UserView]) -> None:
            super().__init__()
            self.users = users

    class Decided(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Undecided(Message):
        """The decision on ``key`` was refused (the error dialog says why)."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self) -> None:
        super().__init__()
        self.current = ReviewQuery()
        self.items: dict[str, ReviewItem] = {}
        self.users: list[UserView] = []
        self.generation = 0
        """How many lists have been shown (the tests wait on it)."""
        self.deciding: set[str] = set()
        """Items acknowledged but still listed (until a list without them comes back): a
        second « a » on one, pressed while the first was written, recorded it twice."""

    def compose(self) -> ComposeResult:
        backend = backend_of(self)
        kinds = [(plain(label), kind) for kind, label in REVIEW_KINDS.items()]
        domains = [(plain(label), domain) for domain, label in backend.domains()]
        yield Header()
        with Horizontal(id="review-filters"):
            yield Select(kinds, prompt=M.REVIEW_ANY_KIND, id="filter-kind", compact=True)
            yield Select([], prompt=M.REVIEW_ANY_REFERENT, id="filter-referent", compact=True)
            yield Select(domains, prompt=M.REVIEW_ANY_DOMAIN, id="filter-domain", compact=True)
        yield Static("", id="review-count")
        if not backend.may(DECIDE):
            yield Static(M.REVIEW_READ_ONLY, id="review-read-only")
        yield ReviewTable(id="review-items")
        with Vertical(id="review-detail"):
            yield Static("", id="review-detail-head")
            yield Static("", id="review-detail-body")
        # Without the palette's « Ctrl+P Commandes » (in the help): at 80 columns it cut
        # « F1 Aide » off the footer.
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one(ReviewTable).focus()
        self.load_users()
        self.load(self.current)

    def on_screen_resume(self) -> None:
        if self.reload_on_resume() and self.generation:
            self.action_reload()

    # --- reading ------------------------------------------------------------------------
    def action_reload(self) -> None:
        self.load(self.current)

    @work(thread=True, exclusive=True, exit_on_error=False, group=READ_GROUP)
    def load(self, query: ReviewQuery) -> None:
        items = backend_of(self).call(svc.review_queue, **query.filters())
        if not cancelled():
            self.post_message(self.Loaded(query, items))

    @work(thread=True, exit_on_error=False, group=CHOICES_GROUP)
    def load_users(self) -> None:
        backend = backend_of(self)
        if backend.may("user.list"):
            users = [u for u in backend.call(svc.list_users) if u.active]
        else:
            users = [backend.user] if backend.user else []
        self.post_message(self.UsersLoaded(users))

    @on(UsersLoaded)
    def show_users(self, message: UsersLoaded) -> None:
        self.users = [u for u in message.users if u.role in REFERENT_ROLES]
        self.query_one("#filter-referent", Select).set_options(
            [(plain(u.name), u.name) for u in self.users])

    @on(Loaded)
    def show(self, message: Loaded) -> None:
        if message.query != self.current:
            return
        table = self.query_one(ReviewTable)
        row = table.cursor_row
        self.items = {i.key: i for i in message.items}
        self.deciding.intersection_update(self.items)
        self._fill(table)
        if self.items:
            table.move_cursor(row=min(row, len(self.items) - 1), animate=False)
        self._show_count()
        self._show_detail(self.item)
        self.generation += 1

    @staticmethod
    def _widths(room: int) -> dict[str, int]:
        left = max(30, room - sum(FIXED.values()))
        alias, step = left * 30 // 100, left * 45 // 100
        return {**FIXED, "alias": alias, "step": step, "referent": left - alias - step}

    def _fill(self, table: ReviewTable) -> None:
        table.clear(columns=True)
        widths = self._widths(table.room(6))
        for key, label in (("severity", M.REVIEW_COL_SEVERITY), ("kind", M.REVIEW_COL_KIND),
                           ("alias", M.REVIEW_COL_ALIAS), ("step", M.REVIEW_COL_STEP),
                           ("date", M.REVIEW_COL_DATE), ("referent", M.REVIEW_COL_REFERENT)):
            table.add_column(label, width=widths[key], key=key)
        for item in self.items.values():
            strong = "bold red" if item.severity == "high" else ""
            table.add_row(cell(REVIEW_SEVERITIES.get(item.severity, item.severity), strong),
                          cell(M.REVIEW_KIND_SHORT.get(item.kind, item.kind), strong),
                          cell(item.alias), cell(item.step_label or "—"),
                          cell(day(item.due or item.since)), cell(item.referent or "—"),
                          key=item.key)
        if not self.items:
            table.add_row(cell(""), cell(M.REVIEW_EMPTY), *(cell("") for _ in range(4)),
                          key=EMPTY_ROW)

    @on(FittedTable.Resized)
    def refit(self, message: FittedTable.Resized) -> None:
        message.stop()
        if self.generation:
            table = self.query_one(ReviewTable)
            row = table.cursor_row
            self._fill(table)
            if self.items:
                table.move_cursor(row=row, animate=False)

    def _show_count(self) -> None:
        severities = Counter(i.severity for i in self.items.values())
        self.query_one("#review-count", Static).update(fmt(
            M.REVIEW_COUNT, count=len(self.items), high=severities["high"],
            medium=severities["medium"], low=severities["low"]))

    @property
    def item(self) -> ReviewItem | None:
        """The highlighted item."""
        table = self.query_one(ReviewTable)
        if not self.items or table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.items.get(key or "")

    @on(DataTable.RowHighlighted)
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_detail(self.items.get(event.row_key.value or ""))

    def _show_detail(self, item: ReviewItem | None) -> None:
        head = self.query_one("#review-detail-head", Static)
        body = self.query_one("#review-detail-body", Static)
        if item is None:
            show_or_hide(head, "")
            show_or_hide(body, "")
            return
        show_or_hide(head, fmt(M.REVIEW_DETAIL_HEAD, kind=REVIEW_KINDS.get(item.kind, item.kind),
                               severity=REVIEW_SEVERITIES.get(item.severity, item.severity)))
        who = fmt(M.REVIEW_DETAIL_WHO, alias=item.alias, id=item.person_id)
        if item.track_label:
            who += fmt(M.REVIEW_DETAIL_TRACK, track=item.track_label, step=item.step_label or "")
        when = [fmt(M.REVIEW_DETAIL_SINCE, since=day(item.since))] if item.since else []
        if item.due:
            when.append(fmt(M.REVIEW_DETAIL_DUE, due=day(item.due)))
        when.append(fmt(M.REVIEW_DETAIL_REFERENT, name=item.referent) if item.referent
                    else Content(M.REVIEW_DETAIL_NO_REFERENT))
        lines = [who, Content(" · ").join(when), plain(item.detail)]
        show_or_hide(body, Content("\n").join(lines))

    # --- filters ------------------------------------------------------------------------
    @on(Select.Changed)
    def filter(self, event: Select.Changed) -> None:
        event.stop()
        value = None if event.value is Select.NULL else str(event.value)
        field = {"filter-kind": "kind", "filter-referent": "referent",
                 "filter-domain": "domain"}[event.select.id or ""]
        query = replace(self.current, **{field: value})
        if query != self.current:
            self.current = query
            self.load(query)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer only the decisions the role may take (the services' policy)."""
        needed = {"acknowledge": DECIDE, "snooze": DECIDE, "reassign": DECIDE,
                  "comment": COMMENT}.get(action)
        return True if needed is None else backend_of(self).may(needed)

    def action_filters(self) -> None:
        self.query_one("#filter-kind", Select).focus()

    # --- opening and deciding -----------------------------------------------------------
    @on(DataTable.RowSelected)
    def open_person(self, event: DataTable.RowSelected) -> None:
        event.stop()
        item = self.items.get(event.row_key.value or "")
        if item is not None:
            self.post_message(OpenPerson(item.person_id))

    def _chosen(self, service: str) -> ReviewItem | None:
        """The highlighted item, if the role may run ``service`` on it (else say why)."""
        item = self.item
        backend = backend_of(self)
        if item is not None and not backend.may(service):
            app_of(self).show_error(role_refusal(backend.role, service))
            return None
        return item

    def action_acknowledge(self) -> None:
        item = self._chosen(DECIDE)
        if item is None:
            return
        if item.key in self.deciding:
            self.app.notify(M.REVIEW_ACK_PENDING.format(alias=clean(item.alias)), markup=False)
            return
        question = M.REVIEW_ACK_CONFIRM.format(kind=REVIEW_KINDS.get(item.kind, item.kind),
                                               alias=clean(item.alias))

        def answered(yes: bool | None) -> None:
            if yes and item.key not in self.deciding:
                self.deciding.add(item.key)
                self.decide(svc.acknowledge, item.key,
                            M.REVIEW_ACKNOWLEDGED.format(alias=clean(item.alias)))
        self.app.push_screen(ConfirmModal(question), answered)

    def action_snooze(self) -> None:
        item = self._chosen(DECIDE)
        if item is None:
            return

        def snoozed(snooze: Snooze | None) -> None:
            if snooze is not None:
                self.decided_by_dialog(M.REVIEW_SNOOZED.format(until=day(snooze.until),
                                                               alias=clean(item.alias)))
        self.app.push_screen(SnoozeModal(item.key, item.alias), snoozed)

    def action_reassign(self) -> None:
        item = self._chosen(DECIDE)
        if item is None:
            return

        def reassigned(name: str | None) -> None:
            if name:
                self.decided_by_dialog(M.REVIEW_REASSIGNED.format(alias=clean(item.alias),
                                                                  name=clean(name)))
        self.app.push_screen(ReassignModal(item.key, item.person_id, item.alias, item.referent),
                             reassigned)

    def action_comment(self) -> None:
        item = self._chosen(COMMENT)
        if item is None:
            return

        def written(text: str | None) -> None:
            if text is not None:
                self.decided_by_dialog(M.REVIEW_COMMENTED.format(alias=clean(item.alias)))
        self.app.push_screen(CommentModal(item.key, item.alias), written)

    def decided_by_dialog(self, done: str) -> None:
        """A dialog made the decision (it keeps what was typed when refused): say it, reload."""
        self.post_message(self.Decided(done))

    @work(thread=True, exit_on_error=False, group=WRITE_GROUP)
    def decide(self, service: Callable[..., None], key: str, done: str) -> None:
        try:
            backend_of(self).call(service, key)
        except BaseException:
            self.post_message(self.Undecided(key))
            raise
        self.post_message(self.Decided(done))

    @on(Undecided)
    def undecided(self, message: Undecided) -> None:
        self.deciding.discard(message.key)

    @on(Decided)
    def decided(self, message: Decided) -> None:
        self.app.notify(message.text, markup=False)
        self.action_reload()
