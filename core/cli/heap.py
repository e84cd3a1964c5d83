"""The garbage collector's pace in a ``parcours`` process: sparse while a command starts,
usual again for a long-lived interface, and no last sweep of the heap on the way out.

A command imports SQLAlchemy, pydantic and the plugins' catalog before it does any work:
about a million objects that live as long as the process. With the interpreter's default
thresholds a collection starts every 700 new objects and, every hundred of them, walks the
whole heap grown so far; at the exit, the interpreter's last collections walk it once more
although the system frees the memory anyway. Measured on ``review --limit 50 --json`` (1k
base): 1.05 s as Python leaves it, 0.83 s with both avoided.

Cyclic garbage is still collected during a command (every :data:`START_THRESHOLD` new
objects rather than 700): an import of a hundred thousand rows keeps its memory bounded.
What the exit still does: ``atexit`` handlers (log handlers, temporary files), flushing the
standard streams, closing every file no cycle holds; a command closes its base itself.
"""

from __future__ import annotations

import gc

START_THRESHOLD = 100_000
"""New container objects between two young collections while a command runs."""

_DEFAULT: tuple[int, ...] | None = None


def starting() -> None:
    """Collect sparsely: the command's start-up builds objects that are never garbage."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = gc.get_threshold()
    gc.set_threshold(START_THRESHOLD, *_DEFAULT[1:])


def settled() -> None:
    """The usual pace again for a process that now runs long (the interface), its
    start-up objects set aside from every later collection (``gc.freeze``)."""
    gc.freeze()
    if _DEFAULT is not None:
        gc.set_threshold(*_DEFAULT)


def leaving() -> None:
    """Leave the heap to the system: the interpreter's collections at exit would walk every
    object only to free memory the process returns whole."""
    gc.freeze()
