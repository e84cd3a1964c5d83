"""Which check results were drawn from restricted facts.

A check reads a track's facts, restricted ones included (the nature of an offence: « Crime :
pas de délai préalable de 3 mois »); its message, its code and even its verdict may then say
what the restricted value is. The engine watches, for each check, whether it read a fact its
definition classes *restricted* and marks its results so (:attr:`CheckResult.restricted`):
the services show such a result only to whoever reads the person's restricted content now.

Watching costs nothing for a track that holds no restricted value (most of them): the facts
are then handed to the checks as a plain dict.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from core.definitions.model import TrackDefinition
from core.engine.facts import sensitivity_of

RESTRICTED = "restricted"


def restricted_names(defn: TrackDefinition) -> frozenset[str]:
    """The facts any schema of ``defn`` (steps and transitions) classes restricted."""
    schemas = [s.facts for s in defn.steps] + [t.facts for t in defn.transitions if t.facts]
    return frozenset(name for schema in schemas for name in schema.model_fields
                     if sensitivity_of(schema, name) == RESTRICTED)


class Reads:
    """The restricted facts read since :meth:`take` was last called."""

    def __init__(self, names: frozenset[str]) -> None:
        self.names = names
        self.seen = False

    def watch(self, facts: Mapping[str, Any]) -> Mapping[str, Any]:
        """``facts`` as a dict that reports here every read of a restricted value it holds;
        ``facts`` itself when it holds none."""
        return _Watched(facts, self) if self.names and self.names & facts.keys() else facts

    def take(self) -> bool:
        """Whether a restricted value was read since the last call (and start again)."""
        seen, self.seen = self.seen, False
        return seen


class _Watched(dict[str, Any]):
    """A dict of facts whose restricted values are noted when read, one by one or wholesale.

    Presence counts as a read (``"qualification" in facts`` tells that it was recorded), and
    so does any walk over the values or keys (``dict(facts)``, ``{**facts}``, ``items()``).
    """

    def __init__(self, facts: Mapping[str, Any], reads: Reads) -> None:
        super().__init__(facts)
        self._reads = reads

    def _note(self, name: object) -> None:
        if name in self._reads.names:
            self._reads.seen = True

    def _note_all(self) -> None:
        self._reads.seen = True  # the caller only wraps a dict that holds a restricted value

    def __getitem__(self, name: str) -> Any:
        self._note(name)
        return super().__getitem__(name)

    def get(self, name: str, default: Any = None) -> Any:
        self._note(name)
        return super().get(name, default)

    def __contains__(self, name: object) -> bool:
        self._note(name)
        return super().__contains__(name)

    def __iter__(self) -> Iterator[str]:
        self._note_all()
        return super().__iter__()

    def keys(self) -> Any:
        self._note_all()
        return super().keys()

    def values(self) -> Any:
        self._note_all()
        return super().values()

    def items(self) -> Any:
        self._note_all()
        return super().items()

    def copy(self) -> dict[str, Any]:
        self._note_all()
        return dict(super().items())
