"""The ORM tables of Parcours: people, drop-ins, tracks, their history and their deadlines.

Identity and access live beside them in :mod:`core.persistence.access_models` (delegations,
accounts' sessions and tokens, sign-in throttling, the hash-chained audit log).

This module owns the relational shape of the data and the invariants the database itself
enforces (roles, statuses, anonymous visit counts, optimistic-locking version columns). Rows
hold plain values: services map them to and from the engine's objects. What could identify a
person or tell her story is stored sealed (``*_enc`` columns: AES-256-GCM with her own data
key, see :mod:`core.services.keys`): her alias, legal identity, notes, sensitive and restricted
fact values, snooze reasons, deadline explanations. The alias is found through keyed hashes
(``alias_hash`` for an exact alias, :class:`PersonSearch` tokens for a part of it), never
through clear text. ``events`` is append-only; the migration installs the database triggers
that refuse UPDATE and DELETE on it.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import (JSON, CheckConstraint, ForeignKey, Index, Numeric, String, Time,
                        UniqueConstraint, false, text)
from sqlalchemy.ext.mutable import MutableDict
from sqlalchemy.orm import Mapped, mapped_column

from core.persistence import access_models  # noqa: F401 - registers delegations, referred to below
from core.persistence.base import Base, utcnow

FOLLOW_UP_MOVE = ("kind = 'transition' AND (from_step = 'suivi_individuel' "
                  "OR to_step = 'suivi_individuel')")
"""The transition events that enter or leave individual follow-up (a partial index's rows)."""
ROLES = ("benevole", "stagiaire", "referent", "superviseur", "admin")
TRACK_STATUSES = ("open", "closed")
DEADLINE_STATUSES = ("open", "met", "closed")
SENSITIVITIES = ("sensitive", "restricted")
NOTE_SENSITIVITIES = ("ordinary", "sensitive", "restricted")
REVIEW_ACTIONS = ("acknowledged", "snoozed")


def _one_of(column: str, values: tuple[str, ...], name: str) -> CheckConstraint:
    allowed = ", ".join(f"'{value}'" for value in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=name)


def _table_args(*items: Any) -> tuple[Any, ...]:
    # AUTOINCREMENT stops SQLite from reusing the id of a deleted row: an erased person's id
    # must never come back attached to someone else in logs, exports or backups.
    return (*items, {"sqlite_autoincrement": True})


def _nullable_json() -> JSON:
    # Without none_as_null, None would be stored as the JSON literal 'null', not SQL NULL.
    return JSON(none_as_null=True)


class User(Base):
    """Someone who uses Parcours, with the role that decides what they may do.

    ``password_hash`` is an Argon2id hash (None: the account cannot sign in until an
    administrator sets a password); ``must_change_password`` is set by an administrator's
    reset and cleared when the user chooses their own.
    """

    __tablename__ = "users"
    __table_args__ = _table_args(_one_of("role", ROLES, "role_known"))

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(unique=True)
    role: Mapped[str]
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    password_hash: Mapped[str | None]
    must_change_password: Mapped[bool] = mapped_column(default=False)
    password_changed_at: Mapped[datetime | None]


class Person(Base):
    """A person the association supports, known by an alias; ``version`` guards concurrent edits.

    She belongs to one delegation: every list and every read is scoped by it. Her alias is
    sealed (``alias_enc``); after an erasure it is gone and ``erased_at`` says when.
    """

    __tablename__ = "persons"
    __table_args__ = _table_args(Index(None, "delegation_id", "alias_hash"),
                                 Index(None, "delegation_id", "last_contact_at"),
                                 Index(None, "followed", "last_contact_at"),
                                 Index(None, "delegation_id", "followed", "last_contact_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id"))
    alias_enc: Mapped[bytes | None]
    alias_hash: Mapped[str | None]
    """Keyed hash of the normalised alias: finding a person by her exact alias."""
    erased_at: Mapped[datetime | None]
    first_visit: Mapped[date | None]
    referent_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    pathway_closed: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column()
    last_contact_at: Mapped[datetime | None] = mapped_column(index=True)
    """Latest visit or event about the person: what the ``no_contact`` review reads."""
    followed: Mapped[bool] = mapped_column(server_default=false())
    """Whether she has an open domain track or her pathway at individual follow-up: a
    projection of her tracks (:mod:`core.services.followed`), kept by their writers."""

    __mapper_args__ = {"version_id_col": version}


class PersonSearch(Base):
    """Keyed hashes of the three-letter pieces of a person's normalised alias (search)."""

    __tablename__ = "person_search"
    __table_args__ = (Index(None, "token", "person_id"),)

    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), primary_key=True)
    token: Mapped[str] = mapped_column(primary_key=True)


class PersonKey(Base):
    """A person's data key, wrapped by the key-encryption key; deleting it shreds her data."""

    __tablename__ = "person_keys"

    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), primary_key=True)
    dek_version: Mapped[int]
    kek_version: Mapped[int]
    wrapped: Mapped[bytes]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PersonIdentity(Base):
    """A person's legal identity, sealed, kept apart from the alias because rarely needed.

    ``data_enc`` holds ``{"legal_name", "birth_date", "nationality"}``.
    """

    __tablename__ = "person_identities"

    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), primary_key=True)
    data_enc: Mapped[bytes]


class DropIn(Base):
    """One drop-in session (*permanence*) of a delegation; ``summary`` holds its figures once closed."""

    __tablename__ = "dropins"
    __table_args__ = _table_args(Index(None, "delegation_id", "day"))

    id: Mapped[int] = mapped_column(primary_key=True)
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id"))
    day: Mapped[date] = mapped_column(index=True)
    starts_at: Mapped[time | None] = mapped_column(Time)
    ends_at: Mapped[time | None] = mapped_column(Time)
    opened_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]
    summary: Mapped[dict[str, Any] | None] = mapped_column(_nullable_json())


class DropInVolunteer(Base):
    """A volunteer present at a drop-in, with the hours they gave."""

    __tablename__ = "dropin_volunteers"
    __table_args__ = _table_args(UniqueConstraint("dropin_id", "name"))

    id: Mapped[int] = mapped_column(primary_key=True)
    dropin_id: Mapped[int] = mapped_column(ForeignKey("dropins.id"))
    name: Mapped[str]
    hours: Mapped[Decimal] = mapped_column(Numeric(5, 2))


class Visit(Base):
    """A presence at a drop-in: one known person, or a count of anonymous visitors."""

    __tablename__ = "visits"
    __table_args__ = _table_args(CheckConstraint(
        "(person_id IS NOT NULL AND count = 1) OR (person_id IS NULL AND count >= 1)",
        name="known_or_counted"),
        # A drop-in's visits with their persons: the report counts distinct persons seen
        # from the index alone (0010; it replaced the index on dropin_id).
        Index(None, "dropin_id", "person_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    dropin_id: Mapped[int] = mapped_column(ForeignKey("dropins.id"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"), index=True)
    count: Mapped[int] = mapped_column(default=1)
    needs: Mapped[dict[str, Any] | None] = mapped_column(_nullable_json())
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))


_STEP = ("definition_id", "definition_version", "step")
"""Which step of which definition a track is at: what the review's walks sort out."""


class Track(Base):
    """The projection of one running track: current step, ordinary facts, next deadline.

    ``version`` is the optimistic-locking counter: an UPDATE from a stale copy matches no row
    and the ORM raises, which the persistence boundary turns into a ``ConflictError``.
    """

    __tablename__ = "tracks"
    __table_args__ = _table_args(
        _one_of("status", TRACK_STATUSES, "status_known"),
        # ``step`` and ``definition_id`` last (0011): the people screen's filters (her latest
        # pathway's step, her open tracks of a domain) read them from the index alone, which
        # a national count does for every person.
        Index(None, "person_id", "definition_id", "step"),
        # A person's open tracks (is she followed?): with two equalities it beats the
        # national (status, ...) indexes in the planner's eyes, statistics or not.
        Index(None, "person_id", "status", "definition_id"),
        Index(None, "status", "last_event_at"),
        Index(None, "status", "next_due"),
        # The waiting steps (review's waiting_too_long): the definition and step after
        # step_since sort out, in the index, the open tracks that wait at all (0017).
        Index("ix_tracks_status_step_since_step", "status", "step_since", *_STEP),
        # The same walks for one delegation's or a region's review queue (0014): from the
        # national indexes they read every other delegation's rows first.
        Index(None, "delegation_id", "status", "last_event_at"),
        Index("ix_tracks_delegation_id_status_step_since_step", "delegation_id", "status",
              "step_since", *_STEP),
        # The report's distinct counts (persons followed, supported per domain, with a
        # track): every column they read, one definition's tracks a range (0010).
        Index("ix_tracks_report", "definition_id", "definition_version", "started_at", "closed_at",
              "person_id", "step", "last_event_at"),
        # The same for the delegations a report covers (0015): one delegation's year read
        # its persons' tracks of every year, one by one (0.05 s at 100,000 persons).
        Index("ix_tracks_delegation_report", "delegation_id", "definition_id",
              "definition_version", "started_at", "closed_at", "person_id", "step",
              "last_event_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"))
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id"))
    """Her person's (a person never changes delegation): what a delegation's queue walks."""
    definition_id: Mapped[str]
    definition_version: Mapped[int]
    step: Mapped[str]
    status: Mapped[str] = mapped_column(default="open")
    # MutableDict: an in-place ``track.facts[name] = value`` must reach the database too.
    facts: Mapped[dict[str, Any]] = mapped_column(MutableDict.as_mutable(JSON()), default=dict)
    step_since: Mapped[datetime]
    last_event_at: Mapped[datetime]
    next_due: Mapped[date | None]
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column()
    started_at: Mapped[datetime | None]
    """When the track started as stated: its ``track_started`` event's ``occurred_at``, or an
    earlier step's when one was dated before it (what the report counts from). None on rows
    written without it (and no step dated before): read that event then."""

    __mapper_args__ = {"version_id_col": version}


class Event(Base):
    """One thing that happened, as recorded; never updated nor deleted (database triggers)."""

    __tablename__ = "events"
    __table_args__ = _table_args(
        Index(None, "track_id", "id"),
        # The report's persons followed: who entered or left individual follow-up in a period
        # (a few events per track, found without reading each track's whole history).
        # Migration 0009 makes it partial on both dialects; only SQLite's condition is written
        # here: a ``postgresql_where`` makes SQLAlchemy import its whole PostgreSQL dialect
        # when this module loads, tens of milliseconds of every command on a SQLite base.
        Index("ix_events_follow_up", "track_id", "occurred_at", sqlite_where=text(FOLLOW_UP_MOVE)))

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"), index=True)
    track_id: Mapped[int | None] = mapped_column(ForeignKey("tracks.id"))
    kind: Mapped[str]
    trigger: Mapped[str | None]
    from_step: Mapped[str | None]
    to_step: Mapped[str | None]
    occurred_at: Mapped[datetime]
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    actor_role: Mapped[str]
    facts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    checks: Mapped[list[Any]] = mapped_column(default=list)
    deadlines_enc: Mapped[bytes | None]
    """The deadlines the event opened or changed, with their explanations (they quote facts)."""


class SensitiveFact(Base):
    """The value of a fact its schema marks sensitive or restricted, sealed, out of ordinary facts."""

    __tablename__ = "sensitive_facts"
    __table_args__ = _table_args(
        _one_of("sensitivity", SENSITIVITIES, "sensitivity_known"),
        Index(None, "track_id", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    track_id: Mapped[int | None] = mapped_column(ForeignKey("tracks.id"))
    # Retention (R2) finds and deletes a life story's facts by its events (0011).
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"), index=True)
    name: Mapped[str]
    sensitivity: Mapped[str]
    value_enc: Mapped[bytes]
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class Deadline(Base):
    """A due date computed by a versioned rule, with the inputs and explanation behind it."""

    __tablename__ = "deadlines"
    __table_args__ = _table_args(
        _one_of("status", DEADLINE_STATUSES, "status_known"),
        Index(None, "status", "due"),
        Index(None, "status", "warn_from"),
        Index(None, "delegation_id", "status", "due"),  # one delegation's queue (0014)
        # A file's open deadlines: equality on both columns, so that the planner never
        # prefers the national (status, ...) indexes, with or without statistics.
        Index(None, "track_id", "status"),
        Index(None, "person_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    track_id: Mapped[int] = mapped_column(ForeignKey("tracks.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"))
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id"))
    """Her person's, as on her track."""
    rule_id: Mapped[str]
    rule_version: Mapped[int]
    due: Mapped[date]
    warn_from: Mapped[date]
    """First day of the warning window: the review queue's ``due_soon`` reads it."""
    suspended_since: Mapped[date | None]
    """Set while the clock stands still (suspension); the queue leaves it out."""
    status: Mapped[str] = mapped_column(default="open")
    computation_enc: Mapped[bytes]
    """Start, explanation, source, suspensions: sealed, since they quote the facts used."""
    opened_event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"))
    closed_event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"))


class Note(Base):
    """A free-text note about a person; restricted unless its author says otherwise."""

    __tablename__ = "notes"
    __table_args__ = _table_args(_one_of("sensitivity", NOTE_SENSITIVITIES, "sensitivity_known"))

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    track_id: Mapped[int | None] = mapped_column(ForeignKey("tracks.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # Retention (R2) finds and deletes a life story's notes by its events (0011).
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    text_enc: Mapped[bytes]
    sensitivity: Mapped[str] = mapped_column(default="restricted")


class ReviewMark(Base):
    """A supervisor's decision on a review item: acknowledged, or snoozed until a date."""

    __tablename__ = "review_marks"
    __table_args__ = _table_args(_one_of("action", REVIEW_ACTIONS, "action_known"))

    id: Mapped[int] = mapped_column(primary_key=True)
    item_key: Mapped[str] = mapped_column(index=True)
    kind: Mapped[str]
    # An erasure clears her marks' reasons by her id (0011).
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    track_id: Mapped[int | None] = mapped_column(ForeignKey("tracks.id"))
    action: Mapped[str]
    until: Mapped[date | None]
    reason_enc: Mapped[bytes | None]
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


CONSENT_PURPOSES = ("suivi", "partage", "statistiques")


class Consent(Base):
    """A person's consent to one purpose: given on a date, recorded by someone, perhaps expiring,
    perhaps withdrawn (the withdrawal takes effect at once; the row stays as its proof).

    ``purpose`` is ``suivi`` (individual follow-up), ``partage`` (a referral to ``partner``,
    whose name is sealed in ``partner_enc`` and found through ``partner_hash``) or
    ``statistiques``.
    """

    __tablename__ = "consents"
    __table_args__ = _table_args(_one_of("purpose", CONSENT_PURPOSES, "purpose_known"),
                                 Index(None, "person_id", "purpose"))

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"))
    purpose: Mapped[str]
    partner_enc: Mapped[bytes | None]
    partner_hash: Mapped[str | None]
    given_on: Mapped[date]
    expires_on: Mapped[date | None]
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"))
    withdrawn_at: Mapped[datetime | None]
    withdrawn_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    withdrawal_event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"))


class PersonHold(Base):
    """A legal hold (GDPR art. 17(3)(e)): while one is active, retention never erases her.

    The reason is sealed with her key (it may say which proceedings are under way).
    """

    __tablename__ = "person_holds"
    __table_args__ = _table_args(Index(None, "person_id", "lifted_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"))
    reason_enc: Mapped[bytes]
    placed_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    placed_at: Mapped[datetime] = mapped_column(default=utcnow)
    lifted_at: Mapped[datetime | None]
    lifted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class ReportAggregate(Base):
    """One additive figure of the activity report for one delegation and one calendar month.

    Kept up to date in the transaction of the write that changes it
    (:mod:`core.services.report_aggregates`): drop-ins, volunteer hours, visits, new persons
    and transition events counted by (definition, trigger, step reached). ``month`` is
    ``YYYY-MM`` (UTC, like every stored time); ``value`` is a count, or hours for
    ``volunteer_hours``. Nothing here names a person: an erasure leaves these rows alone.
    """

    __tablename__ = "report_aggregates"
    # A national report sums every delegation's months: in month order, from the index
    # alone (0018); one delegation's months are a range of the primary key.
    __table_args__ = (Index("ix_report_aggregates_months", "month", "figure", "value"),)

    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id"), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    figure: Mapped[str] = mapped_column(primary_key=True)
    value: Mapped[Decimal] = mapped_column(Numeric(16, 2))
