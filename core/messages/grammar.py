"""Small French grammar helpers: agreement with a number, one final period.

``plural(0, "heure", "heures")`` is "heure": in French, 0 and 1 (and 1,5) take the singular.
``sentence("Alerte acquittée : Astrid V..")`` drops the period a name ending in one brought.
"""

from __future__ import annotations

import re

_DOUBLE_PERIOD = re.compile(r"(?<!\.)\.\.(?=\s|$)")


def plural(count: float, one: str, many: str) -> str:
    """``one`` below two (French agreement), ``many`` from two on."""
    return one if abs(count) < 2 else many


def sentence(text: str) -> str:
    """The text without a doubled period (a template's "." after a value ending in "."),
    leaving an ellipsis "..." alone."""
    return _DOUBLE_PERIOD.sub(".", text)
