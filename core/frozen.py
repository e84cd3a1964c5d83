"""A read-only ``dict``: what plugin code is handed when it may read facts, not change them.

A check's facts, a report's event facts: the engine and the services share one copy between
the plugins (and the transition they record), so a write by one would change what every later
one reads. This is still a ``dict`` for what reads one whole (``json.dumps``, ``isinstance``);
its copies and pickles are plain dicts. Values are not copied: nested lists stay what they are.
"""

from __future__ import annotations

from typing import Any


class ReadOnlyDict(dict[str, Any]):
    """A copy of a mapping that refuses every write."""

    def _refuse(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("these facts are read-only")

    __setitem__ = __delitem__ = __ior__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse

    def __reduce__(self) -> Any:
        return dict, (dict(self),)
