"""A request replayed passes again, as of now, every check its first run passed.

Most access checks live in the service bodies, not the door: running a body again to check
would write again, or be refused for having applied already. So the checks a body passed are
noted with its answer (:func:`core.services.access.grant`: which person, which class, which
delegation) and :func:`recheck` runs those same functions again on them, so that the refusal
is the one a fresh call gets (a lost follow, a delegation left, a password to type again).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from core import messages as M
from core.errors import PermissionDenied
from core.services.access import DENIED, find, require, require_reauth, shows
from core.services.policy import DataClass
from core.services.registry import Call


def recheck(call: Call, granted: list[list[Any]] | None, reason: str | None) -> None:
    """Refuse a replay unless the caller passes now every check its first run passed.

    Each kind calls again the function the body called, on the person (or object) it found,
    rather than a copy of its rules: the refusal is the one a fresh call by number gets
    (person unknown, access denied, password to type again).

    Raises:
        ParcoursError: that refusal; PermissionDenied when the answer was kept by a version
            that noted no checks (or one this version does not know): it is not given.
    """
    if granted is None or any(kind not in _AGAIN for kind, *_ in granted):
        raise PermissionDenied(M.REQUEST_UNCHECKED)
    for kind, person, *args in granted:
        _AGAIN[kind](call, reason, person, *args)


def _credential_again(call: Call, _reason: str | None, _person: None, session_id: int) -> None:
    if call.principal.session_id != session_id:
        raise PermissionDenied(M.REQUEST_OTHER_CREDENTIAL)


def _find_again(call: Call, _reason: str | None, person: int, write: bool) -> None:
    find(call, person, write=write)


def _require_again(call: Call, reason: str | None, person: int, data: str, write: bool) -> None:
    row = find(call, person, write=write)
    call.audit.person_id = row.id
    require(call, row, DataClass(data), write=write, reason=reason)


def _shows_again(call: Call, _reason: str | None, person: int, data: str) -> None:
    # The answer quotes what was shown then: shown no longer, it is refused as a whole (it
    # cannot be redacted after the fact).
    row = find(call, person)
    call.audit.person_id = row.id
    if not shows(call, row, DataClass(data)):
        raise PermissionDenied(DENIED[DataClass(data)])


def _reauth_again(call: Call, _reason: str | None, _person: None, message: str) -> None:
    require_reauth(call, message)


def _delegation_again(call: Call, _reason: str | None, _person: None, delegation: int) -> None:
    from core.persistence.access_models import Delegation
    from core.services.persons import delegation_for
    # By its code, as a call naming it would: "not yours" once she has left it.
    delegation_for(call, call.session.scalar(select(Delegation.code)
                                             .where(Delegation.id == delegation)) or "?")


def _review_item_again(call: Call, _reason: str | None, _person: int, key: str) -> None:
    from core.services.review_decisions import _subject
    _subject(call, key)


def _dropin_again(call: Call, _reason: str | None, _person: None, dropin: int) -> None:
    from core.services.dropins import _dropin
    _dropin(call, dropin)


_AGAIN: dict[str, Callable[..., None]] = {
    "credential": _credential_again, "find": _find_again, "require": _require_again,
    "shows": _shows_again, "reauth": _reauth_again, "delegation": _delegation_again,
    "dropin": _dropin_again, "review_item": _review_item_again}
"""How a replay passes again, as of now, each kind of check :func:`grant` noted: called with
the call, the reason this replay gives (or None), the person (or None) and the values noted."""
