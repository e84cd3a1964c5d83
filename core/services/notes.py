"""Notes about a person: adding one, and reading them back for the roles allowed to.

Notes are free text written by whoever meets the person: every front-desk role may add one
(a volunteer at the drop-in hears things worth keeping), but only the person's referent and
the supervisors of her delegation may read them. A note is restricted unless its author marks
it otherwise: it is then listed locked (no text) until the reader confirms their password
(referent) or gives a reason for an exceptional access (supervisor not following her).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import select

from core import messages as M
from core.delegation import zone_of
from core.errors import InputError, NotFound
from core.persistence.models import NOTE_SENSITIVITIES, Note, Person, Track, User
from core.schemas import NoteView
from core.services import access, person_snapshot
from core.services.notes_store import note_text, write_note
from core.services.policy import DataClass, class_of
from core.services.registry import Call, service
from core.text import clean_block

MAX_NOTE = 5000


def clean_text(text: str) -> str:
    """The note as stored: trimmed, non-empty, bounded, without control characters."""
    if isinstance(text, str) and len(text.strip()) > MAX_NOTE:
        raise InputError(M.NOTE_TOO_LONG.format(limit=MAX_NOTE))
    body = clean_block(text or "", limit=MAX_NOTE, field="la note")
    if not body:
        raise InputError(M.NOTE_EMPTY)
    return body


@service("note.add")
def add_note(call: Call, person: str | int, text: str, track: str | None = None,
             sensitivity: str = "restricted") -> NoteView:
    """Add a note to a person's file, optionally about one of her open tracks.

    Raises:
        NotFound: unknown person, or no such open track.
        PermissionDenied: a track the caller may not write (a case track, for the front desk).
        InputError: empty, too long or malformed text, or an unknown sensitivity.
    """
    if sensitivity not in NOTE_SENSITIVITIES:
        raise InputError(M.NOTE_BAD_SENSITIVITY.format(value=sensitivity,
                                                       choices=", ".join(NOTE_SENSITIVITIES)))
    from core.services.tracks import track_to_write
    row = access.person_for(call, person, DataClass.FRONT_DESK, write=True)
    # A track the caller may not write is refused whether she has it or not: « no such open
    # track » against a note written told the front desk which case tracks she has.
    track_row = track_to_write(call, row, track) if track else None
    if track_row is not None and track_row.status != "open":
        # Named by its number, a closed track was found (a definition names the open one
        # only): refused as a number of none of her open tracks, as the docstring promised.
        raise NotFound(M.TRACK_NOT_OPEN.format(track=track))
    body = clean_text(text)
    note = write_note(call, row.id, track_row.id if track_row else None, None, body, sensitivity)
    call.audit.target = f"note:{note.id}"
    return NoteView(id=note.id, person_id=row.id,
                    track=track_row.definition_id if track_row else None, author=call.actor.name,
                    created_at=note.created_at.astimezone(_her_clock(call, row)), text=body,
                    sensitivity=note.sensitivity)


def _her_clock(call: Call, person: Person) -> ZoneInfo:
    """Her delegation's time zone: a note written at 21:30 in Guadeloupe is already the next
    day in UTC, and was dated her tomorrow."""
    return ZoneInfo(zone_of(person_snapshot.delegation_info(call.session, person.delegation_id)))


@service("note.list", write=False)
def list_notes(call: Call, person: str | int, reason: str | None = None) -> list[NoteView]:
    """Every note of a person, newest first; restricted ones locked unless opened now."""
    row = access.person_for(call, person, DataClass.CASE)
    query = select(Note, User.name, Track.definition_id).join(User, Note.author_id == User.id) \
        .outerjoin(Track, Note.track_id == Track.id).where(Note.person_id == row.id) \
        .order_by(Note.created_at.desc(), Note.id.desc())
    found = list(call.session.execute(query))
    open_classes = {cls: access.unlocked(call, row, cls, reason)
                    for cls in {class_of(n.sensitivity) for n, _, _ in found}}
    call.audit.detail.update(count=len(found),
                             locked=sum(not open_classes[class_of(n.sensitivity)] for n, _, _ in found))
    here = _her_clock(call, row)
    return [NoteView(id=n.id, person_id=n.person_id, track=defn, author=name,
                     created_at=n.created_at.astimezone(here), sensitivity=n.sensitivity,
                     text=note_text(call, n) if open_classes[class_of(n.sensitivity)] else None,
                     locked=not open_classes[class_of(n.sensitivity)])
            for n, name, defn in found]
