"""The bad inputs of issue 15 and of security.md §3, shared by the command-line tests and the
services' meta-test (tests/services/test_input_gate.py), so both try the same list.

Each entry is named in French as a refusal would describe it. :data:`ANY_TEXT` is refused
whatever the parameter (the services' door); the others by one kind of text only.
"""

from __future__ import annotations

MEGABYTE = "a" * 1_000_000

ANY_TEXT = {
    "caractère nul": "Ami\x00na",
    "OSC 52 (presse-papiers)": "\x1b]52;c;Y2FuYXJp\x07",
    "effacement d'écran": "\x1b[2J",
    "lien OSC 8": "\x1b]8;;http://exemple.invalid\x07lien\x1b]8;;\x07",
    "retour arrière": "Ami\bna",
    "contrôle C1": "Ami\x9bna",
    "demi-caractère isolé": "Ami\ud800na",
    "un mégaoctet": MEGABYTE,
    "inversion RLO": "\u202eanimA",
    "isolat bidirectionnel": "\u2066Amina\u2069",
}
"""Refused in every text a service takes, before the database sees it."""

NAME_ONLY = {
    "vide": "",
    "espaces seuls": "   ",
    "invisibles seuls": "\u200b\u200d",
    "BOM seul": "\ufeff",
    "marque RLM": "Ami\u200fna",
    "journal forgé": "\n2026-01-01T00:00:00Z admin login success",
    "retour chariot": "Ami\rna",
    "81 caractères": "x" * 81,
}
"""Refused in a name (alias, user, delegation, volunteer)."""

LINE_ONLY = {
    "journal forgé": "motif\n2026-01-01T00:00:00Z admin login success",
    "retour chariot": "motif\rpremier",
    "tabulation": "motif\tpremier",
}
"""Refused in one line of text (a reason, a label, a fact)."""

BAD_DATES = ["٠١/٠٢/٢٠٢٦", "０１/０２/２０２６", " 1/02/2026", "+1/02/2026", "1/02/2026\x00",
             "0001-01-01", "9999-01-01", "01/01/2099", "2026-02-30", "29/02/2025", "31/04/2026",
             "00/00/1990", "XX/XX/1990", "1990", "2026-W09-1", "03/04/2001 "]
BAD_NUMBERS = ["２", "1" * 20, str(2 ** 63), "-1", "NaN", "1e309", "Infinity", "0x1", "+1", "1.0"]
BAD_REQUEST_IDS = ["a\x00b", "x" * 65, "réessai", "a b", "\x1b[2J"]
