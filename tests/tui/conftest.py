"""Fixtures for the TUI tests: a frozen application on a copy of a prepared SQLite file.

Scenarios are ``async`` functions wrapped by :func:`drive`, which runs them with
``asyncio.run``. The file is initialised with one user per role and their password
(:func:`tests.accounts.make_app`, cheap hashing) once per session, then copied for each test
(migrating costs more than a whole Pilot session). The application's evaluation date and
recording clock are frozen (tests may move the recording clock: throttled sign-ins), the
cursor does not blink, and plugins installed in the environment stay out unless a test asks
for them, so screens and snapshots are reproducible. ``make_app(user=...)`` signs in through
the real :func:`core.services.sign_in` and hands the session to the interface, as its
sign-in screen would; the interface's inactivity clock can be injected (:class:`FakeClock`).
"""

from __future__ import annotations

import asyncio
import functools
import html
import re
import shutil
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import cast

import pytest
from rich.cells import cell_len
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static
from textual.worker import WorkerFailed

from core import services as svc
from core.plugins import PluginHost, build_plugin_host
from core.services import Parcours
from tests.accounts import FAST, PASSWORD
from tests.accounts import make_app as make_base
from tui.app import ParcoursApp
from tui.backend import Backend
from tui.screens.person import PersonScreen

TODAY = date(2026, 3, 10)
NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)


class FrozenParcours(Parcours):
    """A Parcours whose recording clock is fixed too (``today`` already is); a test may
    move it forward (``app.moment += timedelta(...)``)."""

    moment = NOW

    def now(self) -> datetime:
        return self.moment


class FakeClock:
    """The interface's idle clock, in seconds, moved by the test alone."""

    def __init__(self) -> None:
        self.seconds = 1000.0

    def __call__(self) -> float:
        return self.seconds

    def advance(self, seconds: float) -> None:
        self.seconds += seconds


def in_guadeloupe(parcours: Parcours, monkeypatch: pytest.MonkeyPatch, user: str, role: str,
                  delegations: tuple[str, ...] = ("pap",)) -> Parcours:
    """``parcours`` on the real clock stopped at 21:30 in Guadeloupe (already 9 December in
    Paris: :data:`tests.services.test_her_day.MOMENT`), with the delegation ``pap``
    (Pointe-à-Pitre, holidays of 971) and ``user`` of ``role`` in ``delegations``."""
    from core.services import app as app_module
    from tests.accounts import who, with_clock
    from tests.services.test_her_day import Frozen
    monkeypatch.setattr(app_module, "datetime", Frozen)
    clocked = with_clock(parcours, None)
    admin = who(clocked, "admin")
    svc.add_delegation(clocked, admin, "pap", "Pointe-à-Pitre", holiday_subdivision="971")
    svc.add_user(clocked, admin, user, role, PASSWORD, list(delegations))
    return clocked


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The template base and its key file."""
    path = tmp_path_factory.mktemp("tui-template") / "parcours.db"
    base = make_base(f"sqlite:///{path}")
    key = base.keys.keyfile.path
    base.close()
    assert key is not None
    return path, key


@pytest.fixture
def make_parcours(tmp_path: Path, template_db: tuple[Path, Path]
                  ) -> Iterator[Callable[..., Parcours]]:
    """Build a frozen Parcours on a fresh copy of the template (built-in tracks by default),
    with a copy of its key file: every copy shares the base's id, and one opened without its
    own key file wrote its erasures into the register of the key file found for that id, which
    later copies then inherited (persons counted as erased in bases that never erased them)."""
    opened: list[Parcours] = []

    def make(host: PluginHost | None = None) -> Parcours:
        target = tmp_path / f"parcours-{len(opened)}.db"
        key = tmp_path / f"parcours-{len(opened)}-cle.json"
        shutil.copy(template_db[0], target)
        shutil.copy(template_db[1], key)
        key.chmod(0o600)
        app = FrozenParcours.open(f"sqlite:///{target}", today=TODAY, security=FAST,
                                  key_file=str(key),
                                  host=host or build_plugin_host(load_entrypoints=False))
        opened.append(app)
        return app

    yield make
    for app in opened:
        app.close()


@pytest.fixture
def parcours(make_parcours) -> Parcours:
    return make_parcours()


@pytest.fixture
def make_app(parcours: Parcours) -> Callable[..., ParcoursApp]:
    """``make_app(user="camille", start="home")``: the app, already signed in unless user=None.

    The session is opened with the user's password by the real sign-in service (its own
    session, not the one :func:`tests.accounts.who` caches for the test's own calls).
    ``clock`` is the inactivity lock's clock (a :class:`FakeClock`), ``idle_check`` how often
    it is read, in real seconds.
    """
    def make(user: str | None = "camille", start: str = "home", on: Parcours | None = None,
             clock: FakeClock | None = None, idle_check: float = 1.0) -> ParcoursApp:
        target = on or parcours
        session = svc.sign_in(target, user, PASSWORD) if user else None
        app = ParcoursApp(target, session=session, start=start, clock=clock or FakeClock(),
                          idle_check=idle_check)
        app.animation_level = "none"  # no tab underline sliding: faster and reproducible
        return app
    return make


@pytest.fixture(autouse=True)
def off_the_interface_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """While the interface runs, every call that reaches the base runs in a worker, never on
    the thread running its event loop: there, a slow base would freeze every key."""
    apps: dict[int, ParcoursApp] = {}
    made = ParcoursApp.__init__

    def init(self, *args, **kwargs) -> None:
        made(self, *args, **kwargs)
        apps[id(self.backend)] = self

    monkeypatch.setattr(ParcoursApp, "__init__", init)
    for name in ("call", "sign_in", "sign_out"):
        def guarded(self, *args, _original=getattr(Backend, name), _name=name, **kwargs):
            app = apps.get(id(self))
            if app is not None and app.is_running and _on_a_loop():
                raise AssertionError(f"Backend.{_name} on the interface's thread: {args[:1]}")
            return _original(self, *args, **kwargs)
        monkeypatch.setattr(Backend, name, guarded)


def _on_a_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


@pytest.fixture(autouse=True)
def no_blinking(monkeypatch: pytest.MonkeyPatch) -> None:
    """The input cursor stays visible, so screenshots do not depend on timing."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


def drive(scenario: Callable[..., Awaitable[None]]) -> Callable[..., None]:
    """Run an async Pilot scenario as an ordinary test (no asyncio plugin needed)."""
    @functools.wraps(scenario)
    def test(*args, **kwargs) -> None:
        asyncio.run(scenario(*args, **kwargs))
    return test


async def settle(pilot: Pilot, rounds: int = 3) -> None:
    """Let workers finish and their messages (which may start workers) be handled.

    A worker that failed is the app's business (its handler shows the error dialog, which
    the tests then look for): waiting must not re-raise it here.
    """
    for _ in range(rounds):
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerFailed:
            pass
        await pilot.pause()


async def until(pilot: Pilot, condition: Callable[[], bool], rounds: int = 50) -> None:
    """Let the app work until ``condition`` holds (a loaded machine may need more rounds)."""
    for _ in range(rounds):
        if condition():
            break
        await settle(pilot, rounds=1)
        await pilot.pause(0.02)
    assert condition(), "the screen never reached the expected state"
    await settle(pilot)  # and let it be drawn


async def open_file(pilot: Pilot) -> PersonScreen:
    """From the people list, open the first person's file and wait until it is loaded."""
    await settle(pilot)
    await pilot.press("down", "enter")
    await until(pilot, lambda: isinstance(pilot.app.screen, PersonScreen)
                and pilot.app.screen.data is not None)
    return cast(PersonScreen, pilot.app.screen)


_SVG_TEXT = re.compile(r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="([\d.]+)" '
                       r'clip-path="url\(#[^)]*-line-(\d+)\)">([^<]*)</text>')
"""One run of characters in Rich's SVG export: its x, its width, its line, its text."""


async def highlight_track(pilot: Pilot, screen: PersonScreen, definition: str) -> None:
    """Highlight the person's track of ``definition`` in her file, and let it show."""
    tracks = screen.query_one("#file-tracks", OptionList)
    found = next(t.id for t in screen.data.person.tracks if t.track == definition)
    tracks.highlighted = tracks.get_option_index(str(found))
    await settle(pilot)


def screen_text(app: ParcoursApp) -> str:
    """Everything the screen shows, as plain text (what a user reads), line by line.

    Read from ``App.export_screenshot()`` (the public screenshot API, an SVG in Rich's
    format, modal screens drawn over the ones below as the user sees them): each text run
    carries its line and its x position, blanks are left out, so runs are put back at their
    column.
    """
    lines: dict[int, dict[int, str]] = {}
    for x, length, line, raw in _SVG_TEXT.findall(app.export_screenshot()):
        text = html.unescape(raw).replace("\xa0", " ").replace("\n", "")
        cell = float(length) / max(1, cell_len(text))
        lines.setdefault(int(line), {})[round(float(x) / cell)] = text
    rows = []
    for number in range(app.size.height):
        row = ""
        for column, text in sorted(lines.get(number, {}).items()):
            row = row.ljust(column) + text
        rows.append(row)
    return "\n".join(rows)


def shown(app: ParcoursApp, selector: str) -> str:
    """The text of one ``Static`` of the current screen, whatever its wrapping on screen."""
    content = app.screen.query_one(selector, Static).content
    return content.plain if hasattr(content, "plain") else str(content)


def options(app: ParcoursApp, selector: str) -> list[str]:
    """The prompts of an option list of the current screen, as plain text."""
    widget = app.screen.query_one(selector, OptionList)
    return [str(getattr(o.prompt, "plain", o.prompt)) for o in widget.options]
