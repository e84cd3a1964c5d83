"""Interleaved timing: every operation and its baseline in the same rounds, medians and ratios.

This machine drifts by up to 1.7× between runs (``shared/performance.md``), and a shared one
more: an operation and the baseline it is compared with must be timed in the same process,
in the same rounds, with the order rotating from one round to the next. A round runs each
operation ``repeat`` times and keeps the mean; the table reports the median of the rounds,
and each ratio is the median of the per-round ratios (numerator and denominator from the same
round), which cancels what drifts between rounds.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

Op = Callable[[], object]


class Elapsed(float):
    """What an operation returns when it times itself: seconds that replace its wall time.

    A start-up measure ends at a mark (the child process's first paint), not when the call
    returns: the child's exit, waited for inside the call so that it never overlaps the next
    measure, is left out.
    """


@dataclass
class Timings:
    """Per operation: the mean seconds of each round, and how many items it returned."""

    rounds: dict[str, list[float]] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)
    """Operation → the length of the list its last timed call returned (a page, a list of
    deadlines), for the operations that return one: a flatness row compares an operation
    with itself at another scale, which says something only when both return as much."""

    def median(self, name: str) -> float:
        return statistics.median(self.rounds[name])

    def ratio(self, name: str, baseline: str) -> float:
        pairs = zip(self.rounds[name], self.rounds[baseline], strict=True)
        return statistics.median(a / b for a, b in pairs if b > 0)


def interleave(ops: dict[str, tuple[Op, int]], rounds: int = 7, warm: int = 2,
               progress: Callable[[str], None] | None = None) -> Timings:
    """Time ``ops`` (name → (callable, repeats per round)) in ``rounds`` rotating rounds."""
    names = list(ops)
    for op, _ in ops.values():  # connections, caches, lazy imports
        for _ in range(warm):
            op()
    found = Timings({n: [] for n in names})
    for number in range(rounds):
        shift = number % len(names)
        for name in names[shift:] + names[:shift]:
            op, repeat = ops[name]
            gc.collect()
            started, own = time.perf_counter(), 0.0
            for _ in range(repeat):
                result = op()
                own = own + result if isinstance(result, Elapsed) else own
                if isinstance(result, list):
                    found.sizes[name] = len(result)
            spent = own if own else time.perf_counter() - started
            found.rounds[name].append(spent / repeat)
        if progress:
            progress(f"tour {number + 1}/{rounds}")
    return found


def fmt(seconds: float) -> str:
    """A duration for the table: µs under a millisecond, ms under a second, else s."""
    if seconds < 1e-5:
        return f"{seconds * 1e6:.2f} µs"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.2f} ms" if seconds < 0.01 else f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.2f} s"
