"""FittedTable: a row-cursor table whose columns share its width, never scrolled sideways.

A ``DataTable`` sizes its columns from their content, so a long alias or label pushes the
last columns out of an 80-column terminal. Screens using this table give fixed widths to
the columns instead, computed from :meth:`FittedTable.room` and cells cropped with an
ellipsis (build them with :func:`cell`), and fill it again when :class:`FittedTable.Resized`
says the width changed (first layout included). Cells are :class:`rich.text.Text` built from
cleaned strings: a ``DataTable`` would parse a plain ``str`` cell as markup. Début and Fin
go to the first and last row (a ``DataTable`` scrolls sideways with them).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import DataTable

from tui.text import clean

SCROLLBAR = 2


def cell(value: Any, style: str = "", *, right: bool = False) -> Text:
    """A literal one-line cell, cropped with an ellipsis."""
    return Text(clean(value), style=style, no_wrap=True, overflow="ellipsis",
                justify="right" if right else "left")


class FittedTable(DataTable):
    """Rows with a cursor and zebra stripes; says when its width changes."""

    DEFAULT_CSS = """
    FittedTable { width: 100%; }
    """

    class Resized(Message):
        """The table's width changed: fill it again with widths from :meth:`room`."""

        def __init__(self, table: FittedTable) -> None:
            super().__init__()
            self.table = table

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._width = 0

    def on_resize(self, event: events.Resize) -> None:
        # The whole width: ``size`` narrows when the vertical scrollbar comes and goes.
        if self.region.width != self._width:
            self._width = self.region.width
            self.post_message(self.Resized(self))

    def action_scroll_home(self) -> None:
        """Début: the first row, as in every other list (nothing to scroll sideways here)."""
        self.action_scroll_top()

    def action_scroll_end(self) -> None:
        """Fin: the last row."""
        self.action_scroll_bottom()

    def room(self, columns: int) -> int:
        """Cells left for ``columns`` columns' content: the width less paddings and a scrollbar
        (kept free whether it shows or not, so that the columns never move)."""
        return max(0, self.region.width - SCROLLBAR - 2 * self.cell_padding * columns)
