"""How screens run database work: in worker threads, with failures shown as a French dialog.

Reads use ``@work(thread=True, exclusive=True, exit_on_error=False, group=READ_GROUP)``: a
newer read cancels an older one on the same screen, and a worker checks
``get_current_worker().is_cancelled`` before posting its result, so a slow search never
overwrites a newer one. Writes use the same options except ``exclusive`` and their own group
(:data:`WRITE_GROUP`): cancelling a write that has not started would silently drop what the
user did (a visit, a transition), so every write runs. :class:`Backend` serialises the calls;
:func:`backend_of` is how a screen reaches it.

A failed worker ends in :meth:`WorkerErrors.on_worker_state_changed`, the one handler that
turns ``WorkerState.ERROR`` into :class:`~tui.screens.error.ErrorModal` via the app, except
for the session's own ends: a session closed elsewhere (:class:`~core.errors.NotAuthenticated`:
account disabled, role changed, idle timeout) takes the user back to the sign-in screen with
the reason, and a reset password (:class:`~core.errors.PasswordChangeRequired`) to the form
that changes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, cast

from textual.app import App
from textual.worker import Worker, WorkerState, get_current_worker

from core.services import NotAuthenticated, PasswordChangeRequired
from tui.backend import Backend, SignedOut

if TYPE_CHECKING:
    from tui.app import ParcoursApp

READ_GROUP = "db"
"""A screen's reads: exclusive, a newer one cancels the older."""
WRITE_GROUP = "db-write"
"""What the user did: never cancelled."""
CHOICES_GROUP = "db-choices"
"""The lists a screen's choices are filled from: apart, so a new read does not cancel them."""
SOURCES_GROUP = "db-sources"
"""The rows behind a report's figure: apart from the report's own read."""


class InApp(Protocol):
    """A screen or widget: a node that knows its running app."""

    @property
    def app(self) -> App[Any]: ...


def app_of(node: InApp) -> ParcoursApp:
    """The running :class:`~tui.app.ParcoursApp` of a screen or widget: Textual types
    ``node.app`` as any ``App``, and every screen here runs inside Parcours's."""
    return cast("ParcoursApp", node.app)


def backend_of(node: InApp) -> Backend:
    """The signed-in session's :class:`Backend`, from a screen or one of its workers."""
    return app_of(node).backend


def cancelled() -> bool:
    """Whether the current worker was superseded (call from inside a worker)."""
    return get_current_worker().is_cancelled


class WorkerErrors:
    """Mixin for screens and modals: a worker that raised shows the error dialog."""

    _worker_failed = False
    if TYPE_CHECKING:
        app: App[Any]  # the screen's, which this class is mixed into

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        error = event.worker.error
        if event.state is not WorkerState.ERROR or error is None or isinstance(error, SignedOut):
            return
        if isinstance(error, NotAuthenticated):
            app_of(self).session_ended(error)
        elif isinstance(error, PasswordChangeRequired):
            app_of(self).change_password()
        else:
            self._worker_failed = True
            app_of(self).show_error(error)

    def reload_on_resume(self) -> bool:
        """Whether coming back to this screen should reload it.

        Not when the screen comes back from the dialog of its own failed load: reloading
        would fail again and show the dialog again, forever, if the cause persists.
        """
        failed, self._worker_failed = self._worker_failed, False
        return not failed
