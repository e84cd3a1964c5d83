"""What English (and raw identifiers) look like on a French screen: the scan tests' detector.

:func:`leaks` returns the words, identifiers and typographic slips found in a text: English
words that French never uses (a list, so ``file``, ``message``, ``options`` or ``page`` are
not flagged; nor ``close``, French for "closed"), a raw role id in brackets, hours counted
as "0 heure(s)" or a compound plural "délégation(s)-année" (the "(s)" of other counts is the
house style, kept), a doubled final period. Used by ``tests/tui/test_english.py`` (every screen and
dialog) and ``tests/cli/test_english.py`` (every ``--help`` and a few outputs).
"""

from __future__ import annotations

import re

ENGLISH = frozenset("""
the and with from this that your you not are was were will would should could have has
show exit dismiss matches found snoozed acknowledged reassigned commented such directory
commands required default none true false yes cancel save loading search quit help
back next previous invalid missing aborted select submit open settings error warning
""".split())
"""Lower-case English words a French sentence never contains."""

_WORD = re.compile(r"[A-Za-zÀ-ÿ]+")
_CLICK = re.compile(r"\bUsage:|\bCommands:")
_RAW_ROLE = re.compile(r"\((referent|superviseur|benevole|stagiaire|admin)\)")
_PLURAL_LEFT = re.compile(r"\b[01](?:,\d+)? heures?\(s\)|\(s\)-")
_DOUBLE_PERIOD = re.compile(r"[^.\s]\.\.(?:\s|$)")


def leaks(text: str, *, allowed: frozenset[str] = frozenset()) -> list[str]:
    """English words, raw role ids, "(s)" after 0 or 1, doubled periods found in ``text``."""
    found = [w for w in _WORD.findall(text) if w.lower() in ENGLISH and w.lower() not in allowed]
    for pattern in (_CLICK, _RAW_ROLE, _PLURAL_LEFT, _DOUBLE_PERIOD):
        found += [m.group(0) for m in pattern.finditer(text)]
    return found
