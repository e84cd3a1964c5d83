"""French progress lines on stderr for long commands, redrawn in place: how far a counted
job is (demo, import), or how long one that cannot count has been at it (a backup, a check:
one SQLite call each, 10 to 25 s on a base of a gigabyte).

Silent when stderr is not a terminal: a script or a log file gets the final summary only.
"""

from __future__ import annotations

import sys
import threading
import time
from types import TracebackType

import click


def on_terminal() -> bool:
    """Whether standard error is a terminal someone watches."""
    return sys.stderr.isatty()


class ProgressLine:
    """``template`` (with ``{done}``, ``{total}``, ``{percent}``) redrawn at each new percent.

    Call :meth:`advance` with how many more are done, or :meth:`update` with where it stands;
    :meth:`close` ends the line.
    """

    def __init__(self, template: str, total: int = 0) -> None:
        self.template, self.total, self.done, self.shown = template, total, 0, -1
        self.live = on_terminal()

    def advance(self, count: int) -> None:
        self.update(self.done + count, self.total)

    def update(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        percent = done * 100 // max(total, 1)
        if self.live and percent != self.shown:
            self.shown = percent
            click.echo("\r" + self.template.format(done=done, total=total, percent=percent),
                       err=True, nl=False)

    def close(self) -> None:
        if self.live and self.shown >= 0:
            click.echo(err=True)


class Working:
    """``template`` (with ``{seconds}``) shown while the block runs, redrawn every ``every``
    seconds from a thread, then erased: the command's own answer follows on a clean line.

    For work that cannot say how far it is (one SQLite statement, one backup step): without
    it, a check of a large base looked like a hung terminal.
    """

    def __init__(self, template: str, *, every: float = 1.0) -> None:
        self.template, self.every = template, every
        self.live = on_terminal()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._width = 0

    def __enter__(self) -> Working:
        if self.live:
            self._thread = threading.Thread(target=self._run, name="parcours-progress",
                                            daemon=True)
            self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            click.echo("\r" + " " * self._width + "\r", err=True, nl=False)

    def _run(self) -> None:
        start = time.monotonic()
        while True:
            shown = self.template.format(seconds=int(time.monotonic() - start))
            self._width = max(self._width, len(shown))
            click.echo("\r" + shown, err=True, nl=False)
            if self._stop.wait(self.every):
                return
