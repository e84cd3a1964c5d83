"""The technical incident log: what plugin code broke, where, and how, without personal data.

Each incident (a plugin that raised, returned bad data or saw a contribution rejected) is one
JSON line in ``incidents.log`` under the state directory (``PARCOURS_STATE_DIR``, else
platformdirs' ``user_state_path("parcours")``): when, which plugin, which hook or check id,
the exception's class, a scrubbed message and the traceback's frames (file, line, function,
source line of code). Personal data must never land there (security.md R8), and a plugin's
exception message can hold anything (``RuntimeError(person.recit)``): so only the messages
of Parcours's own errors, built from definition ids and fixed French text, are kept whole;
any other message keeps only code identifiers and the words of a fixed technical vocabulary,
every other word, number or quoted value becoming « … ». Locals and arguments are never read.

The file rotates by size (:data:`MAX_BYTES`, :data:`BACKUPS` old files) and entries older
than :data:`RETENTION` are neither shown nor kept in rotated files. The same incident (same
plugin, place, class, message and frames) is written once a day: a broken plugin seen by
every command would otherwise fill the log with copies.
"""

from __future__ import annotations

import json
import logging
import os
import re
import traceback
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Any

import platformdirs

from core.errors import ParcoursError

FILE_NAME = "incidents.log"
MAX_BYTES = 512 * 1024
BACKUPS = 3
RETENTION = timedelta(days=90)
"""How long incidents are kept (security.md R8: technical logs, 30 to 90 days)."""
MESSAGE_LIMIT = 300
FRAME_LIMIT = 30

_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_.]*_[a-z0-9_.]*$|^[A-Z][A-Za-z]*(?:Error|Type)$")
"""Code names kept in messages: lowercase with an underscore (``date_demande``,
``asile.ofpra_21j``), or a Python type name (``NoneType``, ``KeyError``)."""
_EMAIL = re.compile(r"\S+@\S+")
_WORD = re.compile(r"\w+(?:\.\w+)*")
_ELLIPSES = re.compile(r"…(?:\s*…)+")
_VOCABULARY = frozenset("""
    a an and are argument arguments attribute base be by callable can cannot convert could
    division does dict empty expected float for from got has have in index int invalid is
    item items iterable key keyword list literal many missing module must no none not object
    of operand or out positional range required str subscriptable supported the to too
    tuple type types unexpected unhashable unsupported value values was were with zero
""".split())


def state_dir() -> Path:
    """Where Parcours keeps technical state such as this log."""
    configured = os.environ.get("PARCOURS_STATE_DIR")
    return Path(configured) if configured else platformdirs.user_state_path("parcours",
                                                                             appauthor=False)


def scrub(exc: BaseException) -> str:
    """The exception's message fit for the log (see the module docstring)."""
    text = str(exc)[:MESSAGE_LIMIT * 4]
    if isinstance(exc, ParcoursError):
        return text[:MESSAGE_LIMIT]
    text = _EMAIL.sub("…", text)
    kept = _WORD.sub(lambda m: m[0] if _allowed(m[0]) else "…", text)
    return _ELLIPSES.sub("…", kept)[:MESSAGE_LIMIT]


def _allowed(word: str) -> bool:
    """A word of the technical vocabulary, or a code identifier (``date_demande``)."""
    return word.lower() in _VOCABULARY or bool(_IDENTIFIER.match(word))


def frames(exc: BaseException) -> list[dict[str, Any]]:
    """The traceback's frames (innermost last), code only: never a local variable."""
    summary = traceback.extract_tb(exc.__traceback__)[-FRAME_LIMIT:]
    return [{"file": f.filename, "line": f.lineno, "function": f.name, "code": f.line or ""}
            for f in summary]


def _chain(exc: BaseException) -> list[str]:
    found: list[str] = []
    current = exc.__cause__ or exc.__context__
    while current is not None and len(found) < 5:
        found.append(type(current).__name__)
        current = current.__cause__ or current.__context__
    return found


@dataclass(frozen=True)
class LoggedIncident:
    """One line of the log, as written and as read back."""

    at: str
    plugin: str
    where: str
    error: str
    message: str = ""
    caused_by: list[str] = field(default_factory=list)
    frames: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def of(cls, plugin: str, where: str, exc: BaseException, at: datetime) -> LoggedIncident:
        return cls(at=at.isoformat(timespec="seconds"), plugin=plugin, where=where,
                   error=type(exc).__name__, message=scrub(exc), caused_by=_chain(exc),
                   frames=frames(exc))

    def fingerprint(self) -> tuple[Any, ...]:
        return (self.at[:10], self.plugin, self.where, self.error, self.message,
                json.dumps(self.frames))


class _Rotating(RotatingFileHandler):
    """A rotating file that lets a failed write raise, so :meth:`IncidentLog.record` can say
    the incident is not logged (logging's default prints to stderr and carries on)."""

    def handleError(self, record: logging.LogRecord) -> None:  # logging's name
        raise  # called by emit() inside its except block: re-raise that error


class IncidentLog:
    """The rotating JSON-lines file of plugin incidents in one directory."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or state_dir()
        self.path = self.directory / FILE_NAME
        self._handler: _Rotating | None = None

    def record(self, plugin: str, where: str, exc: BaseException,
               now: datetime | None = None) -> bool:
        """Write one incident unless the same one was written today; False if it cannot."""
        entry = LoggedIncident.of(plugin, where, exc, now or datetime.now(UTC))
        try:
            if entry.fingerprint() in {e.fingerprint() for e in self._current()}:
                return True
            self._open().handle(logging.makeLogRecord(
                {"msg": json.dumps(asdict(entry), ensure_ascii=False)}))
        except OSError:
            return False
        return True

    def read(self, now: datetime | None = None) -> list[LoggedIncident]:
        """Every incident still kept, oldest first."""
        since = (now or datetime.now(UTC)) - RETENTION
        files = [self.directory / f"{FILE_NAME}.{i}" for i in range(BACKUPS, 0, -1)] + [self.path]
        found = [e for f in files for e in _entries(f)]
        return [e for e in found if e.at >= since.isoformat(timespec="seconds")]

    def _current(self) -> list[LoggedIncident]:
        return _entries(self.path)

    def _open(self) -> _Rotating:
        if self._handler is None:
            self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            if not self.path.exists():
                os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
            self._purge_old()
            self._handler = _Rotating(self.path, maxBytes=MAX_BYTES, backupCount=BACKUPS,
                                      encoding="utf-8")
            self._handler.setFormatter(logging.Formatter("%(message)s"))
        return self._handler

    def older_than(self, since: datetime) -> int:
        """How many incidents, in every file still kept, were logged before ``since``."""
        files = [self.directory / f"{FILE_NAME}.{i}" for i in range(BACKUPS, 0, -1)] + [self.path]
        mark = since.isoformat(timespec="seconds")
        return sum(1 for f in files for e in _entries(f) if e.at < mark)

    def purge(self, since: datetime) -> int:
        """Drop the incidents logged before ``since`` (retention, R8); returns how many."""
        count = self.older_than(since)
        if count:
            self._purge_old(since)
        return count

    def _purge_old(self, since: datetime | None = None) -> None:
        """Drop what is past the retention period: old rotated files, old current lines."""
        since = since or datetime.now(UTC) - RETENTION
        mark = since.isoformat(timespec="seconds")
        for i in range(1, BACKUPS + 1):
            old = self.directory / f"{FILE_NAME}.{i}"
            entries = _entries(old) if old.exists() else []
            if old.exists() and (old.stat().st_mtime < since.timestamp()
                                 or (entries and all(e.at < mark for e in entries))):
                old.unlink()
            elif entries and any(e.at < mark for e in entries):
                old.write_text("".join(json.dumps(asdict(e), ensure_ascii=False) + "\n"
                                       for e in entries if e.at >= mark), encoding="utf-8")
        current = self._current()
        kept = [e for e in current if e.at >= mark]
        if len(kept) < len(current):
            self.path.write_text("".join(json.dumps(asdict(e), ensure_ascii=False) + "\n"
                                         for e in kept), encoding="utf-8")

    def close(self) -> None:
        if self._handler is not None:
            self._handler.close()
            self._handler = None


def _entries(path: Path) -> list[LoggedIncident]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    found = []
    for raw in lines:
        try:
            found.append(LoggedIncident(**json.loads(raw)))
        except (ValueError, TypeError):  # a torn or foreign line: skip it, keep the others
            continue
    return found


__all__ = ["IncidentLog", "LoggedIncident", "frames", "scrub", "state_dir"]
