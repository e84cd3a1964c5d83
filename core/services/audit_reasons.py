"""The typed reason of an exceptional access: sealed with the person's key in its audit row.

An exceptional access (restricted content opened by someone who does not follow her, see
:func:`core.services.access.require`) asks for a reason in free text, and free text about a
person may name her, a place, a danger. The audit log is append-only and kept for years: a
reason stored there in clear could be erased neither with her file nor by anyone, and would
sit readable in every copy of the base. It is therefore sealed with her data key, bound to
the audit log's ``reason`` column of her number (``detail.reason_enc``, base64): it is read
where a supervisor reviews the access (the review queue, the audit listing) and becomes
unreadable with the rest of her file when she is erased (her key is destroyed). The row's
hash covers the sealed text, so the chain still verifies after the erasure.

Rows written before this module kept the reason in clear (``detail.reason``): they are shown
as they are.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from typing import Any

from core import messages as M
from core.errors import IntegrityAlert
from core.services.registry import Call

FIELD = "reason_enc"
TABLE, COLUMN = "audit_log", "reason"


def sealed(call: Call, person_id: int, text: str) -> dict[str, str]:
    """What the audit row's detail holds for ``text``, typed for an access to ``person_id``.

    Raises:
        IntegrityAlert: she has no key (erased meanwhile): never a new key made for her.
    """
    call.sealer.dek(person_id)  # her key, which must exist: sealing alone would create one
    blob = call.sealer.seal(person_id, TABLE, person_id, COLUMN, text)
    return {FIELD: base64.b64encode(blob).decode("ascii")}


def opened(call: Call, rows: Iterable[tuple[int | None, dict[str, Any] | None]]) -> list[str]:
    """The reason of each (person number, detail) as a supervisor reads it: opened with her
    key, « effacé » when her key is gone, the clear text of an older row, or empty."""
    rows = list(rows)
    call.sealer.preload(sorted({p for p, d in rows if p is not None and d and FIELD in d}))
    return [_one(call, person_id, detail or {}) for person_id, detail in rows]


def _one(call: Call, person_id: int | None, detail: dict[str, Any]) -> str:
    blob = detail.get(FIELD)
    if blob is None or person_id is None:
        return str(detail.get("reason", ""))
    try:
        return str(call.sealer.open(person_id, TABLE, person_id, COLUMN,
                                    base64.b64decode(blob, validate=True)))
    except IntegrityAlert as exc:  # her key is gone with her file, or the text was altered
        return M.AUDIT_REASON_ERASED if exc.msg == M.CRYPTO_ERASED else M.AUDIT_REASON_ALTERED
    except (TypeError, ValueError):  # not base64 text: altered in the base
        return M.AUDIT_REASON_ALTERED
