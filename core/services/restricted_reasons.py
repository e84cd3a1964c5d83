"""Check reasons drawn from a restricted fact, shown only to who reads that content now.

The engine marks a check result ``restricted`` when the check read a fact classed restricted
(:mod:`core.engine.restricted_reads`): its code and message may say that fact (« Crime : … »
tells the nature of an offence). Such a result reaches a caller as it is only when the
person's restricted content is open to her now, without anything more to give (her referent,
after confirming her password); otherwise it keeps its severity and what it asks for, and
says only that its reason is restricted. The verdict stays: an action refused must still be
refused, and the actions list must still say which ones are possible.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from core import messages as M
from core.engine.checks import CheckResult
from core.engine.outcome import ActionView
from core.persistence.models import Person
from core.services import access
from core.services.policy import DataClass
from core.services.registry import Call

CODE = "acces.motif_restreint"


class Reasons:
    """Masks restricted check results for one caller and one person; asks access once."""

    def __init__(self, call: Call, person: Person) -> None:
        self._call, self._person = call, person
        self._open: bool | None = None

    def open(self) -> bool:
        if self._open is None:
            self._open = access.unlocked(self._call, self._person, DataClass.RESTRICTED)
        return self._open

    def result(self, result: CheckResult) -> CheckResult:
        """``result``, or its veiled twin when restricted and not open to the caller."""
        if not result.restricted or self.open():
            return result
        return result.model_copy(update={"code": CODE, "message": M.CHECK_REASON_RESTRICTED,
                                         "remedy": M.CHECK_REASON_RESTRICTED_REMEDY})

    def results(self, results: Iterable[CheckResult]) -> list[CheckResult]:
        return [self.result(r) for r in results]

    def actions(self, actions: Iterable[ActionView]) -> list[ActionView]:
        """The actions with their restricted reasons veiled (only those that hold one copied)."""
        return [a.model_copy(update={"reasons": tuple(self.results(a.reasons))})
                if any(r.restricted for r in a.reasons) else a for a in actions]

    def stored(self, checks: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        """An event's recorded results (as stored), veiled the same way."""
        return [r if not r.get("restricted") or self.open() else
                {**r, "code": CODE, "message": M.CHECK_REASON_RESTRICTED,
                 "remedy": M.CHECK_REASON_RESTRICTED_REMEDY} for r in checks]
