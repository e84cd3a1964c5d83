"""The answers kept for token creations go: they held the new tokens' secrets.

Until this version, ``token.create`` sent with a request id kept its answer, the token's
secret included, in ``request_log``, sealed with a key derived from the base's search key:
whoever holds the base and its key file could open it and act as the token's owner. The code
now keeps the token's number alone; the rows it kept before are deleted, whatever their age (a
row outlives its day until its user sends another request id). A retry of such a request sent
across the upgrade creates a second token, as a request without an id would.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-08
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # "token.create" alone: the operation as kept before it named the service's body too.
    op.execute("DELETE FROM request_log "
               "WHERE operation = 'token.create' OR operation LIKE 'token.create:%'")


def downgrade() -> None:
    # Nothing to restore: the secrets are gone, and an older version replaying a token's
    # creation without its kept row creates another token.
    pass
