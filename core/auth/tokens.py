"""Session and personal-token secrets: how they are made, stored and presented.

A secret is 32 random bytes from the operating system (``secrets``), shown once, and stored
only as its SHA-256: a copy of the database lets nobody act as a user. Secrets carry a
prefix saying what they are (``pcs_`` for a sign-in session, ``pct_`` for a personal token),
which helps people recognise one pasted where it should not be. A :class:`Credential` is how
an interface presents a secret to the services; its ``repr`` never shows it.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field

PREFIXES = {"session": "pcs_", "token": "pct_"}


@dataclass(frozen=True)
class Credential:
    """A session or personal token's secret, as given to every service call."""

    secret: str = field(repr=False)
    request_id: str | None = None
    """The caller's id for the write(s) this credential is presented with (``--request-id``):
    sent twice, a write applies once (:mod:`core.services.requests`)."""

    def __repr__(self) -> str:
        return f"Credential({self.secret[:4]}…)"

    @property
    def digest(self) -> str:
        return digest(self.secret)

    def for_request(self, request_id: str | None) -> Credential:
        """The same credential, carrying ``request_id``."""
        return Credential(self.secret, request_id)


def new_secret(kind: str) -> str:
    """A fresh secret for a ``session`` or a ``token``."""
    return PREFIXES[kind] + secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """What the database stores of a secret."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()
