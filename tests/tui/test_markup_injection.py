"""security.md IN-4: names and notes that look like markup are shown as typed, and do nothing.

Persons, a user and a note carry Textual markup and terminal escape sequences; every screen
that shows them must display them literally, never raise ``MarkupError``, never turn them
into a clickable action (``[@click=app.quit]`` must not quit) and never pass an escape
sequence to the terminal.
"""

from __future__ import annotations

import pytest

from core import services as svc
from core.errors import InputError
from tests.accounts import PASSWORD, who
from tests.tui.conftest import drive, options, screen_text, settle, shown, until
from tui.screens.dropin import DropInScreen
from tui.screens.home import HomeScreen
from tui.screens.person import PersonScreen
from tui.screens.signin import SignInScreen
from tui.text import clean
from tui.widgets.person_list import PersonList

NAMES = ["[/]", "[@click=app.quit]x", "[bold red]Amina", "[@click=app.quit]Amina[/]",
         "[link=file:///etc/passwd]x[/]"]
ESCAPES = "\x1b[2J\x1b]52;c;SGVsbG8=\x07Zora"
"""Clear the screen, then write to the clipboard (OSC 52): the services refuse it as an alias,
and :func:`tui.text.clean` strips such characters from anything else that reaches a screen."""


def follow(parcours, person: int) -> None:
    svc.give_consent(parcours, who(parcours, "camille"), person, "suivi")
    svc.advance(parcours, who(parcours, "camille"), person, "parcours", "suivre",
                facts={"referent": "camille"})


@drive
async def test_names_are_shown_literally_everywhere_and_clicks_do_nothing(make_app, parcours):
    with pytest.raises(InputError):
        svc.add_person(parcours, who(parcours, "camille"), ESCAPES)
    assert clean(ESCAPES) == "[2J]52;c;SGVsbG8=Zora"
    ids = [svc.add_person(parcours, who(parcours, "camille"), name).id for name in NAMES]
    for person in ids:
        follow(parcours, person)
    svc.add_note(parcours, who(parcours, "camille"), ids[0], "[@click=app.quit]note[/] [b]gras",
                 sensitivity="sensitive")
    app = make_app("camille")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        mine = options(app, "#home-people")
        for name in NAMES:
            assert any(line.startswith(f"{name} · ") for line in mine), name
        assert "\x1b" not in screen_text(app) and "\x07" not in screen_text(app)
        row = next(i for i, line in enumerate(mine) if line.startswith("[@click=app.quit]x · "))
        await pilot.click("#home-people", offset=(4, row + 1))  # opens her file, nothing else
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, PersonScreen)
        alias, _, number = shown(app, "#file-alias").rpartition(" · n° ")
        assert alias in NAMES and ids[NAMES.index(alias)] == int(number)
        await pilot.press("escape")

        await pilot.press("p")
        await settle(pilot)
        listed = [row.alias for row in app.screen.query_one(PersonList).rows]
        assert sorted(listed) == sorted(NAMES)
        text = screen_text(app)
        for name in NAMES:
            assert name in text, name
        assert "\x1b" not in text
        await pilot.click(PersonList, offset=(12, 2))  # moves the cursor, nothing else
        await settle(pilot)
        assert app.is_running and app.screen.query_one(PersonList).cursor == 1

        app.screen.post_message(app.screen.query_one(PersonList).Selected(ids[1]))
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        assert shown(app, "#file-alias") == "[@click=app.quit]x · n° 2"
        await pilot.click("#file-alias", offset=(3, 0))
        assert app.is_running
        await pilot.press("escape")
        app.screen.post_message(app.screen.query_one(PersonList).Selected(ids[0]))
        await settle(pilot)
        await pilot.press("n")
        assert options(app, "#file-notes") == ["10/03/2026 · camille : [@click=app.quit]note[/] [b]gras"]
        await pilot.click("#file-notes", offset=(30, 0))
        assert app.is_running


@drive
async def test_markup_in_a_user_name_and_at_the_dropin(make_app, parcours):
    svc.add_user(parcours, who(parcours, "admin"), "[@click=app.quit]Léa[/]", "benevole", PASSWORD)
    for name in NAMES:
        svc.add_person(parcours, who(parcours, "camille"), name)
    svc.open_dropin(parcours, who(parcours, "camille"), parcours.today())
    app = make_app(None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        await pilot.press(*"[@click=app.quit]Léa[/]", "enter")
        assert "[@click=app.quit]Léa[/]" in screen_text(app)  # typed, shown as typed
        await pilot.press(*PASSWORD, "enter")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert shown(app, "#home-hello").startswith("Bonjour [@click=app.quit]Léa[/] (bénévole)")
        await pilot.click("#home-hello", offset=(10, 0))
        assert app.is_running
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, DropInScreen)
        await pilot.press(*"[")
        await settle(pilot)
        assert sorted(o.split(" · ")[0] for o in options(app, "#dropin-matches")) == sorted(NAMES)
        await pilot.press("enter")
        await settle(pilot)
        assert app.is_running
        assert svc.list_dropins(parcours, who(parcours, "camille"))[0].identified_visits == 1
