"""Authentication primitives: password policy and hashing, session and token secrets.

Nothing here touches the database: :mod:`core.services.auth` stores sessions and counts
failures; these modules only decide what a good password is, hash and verify it, and make
the random secrets a session or a token is known by.
"""

from core.auth.passwords import HashCost
from core.auth.tokens import Credential

__all__ = ["Credential", "HashCost"]
