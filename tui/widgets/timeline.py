"""Timeline: a track's events, oldest first: when it happened, what, who, when it was recorded.

Cells are :class:`rich.text.Text` built from cleaned strings: a ``DataTable`` would parse a
plain ``str`` cell as markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from rich.text import Text
from textual.widgets import DataTable

from tui import messages as M
from tui.text import clean, day, stamp


class Timeline(DataTable):
    """Four columns, one row per event; the newest row is highlighted."""

    DEFAULT_CSS = """
    Timeline { height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.add_columns(M.TIMELINE_OCCURRED, M.TIMELINE_WHAT, M.TIMELINE_BY, M.TIMELINE_RECORDED)

    def show(self, rows: Iterable[tuple[datetime, datetime, str, str]]) -> None:
        """Replace the rows: (occurred_at, recorded_at, actor, label) per event."""
        self.clear()
        for occurred, recorded, actor, label in rows:
            self.add_row(Text(day(occurred)), Text(clean(label)),
                         Text(clean(actor)), Text(stamp(recorded)))
        if self.row_count:
            self.move_cursor(row=self.row_count - 1)
        else:
            self.add_row(Text(""), Text(M.FILE_NO_EVENTS), Text(""), Text(""))
