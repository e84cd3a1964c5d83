"""Writes safe to retry: a request id makes a write apply once and answer the same twice.

A script that lost its connection, or a user who pressed twice, sends the same write again
with the same ``request_id``: the door (:mod:`core.services.registry`) finds it here, in the
caller's own recent requests, and returns the first result without running the write again.
The result is kept sealed (it may quote an alias or a fact) with a key derived from the base's
search key, bound to the user and the request id, for :data:`KEPT` only: long enough for any
retry, short enough that an erased person's alias does not linger. Two copies of one request
racing each other meet on the unique (user, request id, operation) index: one applies, the other reads
its result.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import re
import typing
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from core import messages as M
from core.crypto.cipher import open_sealed, seal
from core.errors import InputError
from core.persistence.access_models import RequestRecord

KEPT = timedelta(days=1)
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")


def checked(request_id: Any) -> str:
    """The request id as given, if it is 1 to 64 ASCII letters, digits or ``. _ : -``.

    Raises:
        InputError: anything else.
    """
    if not isinstance(request_id, str) or not _REQUEST_ID.fullmatch(request_id):
        raise InputError(M.REQUEST_ID_BAD)
    return request_id


@functools.cache
def _adapter(body: Callable[..., Any]) -> TypeAdapter[Any]:
    return TypeAdapter(typing.get_type_hints(body).get("return", Any))


def _key(search_key: bytes) -> bytes:
    return hmac.new(search_key, b"parcours:request_log", hashlib.sha256).digest()


def _context(user_id: int, request_id: str, operation: str) -> str:
    return f"request_log:{user_id}:{request_id}:{operation}"


def replay(session: Session, keys: Any, user_id: int, request_id: str, operation: str,
           body: Callable[..., Any], now: datetime) -> tuple[bool, Any, dict[str, Any]]:
    """(True, the first result, what its audit row named) when this user already sent this
    request for this operation, else (False, None, {})."""
    session.execute(delete(RequestRecord).where(RequestRecord.user_id == user_id,
                                                RequestRecord.created_at < now - KEPT))
    row = session.scalar(select(RequestRecord).where(RequestRecord.user_id == user_id,
                                                     RequestRecord.request_id == request_id,
                                                     RequestRecord.operation == operation))
    if row is None:
        return False, None, {}
    kept = json.loads(open_sealed(_key(keys.search_key), row.result_enc,
                                  _context(user_id, request_id, operation)))
    return True, _adapter(body).validate_python(kept["result"]), kept["audit"]


def remember(session: Session, keys: Any, user_id: int, request_id: str, operation: str,
             body: Callable[..., Any], result: Any, audit: dict[str, Any], now: datetime) -> None:
    """Keep the result of a request that has just applied, and the person and object its
    audit row named (a replay's row names them too), in the same transaction."""
    data = json.dumps({"result": _adapter(body).dump_python(result, mode="json"),
                       "audit": audit}).encode("utf-8")
    session.add(RequestRecord(user_id=user_id, request_id=request_id, operation=operation,
                              created_at=now,
                              result_enc=seal(_key(keys.search_key), data,
                                              _context(user_id, request_id, operation))))
    session.flush()
