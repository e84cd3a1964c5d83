"""Erasing a person: crypto-shredding, deleting what identifies her, keeping the figures.

``person.erase`` (a supervisor of her delegation, after typing her password again; or
retention, through the same :func:`erase`) destroys her data key, so every sealed copy of
her data in the base and its WAL can never be opened again (security.md CR-6); a backup taken
before still holds her wrapped key, so her number joins the key file's erasure register and a
restore erases her again (:func:`replay`) through the same steps: the restored base keeps of her
exactly what the erased one kept. It deletes the rows that identify her or tell her story: the
sealed alias and its search hashes, her legal identity, notes, sensitive and restricted facts,
consents, lifted holds, deadlines (their sealed computations quote her facts) and the sealed
reasons of review decisions about her. ``persons.erased_at`` says when.

What stays, and why. The activity report counts visits, new persons, persons followed and
the plugins' milestones from ``persons`` (number, delegation, first visit), ``visits``,
``tracks`` (definition, step, dates) and the transition ``events`` (trigger, steps, dates,
coded facts): these rows stay, so the figures of past periods do not change (R12:
statistics may be kept when nothing identifies anyone). What they held in clear that could
identify her is blanked:

* ordinary facts typed as free text (a France Travail identifier, a social housing
  registration number, a decision reference, a pause reason, the referent's name) are
  removed from her tracks and from her events; coded facts (choices, dates, numbers, yes/no)
  stay, since the plugins count them. A fact whose track definition is no longer installed
  is kept only when it is a number or yes/no; an event about no track keeps only the codes
  the services write (:data:`UNTRACKED_CODED`: not the referent a reassignment named);
* her events' ``checks`` (their messages may quote dates and values) and sealed
  ``deadlines_enc`` are emptied.

``events`` is append-only: migration 0005 lets the database accept exactly this, an UPDATE of
``facts``, ``checks`` and ``deadlines_enc`` of a person already marked erased, and nothing
else (no delete, no other column). Her open tracks are closed on the day of the erasure, so
she stops counting from then on without changing any earlier period; her referent link is
removed. The audit log keeps her number and the erasure's reason, which must not name her
(checked against her alias and legal name before her key is destroyed).

A legal hold refuses the erasure, whoever asks (GDPR art. 17(3)(e)): lift it first.

After the commit, her number is added to the register and
:meth:`core.persistence.database.Database.scrub` checkpoints SQLite's WAL into the file
(``secure_delete`` is on for every connection), so neither the file nor its ``-wal`` keeps the
deleted rows; on PostgreSQL it vacuums the tables touched. A run of many erasures (retention)
opens a :func:`batch`: the register is written every :data:`REGISTER_EVERY` erasures and at the
end (each number journaled beside the key file in between, :mod:`core.crypto.erasure_journal`),
the files are scrubbed once at the end. Each of these costs what the whole register or the
whole tables hold, so doing them per erasure made a national purge quadratic.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from core import messages as M
from core.crypto import erasure_journal
from core.definitions.catalog import Catalog
from core.engine.facts import describe_field
from core.errors import InputError, KeyMissing, PermissionDenied
from core.persistence.access_models import RequestRecord
from core.persistence.models import (Consent, Deadline, Event, Note, Person, PersonHold,
                                     PersonIdentity, PersonKey, PersonSearch, ReviewMark,
                                     SensitiveFact, Track)
from core.persistence.results import affected
from core.persistence.text import alias_key
from core.services import access, aliases, erasure_recipients, followed, holds
from core.services.policy import DataClass
from core.services.registry import Call, service
from core.text import MAX_REASON, clean_line


class ErasureView(BaseModel):
    """What an erasure did: counts of rows per table, and whether the files were scrubbed."""

    model_config = ConfigDict(defer_build=True)

    person_id: int
    erased_at: datetime
    rows: dict[str, int]
    scrubbed: bool = False
    """The WAL was checkpointed (SQLite) or the tables vacuumed (PostgreSQL) after the commit."""
    notify: list[str] = Field(default_factory=list, exclude=True)
    """The partners her data went to, to be told of the erasure (GDPR art. 19): read before
    her key went, kept nowhere (:mod:`core.services.erasure_recipients`). Left out of any
    dump, so out of the answer a request id keeps for a retry, which gets none."""

    @property
    def total(self) -> int:
        return sum(self.rows.values())


@service("person.erase")
def erase_person(call: Call, person: str | int, reason: str,
                 rule: str | None = None) -> ErasureView:
    """Erase a person for good (see the module docstring); ``rule`` when retention asks.

    Raises:
        NotFound: unknown, out of scope or already erased.
        ReauthRequired: the password was not typed again in the last minutes.
        PermissionDenied: she is under a legal hold.
        InputError: no reason, or a reason that names her; ``rule`` no longer applies.
    """
    row = access.person_for(call, person, DataClass.RESTRICTED, write=True)
    access.require_reauth(call, M.ERASE_REAUTH)
    if rule is not None:
        from core.services import retention
        # Her row as her lock left it (access.find), not as read before: a visit recorded
        # meanwhile renewed her last contact, and she is no longer due.
        if not retention.person_due(call, row, rule):
            raise InputError(M.ERASE_NOT_DUE.format(id=row.id, rule=rule))
    # Retention's own reason is fixed text: it names no one, whatever her alias's words.
    view = erase(call, row, reason,
                 typed=rule is None or reason != M.RETENTION_REASON.format(rule=rule))
    call.audit.detail.update(reason=clean_line(reason, limit=MAX_REASON), rule=rule,
                             rows=view.total)

    def scrub() -> None:
        view.scrubbed = settle(call.app, view.person_id)

    call.after_commit.append(scrub)
    return view


def settle(app: Any, erased: int | None = None) -> bool:
    """After the commit of a deletion: add ``erased`` (a person, if one was erased) to the
    register and scrub the files; inside a :func:`batch`, leave both to it. Returns whether
    the files were scrubbed now."""
    run = _BATCH.get()
    if run is not None and run.app is app:
        run.add(erased)
        return False
    if erased is not None:
        app.keys.keyfile.record_erased({erased})
    return bool(app.db.scrub())


def register(app: Any, as_of: datetime | None = None) -> None:
    """Bring the key file's erasure register up to the base (every person marked erased) and
    to the journals of runs that died (:mod:`core.crypto.erasure_journal`), then delete those.

    Run before each backup and each :func:`batch`: reading the whole list repairs a register
    that a crash between an erasure's commit and its register write left behind. A backup
    gives ``as_of``, its own time, taken before the base is read: the key file then keeps that
    its register is whole up to it (written even when no number is new), and a restore tells
    by it a copy of the key file older than the backup.
    """
    keyfile = app.keys.keyfile
    with app.db.read() as session:
        erased = set(session.scalars(select(Person.id).where(Person.erased_at.is_not(None))))
    erased |= erasure_journal.journaled(keyfile)
    if as_of is None:
        keyfile.record_erased(erased)
    else:
        keyfile.record_register(erased, as_of)
    erasure_journal.sweep(keyfile)  # each dead run's journal written in before it goes


REGISTER_EVERY = 100
"""Erasures of a :func:`batch` written to the key file's register at once (each is in the
run's journal, on disk, from its commit on)."""


@dataclass
class Batch:
    """The erasures of one run whose register write and scrub are shared (see :func:`batch`)."""

    app: Any
    journal: erasure_journal.Journal
    pending: set[int] = field(default_factory=set)
    deleted: bool = False
    scrubbed: bool = True
    """The files were scrubbed after the run's last deletion (True when nothing was deleted)."""
    failed: Exception | None = None
    """The register could not be written: the numbers stay in the journal, tried again at
    the end."""

    def add(self, person: int | None) -> None:
        self.deleted = True
        if person is None:
            return
        self.pending.add(person)
        if self.journal.path is None:  # keys in the keyring: no file beside them
            self.flush()
            return
        try:
            self.journal.append(person)
        except OSError:  # a full disk: the register itself, now, or the run stops here
            self.flush()
        if len(self.pending) >= REGISTER_EVERY and self.failed is None:
            try:
                self.flush()
            except (OSError, KeyMissing) as exc:  # she is erased and journaled: go on
                self.failed = exc

    def flush(self) -> None:
        if self.pending:
            self.app.keys.keyfile.record_erased(set(self.pending))
            self.pending.clear()
            self.journal.clear()


_BATCH: ContextVar[Batch | None] = ContextVar("erasure_batch", default=None)


@contextmanager
def batch(app: Any) -> Iterator[Batch]:
    """Erasures and deletions of ``app`` made inside (each through :func:`settle`) share their
    register writes and one scrub at the end, also when the run stops on an error: what was
    erased by then is registered (or stays journaled if the register cannot be written, and
    the error is raised) and scrubbed."""
    register(app)
    run = Batch(app, erasure_journal.Journal(app.keys.keyfile))
    token = _BATCH.set(run)
    try:
        yield run
    finally:
        _BATCH.reset(token)
        _finish(app, run)


def _finish(app: Any, run: Batch) -> None:
    try:
        run.flush()
        run.journal.close()  # only once its numbers are in the key file
    finally:
        if run.deleted:
            run.scrubbed = bool(app.db.scrub())


def replay(session: Session, persons: set[int], now: datetime, catalog: Catalog) -> list[int]:
    """Erase again, in a base restored from a backup taken before their erasure, the persons
    of the key file's register that the copy does not mark erased, through the very steps of
    :func:`erase` (:func:`_shred`), so the restored base keeps of her exactly what the erased
    one did: her events' and tracks' clear free text blanked, open tracks closed, referent
    link, sealed rows and key gone. ``catalog`` says which facts are codes, as for
    :func:`erase`. Returns who was erased again."""
    found = list(session.scalars(select(Person.id).where(Person.id.in_(persons),
                                                         Person.erased_at.is_(None))))
    for person in found:
        _shred(session, catalog, person, now)
    return found


def erase(call: Call, person: Person, reason: str, typed: bool = True) -> ErasureView:
    """Erase ``person`` in the caller's transaction (checks her hold and, when ``typed``, that
    the reason does not name her, first).

    Her row is locked first (:func:`core.services.access.lock`): a hold placed meanwhile is
    then either committed before the check, which refuses, or placed after the erasure,
    which refuses it."""
    access.lock(call, person)
    if holds.active(call.session, person.id) is not None:
        raise PermissionDenied(M.ERASE_HELD.format(id=person.id))
    if typed:
        _check_reason(call, person, reason)
    now = call.app.now()
    notify = erasure_recipients.recipients(call, person.id)  # sealed with the key about to go
    rows = _shred(call.session, call.app.catalog, person.id, now)
    call.sealer.forget(person.id)  # her key, cached for this call, goes with the stored one
    call.audit.person_id = person.id
    call.audit.target = f"person:{person.id}"
    return ErasureView(person_id=person.id, erased_at=now, rows=rows, notify=notify)


HER_ROWS = (PersonIdentity, Note, SensitiveFact, Consent, PersonHold, Deadline, RequestRecord,
            PersonSearch, PersonKey)
"""The tables whose rows about her are deleted, her data key last: nothing is sealed after."""


def _shred(session: Session, catalog: Catalog, person_id: int, now: datetime) -> dict[str, int]:
    """What an erasure changes in the base, in the caller's transaction: the one body of a
    fresh erasure and of its replay after a restore. Returns the rows changed per table."""
    # Marked first: migration 0005's guard accepts the rewrite of her events only once her
    # row says she is erased. In a restored copy the backup predates the erasure, so her row
    # is not marked there: the replay marks it here, in its transaction, then rewrites once.
    session.execute(update(Person).where(Person.id == person_id).values(
        erased_at=now, alias_enc=None, alias_hash=None, referent_id=None))
    rows = {"events": _redact_events(session, catalog, person_id),
            "tracks": _redact_tracks(session, catalog, person_id, now)}
    reasons = session.execute(update(ReviewMark).where(
        ReviewMark.person_id == person_id, ReviewMark.reason_enc.is_not(None))
        .values(reason_enc=None).execution_options(synchronize_session=False))
    rows["review_marks"] = affected(reasons)
    for model in HER_ROWS:
        removed = session.execute(delete(model).where(model.person_id == person_id)
                                  .execution_options(synchronize_session=False))
        rows[model.__tablename__] = affected(removed)
    return rows


def _check_reason(call: Call, person: Person, reason: str) -> None:
    text = clean_line(reason or "", limit=MAX_REASON, field="le motif")
    if not text:
        raise InputError(M.ERASE_REASON_NEEDED)
    alias = aliases.one(call, person)
    names = _names_in(alias)  # « demande de Noémie » names « Noémie Fauvette »
    identity = call.session.get(PersonIdentity, person.id)
    if identity is not None:
        data = call.sealer.open(person.id, "person_identities", person.id, "data",
                                identity.data_enc)
        names += _names_in(str(data.get("legal_name") or ""))[1:]
    said = _words(text)
    if _named(names, said):
        raise InputError(M.ERASE_REASON_NAMES_HER)
    other = _someone_named(call, person.id, said)
    if other is not None:
        raise InputError(M.ERASE_REASON_NAMES_SOMEONE.format(word=other))


LITTLE_WORDS = frozenset({"aux", "avec", "chez", "dans", "del", "den", "der", "des", "dos",
                          "les", "par", "pour", "sans", "sous", "sur", "une", "van", "von"})
"""Articles and particles of three letters or more (as :func:`_words` folds them): a word of
a name (« Marie des Anges », « Van Damme ») that a reason says for itself (« doublon des
fiches »); her name is its other words. Nor is such a word of a reason looked up alone."""


REASON_WORDS = frozenset({
    "art", "article", "articles", "alinea", "rgpd", "gdpr", "loi", "code", "decret", "cnil",
    "droit", "droits", "effacement", "oubli", "opposition", "retrait", "consentement",
    "demande", "demandee", "personne", "personnes", "interessee", "concernee", "madame",
    "doublon", "doublons", "fiche", "fiches", "dossier", "erreur", "saisie", "test", "essai",
    "deces", "fin", "duree", "conservation", "courrier", "courriel", "lettre", "mail",
    "decision", "juge", "tribunal", "avocat", "avocate"})
"""Words (as :func:`_words` folds them) that a reason for erasing says for themselves: the law
and the ordinary words of a request, a duplicate or a mistake. One such word alone names no
one, even someone whose alias it is, or one word of it (« Art », « Personne »): refusing it
refused « demande de la personne, art. 17 » for every person, the reason the refusal itself
suggests. Her other words and a whole alias of several words are still looked for.

The price: someone whose alias is one of these words alone can be named in a reason. None is
a first name the persons followed here bear; « justice », one (« Justice », as « Blessing »
or « Favour »), is not in the list (« décision du juge » says a court's decision)."""


def _names_in(name: str) -> list[str]:
    """``name`` whole, then each of its words but :data:`LITTLE_WORDS`."""
    return [name, *(w for w in name.split() if _words(w) not in LITTLE_WORDS)]


def _named(names: list[str], said: str) -> str | None:
    """The first of ``names`` (three letters or more, not one of :data:`REASON_WORDS`, not a
    number) whose words are whole words of ``said``."""
    return next((n for n in names if n and len(alias_key(n)) >= 3 and _words(n)
                 and not _says_itself(_words(n)) and f" {_words(n)} " in f" {said} "), None)


def _says_itself(word: str) -> bool:
    """A word (as :func:`_words` folds it) that a reason says for itself: one of
    :data:`REASON_WORDS`, or a number (« 2024 », « 17 »: a year, an article; « Rose 2024 »
    refused every reason that gave the year)."""
    return word in REASON_WORDS or word.isdigit()


def _someone_named(call: Call, person_id: int, said: str) -> str | None:
    """A word of the reason that is the alias, or a word of it, of another person the caller
    may list: the reason stays in the audit log, in clear, after that person's erasure too
    (« doublon de Zéphyrine »). Her search pieces find the candidates; their aliases are
    opened to keep only whole words."""
    for word in dict.fromkeys(said.split()):
        narrowed = aliases.candidates(call, word) if len(word) >= 3 \
            and word not in LITTLE_WORDS and not _says_itself(word) else None
        if narrowed is None:
            continue
        rows = call.session.execute(select(Person.id, Person.alias_enc).where(
            narrowed, Person.id != person_id, Person.erased_at.is_(None),
            access.visible(call))).all()
        for alias in aliases.read(call, rows).values():
            if _named(_names_in(alias), said):
                return word
    return None


def _words(text: str) -> str:
    """``text``'s words (accents and case folded), one space apart: a name is in a reason
    when its words are there whole. Inside a word it is not: « Ion » is in « conservation »,
    and retention's own reason, « Fin de la durée de conservation », refused for ever to
    erase a person so named."""
    return " ".join(re.findall(r"\w+", alias_key(text)))


# --- what her tracks and events keep -------------------------------------------------------

def coded_names(catalog: Catalog, definition: str, version: int) -> set[str] | None:
    """The fact names a definition types as coded values (not free text); None if unknown."""
    defn = catalog.definitions.get((definition, version))
    if defn is None:
        return None
    coded: set[str] = set()
    for transition in defn.transitions:
        schema = defn.facts_schema(transition)
        for name, info in (schema.model_fields.items() if schema else ()):
            if describe_field(name, info)["type"] != "text":
                coded.add(name)
    return coded


def kept(facts: dict[str, Any] | None, coded: set[str] | None) -> dict[str, Any]:
    """The facts an erased person's row keeps: coded values, and the names of sealed ones."""
    found = {}
    for name, value in (facts or {}).items():
        if name.startswith("_"):
            found[name] = value  # ``_sensibles``: the names of sealed facts, never values
        elif coded is not None and name in coded:
            found[name] = value
        elif coded is None and (value is None or isinstance(value, (bool, int, float))):
            found[name] = value
    return found


def _redact_tracks(session: Session, catalog: Catalog, person_id: int, now: datetime) -> int:
    changed = 0
    for track in session.scalars(select(Track).where(Track.person_id == person_id)):
        facts = kept(track.facts, coded_names(catalog, track.definition_id,
                                              track.definition_version))
        if facts != dict(track.facts or {}) or track.status == "open" or track.next_due:
            track.facts = facts
            track.next_due = None
            if track.status == "open":
                # Closed today: she stops counting from now on; earlier periods saw her open.
                track.status, track.closed_at = "closed", now
            changed += 1
    session.flush()
    followed.refresh_all(session, [person_id])
    return changed


UNTRACKED_CODED = frozenset({"dropin", "consent", "consents", "purpose", "format", "destination",
                             "item", "until"})
"""The facts of her events about no track (a visit, a consent, an export, a review decision)
that are codes: any other was typed (the referent named by a reassignment) and is blanked."""


def _redact_events(session: Session, catalog: Catalog, person_id: int) -> int:
    tracks = {i: (d, v) for i, d, v in session.execute(
        select(Track.id, Track.definition_id, Track.definition_version)
        .where(Track.person_id == person_id))}
    cache: dict[int | None, set[str] | None] = {None: set(UNTRACKED_CODED)}
    changed = 0
    rows = session.execute(select(Event.id, Event.track_id, Event.facts, Event.checks,
                                  Event.deadlines_enc).where(Event.person_id == person_id))
    for event_id, track_id, facts, checks, sealed in rows.all():
        if track_id not in cache:
            cache[track_id] = coded_names(catalog, *tracks[track_id]) if track_id in tracks \
                else set()
        # Blanked in the same UPDATE as her checks and deadlines: the erasure's one rewrite of
        # her events, which migration 0005 accepts once she is marked erased.
        new = kept(facts, cache[track_id])
        if new == (facts or {}) and not checks and sealed is None:
            continue
        session.execute(update(Event).where(Event.id == event_id)
                        .values(facts=new, checks=[], deadlines_enc=None)
                        .execution_options(synchronize_session=False))
        changed += 1
    return changed
