"""Check results drawn from a restricted fact, shown only to who reads that content now.

The engine marks a check result ``restricted`` when the check read a fact classed restricted
(:mod:`core.engine.restricted_reads`): its code and message may say that fact (« Crime : … »
tells the nature of an offence), and so may its verdict (the civil party claim is open at
once for a crime, three months after the complaint for an offence). Such a result reaches a
caller as it is only when the person's restricted content is open to her now: her referent
after confirming her password, a supervisor who gives the reason of her exceptional access
(kept, sealed, on the call's audit row, as reading the content with it would be). Otherwise:

* in the actions list, the action is shown as not possible now, with one veiled reason in
  place of every restricted one, whatever their verdict;
* an action whose verdict was drawn from restricted content is refused as reading it would be
  (:meth:`Reasons.require`), whether the checks let it happen or not;
* in the history, a recorded result keeps only that it was veiled.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from core import messages as M
from core.engine.checks import CheckResult, Severity
from core.engine.outcome import ActionView
from core.errors import PermissionDenied, ReasonRequired, ReauthRequired
from core.persistence.models import Person
from core.services import access
from core.services.policy import DataClass
from core.services.registry import Call
from core.text import MAX_REASON, clean_line

CODE = "acces.motif_restreint"


def _veiled(severity: Severity) -> CheckResult:
    return CheckResult(code=CODE, severity=severity, message=M.CHECK_REASON_RESTRICTED,
                       remedy=M.CHECK_REASON_RESTRICTED_REMEDY, restricted=True)


def given(reason: str | None) -> str | None:
    """The reason a caller gave, through the gate: a service calls it first, so that a bad
    reason is refused whatever the checks then read (and before anything is looked up).

    Raises:
        InputError: not one line of text, or longer than :data:`MAX_REASON`.
    """
    return clean_line(reason, limit=MAX_REASON, field="le motif") or None if reason else None


class Reasons:
    """Veils restricted check results for one caller and one person; asks access once."""

    def __init__(self, call: Call, person: Person, reason: str | None = None) -> None:
        """``reason``: what :func:`given` made of the caller's, at the top of her service."""
        self._call, self._person, self._reason = call, person, reason
        self._open: bool | None = None

    def open(self) -> bool:
        if self._open is None:
            self._open = access.unlocked(self._call, self._person, DataClass.RESTRICTED,
                                         self._reason)
        return self._open

    def require(self, drawn: bool) -> None:
        """Refuse unless restricted content is open to the caller, when the verdict was
        ``drawn`` from it (any result evaluated, passed or not): acting on it is reading it.

        Raises:
            ReauthRequired: her referent, before she confirms her password.
            ReasonRequired: a supervisor who does not follow her, without a reason.
            PermissionDenied: anyone else.
        """
        if not drawn or self.open():
            return
        try:
            access.require(self._call, self._person, DataClass.RESTRICTED, reason=self._reason)
        except (ReauthRequired, ReasonRequired):
            raise
        except PermissionDenied:  # her role never reads it: said of the action, not the file
            raise PermissionDenied(M.ACTION_NEEDS_RESTRICTED) from None

    def actions(self, actions: Iterable[ActionView]) -> list[ActionView]:
        """The actions, each whose verdict was drawn from restricted content shown as not
        possible now, with its restricted reasons veiled (only those copied)."""
        shown = []
        for action in actions:
            if any(r.restricted for r in action.reasons) and not self.open():
                kept = tuple(r for r in action.reasons if not r.restricted)
                action = action.model_copy(update={
                    "allowed": False, "reasons": (*kept, _veiled(Severity.BLOCKING))})
            shown.append(action)
        return shown

    def stored(self, checks: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        """An event's recorded results (as stored), each restricted one reduced to its veil
        unless open to the caller (a transition that happened recorded no refusal: its
        results say only « read it, if you may »). A result recorded before results were
        marked says nothing of what it read: it is taken as restricted (deny by default)."""
        return [r if r.get("restricted", True) is False or self.open() else
                _veiled(Severity.WARNING).model_dump(mode="json") for r in checks]
