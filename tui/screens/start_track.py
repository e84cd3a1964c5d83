"""StartTrackModal: choose a track to open among every installed plugin's definitions.

The list is the catalog's newest definitions (plugin data, no database); tracks the person
already has open are shown but cannot be chosen. Returns the definition id, or None.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from core.schemas import TrackDefinition
from tui import messages as M
from tui.screens.form import FormModal, key
from tui.text import fmt


class StartTrackModal(FormModal[str | None]):
    """Every track definition with its domain; Entrée opens, Échap cancels."""

    WIDTH = 76
    HELP = M.START_HELP
    DEFAULT_CSS = "StartTrackModal OptionList { height: auto; max-height: 18; }"
    BINDINGS = [key("enter", "save", M.KEY_OPEN, priority=True)]

    def __init__(self, definitions: list[TrackDefinition], open_ids: set[str],
                 domains: dict[str, str]) -> None:
        super().__init__()
        self.definitions, self.open_ids, self.domains = definitions, open_ids, domains

    def heading(self) -> Content | str:
        return M.START_TITLE

    def fields(self) -> ComposeResult:
        yield OptionList(*[
            Option(fmt(M.START_ENTRY + (M.START_OPEN_ALREADY if d.id in self.open_ids else ""),
                       label=d.label, domain=self.domains.get(d.domain, d.domain)),
                   id=d.id, disabled=d.id in self.open_ids)
            for d in self.definitions], id="start-tracks")

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_save(self) -> None:
        tracks = self.query_one(OptionList)
        if tracks.highlighted is not None:
            option = tracks.get_option_at_index(tracks.highlighted)
            if not option.disabled:
                self.dismiss(option.id)
