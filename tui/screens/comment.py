"""CommentModal: a comment on a review item (``core.services.comment``).

The service records it as an event and as a restricted note on the person's file, which the
dialog says. Returns the text, or None when cancelled; the review screen makes the call and
an empty comment is the service's to refuse.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static, TextArea

from tui import messages as M
from tui.text import fmt


class CommentModal(ModalScreen[str | None]):
    """A text area; Ctrl+S records, Échap cancels."""

    DEFAULT_CSS = """
    CommentModal { align: center middle; }
    CommentModal > Vertical {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    CommentModal #comment-title { text-style: bold; }
    CommentModal #comment-help { color: $text-muted; }
    CommentModal TextArea { height: 6; }
    CommentModal Horizontal { height: auto; margin-top: 1; }
    CommentModal Button { margin-right: 2; }
    """
    BINDINGS = [Binding("escape", "cancel", M.KEY_CANCEL), Binding("ctrl+s", "save", M.KEY_SAVE)]

    def __init__(self, alias: str) -> None:
        super().__init__()
        self.alias = alias

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(fmt(M.COMMENT_TITLE, alias=self.alias), id="comment-title")
            yield Static(M.COMMENT_HELP, id="comment-help")
            yield TextArea(id="comment-text", soft_wrap=True, show_line_numbers=False)
            with Horizontal():
                yield Button(M.KEY_SAVE, id="comment-save", variant="primary")
                yield Button(M.KEY_CANCEL, id="comment-cancel")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.action_save() if event.button.id == "comment-save" else self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)
