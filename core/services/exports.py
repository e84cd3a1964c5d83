"""Handing a list over piece by piece as it is read (``each=``), its audit rows around it.

A listing asked for whole (a national review queue, the country's deadlines, every person)
is described and handed to the caller's ``each`` a piece at a time, so that neither the
service nor the command holds all of it. What leaves before the body returns must be
audited before it leaves: the export's row is written first (``export: started``, with its
filters), the count is kept up to date as pieces leave (a failure row says how many did),
and the door's row closes it (``export: ended``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from core.services.registry import Call

T = TypeVar("T")


def hand_over(call: Call, pieces: Iterable[list[T]], each: Callable[[list[T]], Any],
              filters: list[str] | None = None) -> int:
    """Give each of ``pieces`` (described as they are asked for) to ``each``, the export's
    audit row written before the first; how many items were handed over.

    Raises:
        ParcoursError: the first audit row could not be written (nothing was handed over).
    """
    detail: dict[str, Any] = {"count": 0}
    if filters is not None:
        detail["filters"] = filters
    call.audit.detail = detail
    call.announce_export()
    for piece in pieces:
        detail["count"] += len(piece)  # counted before it leaves: it may leave in part
        each(piece)
    detail["export"] = "ended"
    return int(detail["count"])
