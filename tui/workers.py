"""How screens run database work: in worker threads, with failures shown as a French dialog.

Reads use ``@work(thread=True, exclusive=True, exit_on_error=False, group="db")``: a newer read
cancels an older one on the same screen, and a worker checks
``get_current_worker().is_cancelled`` before posting its result, so a slow search never
overwrites a newer one. Writes use the same options except ``exclusive`` and their own group
(``db-write``): cancelling a write that has not started would silently drop what the user
did (a visit, a transition), so every write runs. :class:`Backend` serialises the calls.

A failed worker ends in :meth:`WorkerErrors.on_worker_state_changed`, the one handler that
turns ``WorkerState.ERROR`` into :class:`~tui.screens.error.ErrorModal` via the app, except
for the session's own ends: a session closed elsewhere (:class:`~core.errors.NotAuthenticated`:
account disabled, role changed, idle timeout) takes the user back to the sign-in screen with
the reason, and a reset password (:class:`~core.errors.PasswordChangeRequired`) to the form
that changes it.
"""

from __future__ import annotations

from textual.worker import Worker, WorkerState, get_current_worker

from core.errors import NotAuthenticated, PasswordChangeRequired
from tui.backend import SignedOut

READ_GROUP = "db"
WRITE_GROUP = "db-write"


def cancelled() -> bool:
    """Whether the current worker was superseded (call from inside a worker)."""
    return get_current_worker().is_cancelled


class WorkerErrors:
    """Mixin for screens and modals: a worker that raised shows the error dialog."""

    _worker_failed = False

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        error = event.worker.error
        if event.state is not WorkerState.ERROR or error is None or isinstance(error, SignedOut):
            return
        if isinstance(error, NotAuthenticated):
            self.app.session_ended(error)  # type: ignore[attr-defined]
        elif isinstance(error, PasswordChangeRequired):
            self.app.change_password()  # type: ignore[attr-defined]
        else:
            self._worker_failed = True
            self.app.show_error(error)  # type: ignore[attr-defined]

    def reload_on_resume(self) -> bool:
        """Whether coming back to this screen should reload it.

        Not when the screen comes back from the dialog of its own failed load: reloading
        would fail again and show the dialog again, forever, if the cause persists.
        """
        failed, self._worker_failed = self._worker_failed, False
        return not failed
