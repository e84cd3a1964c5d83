"""What a personal token may do: all its owner may (no scope), or one narrower scope.

A token lives in a script or a cron table, for months, on a machine watched less closely
than a signed-in terminal: it should hold no more than its script needs (least privilege).
A scope only narrows: the role's policy and the person's scope still apply to what it
permits, and each call is audited as any other.

- ``lecture``: the services that write nothing (lists, files, the report, the review queue),
  and the report's export; no step, note, consent, person's export, account or setting
  changed, and no backup made or deleted (:data:`FILE_WRITERS`).
- ``statistiques``: the activity report and its export (and ``whoami``), no more: no list of
  persons, no file, no figure's records (``report --explain`` names persons).
"""

from __future__ import annotations

from core import messages as M
from core.errors import InputError, PermissionDenied

STATISTICS_SERVICES = frozenset({"report.activity", "report.export", "auth.whoami"})
"""What a ``statistiques`` token may call: the report, its export, and who it is."""
SCOPES = ("lecture", "statistiques")
FILE_WRITERS = frozenset({"backup.create", "backup.prune"})
"""Services that change no row of the base, yet write or delete files: a copy of the whole
base where the caller says, the deletion of backups (all of them, with a later ``--today``).
Neither is reading: a ``lecture`` token may not call them."""


def clean_scope(scope: str | None) -> str | None:
    """``scope`` as stored (None: no scope).

    Raises:
        InputError: not a known scope.
    """
    if scope is None:
        return None
    text = str(scope).strip().casefold()
    if text not in SCOPES:
        raise InputError(M.TOKEN_SCOPE_UNKNOWN.format(value=str(scope)[:40],
                                                      choices=", ".join(SCOPES)))
    return text


def permits(scope: str | None, service: str, writes: bool) -> bool:
    """Whether a token of ``scope`` may call ``service`` (one that ``writes`` or not)."""
    if scope is None:
        return True
    if scope == "lecture" and not writes and service not in FILE_WRITERS:
        return True
    return service in STATISTICS_SERVICES


def require(scope: str | None, service: str, writes: bool) -> None:
    """Refuse ``service`` to a token whose scope does not permit it.

    Raises:
        PermissionDenied: saying what the token is limited to.
    """
    if not permits(scope, service, writes):
        raise PermissionDenied(M.TOKEN_SCOPE_REFUSED.format(
            what=M.TOKEN_SCOPE_LABELS.get(scope or "", scope)))
