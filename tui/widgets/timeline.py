"""Timeline: a track's events, oldest first: when it happened, what, who, when it was recorded.

A :class:`~tui.widgets.fitted_table.FittedTable`: the columns share the width it has, so a
long label is cropped (with an ellipsis) instead of pushing "par" and "saisi le" off-screen.
Who is always shown; when the table is narrow (a file at 80 columns) the recording time,
the least needed, is left out. Cells are literal (:func:`~tui.widgets.fitted_table.cell`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from tui import messages as M
from tui.text import day, stamp
from tui.widgets.fitted_table import FittedTable, cell

DAY, STAMP, LABEL_MIN = 10, 16, 24
"""Widths of a date, of a date and time, and the least a label keeps."""
ACTOR_MAX = 16

Event = tuple[datetime, datetime, str, str]
"""(occurred_at, recorded_at, actor, label)."""


class Timeline(FittedTable):
    """Three or four columns, one row per event; the newest row is highlighted."""

    DEFAULT_CSS = """
    Timeline { height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.events: list[Event] = []

    def show(self, rows: Iterable[Event]) -> None:
        """Replace the rows: (occurred_at, recorded_at, actor, label) per event."""
        self.events = list(rows)
        self._fill(keep_row=False)

    def on_fitted_table_resized(self, message: FittedTable.Resized) -> None:
        message.stop()
        self._fill(keep_row=True)

    def _widths(self) -> tuple[int, int, int]:
        """(actor, label, recorded) widths; recorded is 0 when there is no room for it."""
        actor = min(ACTOR_MAX, max([len(M.TIMELINE_BY), *(len(str(e[2] or "")) for e in self.events)]))
        room = self.room(4)
        if room - DAY - actor - STAMP >= LABEL_MIN:
            return actor, room - DAY - actor - STAMP, STAMP
        return actor, max(8, self.room(3) - DAY - actor), 0

    def _fill(self, *, keep_row: bool) -> None:
        row = self.cursor_row if keep_row else -1
        self.clear(columns=True)
        actor, label, recorded = self._widths()
        self.add_column(M.TIMELINE_OCCURRED, width=DAY)
        self.add_column(M.TIMELINE_WHAT, width=label)
        self.add_column(M.TIMELINE_BY, width=actor)
        if recorded:
            self.add_column(M.TIMELINE_RECORDED, width=recorded)
        for occurred, when, who, what in self.events:
            cells = [cell(day(occurred)), cell(what), cell(who)]
            # Recorded on her delegation's clock, as the day it happened is (the server's
            # own zone says nothing of where she is followed).
            self.add_row(*cells, *([cell(stamp(when, occurred.tzinfo))] if recorded else []))
        if not self.events:
            self.add_row(cell(""), cell(M.FILE_NO_EVENTS), cell(""), *([cell("")] if recorded else []))
        else:  # the newest event, or the row the user was on when the width changed
            self.move_cursor(row=row if 0 <= row < self.row_count - 1 else self.row_count - 1)

