"""Every screen and dialog of the interface, scanned for English and raw identifiers (issue
13, point 9): what each role sees, the keys in every footer, Textual's own menus and palette.

The text is what the terminal shows (:func:`tests.tui.conftest.screen_text`), at 80×24 and at
120×40 where longer lines appear; the detector is :func:`tests.english.leaks`.
"""

from __future__ import annotations

from core import services as svc
from tests.accounts import who
from tests.english import leaks
from tests.tui.conftest import TODAY, drive, screen_text, settle, until
from tests.tui.test_modal_snapshots import DIALOGS
from tests.tui.test_review import build_queue
from tui.events import OpenPerson
from tui.screens.person import PersonScreen


class Seen:
    """The text of every screen visited, by where it was seen."""

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}

    async def take(self, pilot, where: str) -> None:
        await settle(pilot)
        self.texts[where] = screen_text(pilot.app)

    def leaks(self) -> dict[str, list[str]]:
        return {where: found for where, text in self.texts.items() if (found := leaks(text))}


@drive
async def test_a_supervisor_sees_no_english_anywhere(make_app, parcours):
    ids = build_queue(parcours)
    svc.add_note(parcours, who(parcours, "sonia"), ids["Lina"], "Relancer la préfecture.")
    seen = Seen()
    for size in ((80, 24), (120, 40)):
        app = make_app("sonia")
        async with app.run_test(size=size) as pilot:
            await seen.take(pilot, f"home {size}")
            await pilot.press("f1")
            await seen.take(pilot, "help")
            await pilot.press("escape", "ctrl+p")
            await seen.take(pilot, "palette")
            await pilot.press(*"zzzz")
            await pilot.pause(0.8)
            await seen.take(pilot, "palette, no match")
            await pilot.press("escape", "v")
            await seen.take(pilot, f"review {size}")
            await pilot.press("f", "enter")
            await seen.take(pilot, "review, a filter's menu open")
            await pilot.press("escape", "escape", "escape", "a")
            for tab in "cmd":
                await pilot.press(tab)
                await seen.take(pilot, f"report {tab} {size}")
            await pilot.press("escape", "p")
            await seen.take(pilot, f"people {size}")
            app.post_message(OpenPerson(ids["Lina"]))
            await until(pilot, lambda a=app: isinstance(a.screen, PersonScreen) and a.screen.data)
            for tab in "aheni":
                await pilot.press(tab)
                await seen.take(pilot, f"file {tab} {size}")
            app.action_lock()
            await seen.take(pilot, "lock")
    assert seen.leaks() == {}


@drive
async def test_the_front_desk_and_the_sign_in_see_no_english(make_app, parcours):
    seen = Seen()
    app = make_app(None)
    async with app.run_test(size=(80, 24)) as pilot:
        await seen.take(pilot, "sign-in")
        await pilot.press(*"personne", "enter", *"faux", "enter")
        await seen.take(pilot, "sign-in refused")
    for user in ("bea", "admin", "camille"):
        app = make_app(user, start="dropin")
        async with app.run_test(size=(80, 24)) as pilot:
            await seen.take(pilot, f"{user}: opening the drop-in")
            await pilot.press("escape")
            await seen.take(pilot, f"{user}: no drop-in open")
            await pilot.press("escape")
            await seen.take(pilot, f"{user}: home")
    svc.open_dropin(parcours, who(parcours, "bea"), TODAY)
    app = make_app("bea", start="dropin")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2", "f3")
        await seen.take(pilot, "drop-in with a visit, a need focused")
        await pilot.press("f10", "o")
        await seen.take(pilot, "drop-in summary")
    assert seen.leaks() == {}


@drive
async def test_every_dialog_and_its_refusal_is_in_french(make_app, parcours):
    person = svc.add_person(parcours, who(parcours, "camille"), "Amina").id
    seen = Seen()
    app = make_app("sonia")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for name, (build, keys) in DIALOGS.items():
            await app.push_screen(build(app, person))
            await settle(pilot)
            if keys:
                await pilot.press(*keys)
            await seen.take(pilot, name)
            app.pop_screen()
            await settle(pilot)
    assert seen.leaks() == {}
