"""ExplainModal: a titled read-only explanation ("why this date", blocked reasons, a summary)."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from tui import messages as M
from tui.screens.form import FormModal, key
from tui.text import plain


class ExplainModal(FormModal[None]):
    """Lines of literal content under a title; Entrée or Échap closes."""

    WIDTH = 76
    BINDINGS = [key("enter", "cancel", M.OK), key("escape", "cancel", M.KEY_CLOSE, show=False)]

    def __init__(self, title: str, lines: Iterable[Content | str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.heading_text = title
        self.lines = [line if isinstance(line, Content) else plain(line, one_line=False)
                      for line in lines]

    def heading(self) -> Content | str:
        return self.heading_text

    def fields(self) -> ComposeResult:
        yield Static(Content("\n").join(self.lines), id="explain-body")

    def first_field(self) -> None:
        self.query_one("#form-body").focus()  # the arrows scroll a long explanation
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action != "save"

    @property
    def text(self) -> str:
        """The explanation as plain text (what the user reads)."""
        return "\n".join(line.plain for line in self.lines)
