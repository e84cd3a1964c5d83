"""Encryption at rest: authenticated field encryption, the key file, and their errors.

Nothing here touches the database: :mod:`core.services.keys` keeps each person's data key
wrapped by the key-encryption key and seals and opens the fields that must not be stored in
clear. See ``docs/security.md`` ("Chiffrement") for what is encrypted and how to keep the key.
"""

from core.crypto.cipher import open_sealed, seal
from core.crypto.keyfile import KeyFile

__all__ = ["KeyFile", "open_sealed", "seal"]
