"""Notes about a person: adding one, and reading them back for the roles allowed to.

Notes are free text written by whoever meets the person, so they are restricted content: every
front-desk role may add one (a volunteer at the drop-in hears things worth keeping), but only
referents, supervisors and the administrator may list them (policy rows ``note.add`` and
``note.list``). The creation time comes from the application's clock, like events.
"""

from __future__ import annotations

from sqlalchemy import select

from core import messages as M
from core.errors import InputError
from core.persistence.models import Note, Track, User
from core.schemas import NoteView
from core.services import records
from core.services.registry import Call, service

MAX_NOTE = 5000


def clean_text(text: str) -> str:
    """The note as stored: trimmed, non-empty, bounded, without NUL or lone surrogates."""
    body = (text or "").strip()
    if not body:
        raise InputError(M.NOTE_EMPTY)
    if len(body) > MAX_NOTE:
        raise InputError(M.NOTE_TOO_LONG.format(limit=MAX_NOTE))
    if "\x00" in body or any(0xD800 <= ord(ch) <= 0xDFFF for ch in body):
        raise InputError(M.TEXT_BAD_CHARACTER)
    return body


@service("note.add")
def add_note(call: Call, person: str | int, text: str, track: str | None = None) -> NoteView:
    """Add a restricted note to a person's file, optionally about one of her open tracks.

    Raises:
        NotFound: unknown person, or no such open track.
        InputError: empty, too long or malformed text.
    """
    row = records.find_person(call.session, person)
    track_row = records.find_track(call.session, row, track) if track else None
    note = Note(person_id=row.id, track_id=track_row.id if track_row else None,
                author_id=call.actor.id, created_at=call.app.now(), text=clean_text(text))
    call.session.add(note)
    call.session.flush()
    return NoteView(id=note.id, person_id=row.id,
                    track=track_row.definition_id if track_row else None, author=call.actor.name,
                    created_at=note.created_at, text=note.text, sensitivity=note.sensitivity)


@service("note.list", write=False)
def list_notes(call: Call, person: str | int) -> list[NoteView]:
    """Every note of a person, newest first (notes written with a transition included)."""
    row = records.find_person(call.session, person)
    query = select(Note, User.name, Track.definition_id).join(User, Note.author_id == User.id) \
        .outerjoin(Track, Note.track_id == Track.id).where(Note.person_id == row.id) \
        .order_by(Note.created_at.desc(), Note.id.desc())
    return [NoteView(id=n.id, person_id=n.person_id, track=defn, author=name,
                     created_at=n.created_at, text=n.text, sensitivity=n.sensitivity)
            for n, name, defn in call.session.execute(query)]
