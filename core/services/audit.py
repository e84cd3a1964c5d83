"""The audit log: appending hash-chained rows, verifying the chain, reading it back.

One row per audited operation (every service call, every sign-in), written by the services'
door (:mod:`core.services.registry`) or the sign-in service, never by a service body. A row
holds references only: who (user id and role), what (the service, the person number, another
object as ``kind:id``), when (UTC), the outcome and, for a refusal, an error code; ``detail``
adds field names, filters or a typed justification, never a value read.

Each row's ``hash`` is the SHA-256 of the previous row's hash followed by the row's canonical
JSON, and ``seq`` counts rows without gaps: :func:`verify` finds a modified row (its hash no
longer matches), a deleted one (a gap, or the next row's ``prev_hash`` no longer matches), rows
swapped or moved, and, given a head hash kept elsewhere (:func:`head`), a truncated tail.
:func:`prune` removes rows older than the log's retention (security.md AU-5, R7) after
writing a checkpoint (last removed position and hash) from which :func:`verify` restarts.
Appending locks the chain's head: on SQLite the write transaction already holds the database
lock; on PostgreSQL a transaction-level advisory lock serialises appenders until they commit.
There one statement appends (``parcours_audit_append``, migration 0013): it takes the lock,
reads the head and inserts the row, whose hash the server computes from the canonical JSON
sent in three parts around the two values only the locked head gives (``prev_hash``,
``seq``). :func:`verify` recomputes every hash here, whoever computed it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Integer, LargeBinary, bindparam, delete, func, select
from sqlalchemy.orm import Session

from core.persistence.access_models import AuditCheckpoint, AuditEntry
from core.persistence.prepared import Fixed, fixed_insert
from core.persistence.results import affected

GENESIS = "0" * 64
PG_LOCK = 0x70617263  # "parc": the advisory lock key of the audit chain's head
BATCH = 2000
FIELDS = ("seq", "at", "actor_id", "role", "session_id", "operation", "person_id", "target",
          "outcome", "reason", "detail", "prev_hash")


@dataclass(frozen=True)
class Entry:
    """What one audit row says, before it is chained."""

    operation: str
    outcome: str = "done"
    actor_id: int | None = None
    role: str | None = None
    session_id: int | None = None
    person_id: int | None = None
    target: str | None = None
    reason: str | None = None
    detail: dict[str, Any] | None = None


def _stamp(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(row: dict[str, Any]) -> bytes:
    """The bytes a row's hash covers: its fields in a fixed order, as compact JSON."""
    values = {name: (_stamp(row[name]) if name == "at" else row[name]) for name in FIELDS}
    return json.dumps(values, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")


def chain_hash(prev_hash: str, row: dict[str, Any]) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + canonical(row)).hexdigest()


_LOG = AuditEntry.__table__
# Every audited call runs these: built once (building costs more than running them) and run
# on the call's connection, the head's read and the row's insert at the driver's cost.
_LAST = Fixed(select(_LOG.c.seq, _LOG.c.hash).order_by(_LOG.c.seq.desc()).limit(1), ())
_CHECKPOINT = (select(AuditCheckpoint.last_seq, AuditCheckpoint.last_hash)
               .order_by(AuditCheckpoint.id.desc()).limit(1))
_APPEND = fixed_insert(_LOG, (*FIELDS, "hash"))
_PARTS = ("before", "between", "after")
_APPEND_PG = Fixed(select(func.parcours_audit_append(
    *(bindparam(n, type_=_LOG.c[n].type) for n in FIELDS if n not in ("seq", "prev_hash")),
    *(bindparam(n, type_=LargeBinary()) for n in _PARTS), type_=Integer())),
    (*(n for n in FIELDS if n not in ("seq", "prev_hash")), *_PARTS))
"""PostgreSQL: the head locked and read, the row hashed and inserted, in one statement
(migration 0013); its position returned."""


def _start(connection: Connection) -> tuple[int, str]:
    """The last chained position and hash (from the newest checkpoint when the log is empty)."""
    last = _LAST.run(connection, {}).first()
    if last is not None:
        return int(last.seq), str(last.hash)
    mark = connection.execute(_CHECKPOINT).first()
    return (int(mark[0]), str(mark[1])) if mark else (0, GENESIS)


def append(session: Session, entry: Entry, at: datetime) -> int:
    """Chain one row in the session's transaction; returns its position (``seq``)."""
    return append_on(session.connection(), entry, at)


def append_on(connection: Connection, entry: Entry, at: datetime) -> int:
    """Chain one row on ``connection``: in its transaction, or, on a PostgreSQL connection
    in autocommit, as a transaction of its own (one statement); returns its position."""
    row = {"at": at, "actor_id": entry.actor_id, "role": entry.role,
           "session_id": entry.session_id, "operation": entry.operation,
           "person_id": entry.person_id, "target": entry.target, "outcome": entry.outcome,
           "reason": entry.reason, "detail": dict(entry.detail or {})}
    if connection.dialect.name == "postgresql":
        parts = dict(zip(_PARTS, canonical_parts(row), strict=True))
        return int(_APPEND_PG.run(connection, {**row, **parts}).scalar_one())
    # SQLite: the write transaction holds the database lock, so the head cannot move.
    seq, prev = _start(connection)
    row.update(seq=seq + 1, prev_hash=prev)
    row["hash"] = chain_hash(prev, row)
    _APPEND.run(connection, row)
    return seq + 1


def canonical_parts(row: dict[str, Any]) -> tuple[bytes, bytes, bytes]:
    """:func:`canonical` of ``row`` (every field but ``prev_hash`` and ``seq``) in three parts:
    ``before + prev_hash + between + str(seq) + after`` is the canonical JSON of the whole
    row, what the server completes once it holds the head (a hash is ASCII hex and a
    position a bare integer: neither needs escaping)."""
    values = {name: (_stamp(row[name]) if name == "at" else row[name])
              for name in FIELDS if name not in ("prev_hash", "seq")}
    keys = sorted(values)

    def pairs(chosen: list[str]) -> str:
        return "".join(f",{_dump(k)}:{_dump(values[k])}" for k in chosen)

    first = pairs([k for k in keys if k < "prev_hash"])
    middle = pairs([k for k in keys if "prev_hash" < k < "seq"])
    last = pairs([k for k in keys if k > "seq"])
    return (("{" + first[1:] + ("," if first else "") + '"prev_hash":"').encode("utf-8"),
            ('"' + middle + ',"seq":').encode("utf-8"), (last + "}").encode("utf-8"))


def _dump(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def head(session: Session) -> tuple[int, str]:
    """The chain's newest position and hash: keep them elsewhere to detect truncation later."""
    return _start(session.connection())


@dataclass(frozen=True)
class Finding:
    """The first place where the chain does not hold."""

    seq: int
    row_id: int | None
    problem: str
    """``modified``, ``missing`` (rows removed before this one), ``order`` or ``truncated``."""


_WALK = select(_LOG.c.id, _LOG.c.hash, *(_LOG.c[name] for name in FIELDS)) \
    .where(_LOG.c.seq > bindparam("after")).order_by(_LOG.c.seq).limit(BATCH)
"""A batch of the chain as plain rows (the same column types, so the same values hashed):
an ORM object per row cost a third of a year's verification (two million rows)."""


def _rows(session: Session) -> Iterator[Any]:
    connection, after = session.connection(), -1
    while True:
        batch = connection.execute(_WALK, {"after": after}).all()
        if not batch:
            return
        yield from batch
        after = batch[-1].seq


def verify(session: Session, anchor: tuple[int, str] | None = None) -> tuple[int, Finding | None]:
    """Walk the chain from its newest checkpoint; returns (rows checked, first finding or None).

    ``anchor`` is a (position, hash) pair taken earlier with :func:`head`: the row at that
    position must still exist with that hash, which is how a truncated tail is found.
    """
    mark = session.execute(select(AuditCheckpoint.last_seq, AuditCheckpoint.last_hash)
                           .order_by(AuditCheckpoint.id.desc()).limit(1)).first()
    expected_seq, prev = (int(mark[0]) + 1, str(mark[1])) if mark else (1, GENESIS)
    checked = 0
    for row in _rows(session):
        data = {name: row._mapping[name] for name in FIELDS}
        if row.seq < expected_seq:
            return checked, Finding(row.seq, row.id, "order")
        if row.seq > expected_seq:
            return checked, Finding(row.seq, row.id, "missing")
        if row.prev_hash != prev:
            return checked, Finding(row.seq, row.id, "order" if _moved(session, row) else "missing")
        if chain_hash(prev, data) != row.hash:
            return checked, Finding(row.seq, row.id, "modified")
        prev, expected_seq, checked = row.hash, expected_seq + 1, checked + 1
    if anchor is not None and (anchor[0] >= expected_seq or not _anchored(session, anchor)):
        return checked, Finding(anchor[0], None, "truncated")
    return checked, None


def _moved(session: Session, row: AuditEntry) -> bool:
    # The row's recorded predecessor is still in the log, at another place: the rows were
    # reordered (swapped, or renumbered around an inserted row). When it is nowhere, rows
    # before this one were removed (or rewritten). The row's own hash cannot tell: it covers
    # its position, which a move changes.
    return session.scalar(select(AuditEntry.seq).where(AuditEntry.hash == row.prev_hash,
                                                       AuditEntry.id != row.id).limit(1)) is not None


def _anchored(session: Session, anchor: tuple[int, str]) -> bool:
    found = session.scalar(select(AuditEntry.hash).where(AuditEntry.seq == anchor[0]))
    return found == anchor[1]


@dataclass(frozen=True)
class Pruned:
    """What :func:`prune` removed: how many rows, up to which position (0: nothing)."""

    rows: int
    last_seq: int


def prunable(session: Session, before: datetime) -> tuple[int, int]:
    """How many rows the log may lose for ``before``, and the last position among them: the
    rows before the first one written at ``before`` or later, all written before it.

    Only that first run of old rows, never up to the last old row wherever it is: a row
    stamped by a clock set back (a machine's battery, a wrong manual setting) would otherwise
    take with it every row before it, the last months' included. A row stamped ahead keeps
    the rows after it a while longer instead: the log is kept too long, never cut short.
    """
    young = session.scalar(select(AuditEntry.seq).where(AuditEntry.at >= before)
                           .order_by(AuditEntry.seq).limit(1))
    old = select(func.count(), func.max(AuditEntry.seq))
    count, last = session.execute(old.where(AuditEntry.at < before) if young is None
                                  else old.where(AuditEntry.seq < young)).one()
    return int(count or 0), int(last or 0)


PRUNE_LOCK = 0x7072756E  # "prun"
"""The PostgreSQL advisory lock that makes two prunings wait for each other (a key of its own:
appending does not wait for it)."""


def one_pruning_at_a_time(session: Session) -> None:
    """Hold back another pruning until this transaction ends; taken before the chain is
    verified. On PostgreSQL a pruning committed between the verification's reading of the
    checkpoint and its walk of the rows left them beginning past where that checkpoint said:
    the second pruning was refused as a broken chain. SQLite runs one writer at a time."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(PRUNE_LOCK)))


def prune(session: Session, before: datetime, now: datetime, actor_id: int | None) -> Pruned:
    """Remove the rows written before ``before``, behind a checkpoint, in the caller's
    transaction. The caller verifies the chain first: pruning must not hide a broken part.

    The rows removed are those before the first row written at ``before`` or later
    (:func:`prunable`), so that no newer row is caught even when the clock went back; the
    checkpoint keeps the last removed position and its hash, which the next row holds as
    ``prev_hash``. The caller takes :func:`one_pruning_at_a_time` before verifying.
    """
    _, last = prunable(session, before)
    if not last:
        return Pruned(0, 0)
    digest = session.scalar(select(AuditEntry.hash).where(AuditEntry.seq == last))
    session.add(AuditCheckpoint(created_at=now, last_seq=last, last_hash=digest,
                                actor_id=actor_id))
    session.flush()  # the database accepts deleting only rows a checkpoint already covers
    removed = session.execute(delete(AuditEntry).where(AuditEntry.seq <= last)
                              .execution_options(synchronize_session=False))
    return Pruned(affected(removed), last)
