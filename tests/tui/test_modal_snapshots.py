"""Screenshots at 80×24 of every dialog, each showing its key footer and, where a dialog can
refuse something, its error line after a refusal (issue 13, point 5).

Each dialog is opened over the supervisor's home screen with what its screen would give it,
then the keys of the refusal are pressed. ``pytest tests/tui/test_modal_snapshots.py
--snapshot-update`` after an intended change; look at the SVG files, commit them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from core import services as svc
from core.errors import InputError
from tests.accounts import PASSWORD, who
from tests.tui.conftest import settle
from tui import messages as M
from tui.screens import export
from tui.screens.advance import AdvanceModal
from tui.screens.comment import CommentModal
from tui.screens.confirm import ConfirmModal
from tui.screens.consent import ConsentModal
from tui.screens.erase import EraseModal
from tui.screens.error import ErrorModal
from tui.screens.explain import ExplainModal
from tui.screens.help import HelpScreen
from tui.screens.hold import HoldModal
from tui.screens.new_person import NewPersonModal
from tui.screens.note import NoteModal
from tui.screens.open_dropin import OpenDropInModal
from tui.screens.period import PeriodModal
from tui.screens.reason import ReasonModal
from tui.screens.reassign import ReassignModal
from tui.screens.reauth import ReauthModal
from tui.screens.snooze import SnoozeModal
from tui.screens.start_track import StartTrackModal

TODAY = date(2026, 3, 10)
VOLUNTEERS = 33


def _advance(app, person: int) -> AdvanceModal:
    parcours, sonia = app.backend.parcours, who(app.backend.parcours, "sonia")
    action = next(a for a in svc.list_actions(parcours, sonia, person) if a.trigger == "suivre")
    track = next(t for t in svc.show_person(parcours, sonia, person).tracks if t.track == "parcours")
    return AdvanceModal(person, track, action)


def _start(app, person: int) -> StartTrackModal:
    backend = app.backend
    return StartTrackModal(backend.definitions(), {"parcours"}, dict(backend.domains()))


DIALOGS = {
    # id: (how to build it from the app and a person id, the keys of a refusal)
    "confirm": (lambda app, p: ConfirmModal(M.CLOSE_CONFIRM), ()),
    "error": (lambda app, p: ErrorModal(InputError("Date invalide « 31/02/2026 ».")), ()),
    "explain": (lambda app, p: ExplainModal(M.WHY_TITLE, ["Échéance : 31/03/2026 (proche)",
                                                           "Règle : fin de l'autorisation"]), ()),
    "help": (lambda app, p: HelpScreen(), ()),
    "reason": (lambda app, p: ReasonModal(), ("enter",)),
    "reauth": (lambda app, p: ReauthModal(), (*"faux", "enter")),
    "snooze": (lambda app, p: SnoozeModal("due_soon:1", "Amina"), (*"32/03/2026", "tab", *"RDV", "ctrl+s")),
    "note": (lambda app, p: NoteModal(p), ("ctrl+s",)),
    "comment": (lambda app, p: CommentModal("stalled:1", "Amina"), ("ctrl+s",)),
    "reassign": (lambda app, p: ReassignModal("no_referent:1", p, "Amina", None), ()),
    "start_track": (_start, ()),
    "new_person": (lambda app, p: NewPersonModal(), ("enter",)),
    "period": (lambda app, p: PeriodModal(date(2025, 1, 1), date(2025, 12, 31)),
               ("ctrl+u", *"20", "ctrl+s")),
    "open_dropin": (lambda app, p: OpenDropInModal(TODAY), (*"25:00", "ctrl+s")),
    "export": (lambda app, p: export.ExportModal(date(2025, 1, 1), date(2025, 12, 31), False),
               ("ctrl+u", "ctrl+s")),
    "advance": (_advance, ("ctrl+s",)),
    "consent": (lambda app, p: ConsentModal(p, "Amina", TODAY), ("tab", *"32/01/2026", "ctrl+s")),
    "hold": (lambda app, p: HoldModal(p, "Amina"), ("enter",)),
    "erase": (lambda app, p: EraseModal(p, "Amina"), (*"demande de la personne", "enter",
                                                       *"999", "enter")),
}


@pytest.fixture
def crowded(parcours, monkeypatch):
    """Amina, registered and not yet followed; thirty-three volunteers; a fixed home folder."""
    admin = who(parcours, "admin")
    for i in range(VOLUNTEERS):
        svc.add_user(parcours, admin, f"benevole{i:02d}", "benevole", PASSWORD)
    monkeypatch.setattr(export, "folder", lambda: Path("/srv/parcours"))
    return svc.add_person(parcours, who(parcours, "camille"), "Amina").id


@pytest.mark.parametrize("name", list(DIALOGS))
def test_dialog(snap_compare, make_app, crowded, name):
    build, keys = DIALOGS[name]

    async def open_it(pilot) -> None:
        await settle(pilot)
        await pilot.app.push_screen(build(pilot.app, crowded))
        await settle(pilot)
        if keys:
            await pilot.press(*keys)
            await settle(pilot)
    assert snap_compare(make_app("sonia"), terminal_size=(80, 24), run_before=open_it)
