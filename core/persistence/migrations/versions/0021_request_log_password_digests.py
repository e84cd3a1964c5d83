"""The answers kept for writes that take a password go: they held a digest of it.

Until this version, a write sent with a request id kept, beside its answer in ``request_log``,
a plain SHA-256 of its arguments, passwords included (``auth.reauth``, ``auth.password``,
``user.add``, ``user.reset_password``), sealed with a key the key file gives: whoever holds the
base and its key file could open it and test guesses of the password at SHA-256 speed, the
Argon2id of the users' table skipped. The code now leaves passwords out of the digest; the
rows it kept before for those writes are deleted, whatever their age (a row outlived its day
until its user sent another request id). A retry of such a request sent across the upgrade
runs again, as a request without an id would: a confirmation is checked again, a password
change is refused (the current password typed is no longer the account's), a user added
again is refused as existing, a reset is done again.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-09
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TAKING_A_PASSWORD = ("auth.reauth", "auth.password", "user.add", "user.reset_password")


def upgrade() -> None:
    # Each under either spelling: the operation as kept before named the service's body too.
    for name in _TAKING_A_PASSWORD:
        op.execute(f"DELETE FROM request_log WHERE operation = '{name}' "
                   f"OR operation LIKE '{name}:%'")


def downgrade() -> None:
    # Nothing to restore: the digests are gone, and an older version replaying one of these
    # writes without its kept row runs it again.
    pass
