"""Importing the spreadsheets associations keep: drop-in registers and person lists.

All or nothing (security.md IN-1): the whole file is read (:mod:`import_readers`) and
every row checked against the database first; any problem is reported with its line and
column in French and nothing is written but an ``import_failed`` audit event (file name,
size, number of errors, never content). A clean file is then written in one transaction
with Core ``executemany`` (performance.md G-BULK-1), the same rows and events the services
write one at a time: a drop-in with its volunteers, identified visits with their ``visit``
events, anonymous counts; a person with her ``person_added`` event, her pathway at its
first step with its ``track_started`` event, her referent and a restricted note. An
``import`` event records what was written. ``dry_run`` checks and counts, and writes
nothing. Sheet layouts: ``docs/import.md``.

The parts: :mod:`import_readers` (files into a table of cells), :mod:`import_cells` (one
cell), :mod:`import_checker` (layouts and columns), :mod:`import_register` and
:mod:`import_persons` (each kind's rules and writes), :mod:`import_template` (example files).

Policy: superviseurs and admins (an import writes many files at once), into one of their
delegations (``delegation``, or their only one); aliases and referents are matched within it.
An administrator, who reads no front desk, imports only into a delegation that holds no person
yet (its old register, at installation): in one that does, a dry run's « existe déjà
(personne n° 1) » or « pseudonyme inconnu » told her, alias by alias, whom it follows. There,
importing is for its supervisors; she is told that it holds persons, and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, select

from core import messages as M
from core.errors import InputError, PermissionDenied
from core.persistence.access_models import Delegation
from core.persistence.models import Event, Person
from core.services.import_checker import KINDS, LAYOUTS, Checker
from core.services.import_model import ImportRejected, ImportReport, Issue, Progress
from core.services.import_persons import check_persons, write_persons
from core.services.import_readers import Table, read_table, reject
from core.services.import_register import check_register, register_counts, write_register
from core.delegation import zone_of
from core.services import access, person_snapshot, report_aggregates
from core.services.person_views import delegation_codes
from core.services.persons import delegation_for
from core.services.registry import Call, service
from core.text import clean_line

MAX_FILE_NAME = 255


@dataclass(frozen=True)
class Source:
    """The file imported, as the audit names it (never its content)."""

    name: str
    size: int


@service("import.run")
def _import(call: Call, kind: str, table: Table | None, problems: list[Issue], source: Source,
            dry_run: bool, delegation: str | None = None,
            progress: Progress | None = None) -> ImportReport:
    """Check a read table against the database, then write it (or only count, on a dry run).

    On problems nothing is written but the ``import_failed`` audit event (not on a dry run).
    """
    if kind not in KINDS:
        raise InputError(M.IMPORT_BAD_KIND.format(kind=kind, kinds=", ".join(KINDS)))
    source = Source(clean_line(source.name, limit=MAX_FILE_NAME, field=M.IMPORT_FILE_NAME),
                    source.size)
    issues, counts = list(problems), {}
    delegation_id = delegation_for(call, delegation)
    call.audit.target = f"delegation:{delegation_id}"
    call.audit.detail = {"kind": kind, "file": source.name, "size": source.size, "dry_run": dry_run}
    if not dry_run:
        _one_at_a_time(call, delegation_id)
    if not access.reads_front_desk(call.principal):
        _refuse_unless_empty(call, delegation_id)
    if table is not None:
        # The delegation's day: in La Réunion after midnight, mainland France's is its
        # yesterday, and the night's rows were refused as « dans le futur ».
        check = Checker(kind, table, call.app.today(zone_of(person_snapshot.delegation_info(
            call.session, delegation_id))))
        if check.map_columns():
            if kind == "registre":
                dropins = check_register(call, check, delegation_id)
                if not check.issues:
                    counts = register_counts(dropins)
                    if not dry_run:
                        counts = write_register(call, dropins, delegation_id)
                        # Its visitors are the delegation's persons (persons_by_key):
                        # recomputing the delegation covers their first visits too.
                        report_aggregates.rebuild(call.session, [delegation_id])
            else:
                persons = check_persons(call, check, delegation_id)
                if not check.issues:
                    counts = {"persons": len(persons), "notes": sum(1 for p in persons if p.note),
                              "referents": sum(1 for p in persons if p.referent_id)}
                    if not dry_run:
                        counts = write_persons(call, persons, delegation_id, progress)
                        report_aggregates.rebuild(call.session, [delegation_id])
        issues += check.issues
    report = ImportReport(kind=kind, file=source.name, read_as=table.description if table else "",
                          dry_run=dry_run, written=not dry_run and not issues,
                          counts=counts if not issues else {}, issues=tuple(issues))
    if not dry_run:
        facts = {"kind": kind, "file": source.name, "size": source.size}
        outcome = {"errors": len(issues)} if issues else report.counts
        call.session.add(Event(kind="import_failed" if issues else "import",
                               occurred_at=call.app.now(), recorded_at=call.app.now(),
                               actor_id=call.actor.id, actor_role=call.actor.role.value,
                               facts={**facts, **outcome}))
    return report


_DELEGATION_LOCK = (select(Delegation.id).where(Delegation.id == bindparam("id"))
                    .with_for_update(key_share=True))
"""The delegation's row, locked ``FOR NO KEY UPDATE``: imports into it wait for each other,
while the rows every other write adds to it (a foreign key takes ``FOR KEY SHARE``) do not."""


def _one_at_a_time(call: Call, delegation_id: int) -> None:
    """Hold, until this import's transaction ends, the delegation's row, before its file is
    checked against the base: a second import of the same file waits for the first one's
    commit, then finds its drop-ins or aliases and is refused (on PostgreSQL, where two
    imports could otherwise both check, find nothing, and both write; SQLite runs one
    writer at a time). A long import makes the other one wait the lock timeout at most, then
    it is refused as a concurrent change, nothing written."""
    if call.session.get_bind().dialect.name == "postgresql":
        call.session.execute(_DELEGATION_LOCK, {"id": delegation_id})


def _refuse_unless_empty(call: Call, delegation_id: int) -> None:
    """Refuse the import of a caller who reads no front desk into a delegation that holds any
    person (an erased one too), before the file is checked against it.

    Raises:
        PermissionDenied: it holds one; the refusal names only the delegation she chose.
    """
    held = call.session.scalar(select(Person.id).where(Person.delegation_id == delegation_id)
                               .limit(1))
    if held is not None:
        code = delegation_codes(call, {delegation_id}).get(delegation_id, "?")
        raise PermissionDenied(M.IMPORT_ADMIN_DELEGATION_HOLDS_PERSONS.format(code=code))


def import_bytes(app: Any, credential: Any, kind: str, data: bytes, name: str, *,
                 dry_run: bool = False, delegation: str | None = None,
                 progress: Progress | None = None) -> ImportReport:
    """Import the file content ``data`` (named ``name``) as a ``kind`` sheet.

    ``progress(written, total)`` is told after each batch of a person list.

    Raises:
        InputError: unknown kind.
        ImportRejected: the file has problems (every one listed); nothing was written.
        PermissionDenied: the actor may not import.
    """
    if kind not in KINDS:
        raise InputError(M.IMPORT_BAD_KIND.format(kind=kind, kinds=", ".join(KINDS)))
    try:
        table, problems = read_table(data, kind), []
    except ImportRejected as exc:
        table, problems = None, exc.issues
    report = _import(app, credential, kind, table, problems, Source(name, len(data)), dry_run,
                     delegation, progress)
    if report.issues:
        raise ImportRejected(list(report.issues), report)
    return report


def import_file(app: Any, credential: Any, kind: str, path: str | Path, *,
                dry_run: bool = False, delegation: str | None = None,
                progress: Progress | None = None) -> ImportReport:
    """Import the file at ``path``; see :func:`import_bytes`."""
    if kind not in KINDS:
        raise InputError(M.IMPORT_BAD_KIND.format(kind=kind, kinds=", ".join(KINDS)))
    file = Path(path)
    try:
        data = file.read_bytes()
    except OSError:
        raise reject(M.IMPORT_CANNOT_READ.format(path=file)) from None
    return import_bytes(app, credential, kind, data, file.name, dry_run=dry_run,
                        delegation=delegation, progress=progress)


__all__ = ["KINDS", "LAYOUTS", "import_bytes", "import_file"]
