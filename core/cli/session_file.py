"""Where the command line keeps the secret of the session opened by ``parcours login``.

One file per database (so that working on two bases does not mix sessions) in the user's
state directory, or the file named by ``PARCOURS_SESSION``. It holds the secret only, is
created owner-only (0600) in an owner-only directory, written whole or not at all, and is
refused if anyone else may read it (someone could have copied it). ``PARCOURS_TOKEN`` (a
personal token for scripts and cron) takes precedence over the file.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from pathlib import Path

import platformdirs

from core import messages as M
from core.auth.tokens import Credential
from core.errors import InputError, NotAuthenticated

ENV_FILE = "PARCOURS_SESSION"
ENV_TOKEN = "PARCOURS_TOKEN"


def path_for(url: str) -> Path:
    """The session file for the database at ``url`` (its password never used in the name)."""
    named = os.environ.get(ENV_FILE)
    if named:
        return Path(named)
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]
    return platformdirs.user_state_path("parcours", appauthor=False) / "sessions" / digest


def save(url: str, secret: str) -> Path:
    """Write the secret, owner-only, replacing any previous session for this database."""
    path = path_for(url)
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".session-", dir=path.parent)
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(secret + "\n")
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise InputError(M.SESSION_FILE_UNWRITABLE.format(path=path,
                                                          error=M.os_error(exc))) from None
    return path


def load(url: str) -> Credential:
    """The credential to present: ``PARCOURS_TOKEN``, else the session file.

    Raises:
        NotAuthenticated: neither exists (run ``parcours login``), or the file is readable by
            others than its owner.
    """
    token = os.environ.get(ENV_TOKEN, "").strip()
    if token:
        return Credential(token)
    path = path_for(url)
    try:
        info = path.stat()
        if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise NotAuthenticated(M.SESSION_FILE_OPEN.format(path=path))
        secret = path.read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        raise NotAuthenticated(M.NOT_SIGNED_IN) from None
    except OSError:
        raise NotAuthenticated(M.NOT_SIGNED_IN) from None
    if not secret:
        raise NotAuthenticated(M.NOT_SIGNED_IN)
    return Credential(secret)


def saved(url: str) -> Credential | None:
    """The session kept in the file for this database, to end it (``parcours logout``), or None.

    Read whoever else may read the file and whatever ``PARCOURS_TOKEN`` holds: a file others
    could read may have been copied, so its session must end in the base too, and a token in
    the environment is not the session being ended."""
    try:
        secret = path_for(url).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return Credential(secret) if secret else None


def forget(url: str) -> None:
    """Delete the session file of this database, if any."""
    try:
        path_for(url).unlink(missing_ok=True)
    except OSError:
        pass
