"""PersonList: the people list as a Line-API scroll view that renders only the visible rows.

Rows arrive a page at a time (the screen asks the services with ``offset``/``limit``); the
widget keeps the loaded rows, draws the lines on screen and nothing else, and asks for the
next page with :class:`PersonList.NeedMore` when the cursor or the view nears the end of
what is loaded (performance.md G-UI-1..3). Aliases are drawn as plain segments after
:func:`tui.text.clean`: no markup is ever parsed and no control character reaches the
terminal.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui import messages as M
from tui.text import clean

AHEAD = 20
"""Ask for the next page when the cursor or the view is this close to the last loaded row."""


@dataclass(frozen=True)
class Row:
    """One person as the list shows her."""

    id: int
    alias: str
    step: str
    referent: str
    cursor: str | None = None
    """Her place in the list: the next page is asked after the last row's."""


class PersonList(ScrollView, can_focus=True):
    """Persons, one per line, with a cursor; Entrée opens the highlighted one."""

    DEFAULT_CSS = """
    PersonList { height: 1fr; overflow-x: hidden; background: $surface; }
    PersonList:focus { background-tint: $foreground 4%; }
    PersonList > .person-list--header { text-style: bold; color: $text-muted; }
    PersonList > .person-list--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold;
    }
    PersonList > .person-list--empty { color: $text-muted; text-style: italic; }
    """
    COMPONENT_CLASSES = {"person-list--header", "person-list--cursor", "person-list--empty"}
    BINDINGS = [
        Binding("up", "move(-1)", show=False), Binding("down", "move(1)", show=False),
        Binding("pageup", "page(-1)", show=False), Binding("pagedown", "page(1)", show=False),
        Binding("home", "jump(0)", show=False), Binding("end", "jump(-1)", show=False),
        Binding("enter", "select", M.KEY_OPEN),
    ]

    cursor: reactive[int] = reactive(0, init=False)

    class Selected(Message):
        """A person was chosen (Entrée, or a click on the highlighted row)."""

        def __init__(self, person_id: int) -> None:
            super().__init__()
            self.person_id = person_id

    class NeedMore(Message):
        """More rows may exist after the ``loaded`` ones."""

        def __init__(self, loaded: int) -> None:
            super().__init__()
            self.loaded = loaded

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[Row] = []
        self.has_more = False
        self._asked = False
        self._lines: dict[tuple[int, bool, int], Strip] = {}
        """Drawn rows by (index, under the cursor, width): a repaint re-uses them."""

    # --- data down ----------------------------------------------------------------------
    def set_rows(self, rows: list[Row], *, has_more: bool) -> None:
        """Replace every row (a new search or filter); the cursor goes back to the top."""
        self.rows, self.has_more, self._asked = list(rows), has_more, False
        self._lines.clear()
        self.set_reactive(PersonList.cursor, 0)
        self._resize()
        self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def add_rows(self, rows: list[Row], *, has_more: bool) -> None:
        """Append the next page."""
        self.rows.extend(rows)
        self.has_more, self._asked = has_more, False
        self._resize()
        self.refresh()

    @property
    def highlighted(self) -> Row | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def _resize(self) -> None:
        self._lines.clear()
        self.virtual_size = Size(self.size.width, len(self.rows) + 1)

    def on_resize(self) -> None:
        self._resize()

    # --- drawing ------------------------------------------------------------------------
    def _widths(self) -> tuple[int, int, int, int]:
        width = max(self.scrollable_content_region.width, 20)
        number, referent = 7, (16 if width >= 70 else 0)
        step = min(28, max(12, width // 3))
        return number, max(8, width - number - step - referent), step, referent

    def _cells(self, values: tuple[str, str, str, str], style: Style) -> Strip:
        widths = self._widths()
        parts = [set_cell_size(values[0], widths[0] - 1).rjust(widths[0] - 1) + " "]
        parts += [set_cell_size(clean(v), w - 1) + " " if w else ""
                  for v, w in zip(values[1:], widths[1:], strict=True)]
        text = "".join(parts)
        return Strip([Segment(text, style)], cell_len(text))

    def render_line(self, y: int) -> Strip:
        base = self.rich_style
        if y == 0:
            header = base + self.get_component_rich_style("person-list--header")
            return self._cells(("n°", M.COL_ALIAS, M.COL_STEP, M.COL_REFERENT), header)
        index = y - 1 + round(self.scroll_offset.y)
        if not self.rows and y == 1:
            empty = base + self.get_component_rich_style("person-list--empty")
            return Strip([Segment(M.PEOPLE_EMPTY, empty)])
        if index >= len(self.rows):
            return Strip.blank(self.size.width, base)
        self._maybe_ask(index)
        key = (index, index == self.cursor, self.size.width)
        line = self._lines.get(key)
        if line is None:
            if len(self._lines) > 4 * max(self.size.height, 10):
                self._lines.clear()
            row = self.rows[index]
            style = base + self.get_component_rich_style("person-list--cursor") \
                if index == self.cursor else base
            line = self._lines[key] = self._cells((str(row.id), row.alias, row.step, row.referent), style)
        return line

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()  # a theme or focus style changed: draw again

    def _maybe_ask(self, index: int) -> None:
        if self.has_more and not self._asked and index >= len(self.rows) - AHEAD:
            self._asked = True
            self.post_message(self.NeedMore(len(self.rows)))

    # --- keys and mouse -----------------------------------------------------------------
    def watch_cursor(self, old: int, new: int) -> None:
        view = max(1, self.scrollable_content_region.height - 1)
        top = round(self.scroll_offset.y)
        if new < top:
            self.scroll_to(y=new, animate=False, immediate=True)
        elif new >= top + view:
            self.scroll_to(y=new - view + 1, animate=False, immediate=True)
        self._maybe_ask(new)
        self.refresh()

    def _move_to(self, index: int) -> None:
        if self.rows:
            self.cursor = max(0, min(index, len(self.rows) - 1))

    def action_move(self, delta: int) -> None:
        self._move_to(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self._move_to(self.cursor + direction * max(1, self.scrollable_content_region.height - 2))

    def action_jump(self, index: int) -> None:
        self._move_to(index if index >= 0 else len(self.rows) - 1)

    def action_select(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.Selected(self.highlighted.id))

    def on_click(self, event: events.Click) -> None:
        index = event.y - 1 + round(self.scroll_offset.y)
        if event.y >= 1 and 0 <= index < len(self.rows):
            if index == self.cursor:
                self.action_select()
            self.cursor = index

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
