"""The access policy, in one place: which role runs which service, and who reads what of whom.

Two tables, both deny by default, both read by a test that enumerates them in full:

* :data:`POLICY`, service name → roles allowed to call it at all (a service without a row is
  refused to everyone, and a meta-test fails when a registered service has none);
* :data:`READ` and :data:`WRITE`, (role, scope, data class) → decision, which the services
  apply to each person they touch and to every list they return.

The *scope* is the actor's relation to a person: ``own`` (the actor is her referent),
``delegation`` (she belongs to one of the actor's delegations), ``other`` (she does not: she
is then invisible, a refusal indistinguishable from an unknown number). The *data classes*:

* ``front_desk``: the alias, drop-in visits, whether she has a referent, her open tracks by
  domain label only, her pathway's step (volunteers act on it at the drop-in);
* ``case``: the steps of her domain tracks, their history, ordinary facts, deadlines with
  their inputs and explanations, the actions possible and the checks' reasons;
* ``sensitive``: facts a schema classes sensitive (health, immigration, complaint dates), and
  notes not marked restricted;
* ``restricted``: facts classed restricted (the *récit de vie*, complaint details) and
  restricted notes.

Decisions: ``allow``; ``reauth`` (allowed once the user has typed their password again in the
last minutes: a referent opening her person's récit); ``reason`` (allowed with a typed reason,
audited as an exceptional access and shown in the review queue: a supervisor opening the
restricted content of a person she does not follow); ``deny``.

The administrator manages accounts, delegations, plugins and configuration and reads **no case
content** (security.md AC-4): she may register persons, open tracks and drop-ins (setting up a
delegation, importing its old register) but never reads a file back. Volunteers and interns
(bénévole, stagiaire) see the front desk of their delegation only.
"""

from __future__ import annotations

from enum import StrEnum

from core.definitions.model import Role

B, S, R, SV, A = Role.BENEVOLE, Role.STAGIAIRE, Role.REFERENT, Role.SUPERVISEUR, Role.ADMIN
EVERYONE = frozenset({B, S, R, SV, A})
FRONT_DESK = frozenset({B, S, R, SV})
CASEWORK = frozenset({R, SV})


class Scope(StrEnum):
    """The actor's relation to a person."""

    OWN = "own"
    DELEGATION = "delegation"
    OTHER = "other"


class DataClass(StrEnum):
    """What kind of content about a person an operation reads or writes."""

    FRONT_DESK = "front_desk"
    CASE = "case"
    SENSITIVE = "sensitive"
    RESTRICTED = "restricted"


class Decision(StrEnum):
    ALLOW = "allow"
    REAUTH = "reauth"
    REASON = "reason"
    DENY = "deny"


POLICY: dict[str, frozenset[Role]] = {
    # accounts, delegations, sessions
    "user.add": frozenset({A}),
    "user.list": frozenset({A, SV}),
    "user.disable": frozenset({A}),
    "user.role": frozenset({A}),
    "user.reset_password": frozenset({A}),
    "user.delegations": frozenset({A}),
    "delegation.add": frozenset({A}),
    "delegation.agrement": frozenset({A}),
    "delegation.list": EVERYONE,
    "auth.whoami": EVERYONE,
    "auth.logout": EVERYONE,
    "auth.password": EVERYONE,
    "auth.reauth": EVERYONE,
    "token.create": EVERYONE,
    "token.list": EVERYONE,
    "token.revoke": EVERYONE,
    "audit.list": frozenset({SV, A}),
    "audit.verify": frozenset({SV, A}),
    # keys of the base (the rotation re-wraps keys, never reads a person's content)
    "keys.rotate": frozenset({A}),
    "keys.status": frozenset({A}),
    # backups: ciphertext and counts only, never case content in clear
    "backup.create": frozenset({A}),
    "backup.verify": frozenset({A}),
    "backup.prune": frozenset({A}),
    # persons and their files
    "person.add": EVERYONE,
    "person.list": EVERYONE,
    "person.count": EVERYONE,
    "person.show": EVERYONE,
    "person.facts": CASEWORK,
    "track.start": EVERYONE,
    "track.actions": EVERYONE,
    "track.advance": EVERYONE,
    "track.history": EVERYONE,
    "deadline.list": EVERYONE,
    "note.add": FRONT_DESK,
    "note.list": CASEWORK,
    "person.export": CASEWORK,
    # consent per purpose (core.services.consents: classes per purpose restrict further)
    "consent.give": CASEWORK,
    "consent.withdraw": CASEWORK,
    "consent.list": CASEWORK,
    "referent.candidates": EVERYONE,
    # erasure and retention (security.md §4): destroying data is a supervisor's decision
    "person.erase": frozenset({SV}),
    "person.hold": frozenset({SV}),
    "retention.due": frozenset({SV, A}),
    "retention.apply": frozenset({SV, A}),
    # drop-ins
    "dropin.open": EVERYONE,
    "dropin.visit": EVERYONE,
    "dropin.anonymous": EVERYONE,
    "dropin.list": EVERYONE,
    "dropin.visits": EVERYONE,
    "dropin.close": EVERYONE,
    # supervision
    "review.queue": frozenset({R, SV, A}),
    "review.counts": frozenset({R, SV, A}),
    "review.decide": frozenset({SV}),
    "review.comment": CASEWORK,
    "report.activity": frozenset({SV, A}),
    "report.explain": frozenset({SV}),
    "report.export": frozenset({SV, A}),
    "report.rebuild": frozenset({A}),
    "demo.fill": frozenset({A}),
    "import.run": frozenset({SV, A}),
}
"""Service name → roles allowed. Scopes and classes below, and transitions' own role lists
(engine), restrict further."""

_NONE: dict[DataClass, Decision] = {c: Decision.DENY for c in DataClass}
_DESK = {**_NONE, DataClass.FRONT_DESK: Decision.ALLOW}
_FILE = {DataClass.FRONT_DESK: Decision.ALLOW, DataClass.CASE: Decision.ALLOW,
         DataClass.SENSITIVE: Decision.ALLOW}
_ALL = {c: Decision.ALLOW for c in DataClass}

READ: dict[tuple[Role, Scope], dict[DataClass, Decision]] = {
    (B, Scope.OWN): _DESK, (B, Scope.DELEGATION): _DESK, (B, Scope.OTHER): _NONE,
    (S, Scope.OWN): _DESK, (S, Scope.DELEGATION): _DESK, (S, Scope.OTHER): _NONE,
    (R, Scope.OWN): {**_FILE, DataClass.RESTRICTED: Decision.REAUTH},
    (R, Scope.DELEGATION): _DESK, (R, Scope.OTHER): _NONE,
    (SV, Scope.OWN): {**_FILE, DataClass.RESTRICTED: Decision.REAUTH},
    (SV, Scope.DELEGATION): {**_FILE, DataClass.RESTRICTED: Decision.REASON},
    (SV, Scope.OTHER): _NONE,
    (A, Scope.OWN): _NONE, (A, Scope.DELEGATION): _NONE, (A, Scope.OTHER): _NONE,
}
"""(role, scope) → data class → what reading it takes."""

WRITE: dict[tuple[Role, Scope], dict[DataClass, Decision]] = {
    (B, Scope.OWN): _DESK, (B, Scope.DELEGATION): _DESK, (B, Scope.OTHER): _NONE,
    (S, Scope.OWN): _DESK, (S, Scope.DELEGATION): _DESK, (S, Scope.OTHER): _NONE,
    (R, Scope.OWN): _ALL, (R, Scope.DELEGATION): _DESK, (R, Scope.OTHER): _NONE,
    (SV, Scope.OWN): _ALL, (SV, Scope.DELEGATION): _ALL, (SV, Scope.OTHER): _NONE,
    (A, Scope.OWN): _DESK, (A, Scope.DELEGATION): _DESK, (A, Scope.OTHER): _NONE,
}
"""(role, scope) → data class → what writing it takes (writing never needs a reason)."""


def allowed(service: str, role: Role) -> bool:
    """Whether ``role`` may call ``service`` at all; unknown services are denied."""
    return role in POLICY.get(service, frozenset())


def decide(role: Role, scope: Scope, data: DataClass, *, write: bool = False) -> Decision:
    """What ``role`` needs to read (or write) ``data`` about a person in ``scope``."""
    table = WRITE if write else READ
    return table.get((role, scope), _NONE).get(data, Decision.DENY)


def reads(role: Role, scope: Scope, data: DataClass) -> bool:
    """Whether reading ``data`` is allowed outright (no re-authentication, no reason)."""
    return decide(role, scope, data) is Decision.ALLOW


def class_of(sensitivity: str) -> DataClass:
    """The data class of a fact or note classed ``ordinary``, ``sensitive`` or ``restricted``."""
    return {"restricted": DataClass.RESTRICTED, "sensitive": DataClass.SENSITIVE}.get(
        sensitivity, DataClass.CASE)
