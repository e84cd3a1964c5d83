"""AES-256-GCM with a context: how a field is sealed, and opened only where it belongs.

A sealed value is ``b"PC1" + nonce (12 random bytes) + ciphertext and tag``. The context
(``table:row id:column:key version``, or ``person_key:42:1:2`` for a wrapped key) is
authenticated as associated data: a ciphertext copied to another row, column, person or key
version fails to open, as does any changed byte. Nonces come from the operating system's
CSPRNG; with random 96-bit nonces one key stays far below the 2^32 encryptions NIST allows,
since each person has her own key.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from core import messages as M
from core.errors import IntegrityAlert

MAGIC = b"PC1"
NONCE = 12
KEY_BYTES = 32


def new_key() -> bytes:
    """A fresh random 256-bit key."""
    return AESGCM.generate_key(bit_length=256)


def seal(key: bytes, plaintext: bytes, context: str) -> bytes:
    """Encrypt and authenticate ``plaintext`` for ``context``."""
    nonce = os.urandom(NONCE)
    return MAGIC + nonce + AESGCM(key).encrypt(nonce, plaintext, context.encode("utf-8"))


def open_sealed(key: bytes, sealed: bytes, context: str) -> bytes:
    """The plaintext of ``sealed``, if it was sealed with ``key`` for exactly ``context``.

    Raises:
        IntegrityAlert: wrong key, wrong context (moved), or altered bytes; never a guess.
    """
    data = bytes(sealed)
    if len(data) < len(MAGIC) + NONCE + 16 or not data.startswith(MAGIC):
        raise IntegrityAlert(M.CRYPTO_UNREADABLE)
    nonce, body = data[len(MAGIC):len(MAGIC) + NONCE], data[len(MAGIC) + NONCE:]
    try:
        return AESGCM(key).decrypt(nonce, body, context.encode("utf-8"))
    except InvalidTag:
        raise IntegrityAlert(M.CRYPTO_UNREADABLE) from None
