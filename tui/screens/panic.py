"""PanicScreen: a blank screen shown at once, hiding everything (F12 or Ctrl+B).

It shows nothing at all (no title, no footer, no hint that could draw a glance), covers
every other screen and modal, and takes no key: the app allows only the same panic key to
leave it (see ``ParcoursApp.check_action``), and holds back notifications and error dialogs
until then.
"""

from __future__ import annotations

from textual.screen import Screen


class PanicScreen(Screen[None]):
    """An empty, opaque screen: no widget at all, nothing focusable."""

    DEFAULT_CSS = """
    PanicScreen { background: black; }
    """
    AUTO_FOCUS = None
