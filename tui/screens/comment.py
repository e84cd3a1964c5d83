"""CommentModal: a comment on a review item (``core.services.comment``).

The service records it as an event and as a restricted note on the person's file, which the
dialog says. The dialog makes the call, so an empty comment is refused on its error line
with the text kept. Returns the text recorded, or None when cancelled.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import TextArea

from core import services as svc
from tui import messages as M
from tui.screens.form import FormModal
from tui.text import fmt


class CommentModal(FormModal[str | None]):
    """A text area; Ctrl+S records, Échap cancels."""

    WIDTH = 76
    HELP = M.COMMENT_HELP
    DEFAULT_CSS = "CommentModal TextArea { height: 6; }"

    def __init__(self, key: str, alias: str) -> None:
        super().__init__()
        self.key, self.alias = key, alias

    def heading(self) -> Content | str:
        return fmt(M.COMMENT_TITLE, alias=self.alias)

    def fields(self) -> ComposeResult:
        yield TextArea(id="comment-text", soft_wrap=True, show_line_numbers=False)

    def action_save(self) -> None:
        self.clear_problem()
        self.submit(svc.comment, self.key, self.query_one(TextArea).text)

    def saved(self, value: object) -> None:
        self.dismiss(self.query_one(TextArea).text)
