"""A person's alias: sealed with her key, found by keyed hashes, never stored in clear.

Writing an alias seals it in ``persons.alias_enc``, stores the keyed hash of its normalised
form in ``alias_hash`` (to find an exact alias: the import, ``person show Amina``) and the keyed
hashes of its three-letter pieces in ``person_search`` (to find a part of it as one types,
accents and case ignored; :mod:`core.crypto.search`). A search computes the same hashes from
what was typed, narrows the persons in SQL, then opens the candidates' aliases to keep only
true matches: the base learns which pieces repeat, never a letter. A search shorter than three
letters cannot be narrowed: the aliases of the persons in scope are opened.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from sqlalchemy import ColumnElement, delete, func, insert, select

from core.crypto import search
from core.persistence.models import Person, PersonSearch
from core.persistence.text import alias_key
from core.services.registry import Call

ERASED = "(personne effacée)"


class SealedAlias(Protocol):
    """A person as read to show her alias: an ORM row, or her number and sealed alias read
    as columns (a list's plain rows)."""

    @property
    def id(self) -> int: ...

    @property
    def alias_enc(self) -> bytes | None: ...


def write(call: Call, person: Person, alias: str) -> None:
    """Seal ``alias`` into the person's row and index it for search."""
    key = call.app.keys.search_key
    person.alias_enc = call.sealer.seal(person.id, "persons", person.id, "alias", alias)
    person.alias_hash = search.alias_hash(key, alias)
    call.session.flush()
    call.session.execute(delete(PersonSearch).where(PersonSearch.person_id == person.id))
    call.session.execute(insert(PersonSearch), [{"person_id": person.id, "token": t}
                                                for t in search.alias_tokens(key, alias)])


def exact(call: Call, alias: str) -> ColumnElement[bool]:
    """SQL condition: the person's alias is ``alias`` (accents and case ignored)."""
    return Person.alias_hash == search.alias_hash(call.app.keys.search_key, alias)


def candidates(call: Call, text: str) -> ColumnElement[bool] | None:
    """SQL condition narrowing to persons whose alias may contain ``text`` (None: no narrowing).

    Every piece of the search must be a piece of the alias; the caller still checks the
    opened aliases with :func:`matches`, since pieces do not say in which order they come.
    """
    tokens = search.search_tokens(call.app.keys.search_key, text)
    if not tokens:
        return None
    having = select(PersonSearch.person_id).where(PersonSearch.token.in_(tokens)) \
        .group_by(PersonSearch.person_id).having(func.count() == len(tokens))
    return Person.id.in_(having)


def search_narrows(text: str) -> bool:
    """Whether the keyed pieces narrow a search for ``text``: three letters or more once
    accents and case are dropped. A shorter one has no piece to look for, so finding (or
    counting) its matches opens the alias of every person the caller may list, which an
    interface should not do on each keystroke."""
    return bool(search.inner_pieces(alias_key(text)))


def matches(alias: str | None, text: str) -> bool:
    """Whether ``text`` appears in ``alias``, accents and case ignored."""
    return alias is not None and alias_key(text) in alias_key(alias)


def read(call: Call, persons: Sequence[SealedAlias]) -> dict[int, str]:
    """The clear aliases of ``persons`` (their keys unwrapped with one query)."""
    call.sealer.preload([p.id for p in persons if p.alias_enc is not None])
    return {p.id: (call.sealer.open(p.id, "persons", p.id, "alias", p.alias_enc)
                   if p.alias_enc is not None else ERASED) for p in persons}


def one(call: Call, person: Person) -> str:
    return read(call, [person])[person.id]

