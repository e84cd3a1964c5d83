"""``report.rebuild``: recompute the report's monthly aggregates from the rows they count.

The aggregates (:mod:`core.services.report_aggregates`) are kept in each write's transaction;
this service is the repair path (after a restore of an older base, a bulk change made outside
the services, or a doubt): it deletes and recomputes the rows of the administrator's
delegations (every delegation for a national administrator), one delegation at a time, in one
transaction, so a report never sees half of them. It reads counts only, never case content.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel, ConfigDict

from core.services import report_aggregates
from core.services.registry import Call, service

__all__ = ["RebuildSummary", "rebuild_aggregates"]


class RebuildSummary(BaseModel):
    """What a rebuild wrote."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    delegations: int
    rows: int


@service("report.rebuild")
def rebuild_aggregates(call: Call, progress: Callable[[int, int], None] | None = None,
                       ) -> RebuildSummary:
    """Recompute the report aggregates of the caller's delegations (all for a national one).

    Args:
        progress: called with (delegations done, delegations in all) after each delegation.
    """
    chosen = call.principal.delegations
    done: list[int] = []

    def counted(finished: int, total: int) -> None:
        done[:] = [total]
        if progress is not None:
            progress(finished, total)

    rows = report_aggregates.rebuild(call.session, chosen, counted)
    summary = RebuildSummary(delegations=done[0] if done else 0, rows=rows)
    call.audit.target = "report_aggregates"
    call.audit.detail.update(delegations=summary.delegations, rows=rows)
    return summary
