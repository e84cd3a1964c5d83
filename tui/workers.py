"""How screens run database work: in worker threads, with failures shown as a French dialog.

Reads use ``@work(thread=True, exclusive=True, exit_on_error=False, group="db")``: a newer read
cancels an older one on the same screen, and a worker checks
``get_current_worker().is_cancelled`` before posting its result, so a slow search never
overwrites a newer one. Writes use the same options except ``exclusive`` and their own group
(``db-write``): cancelling a write that has not started would silently drop what the user
did (a visit, a transition), so every write runs. :class:`Backend` serialises the calls.

A failed worker ends in :meth:`WorkerErrors.on_worker_state_changed`, the one handler that
turns ``WorkerState.ERROR`` into :class:`~tui.screens.error.ErrorModal` via the app.
"""

from __future__ import annotations

from textual.worker import Worker, WorkerState, get_current_worker

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
        if event.state is WorkerState.ERROR and error is not None and not isinstance(error, SignedOut):
            self._worker_failed = True
            self.app.show_error(error)  # type: ignore[attr-defined]

    def reload_on_resume(self) -> bool:
        """Whether coming back to this screen should reload it.

        Not when the screen comes back from the dialog of its own failed load: reloading
        would fail again and show the dialog again, forever, if the cause persists.
        """
        failed, self._worker_failed = self._worker_failed, False
        return not failed
