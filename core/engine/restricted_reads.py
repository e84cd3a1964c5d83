"""Which check results were drawn from restricted facts.

A check reads a track's facts, restricted ones included (the nature of an offence: « Crime :
pas de délai préalable de 3 mois »); its message, its code and even its verdict may then say
what the restricted value is. The engine watches, for each check, whether it read a fact its
definition classes *restricted* and marks its results so (:attr:`CheckResult.restricted`):
the services show such a result only to whoever reads the person's restricted content now.

A definition that classes no fact restricted has its facts handed to the checks as they are.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from core.definitions.model import TrackDefinition
from core.engine.facts import sensitivity_of
from core.frozen import read_only

RESTRICTED = "restricted"


def restricted_names(defn: TrackDefinition) -> frozenset[str]:
    """The facts any schema of ``defn`` (steps and transitions) classes restricted."""
    schemas = [s.facts for s in defn.steps] + [t.facts for t in defn.transitions if t.facts]
    return frozenset(name for schema in schemas for name in schema.model_fields
                     if sensitivity_of(schema, name) == RESTRICTED)


class Reads:
    """The restricted facts read since :meth:`take` was last called."""

    __slots__ = ("names", "seen")

    def __init__(self, names: frozenset[str]) -> None:
        self.names = names
        self.seen = False

    def watch(self, facts: Mapping[str, Any], *, present: bool = False) -> Mapping[str, Any]:
        """``facts`` as a mapping that reports here every read of a restricted name, whether
        it holds a value or not (a veil only where the value is would tell it is there);
        ``facts`` itself when the definition classes nothing restricted, or, with
        ``present``, when they hold no restricted value (a submission: what the caller
        typed herself, told nothing by its own gaps)."""
        if not self.names or (present and not self.names & facts.keys()):
            return facts
        return _Watched(facts, self)

    def take(self) -> bool:
        """Whether a restricted value was read since the last call (and start again)."""
        seen, self.seen = self.seen, False
        return seen


class _Watched(Mapping[str, Any]):
    """Facts whose restricted names are noted when read, one by one or wholesale.

    A restricted name read one by one counts, whether it holds a value or not (presence too:
    ``"qualification" in facts``), and so does any walk over the names or values
    (``dict(facts)``, ``{**facts}``, ``items()``, ``len``, ``repr``, a copy): what a walk gives
    depends on whether a restricted value is there. It is no ``dict``: ``dict.get(facts, …)``,
    ``json.dumps(facts)`` or pickling raise, and a check that raises refuses its transition
    (fail closed) rather than reading unseen.
    """

    __slots__ = ("_facts", "_reads")

    def __init__(self, facts: Mapping[str, Any], reads: Reads) -> None:
        self._facts = read_only(facts)  # nested values too: a check may read, not write
        self._reads = reads

    def _note(self, name: object) -> None:
        if name in self._reads.names:
            self._reads.seen = True

    def _note_all(self) -> None:
        self._reads.seen = True

    def __getitem__(self, name: str) -> Any:
        self._note(name)
        return self._facts[name]

    def get(self, name: str, default: Any = None) -> Any:
        self._note(name)
        return self._facts.get(name, default)

    def __contains__(self, name: object) -> bool:
        self._note(name)
        return name in self._facts

    def __iter__(self) -> Iterator[str]:
        self._note_all()
        return iter(self._facts)

    def __len__(self) -> int:
        self._note_all()
        return len(self._facts)

    def __repr__(self) -> str:
        self._note_all()
        return repr(self._facts)

    def __eq__(self, other: object) -> bool:
        self._note_all()
        return self._facts == other

    __hash__ = None  # type: ignore[assignment]

    def __or__(self, other: Mapping[str, Any]) -> dict[str, Any]:
        self._note_all()
        return {**self._facts, **other}

    def __ror__(self, other: Mapping[str, Any]) -> dict[str, Any]:
        self._note_all()
        return {**other, **self._facts}

    def __copy__(self) -> dict[str, Any]:
        self._note_all()
        return dict(self._facts)

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, Any]:
        import copy
        self._note_all()
        return copy.deepcopy(self._facts, memo)

    def __reduce_ex__(self, protocol: Any) -> Any:
        # A pickled copy would be read with no one watching it.
        raise TypeError("a check's facts are not pickled: nothing would watch the copy")
