"""Every registered service writes exactly one audit row per call, whatever its outcome.

Like the policy meta-test, this one enumerates :data:`core.services.registry.REGISTRY`: a
service registered without a sample in :mod:`tests.audit.samples` fails. For each service:

* its sample call writes one row naming the operation, the caller, the outcome and, where
  the service reads or writes a person, her number;
* a refused call writes one ``refused`` row and changes nothing else (AU-2: the denial
  survives the rollback of the business transaction);
* a failure inside the body writes one ``failed`` row and changes nothing else;
* for a write, a failure after its audit row was inserted (before the commit) leaves neither
  the change nor that row: only the ``failed`` row written afterwards (AU-2).

After each call the whole audit table is scanned for the world's canaries (aliases, fact
values, notes, comments, passwords, session secrets): none may appear (AU-1).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from unittest.mock import ANY

import pytest
from sqlalchemy import event, select

from core.errors import ParcoursError, PermissionDenied
from core.persistence.models import Person, User
from core.services import audit, registry
from core.services import REGISTRY  # the package loads every service first

from . import log
from .samples import NOBODY, SAMPLES, Try, operation, refusal, writes
from .world import World, build, open_copy

PATHS = sorted(REGISTRY)
WRITES_DONE = [p for p in PATHS if writes(p) and p in SAMPLES and SAMPLES[p].ok.outcome == "done"]


class InjectedFault(RuntimeError):
    """A failure the test provokes; its audit code is ``injected_fault``."""


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build(tmp_path_factory.mktemp("audit-world"))


@pytest.fixture
def world(template, tmp_path) -> Iterator[World]:
    copy = open_copy(template, tmp_path)
    yield copy
    copy.app.close()


class OneOf:
    """Equal to any of the given values (for an assertion on a row's field)."""

    def __init__(self, *values: Any) -> None:
        self.values = values

    def __eq__(self, other: object) -> bool:
        return other in self.values

    def __repr__(self) -> str:
        return f"one of {self.values!r}"


def _users(w: World) -> dict[str, tuple[int, str]]:
    with w.app.db.read() as session:
        return {u.name: (u.id, u.role) for u in session.scalars(select(User))}


def _call(w: World, attempt: Try) -> tuple[Any, BaseException | None]:
    try:
        return attempt.run(w, w.cred(attempt.user)), None
    except (ParcoursError, InjectedFault) as exc:
        return None, exc


def _expected_person(w: World, attempt: Try, result: Any) -> int | None:
    if attempt.person == "new":
        return result.id
    return w.ids[attempt.person] if attempt.person else None


def _check_row(w: World, path: str, attempt: Try, before: int, result: Any,
               outcome: str, reason: str | None, person: int | None) -> dict[str, Any]:
    rows = log.audit_rows(w.app.db, before)
    assert len(rows) == 1, [(r["operation"], r["outcome"], r["reason"]) for r in rows]
    row = rows[0]
    user = _users(w).get(attempt.user) if attempt.user != NOBODY else None
    assert (row["operation"], row["outcome"], row["reason"]) == (operation(path), outcome, reason)
    assert (row["actor_id"], row["role"]) == (user if user else (None, None))
    assert row["person_id"] == person, f"person_id {row['person_id']}, expected {person}"
    assert log.leaks(w.app.db, w.canaries) == []
    return row


def test_every_registered_service_has_a_sample():
    missing = sorted(set(REGISTRY) - set(SAMPLES))
    assert not missing, f"services sans appel d'exemple pour l'audit : {missing}"
    assert sorted(set(SAMPLES) - set(REGISTRY)) == []


def test_every_service_has_a_refused_call():
    assert [p for p in PATHS if refusal(p) is None] == []


def test_the_world_itself_left_no_canary_in_the_audit(world):
    assert log.audit_rows(world.app.db)
    assert log.leaks(world.app.db, world.canaries) == []


@pytest.mark.parametrize("path", PATHS)
def test_a_call_writes_one_row(world, path):
    attempt = SAMPLES[path].ok
    before, data = log.head_seq(world.app.db), log.state(world.app.db)
    result, error = _call(world, attempt)
    if attempt.outcome == "done":
        assert error is None, error
    else:
        assert error is not None
    if hasattr(result, "secret"):
        world.extra_canaries.append(result.secret)
    _check_row(world, path, attempt, before, result, attempt.outcome, attempt.reason,
               _expected_person(world, attempt, result))
    if not writes(path) or attempt.outcome != "done":
        assert log.changed_tables(data, log.state(world.app.db)) == []


@pytest.mark.parametrize("path", PATHS)
def test_a_refused_call_writes_one_row_and_nothing_else(world, path):
    attempt = refusal(path)
    assert attempt is not None
    before, data = log.head_seq(world.app.db), log.state(world.app.db)
    _, error = _call(world, attempt)
    assert isinstance(error, ParcoursError), error
    _check_row(world, path, attempt, before, None, "refused", attempt.reason,
               _expected_person(world, attempt, None))
    assert log.changed_tables(data, log.state(world.app.db)) == []


@pytest.fixture
def fault_in_body(world, monkeypatch):
    """The first statement after the door authenticated the caller fails: the body's first."""
    armed = []
    authenticate = registry.authenticate

    def then_arm(*args: Any, **kwargs: Any):
        principal = authenticate(*args, **kwargs)
        armed.append(True)
        return principal

    def fail(*_args: Any) -> None:
        if armed:
            armed.clear()
            raise InjectedFault("panne simulée")

    monkeypatch.setattr(registry, "authenticate", then_arm)
    for engine in world.app.db.engines:
        event.listen(engine, "before_cursor_execute", fail)
    yield
    for engine in world.app.db.engines:
        event.remove(engine, "before_cursor_execute", fail)


@pytest.mark.parametrize("path", PATHS)
def test_a_failure_in_the_body_writes_one_failed_row(world, fault_in_body, path):
    attempt = SAMPLES[path].ok
    before, data = log.head_seq(world.app.db), log.state(world.app.db)
    _, error = _call(world, attempt)
    assert isinstance(error, InjectedFault), error
    # A body may note the person it was asked about before its first query (list_audit).
    person = OneOf(None, _expected_person(world, attempt, None) if attempt.person != "new" else None)
    _check_row(world, path, attempt, before, None, "failed", "injected_fault", person)
    assert log.changed_tables(data, log.state(world.app.db)) == []


@pytest.fixture
def fault_after_audit(monkeypatch):
    """The first audit row is inserted, then the transaction fails before its commit."""
    append = audit.append
    calls = []

    def append_then_fail(*args: Any, **kwargs: Any) -> int:
        seq = append(*args, **kwargs)
        calls.append(seq)
        if len(calls) == 1:
            raise InjectedFault("panne après l'écriture du journal")
        return seq

    monkeypatch.setattr(audit, "append", append_then_fail)
    return calls


@pytest.mark.parametrize("path", WRITES_DONE)
def test_a_write_rolled_back_after_its_audit_row_leaves_neither(world, fault_after_audit, path):
    attempt = SAMPLES[path].ok
    before, data = log.head_seq(world.app.db), log.state(world.app.db)
    _, error = _call(world, attempt)
    assert isinstance(error, InjectedFault), error
    assert len(fault_after_audit) == 2, "the done row, then the failed one"
    person = ANY if attempt.person == "new" else _expected_person(world, attempt, None)
    row = _check_row(world, path, attempt, before, None, "failed", "injected_fault", person)
    assert row["seq"] == fault_after_audit[0], "the rolled-back row's position is reused"
    assert log.changed_tables(data, log.state(world.app.db)) == []


def test_a_denial_raised_after_the_body_wrote_survives_the_rollback(world, monkeypatch):
    """The person row is flushed, then a refusal: the person is gone, the refusal stays."""
    from core.services import records

    def refuse(*_args: Any, **_kwargs: Any) -> None:
        raise PermissionDenied("refus simulé après l'écriture")

    monkeypatch.setattr(records, "new_track", refuse)
    before = log.head_seq(world.app.db)
    with world.app.db.read() as session:
        persons = session.scalars(select(Person.id)).all()
    with pytest.raises(PermissionDenied):
        from core import services as svc
        svc.add_person(world.app, world.cred("bea"), "Rolande Kanarirefus")
    rows = log.audit_rows(world.app.db, before)
    assert [(r["operation"], r["outcome"], r["reason"]) for r in rows] == [
        ("person.add", "refused", "permission_denied")]
    assert rows[0]["person_id"] is not None and rows[0]["person_id"] not in persons
    with world.app.db.read() as session:
        assert session.scalars(select(Person.id)).all() == persons
    assert log.leaks(world.app.db, (*world.canaries, "Rolande")) == []


LAST = ("core.services.erasure.erase_person", "core.services.dropins.close_dropin",
        "core.services.auth.sign_out",
        "core.services.auth.change_password", "core.services.users.disable_user",
        "core.services.users.set_role", "core.services.users.reset_password",
        "core.services.users.set_delegations")


def test_every_sample_in_one_base_leaves_no_canary_and_a_sound_chain(world):
    """All the calls one after the other: refusals, then samples (closing the drop-in and
    ending sessions last)."""
    from core.services.audit import verify
    before = log.head_seq(world.app.db)
    for path in PATHS:
        _call(world, refusal(path))
    ordered = [p for p in PATHS if p not in LAST] + list(LAST)
    for path in ordered:
        result, error = _call(world, SAMPLES[path].ok)
        assert (error is None) == (SAMPLES[path].ok.outcome == "done"), (path, error)
        if hasattr(result, "secret"):
            world.extra_canaries.append(result.secret)
    assert log.head_seq(world.app.db) == before + 2 * len(PATHS)
    assert log.leaks(world.app.db, world.canaries) == []
    with world.app.db.read() as session:
        checked, finding = verify(session)
    assert finding is None and checked == log.head_seq(world.app.db)
