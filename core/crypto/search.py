"""Keyed hashes that let a sealed alias be found: the whole alias, and its three-letter pieces;
and the keyed hash of a partner's name (consents to sharing), found the same way.

HMAC-SHA256 with the base's search key (sealed in ``base_info``), truncated to 128 bits. The
same functions serve the services and the migration that sealed existing aliases, so the two
can never disagree.
"""

from __future__ import annotations

import hashlib
import hmac

from core.persistence.text import alias_key

PIECE = 3


def token(search_key: bytes, text: str) -> str:
    """The keyed hash of a text."""
    return hmac.new(search_key, text.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def pieces(key: str) -> set[str]:
    """The three-letter pieces of a normalised alias (padded, so short words count too)."""
    padded = f" {key} "
    return {padded[i:i + PIECE] for i in range(len(padded) - PIECE + 1)}


def inner_pieces(key: str) -> set[str]:
    """The pieces a typed search must find (not padded: it may be the middle of a word)."""
    return {key[i:i + PIECE] for i in range(len(key) - PIECE + 1)}


def alias_hash(search_key: bytes, alias: str) -> str:
    """The keyed hash of an alias as a whole (accents and case ignored)."""
    return token(search_key, "alias:" + alias_key(alias))


def alias_tokens(search_key: bytes, alias: str) -> list[str]:
    """The keyed hashes of an alias's pieces, sorted, without repeats."""
    return sorted({token(search_key, "piece:" + p) for p in pieces(alias_key(alias))})


def search_tokens(search_key: bytes, text: str) -> list[str]:
    """The keyed hashes a search for ``text`` looks for (empty: too short to narrow)."""
    return sorted({token(search_key, "piece:" + p) for p in inner_pieces(alias_key(text))})


def partner_hash(search_key: bytes, partner: str) -> str:
    """The keyed hash of a partner's name (accents, case and spaces ignored)."""
    return token(search_key, "partner:" + alias_key(partner))
