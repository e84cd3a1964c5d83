"""Opening every sealed value of a base, as a newly started process would (key rotation tests).

The base's keys are found and checked afresh (:meth:`BaseKeys.load`: the key file as it is on
disk now, the check value opened with the base's KEK version), then every sealed column of
every row is opened with its person's data key, unwrapped with the KEK version her
``person_keys`` row names. Any failure raises.
"""

from __future__ import annotations

from sqlalchemy import select

from core.persistence.database import Database
from core.persistence.models import (Deadline, Event, Note, Person, PersonIdentity, ReviewMark,
                                     SensitiveFact)
from core.services.app import config_dir
from core.services.keys import BaseKeys, Sealer

SEALED = (
    # (table, model, row id attribute, blob attribute, context column)
    ("persons", Person, "id", "alias_enc", "alias"),
    ("person_identities", PersonIdentity, "person_id", "data_enc", "data"),
    ("notes", Note, "id", "text_enc", "text"),
    ("sensitive_facts", SensitiveFact, "id", "value_enc", "value"),
    ("deadlines", Deadline, "id", "computation_enc", "computation"),
    ("events", Event, "id", "deadlines_enc", "deadlines"),
    ("review_marks", ReviewMark, "id", "reason_enc", "reason"),
)


def open_everything(url: str, key_file: str | None = None) -> dict[str, int]:
    """How many sealed values of each table opened (all of them, or this raises)."""
    db = Database(url)
    try:
        with db.read() as session:
            sealer = Sealer(BaseKeys.load(session, config_dir(), key_file), session)
            opened: dict[str, int] = {}
            for table, model, id_attr, blob_attr, column in SEALED:
                blob = getattr(model, blob_attr)
                for row in session.scalars(select(model).where(blob.is_not(None))):
                    sealer.open(row.person_id if table != "persons" else row.id, table,
                                getattr(row, id_attr), column, getattr(row, blob_attr))
                    opened[table] = opened.get(table, 0) + 1
            return opened
    finally:
        db.dispose()
