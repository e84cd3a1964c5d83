"""``report.rebuild``: recompute what the base draws from its rows, from those rows.

The report's monthly aggregates (:mod:`core.services.report_aggregates`) and whether each
person is followed (:mod:`core.services.followed`, what the review queue walks) are kept in
each write's transaction; this service is the repair path (after a restore of an older base, a
bulk change made outside the services, or when ``parcours check`` finds them wrong): it
recomputes both for the administrator's delegations (every delegation for a national
administrator), one delegation at a time, in one transaction, so a report never sees half of
them. It reads counts and tracks' steps only, never case content.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel, ConfigDict

from core.services import followed, report_aggregates
from core.services.registry import Call, service

__all__ = ["RebuildSummary", "rebuild_aggregates"]


class RebuildSummary(BaseModel):
    """What a rebuild wrote."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    delegations: int
    rows: int
    followed: int = 0
    """Persons whose mark "followed" was wrong, set right."""


@service("report.rebuild")
def rebuild_aggregates(call: Call, progress: Callable[[int, int], None] | None = None,
                       ) -> RebuildSummary:
    """Recompute the report aggregates of the caller's delegations (all for a national one),
    and set right whether each of their persons is followed.

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
    fixed = sum(followed.repair(call.session, d) for d in sorted(chosen))
    summary = RebuildSummary(delegations=done[0] if done else 0, rows=rows, followed=fixed)
    call.audit.target = "report_aggregates"
    call.audit.detail.update(delegations=summary.delegations, rows=rows, followed=fixed)
    return summary
