"""Which clock a recorded time is printed on: the delegation's it belongs to, else the user's.

Stored moments are UTC, and the server's own zone says nothing about its users: a note
written at 21:30 in Guadeloupe read 01:30 on a UTC server, 02:30 on a Paris one. A time that
belongs to a delegation (a step of her file, a note, a visit) is shown on that delegation's
clock, named when it is not the user's; one of no delegation (a session, a token, the audit
log) on the user's own clock: her delegations' when they share one, else mainland France's.
JSON output is left as the services give it (instants in ISO 8601, with their offset).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from core import messages as M
from core.delegation import HOME_ZONE

if TYPE_CHECKING:
    from core.cli.options import Context


@dataclass(frozen=True)
class Clocks:
    """The user's own clock (``viewer``), and the clock of each delegation she reads."""

    viewer: str = HOME_ZONE

    def at(self, moment: datetime, zone: str | None = None) -> str:
        """``moment`` on ``zone``'s clock (by default the one the service placed it on, a
        delegation's, else the user's own)."""
        return M.clock_moment(moment, zone or getattr(moment.tzinfo, "key", None) or self.viewer,
                              self.viewer)

    def hour(self, moment: datetime) -> str:
        """The time of day of ``moment`` on the clock the service placed it on (a visit, its
        drop-in's), else the user's own; the clock named when it is not hers."""
        return M.clock_hour(moment, getattr(moment.tzinfo, "key", None) or self.viewer,
                            self.viewer)


def clocks(ctx: Context) -> Clocks:
    """The clocks of the user of ``ctx`` (a :class:`core.cli.options.Context`): her own
    (:attr:`core.schemas.WhoAmI.clock`), asked once, in one audited read."""
    from core.services import whoami
    return Clocks(whoami(ctx.app(), ctx.credential()).clock)
