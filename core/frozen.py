"""Read-only facts: what plugin code is handed when it may read facts, not change them.

A check's facts, a report's event facts: the engine and the services share one copy between
the plugins (and the transition they record), so a write by one would change what every later
one reads. :func:`read_only` copies them as a :class:`ReadOnlyDict` whose nested lists and
dicts are read-only too (``facts["pieces"].append(…)`` raises as ``facts["x"] = …`` does).
These are still a ``dict`` and a ``list`` for what reads one whole (``json.dumps``,
``isinstance``, ``==``); their copies and pickles are plain ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def _refuse(self: Any, *args: Any, **kwargs: Any) -> Any:
    raise TypeError("these facts are read-only")


class ReadOnlyDict(dict[str, Any]):
    """A copy of a mapping that refuses every write."""

    __setitem__ = __delitem__ = __ior__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse

    def __reduce__(self) -> Any:
        return dict, (dict(self),)


class ReadOnlyList(list[Any]):
    """A copy of a list that refuses every write."""

    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse
    append = clear = extend = insert = pop = remove = reverse = sort = _refuse

    def __reduce__(self) -> Any:
        return list, (list(self),)


_NESTED = frozenset({list, dict, tuple, set})
"""The types of the values copied read-only: what a fact holds besides a scalar (JSON gives
lists and dicts). Every other value (text, number, date, None) is immutable and kept."""


def _frozen(value: Any) -> Any:
    kind = type(value)
    if kind is list or kind is tuple:
        items = [_frozen(v) for v in value]
        return ReadOnlyList(items) if kind is list else tuple(items)
    if kind is dict:
        return read_only(value)
    if kind is set:
        return frozenset(value)
    return value


def read_only(facts: Mapping[str, Any]) -> ReadOnlyDict:
    """A read-only copy of ``facts``, nested lists and dicts included. Most facts are
    scalars: their values are then kept as they are, with one look at each (the engine's hot
    path builds two of these on every transition that runs a check)."""
    for value in facts.values():
        if type(value) in _NESTED:
            return ReadOnlyDict({name: _frozen(v) for name, v in facts.items()})
    return ReadOnlyDict(facts)
