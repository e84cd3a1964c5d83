"""A French progress line on stderr for long commands (demo, import), redrawn in place.

Silent when stderr is not a terminal: a script or a log file gets the final summary only.
"""

from __future__ import annotations

import sys

import click


class ProgressLine:
    """``template`` (with ``{done}``, ``{total}``, ``{percent}``) redrawn at each new percent.

    Call :meth:`advance` with how many more are done, or :meth:`update` with where it stands;
    :meth:`close` ends the line.
    """

    def __init__(self, template: str, total: int = 0) -> None:
        self.template, self.total, self.done, self.shown = template, total, 0, -1
        self.live = sys.stderr.isatty()

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
