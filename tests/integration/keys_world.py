"""A base for the key rotation tests, and opening every sealed value of it as a newly
started process would.

:func:`fill` writes persons with every kind of sealed value (alias, note, restricted fact,
deadlines and the events that opened them, a snooze reason) and imports more.
:func:`open_everything` finds and checks the base's keys afresh (:meth:`BaseKeys.load`: the
key file as it is on disk now, the check value opened with the base's KEK version), then opens
every sealed column of every row with its person's data key, unwrapped with the KEK version her
``person_keys`` row names. Any failure raises.
"""

from __future__ import annotations

from sqlalchemy import select

from core import services as svc
from core.persistence.database import Database
from core.persistence.models import (Deadline, Event, Note, Person, PersonIdentity, ReviewMark,
                                     SensitiveFact)
from core.services.app import Parcours, config_dir
from core.services.keys import BaseKeys, Sealer
from tests.accounts import add_followed, who

ALIAS, NOTE, RECIT = "Roseline Canari", "CANARY-NOTE-rotation", "CANARY-RECIT-rotation"
PSP_WALK = (
    ("signer_document", {"date_signature_document": "2026-01-20"}),
    ("constituer_dossier", {"piece_identite": "oui", "attestation_cessation": "oui",
                            "domiciliation": "oui"}),
    ("transmettre", {"date_envoi": "2026-01-30"}),
    ("enregistrer_avis", {"date_commission": "2026-02-20", "avis": "favorable"}),
    ("autoriser", {"date_decision": "2026-03-01", "debut_periode": "2026-03-02"}),
)


def _csv(count: int) -> bytes:
    rows = ["pseudo;premier passage;référent;notes"]
    rows += [f"Importée {i};;camille;note importée {i}" for i in range(count)]
    return "\r\n".join(rows).encode("utf-8-sig")


def fill(app: Parcours, imported: int = 30) -> dict[str, int]:
    """Persons with notes, a restricted fact, deadlines and a snooze reason; some imported."""
    camille = who(app, "camille")
    person = add_followed(app, ALIAS)
    svc.add_note(app, who(app, "bea"), person, NOTE)
    svc.start_track(app, camille, person, "psp")
    for trigger, facts in PSP_WALK:
        svc.advance(app, camille, person, "psp", trigger, facts=facts)
    closed = add_followed(app, "Autre Canari")
    svc.advance(app, camille, closed, "parcours", "clore",
                facts={"motif_cloture": "autre", "precision": RECIT})
    unfollowed = svc.add_person(app, camille, "Sans Suivi").id
    svc.snooze(app, who(app, "sonia"), f"no_referent:person:{unfollowed}",
               app.today().replace(day=28), "motif de report")
    svc.import_bytes(app, who(app, "sonia"), "personnes", _csv(imported), "liste.csv")
    return {"person": person, "closed": closed}


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
