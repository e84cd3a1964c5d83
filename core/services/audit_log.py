"""Reading the audit log: "who saw this file", verifying the chain, its head for anchoring.

Supervisors list the rows about persons of their delegations, and the rows of users who share
a delegation with them; an administrator lists the rows about no person (sign-ins, accounts,
configuration), never who read which file. Verifying the chain and reading its head are
integrity operations open to both: they show no row.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, exists, or_, select

from core import messages as M
from core.errors import InputError
from core.persistence.access_models import AuditEntry, UserDelegation
from core.persistence.models import Person, User
from core.schemas import AuditCheck, AuditView
from core.services import access, audit, audit_reasons
from core.services.registry import Call, service
from core.text import MAX_NAME, clean_line

MAX_ROWS = 1000


def parse_anchor(value: str) -> tuple[int, str]:
    """``N:HASH`` (as printed by ``parcours audit head``) into a position and a hash."""
    seq, sep, digest = value.strip().partition(":")
    if not sep or not seq.isascii() or not seq.isdigit() or len(digest) != 64 or \
            any(c not in "0123456789abcdef" for c in digest):
        raise InputError(M.AUDIT_BAD_ANCHOR.format(value=value[:80]))
    return int(seq), digest


def _scope(call: Call) -> ColumnElement[bool]:
    if call.principal.role.value == "admin":
        return AuditEntry.person_id.is_(None)
    colleagues = select(UserDelegation.user_id).where(
        access.in_delegations(call.principal, UserDelegation.delegation_id))
    theirs = (AuditEntry.person_id.is_(None)) & AuditEntry.actor_id.in_(colleagues)
    # Half the persons, not access.WIDE_SHARE: the log follows activity, and a region's
    # share of its rows may be far below her share of the persons; walking it newest first
    # would then read most of the log for one page.
    if access.sees_most(call, share=0.5):
        # Many rows are hers: the log is walked newest first, each row's person checked by
        # her number, until the page is full. ``IN (her persons)`` found every row of the
        # country through the person index and sorted them all for the newest thousand
        # (7.5 s at two million rows).
        hers = exists().where(Person.id == AuditEntry.person_id,
                              access.in_delegations(call.principal, Person.delegation_id))
        return or_(hers, theirs)
    mine = select(Person.id).where(access.in_delegations(call.principal, Person.delegation_id))
    return or_(AuditEntry.person_id.in_(mine), theirs)


@service("audit.list", write=False)
def list_audit(call: Call, *, person: int | None = None, user: str | None = None,
               start: date | None = None, end: date | None = None,
               limit: int = MAX_ROWS, after: int | None = None) -> list[AuditView]:
    """Audit rows of the caller's scope, newest first, filtered by person, user or period;
    ``after``: those listed after the row at that position (older ones: the next page)."""
    query = select(AuditEntry, User.name).outerjoin(User, AuditEntry.actor_id == User.id) \
        .where(_scope(call))
    if after is not None:
        query = query.where(AuditEntry.seq < after)
    if person is not None:
        query = query.where(AuditEntry.person_id == person)
        call.audit.person_id = person
    if user:
        user = clean_line(user, limit=MAX_NAME, field="l'utilisateur")
        from core.services.auth import user_named
        named = user_named(call.session, user)  # « Camille » for camille, as she signs in
        query = query.where(User.name == (named.name if named is not None else user))
    if start:
        query = query.where(AuditEntry.at >= datetime.combine(start, time.min, tzinfo=UTC))
    if end:
        query = query.where(AuditEntry.at < datetime.combine(end + timedelta(days=1), time.min,
                                                             tzinfo=UTC))
    rows = list(call.session.execute(query.order_by(AuditEntry.seq.desc())
                                     .limit(min(limit, MAX_ROWS))))
    sealed = [e for e, _ in rows if audit_reasons.FIELD in (e.detail or {})]
    reasons = dict(zip((e.seq for e in sealed), audit_reasons.opened(
        call, ((e.person_id, e.detail) for e in sealed)), strict=True))
    views = [AuditView(seq=e.seq, at=e.at, user=name, role=e.role, operation=e.operation,
                       person_id=e.person_id, target=e.target, outcome=e.outcome,
                       reason=e.reason, detail=_detail(e.detail or {}, reasons.get(e.seq)))
             for e, name in rows]
    call.audit.detail = {"count": len(views), "user": user or None,
                         "reasons_opened": len(reasons)}
    return views


def _detail(detail: dict[str, Any], reason: str | None) -> dict[str, Any]:
    """The row's detail as listed: a sealed reason replaced by its text."""
    if reason is None:
        return detail
    shown = {k: v for k, v in detail.items() if k != audit_reasons.FIELD}
    shown["reason"] = reason
    return shown


@service("audit.verify", write=False)
def verify_audit(call: Call, anchor: str | None = None) -> AuditCheck:
    """Check the whole chain (and, given ``N:HASH`` kept earlier, that its tail is intact)."""
    mark = parse_anchor(anchor) if anchor else None
    checked, finding = audit.verify(call.session, mark)
    seq, digest = audit.head(call.session)
    call.audit.detail = {"checked": checked, "ok": finding is None}
    if finding is None:
        return AuditCheck(checked=checked, ok=True, message=M.AUDIT_OK.format(count=checked),
                          head_seq=seq, head_hash=digest)
    return AuditCheck(checked=checked, ok=False, seq=finding.seq, row_id=finding.row_id,
                      problem=finding.problem,
                      message=M.AUDIT_BROKEN[finding.problem].format(seq=finding.seq),
                      head_seq=seq, head_hash=digest)


@service("audit.verify", write=False)
def audit_head(call: Call) -> tuple[int, str]:
    """The chain's newest position and hash (``N:HASH``), to keep outside the database."""
    return audit.head(call.session)
