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


_DIGITS = re.compile(r"(\d+)")
CODES_SHOWN = 8
CODES_MORE = "… et {rest} autre(s) : parcours delegation list"
CODES_MORE_JSON = "… et {rest} autre(s) (toutes : --json)"


def some_codes(codes: list[str] | tuple[str, ...], shown: int = CODES_SHOWN,
               more: str = CODES_MORE) -> str:
    """Codes in their natural order (``d2`` before ``d10``), the first ``shown`` only and how
    many more: a national account belongs to some 230 delegations, which made one line of
    1,500 characters in an error message."""
    ordered = sorted(codes, key=lambda c: [int(p) if p.isdigit() else p
                                           for p in _DIGITS.split(c)])
    head = ", ".join(ordered[:shown])
    if len(ordered) <= shown:
        return head
    return f"{head} " + more.format(rest=len(ordered) - shown)
