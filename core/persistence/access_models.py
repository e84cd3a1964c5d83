"""The ORM tables of identity and access: delegations, sessions and tokens, throttling, audit.

A *delegation* is one local branch of the association: persons, drop-ins and users belong to
delegations, and every read is scoped by them. An :class:`AuthSession` is one sign-in (or one
personal token for scripts): only the SHA-256 of its random secret is stored, so a copy of the
database does not let anyone act. :class:`SignInThrottle` counts failed sign-ins per name
(known or not, so that throttling tells nothing about which accounts exist).

:class:`AuditEntry` is the audit log (CNIL délibération 2021-122): who, in which role, did
what to which object, when, and with which outcome, never the content read. Its rows are
hash-chained (``seq`` has no gap, each row holds the previous row's hash and its own) and the
migration installs triggers that refuse UPDATE and DELETE, like on ``events``. It has no
foreign key to persons or users: an erased person's number and a departed user's id must stay
in the log.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.persistence.base import Base, utcnow

SESSION_KINDS = ("session", "token")
OUTCOMES = ("done", "refused", "failed")


class Delegation(Base):
    """A local branch of the association; ``code`` is what people type (``paris``, ``lyon``)."""

    __tablename__ = "delegations"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(unique=True)
    label: Mapped[str]
    holiday_subdivision: Mapped[str | None]
    """French subdivision whose extra public holidays apply (``57``, ``67``, ``68``: Alsace-Moselle)."""
    department: Mapped[str | None]
    """Department where it runs PSPs: only approvals of that department count."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AgrementRow(Base):
    """A prefectoral approval to run PSPs (or the application for one), as dated facts.

    What the dates imply (tacit approval, three years of validity) is computed by the
    ``psp.agrement_*`` rules from :class:`core.delegation.Agrement`.
    """

    __tablename__ = "agrements"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id"), index=True)
    department: Mapped[str]
    requested_on: Mapped[date | None]
    completed_on: Mapped[date | None]
    granted_on: Mapped[date | None]
    refused_on: Mapped[date | None]
    valid_from: Mapped[date | None]
    valid_to: Mapped[date | None]
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))


class UserDelegation(Base):
    """A user's membership of a delegation (a user may belong to several)."""

    __tablename__ = "user_delegations"
    # A delegation's members (referent candidates): the primary key starts with user_id (0011).
    __table_args__ = (Index(None, "delegation_id", "user_id"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id"), primary_key=True)


class AuthSession(Base):
    """One sign-in, or one personal token: a hashed secret with its timeouts.

    A session ends after ``idle_seconds`` without use or at ``expires_at``, whichever comes
    first; a token has no idle timeout. ``reauth_at`` is the last time the user typed their
    password again in this session (needed before restricted content is shown).
    """

    __tablename__ = "auth_sessions"
    __table_args__ = (CheckConstraint("kind IN ('session', 'token')", name="kind_known"),
                      {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str]
    token_hash: Mapped[str] = mapped_column(unique=True)
    label: Mapped[str | None]
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    idle_seconds: Mapped[int | None]
    reauth_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    revoked_reason: Mapped[str | None]
    scope: Mapped[str | None]
    """A personal token's scope (:mod:`core.services.token_scopes`); None: all its owner
    may do."""


class SignInThrottle(Base):
    """Failed sign-ins for one name (keyed by a hash of the normalised name)."""

    __tablename__ = "signin_throttle"

    key: Mapped[str] = mapped_column(primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[datetime]
    locked_until: Mapped[datetime | None]


class AuditEntry(Base):
    """One audited operation; append-only and hash-chained (see the module docstring)."""

    __tablename__ = "audit_log"
    __table_args__ = (
        CheckConstraint("outcome IN ('done', 'refused', 'failed')", name="outcome_known"),
        Index(None, "person_id", "seq"),
        Index(None, "actor_id", "seq"),
        Index(None, "at"),
        Index(None, "reason", "at"),  # the review queue's exceptional accesses
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(unique=True)
    """Position in the chain: 1, 2, 3... with no gap (ids may have gaps on PostgreSQL)."""
    at: Mapped[datetime]
    actor_id: Mapped[int | None]
    role: Mapped[str | None]
    session_id: Mapped[int | None]
    operation: Mapped[str]
    """The service name (``person.show``) or the sign-in event (``auth.login``)."""
    person_id: Mapped[int | None]
    target: Mapped[str | None]
    """Other object concerned, as ``kind:id`` (``track:12``, ``user:3``, ``dropin:4``)."""
    outcome: Mapped[str]
    reason: Mapped[str | None]
    """Why it was refused or failed: an error code, never the message shown."""
    detail: Mapped[dict[str, Any]] = mapped_column(JSON(), default=dict)
    """References only: field names, filters, counts, a typed justification; never values read."""
    prev_hash: Mapped[str]
    hash: Mapped[str]


class AuditCheckpoint(Base):
    """Where the audit chain restarts after old rows were purged (retention, CNIL 6–12 months)."""

    __tablename__ = "audit_checkpoints"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime]
    last_seq: Mapped[int]
    """The last purged row's position: the chain continues at ``last_seq + 1``."""
    last_hash: Mapped[str]
    """The last purged row's hash: the next row's ``prev_hash``."""
    actor_id: Mapped[int | None]


class BaseInfo(Base):
    """The base itself (one row): its id, which KEK version wraps its keys, and flags.

    ``key_check`` is a known value sealed with the KEK: opening it proves the key file is this
    base's before anything is read. ``search_key`` (sealed with the KEK) keys the alias hashes.
    ``fictitious`` marks a demonstration base: every report and export of it says so.
    """

    __tablename__ = "base_info"

    id: Mapped[int] = mapped_column(primary_key=True)
    base_uuid: Mapped[str] = mapped_column(unique=True)
    created_at: Mapped[datetime]
    kek_version: Mapped[int]
    key_check: Mapped[bytes]
    search_key: Mapped[bytes]
    fictitious: Mapped[bool] = mapped_column(default=False)
    rotation: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    """A key rotation under way: its target version and kind (resumable after a crash)."""


class RequestRecord(Base):
    """A write carried out under a caller's request id, and its result (sealed), so that the
    same request sent again applies once and answers the same (kept one day). The operation is
    part of the key: one command may make several writes under the id it was given."""

    __tablename__ = "request_log"
    __table_args__ = (UniqueConstraint("user_id", "request_id", "operation"),
                      Index(None, "created_at"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    request_id: Mapped[str]
    operation: Mapped[str]
    # An erasure deletes her rows by her id (0011).
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"), index=True)
    """The person the write was about: the result is sealed with her key (erasing her makes it
    unreadable, in backups too); None: sealed with a key of the base."""
    created_at: Mapped[datetime]
    result_enc: Mapped[bytes]
