"""Writing and reading sealed notes: the one place a note's text meets its key.

Notes come from three services (``note.add``, a note joined to ``advance``, a comment on a
review item); each goes through :func:`write_note`, which gives the row its id first so that
the text is sealed bound to it.
"""

from __future__ import annotations

from core.persistence.ids import next_ids
from core.persistence.models import Note
from core.services.registry import Call


def write_note(call: Call, person_id: int, track_id: int | None, event_id: int | None,
               text: str, sensitivity: str) -> Note:
    """Add a note whose text is sealed with the person's key."""
    note_id = next_ids(call.session, "notes")[0]
    note = Note(id=note_id, person_id=person_id, track_id=track_id, author_id=call.actor.id,
                event_id=event_id, created_at=call.app.now(), sensitivity=sensitivity,
                text_enc=call.sealer.seal(person_id, "notes", note_id, "text", text))
    call.session.add(note)
    call.session.flush()
    return note


def note_text(call: Call, note: Note) -> str:
    """A note's text, opened."""
    return call.sealer.open(note.person_id, "notes", note.id, "text", note.text_enc)
