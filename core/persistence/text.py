"""Text normalisation for stored search keys.

This module owns :func:`alias_key`, the one definition of how an alias becomes the key that
person searches match on, so that the value written in ``persons.alias_key`` and the value a
search box computes from what a volunteer types can never drift apart.
"""

from __future__ import annotations

import unicodedata


def alias_key(alias: str) -> str:
    """Return the search key of an alias: case-folded, accents stripped, spaces collapsed.

    Compatibility decomposition (NFKD) also folds ligatures and full-width letters, so that
    "Éloïse", "eloise" and "ELOÏSE " share one key.

    Args:
        alias: the alias as typed.

    Returns:
        The normalised key (possibly empty if the alias holds only spaces or marks).
    """
    # Decompose before folding too: compatibility forms such as mathematical letters only
    # become ordinary (possibly upper-case) letters once decomposed.
    folded = unicodedata.normalize("NFKD", alias).casefold()
    decomposed = unicodedata.normalize("NFKD", folded)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.split())
