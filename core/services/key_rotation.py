"""Rotating the key-encryption key (KEK): resumable after a crash at any point (CR-4).

The KEK wraps each person's data key (``person_keys``), the base's check value and its search
key. A rotation adds a new KEK version to the key file, re-wraps every person's key under it in
batches, then moves the base to it and drops the old versions from the key file. The data keys
themselves, hence every sealed field, are unchanged: re-encrypting them is not done here (see
``docs/security.md``, "Rotation des clés", for why).

Each step is one call through the door (:func:`rotate_step`, ``keys.rotate``): one transaction,
one audit row. What the next step is comes from the base and the key file alone, so a process
killed anywhere is resumed by running the command again:

``begin``
    No rotation under way: a new version is added to the key file, **saved before** the base
    records ``base_info.rotation = {"kind": "kek", "target": v, ...}``. Killed in between, the
    file holds an unused version, which the next run takes as its target.
``rewrap``
    Up to ``batch`` persons' keys (by number, from where the last batch stopped) are re-wrapped
    under the target and the progress saved, in one transaction: a batch is all or nothing. Each
    ``person_keys`` row says which version wraps it, so readers open both old and new rows
    meanwhile (the key file holds both), and new persons are wrapped under the target at once
    (:meth:`core.services.keys.Sealer.wrapping_version`).
``finish``
    No key left under another version: the check value and the search key are re-wrapped, the
    base's ``kek_version`` becomes the target and ``rotation`` is cleared, in one transaction.
``cleanup``
    The base is on one version and nothing uses another: the key file keeps that version only.
    Done in a later transaction than ``finish``, under the base's write lock, after checking the
    committed state again: the old KEK leaves the file only once nothing in the base needs it,
    and no other rotation can start in between. Killed before, the next run does it. The
    temporary copies a process killed while saving the key file left beside it (they hold the
    old versions too) are deleted at the same time.

The key file is always re-read from disk inside the step (another process may have changed
it) and only ever written while the step holds the base's write lock (SQLite ``BEGIN
IMMEDIATE``, PostgreSQL ``SELECT ... FOR UPDATE`` on ``base_info``), so two rotations never
write it at the same time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import bindparam, func, select, update

from core import messages as M
from core.crypto import contexts
from core.crypto.cipher import open_sealed, seal
from core.crypto.keyfile import KeyFile
from core.errors import ConflictError, InputError, IntegrityAlert, KeyMissing
from core.persistence.access_models import BaseInfo
from core.persistence.models import PersonKey
from core.services.registry import Call, service

BATCH = 500
"""Persons re-wrapped per transaction by default."""
MAX_BATCH = 10_000


class RotationStep(BaseModel):
    """What one call of :func:`rotate_step` did."""

    model_config = ConfigDict(defer_build=True)

    step: str
    """``begin``, ``rewrap``, ``finish``, ``cleanup`` or ``idle`` (nothing to do)."""
    kek_version: int
    """The base's KEK version after this step."""
    target: int | None = None
    """The version being rotated to (None when no rotation is under way)."""
    source: int | None = None
    """The version the rotation under way started from."""
    done: int = 0
    """Persons' keys re-wrapped so far in this rotation."""
    total: int = 0
    """Persons' keys to re-wrap in this rotation (counted when it began)."""
    count: int = 0
    """Persons' keys re-wrapped by this step."""
    dropped: list[int] = []
    """KEK versions removed from the key file by this step (``cleanup``)."""
    resumed: bool = False
    """``begin`` took an unused version a killed run had already added to the key file."""


class RotationSummary(BaseModel):
    """What ``parcours keys rotate`` did, start to end."""

    model_config = ConfigDict(defer_build=True)

    kek_version: int
    previous: int | None
    """The version the base was on before the rotation (None when this run only cleaned up
    the key file after a rotation an interrupted run had finished)."""
    rewrapped: int
    resumed: bool
    """This run continued a rotation an interrupted run had started."""
    steps: int
    dropped: list[int]
    key_file: str


class KeyStatus(BaseModel):
    """``parcours keys status``: the base's KEK version, its key file and any rotation."""

    model_config = ConfigDict(defer_build=True)

    kek_version: int
    key_file: str
    """The key file's path, or the keyring's French name when the keys live there."""
    file_versions: list[int]
    rotation: dict[str, Any] | None
    pending_cleanup: bool
    """The base is on one version but the key file still holds others (an interrupted end)."""
    persons_by_version: dict[int, int]


def _locked_info(call: Call) -> BaseInfo:
    # FOR UPDATE: on PostgreSQL, one rotation step at a time, and no person created with a
    # stale version meanwhile (Sealer.wrapping_version reads this row FOR SHARE). SQLite's
    # writer already holds the whole base.
    return call.session.scalars(select(BaseInfo).where(BaseInfo.id == 1)
                                .with_for_update()).one()


def _counts(call: Call) -> dict[int, int]:
    rows = call.session.execute(select(PersonKey.kek_version, func.count())
                                .group_by(PersonKey.kek_version))
    return {int(v): int(n) for v, n in rows}


def _rewrap(keyfile: KeyFile, rows: list[PersonKey], target: int) -> list[dict[str, Any]]:
    """Each person's data key, opened with the KEK that wraps it and wrapped under ``target``."""
    new_kek = keyfile.key(target)
    out = []
    for row in rows:
        dek = open_sealed(keyfile.key(row.kek_version), row.wrapped,
                          contexts.person_key(row.person_id, row.dek_version, row.kek_version))
        out.append({"b_person": row.person_id, "b_old": row.kek_version, "kek_version": target,
                    "wrapped": seal(new_kek, dek, contexts.person_key(
                        row.person_id, row.dek_version, target))})
    return out


def _write(call: Call, rewrapped: list[dict[str, Any]]) -> None:
    if not rewrapped:
        return
    table = PersonKey.__table__
    # Matched on the old version too: a row erased or already moved meanwhile is left alone.
    call.session.execute(update(table).where(table.c.person_id == bindparam("b_person"),
                                             table.c.kek_version == bindparam("b_old"))
                         .values(kek_version=bindparam("kek_version"),
                                 wrapped=bindparam("wrapped")), rewrapped)


def _batch(call: Call, keyfile: KeyFile, target: int, after: int | None,
           size: int) -> list[dict[str, Any]]:
    """The next ``size`` keys not under ``target`` (after person ``after``, if given), re-wrapped."""
    query = select(PersonKey).where(PersonKey.kek_version != target)
    if after is not None:
        query = query.where(PersonKey.person_id > after)
    rows = list(call.session.scalars(query.order_by(PersonKey.person_id).limit(size)))
    return _rewrap(keyfile, rows, target)


def _base_secret(keyfile: KeyFile, info: BaseInfo, name: str, blob: bytes, target: int) -> bytes:
    value = open_sealed(keyfile.key(info.kek_version), blob,
                        contexts.base_key(info.base_uuid, name, info.kek_version))
    return seal(keyfile.key(target), value, contexts.base_key(info.base_uuid, name, target))


def _begin(call: Call, info: BaseInfo, keyfile: KeyFile) -> RotationStep:
    newer = [v for v in keyfile.keys if v > info.kek_version]
    if newer:
        # A run killed after saving the key file and before recording the rotation: the
        # version it added is unused; take it rather than adding another.
        target, resumed = max(newer), True
    else:
        target, resumed = keyfile.add_version(), False  # saved (atomically) before the commit
    total = sum(n for v, n in _counts(call).items() if v != target)
    info.rotation = {"kind": "kek", "target": target, "from": info.kek_version,
                     "started_at": call.app.now().isoformat(), "total": total, "done": 0,
                     "after": 0}
    return RotationStep(step="begin", kek_version=info.kek_version, target=target,
                        source=info.kek_version, total=total, resumed=resumed)


def _advance(call: Call, info: BaseInfo, keyfile: KeyFile, size: int) -> RotationStep:
    rotation = dict(info.rotation or {})
    target, source = int(rotation["target"]), rotation.get("from")
    if target not in keyfile.keys:
        # Never expected: the key file was replaced by one without the target. Nothing can be
        # re-wrapped, and nothing must be dropped: stop and say so.
        raise KeyMissing(M.KEY_ROTATION_TARGET_MISSING.format(version=target))
    after = rotation.get("after")
    rewrapped = _batch(call, keyfile, target, after, size) if after is not None else []
    if not rewrapped:
        # The pass by person number is over; a last sweep catches any key it could not see
        # (none expected: new persons are wrapped under the target).
        after = None
        rewrapped = _batch(call, keyfile, target, None, size)
    if rewrapped:
        _write(call, rewrapped)
        done = int(rotation.get("done", 0)) + len(rewrapped)
        info.rotation = {**rotation, "done": done,
                         "after": rewrapped[-1]["b_person"] if after is not None else None}
        return RotationStep(step="rewrap", kek_version=info.kek_version, target=target,
                            source=source, done=done, total=int(rotation.get("total", 0)),
                            count=len(rewrapped))
    info.key_check = _base_secret(keyfile, info, "check", info.key_check, target)
    info.search_key = _base_secret(keyfile, info, "search", info.search_key, target)
    info.kek_version = target
    info.rotation = None
    return RotationStep(step="finish", kek_version=target, target=target, source=source,
                        done=int(rotation.get("done", 0)), total=int(rotation.get("total", 0)))


def _cleanup(call: Call, info: BaseInfo, keyfile: KeyFile, size: int) -> RotationStep:
    current = info.kek_version
    stray = _batch(call, keyfile, current, None, size)
    if stray:
        # Keys under another version while no rotation is recorded (written by a program
        # that predates Sealer.wrapping_version): bring them to the base's version first.
        _write(call, stray)
        return RotationStep(step="rewrap", kek_version=current, target=current,
                            count=len(stray), done=len(stray), total=len(stray))
    try:  # the committed base really is on this version of this file
        open_sealed(keyfile.key(current), info.key_check,
                    contexts.base_key(info.base_uuid, "check", current))
    except IntegrityAlert:
        raise KeyMissing(M.KEY_WRONG) from None
    dropped = sorted(v for v in keyfile.keys if v != current)
    keyfile.discard_leftovers()  # copies a killed save left: they hold the old versions too
    keyfile.keep_only(current)
    return RotationStep(step="cleanup", kek_version=current, dropped=dropped)


@service("keys.rotate")
def rotate_step(call: Call, *, batch: int = BATCH, start: bool = True) -> RotationStep:
    """Take the next step of a KEK rotation (see the module's documentation).

    ``start``: begin a new rotation when none is under way and nothing is left to clean up;
    otherwise such a call does nothing (``idle``).

    Raises:
        InputError: ``batch`` out of bounds.
        ConflictError: a rotation of another kind is under way.
        KeyMissing: the key file lacks a version the base needs.
    """
    if not isinstance(batch, int) or not 1 <= batch <= MAX_BATCH:
        raise InputError(M.KEY_ROTATION_BATCH.format(limit=MAX_BATCH))
    call.audit.target = "base"
    info = _locked_info(call)
    keyfile = call.app.keys.keyfile.reread()
    if info.rotation is not None and info.rotation.get("kind") != "kek":
        raise ConflictError(M.KEY_ROTATION_OTHER.format(kind=info.rotation.get("kind")))
    if info.rotation is not None:
        step = _advance(call, info, keyfile, batch)
    elif set(keyfile.keys) - {info.kek_version} and not (
            start and any(v > info.kek_version for v in keyfile.keys)):
        step = _cleanup(call, info, keyfile, batch)
    elif start:
        step = _begin(call, info, keyfile)
    else:
        step = RotationStep(step="idle", kek_version=info.kek_version)
    if step.step in ("finish", "cleanup"):
        forget = getattr(call.app, "forget_keys", None)
        if forget is not None:  # the next call checks the base against its new version
            call.after_commit.append(forget)
    call.audit.detail.update(step=step.step, kek_version=step.kek_version, target=step.target,
                             count=step.count, dropped=step.dropped)
    return step


@service("keys.status", write=False)
def key_status(call: Call) -> KeyStatus:
    """The base's KEK version, the versions its key file holds, any rotation under way, and
    how many persons' keys each version wraps."""
    info = call.session.get(BaseInfo, 1)
    assert info is not None  # the door's schema check saw it (the keys are read from it)
    keyfile = call.app.keys.keyfile.reread()
    counts = _counts(call)
    pending = info.rotation is None and bool(set(keyfile.keys) - {info.kek_version})
    call.audit.target = "base"
    return KeyStatus(kek_version=info.kek_version,
                     key_file=str(keyfile.path) if keyfile.path else M.KEY_IN_KEYRING,
                     file_versions=sorted(keyfile.keys),
                     rotation=dict(info.rotation) if info.rotation else None,
                     pending_cleanup=pending, persons_by_version=dict(sorted(counts.items())))


def rotate_keys(app: Any, credential: Any, *, batch: int = BATCH,
                progress: Callable[[RotationStep], None] | None = None) -> RotationSummary:
    """Run :func:`rotate_step` until the rotation is over, one transaction per step.

    Starts a rotation, or resumes the one an interrupted run left (a rotation under way, or a
    key file still to clean up: the run then ends there and does not start another).
    ``progress`` is called after each step.
    """
    if getattr(credential, "request_id", None):
        # Each step is a write of its own, and a rotation resumes by nature: a request id
        # (``--request-id``) would make every step after the first replay the first.
        credential = credential.for_request(None)
    first = rotate_step(app, credential, batch=batch)
    steps, last = [first], first
    if progress:
        progress(first)
    while last.step not in ("cleanup", "idle"):
        last = rotate_step(app, credential, batch=batch, start=False)
        steps.append(last)
        if progress:
            progress(last)
    begun = next((s for s in steps if s.step == "begin"), None)
    finished = next((s for s in steps if s.step == "finish"), None)
    path = app.keys.keyfile.path
    return RotationSummary(
        kek_version=last.kek_version,
        previous=next((s.source for s in steps if s.source is not None), None),
        rewrapped=finished.done if finished else sum(s.count for s in steps),
        resumed=begun is None or begun.resumed, steps=len(steps),
        dropped=sorted({v for s in steps for v in s.dropped}),
        key_file=str(path) if path else M.KEY_IN_KEYRING)
