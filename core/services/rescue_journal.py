"""The audit rows of a damaged base, kept outside it while it is read for a rescue.

A SQLite file whose quick check fails refuses every write (:mod:`core.persistence.health`),
the audit log's too; reading stays possible so that what can still be read is saved. Those
reads must still be audited (a read whose row cannot be written returns nothing): their rows,
and those of the refusals, go to ``audit-secours.jsonl`` in the state directory, one JSON line
each, owner-only, hash-chained like the base's own log (each line's ``hash`` covers the
previous line's hash and the line's content). The file names the base by its location; the
supervisor reads it with the restored base's log (:func:`read`).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from core import messages as M
from core.errors import PersistenceError
from core.services import audit

FILE = "audit-secours.jsonl"


def path() -> Path:
    from core.incidents import state_dir
    return state_dir() / FILE


def _last_hash(journal: Path) -> str:
    try:
        with journal.open("rb") as source:
            last = b""
            for line in source:
                last = line or last
        return str(json.loads(last)["hash"]) if last.strip() else audit.GENESIS
    except FileNotFoundError:
        return audit.GENESIS
    except (OSError, ValueError, KeyError):
        return audit.GENESIS  # an unreadable tail: the chain restarts, visibly


def append(base: str, entry: audit.Entry, at: datetime) -> None:
    """Chain one audit row about the damaged base ``base`` (its location) into the journal.

    Raises:
        PersistenceError: the journal cannot be written (then nothing read may be shown).
    """
    journal = path()
    try:
        journal.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        row: dict[str, Any] = {"base": base, "at": at.astimezone(UTC).isoformat(),
                               **asdict(entry), "prev_hash": _last_hash(journal)}
        body = json.dumps(row, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        row["hash"] = hashlib.sha256((row["prev_hash"] + body).encode("utf-8")).hexdigest()
        fd = os.open(journal, os.O_CREAT | os.O_APPEND | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as out:
            out.write(json.dumps(row, sort_keys=True, ensure_ascii=False) + "\n")
            out.flush()
            os.fsync(out.fileno())
    except OSError as exc:
        raise PersistenceError(M.DB_DAMAGED_WRITE) from exc


def read() -> list[dict[str, Any]]:
    """Every row of the journal, oldest first ([] when there is none)."""
    try:
        lines = path().read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    return [json.loads(line) for line in lines if line.strip()]
