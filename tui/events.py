"""Messages that travel between screens: posted by a screen, handled by the app.

Screen-local results (a worker's data coming back) are nested in their screen's class; these
are the few that cross screens, so siblings never reach into each other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # the sign-in screen paints before Pydantic and the schemas are read
    from core.schemas import SignedIn


class SessionOpened(Message):
    """Someone signed in on the first screen: the new session, with its secret and user."""

    def __init__(self, signed: SignedIn) -> None:
        super().__init__()
        self.signed = signed


class PasswordChanged(Message):
    """The user chose a new password after a reset: the session may go on."""


class OpenPerson(Message):
    """Open a person's file (from the home screen, the people list or the drop-in);
    ``deadline``: on that deadline, in its track's deadlines tab."""

    def __init__(self, person_id: int, deadline: int | None = None) -> None:
        super().__init__()
        self.person_id, self.deadline = person_id, deadline
