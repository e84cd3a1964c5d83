"""Textual's own words, in French: the ones a user can see.

Textual's select menu offers "Dismiss menu" in the footer while it is open, and its command
palette says "No matches found" and names its keys in English. :func:`install` renames the
select's keys (the bindings are compiled per class, so they are compiled again), and
:class:`FrenchPalette` is the palette the app opens.
"""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.binding import Binding
from textual.command import CommandList, CommandPalette
from textual.widgets import Select
from textual.widgets._select import SelectOverlay  # the menu a Select opens: no public name
from textual.widgets.option_list import Option

from tui import messages as M


def install() -> None:
    """Rename the select's keys (idempotent)."""
    SelectOverlay.BINDINGS = [Binding("escape", "dismiss", M.KEY_CLOSE_MENU)]
    Select.BINDINGS = [Binding("enter,down,space,up", "show_overlay", M.KEY_OPEN_MENU, show=False)]
    for cls in (SelectOverlay, Select):
        cls._merged_bindings = cls._merge_bindings()


class FrenchPalette(CommandPalette):
    """The command palette, with its keys and its "no match" line in French."""

    BINDINGS = [
        Binding("ctrl+end, shift+end", "command_list('last')", M.PALETTE_LAST, show=False),
        Binding("ctrl+home, shift+home", "command_list('first')", M.PALETTE_FIRST, show=False),
        Binding("down", "cursor_down", M.PALETTE_NEXT, show=False),
        Binding("escape", "escape", M.PALETTE_CLOSE),
        Binding("pagedown", "command_list('page_down')", M.PALETTE_NEXT_PAGE, show=False),
        Binding("pageup", "command_list('page_up')", M.PALETTE_PREVIOUS_PAGE, show=False),
        Binding("up", "command_list('cursor_up')", M.PALETTE_PREVIOUS, show=False),
    ]

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """As Textual's, with the line in French."""
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(Option(
                    Align.center(Text(M.PALETTE_NO_MATCH, style="not bold")),
                    disabled=True, id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
