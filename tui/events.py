"""Messages that travel between screens: posted by a screen, handled by the app.

Screen-local results (a worker's data coming back) are nested in their screen's class; these
are the few that cross screens, so siblings never reach into each other.
"""

from __future__ import annotations

from textual.message import Message

from core.schemas import UserView


class SignedIn(Message):
    """Someone chose who is working on the first screen."""

    def __init__(self, user: UserView) -> None:
        super().__init__()
        self.user = user


class OpenPerson(Message):
    """Open a person's file (from the home screen, the people list or the drop-in)."""

    def __init__(self, person_id: int) -> None:
        super().__init__()
        self.person_id = person_id
