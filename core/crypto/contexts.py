"""The associated data each sealed value is bound to: part of the stored format, never changed.

A field is bound to its table, its row, its column and the version of the key that sealed it;
a person's wrapped data key to the person, its version and the version of the KEK that wraps
it. Changing one of these strings would make existing data unreadable: add a new format
instead (the ``PC1`` prefix of :mod:`core.crypto.cipher` leaves room for it).
"""

from __future__ import annotations


def field(table: str, row_id: int, column: str, key_version: int) -> str:
    """The context of one encrypted field of one row."""
    return f"{table}:{row_id}:{column}:{key_version}"


def person_key(person_id: int, dek_version: int, kek_version: int) -> str:
    """The context of a person's data key wrapped by the KEK."""
    return f"person_key:{person_id}:{dek_version}:{kek_version}"


def base_key(base: str, name: str, kek_version: int) -> str:
    """The context of a base-wide key (``search``) or check value wrapped by the KEK."""
    return f"base:{base}:{name}:{kek_version}"
