"""Passwords: the policy a new password must meet, and Argon2id hashing.

The policy follows CNIL délibération 2022-100 for a password protected by throttling: at
least 12 characters mixing three kinds (lower case, upper case, digits, other), or a
passphrase of 16 characters or more; never one of the bundled common passwords
(``common_passwords.txt``), even with digits or signs added around it. Passwords are
normalised to Unicode NFC before anything else (the same password typed on two keyboards
must match), never trimmed, free of control characters (ASVS 6.2.9 asks for every printable
character, not terminal sequences), and capped at 1,024 characters so that hashing cannot be used to
exhaust the machine. Hashes are Argon2id (argon2-cffi); the cost is a setting, checked at
each sign-in so that raising it rehashes passwords as people sign in.
"""

from __future__ import annotations

import base64
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

from argon2 import PasswordHasher, Type
from argon2.low_level import ARGON2_VERSION
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from core import messages as M
from core.errors import InputError

MIN_LENGTH = 12
PASSPHRASE_LENGTH = 16
MAX_LENGTH = 1024
KINDS_NEEDED = 3
_UNTYPABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")
"""What a new password may not hold: control characters (escape sequences, line breaks),
lone surrogates, bidirectional controls. Passwords chosen before keep working: only a new
one is checked."""


@dataclass(frozen=True)
class HashCost:
    """Argon2id parameters; the defaults are RFC 9106's second recommendation (64 MiB)."""

    time_cost: int = 3
    memory_kib: int = 65536
    parallelism: int = 4

    def hasher(self) -> PasswordHasher:
        return _hasher(self)


@cache
def _hasher(cost: HashCost) -> PasswordHasher:
    return PasswordHasher(time_cost=cost.time_cost, memory_cost=cost.memory_kib,
                          parallelism=cost.parallelism, type=Type.ID)


def normalise(password: str) -> str:
    """The password as hashed: NFC, nothing else changed."""
    return unicodedata.normalize("NFC", password)


def _kinds(password: str) -> int:
    checks = (str.islower, str.isupper, str.isdigit)
    found = {i for ch in password for i, test in enumerate(checks) if test(ch)}
    if any(not (ch.islower() or ch.isupper() or ch.isdigit()) for ch in password):
        found.add(3)
    return len(found)


@cache
def common_passwords() -> frozenset[str]:
    """The bundled list of common passwords, lower case."""
    text = resources.files("core.auth").joinpath("common_passwords.txt").read_text("utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def _core(password: str) -> str:
    """The password without the digits and signs people add around a word (``Soleil2026!``)."""
    return password.lower().strip("0123456789!?.,;:-_*+=@#$%&/\\ '\"()[]{}<>~^|`")


def problem(password: str) -> str | None:
    """Why ``password`` may not be chosen (a French sentence), or None when it may."""
    text = normalise(password)
    if len(text) > MAX_LENGTH:
        return M.PASSWORD_TOO_LONG.format(limit=MAX_LENGTH)
    if not text.strip():
        return M.PASSWORD_EMPTY
    if _UNTYPABLE.search(text):
        return M.PASSWORD_BAD_CHARACTER
    if len(text) < PASSPHRASE_LENGTH and (len(text) < MIN_LENGTH or _kinds(text) < KINDS_NEEDED):
        return M.PASSWORD_WEAK.format(short=MIN_LENGTH, long=PASSPHRASE_LENGTH)
    common = common_passwords()
    if text.lower() in common or _core(text) in common:
        return M.PASSWORD_COMMON
    return None


def require_acceptable(password: str) -> str:
    """The normalised password, or InputError saying what is wrong with it."""
    found = problem(password)
    if found:
        raise InputError(found)
    return normalise(password)


def hash_password(password: str, cost: HashCost) -> str:
    """The Argon2id hash of an acceptable password (check it with :func:`require_acceptable`)."""
    return cost.hasher().hash(normalise(password))


def verify(stored: str | None, password: str, cost: HashCost) -> bool:
    """Whether ``password`` matches ``stored``; a missing hash is checked against a dummy one.

    The dummy keeps the time of a refusal the same whether or not the account exists or has
    a password, so that timing tells nothing (ASVS 6.3.8).
    """
    text = normalise(password)[: MAX_LENGTH + 1]
    try:
        return cost.hasher().verify(stored or _dummy(cost), text) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str, cost: HashCost) -> bool:
    """Whether a stored hash was made with other parameters than the current ones."""
    try:
        return cost.hasher().check_needs_rehash(stored)
    except InvalidHashError:
        return True


DUMMY_FILL = b"\x00"
"""The bytes of the dummy hash's salt and digest: no password's Argon2id digest is all zeros
(one chance in 2**256), and :func:`verify` refuses a match against it anyway."""


@cache
def _dummy(cost: HashCost) -> str:
    """A hash in the current cost's format that no password matches, written out rather than
    computed: hashing it took a second Argon2id run at a process's first refusal of an unknown
    name, and each ``parcours login`` is a process of its own, so an unknown name took twice
    as long as a wrong password. Checking a password against it costs one run, as against a
    real hash of the same parameters, salt and digest lengths."""
    hasher = cost.hasher()

    def b64(data: bytes) -> str:
        return base64.b64encode(data).decode("ascii").rstrip("=")
    return (f"$argon2id$v={ARGON2_VERSION}$m={hasher.memory_cost},t={hasher.time_cost},"
            f"p={hasher.parallelism}${b64(DUMMY_FILL * hasher.salt_len)}"
            f"${b64(DUMMY_FILL * hasher.hash_len)}")
