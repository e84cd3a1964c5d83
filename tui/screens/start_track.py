"""StartTrackModal: choose a track to open among every installed plugin's definitions.

The list is the catalog's newest definitions (plugin data, no database); tracks the person
already has open are shown but cannot be chosen. Returns the definition id, or None.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from core.definitions.model import TrackDefinition
from tui import messages as M
from tui.text import fmt


class StartTrackModal(ModalScreen[str | None]):
    """Every track definition with its domain; Entrée opens, Échap cancels."""

    DEFAULT_CSS = """
    StartTrackModal { align: center middle; }
    StartTrackModal > Vertical {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    StartTrackModal #start-title { text-style: bold; }
    StartTrackModal #start-help { color: $text-muted; }
    StartTrackModal OptionList { height: auto; max-height: 18; }
    """
    BINDINGS = [Binding("escape", "cancel", M.KEY_CANCEL)]

    def __init__(self, definitions: list[TrackDefinition], open_ids: set[str],
                 domains: dict[str, str]) -> None:
        super().__init__()
        self.definitions, self.open_ids, self.domains = definitions, open_ids, domains

    def compose(self) -> ComposeResult:
        options = [Option(fmt(M.START_ENTRY + (M.START_OPEN_ALREADY if d.id in self.open_ids else ""),
                              label=d.label, domain=self.domains.get(d.domain, d.domain)),
                          id=d.id, disabled=d.id in self.open_ids)
                   for d in self.definitions]
        with Vertical():
            yield Static(M.START_TITLE, id="start-title")
            yield Static(M.START_HELP, id="start-help")
            yield OptionList(*options, id="start-tracks")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
