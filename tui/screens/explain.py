"""ExplainModal: a titled read-only explanation ("why this date", blocked reasons, a summary)."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tui import messages as M
from tui.text import plain


class ExplainModal(ModalScreen[None]):
    """Lines of literal content under a title; Entrée or Échap closes."""

    DEFAULT_CSS = """
    ExplainModal { align: center middle; }
    ExplainModal > VerticalScroll {
        width: 76; max-width: 98%; height: auto; max-height: 92%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    ExplainModal .explain-title { text-style: bold; margin-bottom: 1; }
    ExplainModal Button { margin-top: 1; }
    """
    BINDINGS = [Binding("escape,enter", "close", M.OK)]

    def __init__(self, title: str, lines: Iterable[Content | str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.heading = title
        self.lines = [line if isinstance(line, Content) else plain(line, one_line=False)
                      for line in lines]

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(plain(self.heading), classes="explain-title")
            yield Static(Content("\n").join(self.lines), id="explain-body")
            yield Button(M.OK, id="explain-ok")

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    def on_button_pressed(self) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)

    @property
    def text(self) -> str:
        """The explanation as plain text (what the user reads)."""
        return "\n".join(line.plain for line in self.lines)
