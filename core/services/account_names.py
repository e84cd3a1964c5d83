"""How account names are compared: up to case, and as they show on a screen.

:func:`name_key` says which names designate one account (« Sonia », « SONIA », « ｓｏｎｉａ »);
:func:`name_skeletons` which names a reader cannot tell apart (« sonia », « SONİA », a
Cyrillic « Ѕonia »), so that a new account never reads like an existing one in the sign-in
screen or the audit log. Plain functions of a name: the accounts are read by
:mod:`core.services.auth`.
"""

from __future__ import annotations

import functools
import re
import unicodedata


def name_key(name: str) -> str:
    """A login name as it is compared: NFKC, trimmed, case folded (« Sonia », « SONIA » and
    « ｓｏｎｉａ » name one account)."""
    return unicodedata.normalize("NFKC", name).strip().casefold()


DEFAULT_IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]")
"""Unicode's Default_Ignorable_Code_Point: characters that show nothing (the grapheme joiner,
variation selectors, Hangul fillers, a joiner between Cyrillic letters), which a name may keep
(:func:`core.text.clean_name` drops only those no script needs). UTS #39 takes them out of a
skeleton, or « so\u034fnia » would not read like « sonia »."""

SOFT_DOTTED_DOT = re.compile("(?<=[ij])\u0307")
"""The dot above that case folding leaves after « i » from « İ » (« SONİA » folds to
« soni\u0307a »): on an i or a j, which have a dot already, it shows nothing."""


@functools.cache
def _prototypes() -> dict[str, str]:
    """Each character that looks like another, and the one it is compared as: Unicode's
    confusables (UTS #39), as the confusable-homoglyphs package ships them. Its table links
    every character to its prototype, and the prototype to all of them; a pair linked only to
    each other is compared as the smaller of the two. Loaded at the first account created."""
    from confusable_homoglyphs.confusables import confusables_data
    links = {key: [glyph["c"] for glyph in glyphs] for key, glyphs in confusables_data.items()}
    table = {}
    for char, glyphs in links.items():
        if len(char) != 1 or len(glyphs) != 1:
            continue  # a prototype (several look like it), or a sequence
        other = glyphs[0]
        if len(other) > 1 or len(links.get(other, ())) > 1:
            table[char] = other
        elif other < char:
            table[char] = other
    return table


def name_skeleton(name: str) -> str:
    """A name as it shows, up to case: two names with the same skeleton read the same on a
    screen or in the audit (« sonia », « SONİA », « \u0405onia » in Cyrillic), after
    :func:`name_key` and UTS #39's mapping of look-alike characters."""
    return _skeleton(name_key(name))


def name_skeletons(name: str) -> tuple[str, ...]:
    """Every way ``name`` may read like another: up to case (:func:`name_skeleton`), and as
    typed, UTS #39's own skeleton (« Ines » reads as « lnes »: a capital I is a small l to the
    eye, which case folding, turning it into an i, hid). Two names read alike when they share
    one."""
    return tuple(sorted({name_skeleton(name),
                         _skeleton(unicodedata.normalize("NFKC", name).strip())}))


def _skeleton(text: str) -> str:
    table = _prototypes()
    text = DEFAULT_IGNORABLE.sub("", unicodedata.normalize("NFD", text))
    text = SOFT_DOTTED_DOT.sub("", text)
    for _ in range(2):  # a prototype of several characters may hold characters mapped too
        text = unicodedata.normalize("NFD", "".join(table.get(c, c) for c in text))
    return text
