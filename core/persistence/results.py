"""What a data-changing statement reports back: how many rows it touched.

``Session.execute`` is typed as returning a plain ``Result``; for an INSERT, UPDATE or DELETE
it is in fact a ``CursorResult``, the only kind that knows its row count. :func:`affected`
says so once, instead of a cast at every bulk update or delete.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, Result


def affected(result: Result[Any]) -> int:
    """The rows a DML statement matched (0 when the driver cannot tell)."""
    return int(cast(CursorResult[Any], result).rowcount or 0)
