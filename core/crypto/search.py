"""Keyed hashes that let a sealed alias be found: the whole alias, and its three-letter pieces;
and the keyed hash of a partner's name (consents to sharing), found the same way.

HMAC-SHA256 with the base's search key (sealed in ``base_info``), truncated to 128 bits. The
same functions serve the services and the migration that sealed existing aliases, so the two
can never disagree.
"""

from __future__ import annotations

import hmac

from core.persistence.text import alias_key

PIECE = 3


def token(search_key: bytes, text: str) -> str:
    """The keyed hash of a text."""
    # hmac.digest: the one-shot C path, same bytes as hmac.new(...).digest(), several times
    # faster (an import of 100,000 persons computes over a million of these).
    return hmac.digest(search_key, text.encode("utf-8"), "sha256").hex()[:32]


def pieces(key: str) -> set[str]:
    """The three-letter pieces of a normalised alias (padded, so short words count too)."""
    padded = f" {key} "
    return {padded[i:i + PIECE] for i in range(len(padded) - PIECE + 1)}


def inner_pieces(key: str) -> set[str]:
    """The pieces a typed search must find (not padded: it may be the middle of a word)."""
    return {key[i:i + PIECE] for i in range(len(key) - PIECE + 1)}


def alias_hash(search_key: bytes, alias: str) -> str:
    """The keyed hash of an alias as a whole (accents and case ignored)."""
    return key_hash(search_key, alias_key(alias))


def alias_tokens(search_key: bytes, alias: str) -> list[str]:
    """The keyed hashes of an alias's pieces, sorted, without repeats."""
    return key_tokens(search_key, alias_key(alias))


def key_hash(search_key: bytes, key: str) -> str:
    """:func:`alias_hash` of an alias whose :func:`alias_key` is ``key`` (bulk writes
    normalise each alias once)."""
    return token(search_key, "alias:" + key)


def key_tokens(search_key: bytes, key: str) -> list[str]:
    """:func:`alias_tokens` of an alias whose :func:`alias_key` is ``key``."""
    return sorted({token(search_key, "piece:" + p) for p in pieces(key)})


def search_tokens(search_key: bytes, text: str) -> list[str]:
    """The keyed hashes a search for ``text`` looks for (empty: too short to narrow)."""
    return sorted({token(search_key, "piece:" + p) for p in inner_pieces(alias_key(text))})


def partner_hash(search_key: bytes, partner: str) -> str:
    """The keyed hash of a partner's name (accents, case and spaces ignored)."""
    return token(search_key, "partner:" + alias_key(partner))
