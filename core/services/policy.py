"""The role policy: which roles may run which service. Deny by default.

One row per service name; a service without a row is refused to everyone, and a test fails
when a registered service has none. In this version the administrator also coordinates
casework (small associations have one person doing both, and scripts run as the admin);
separating a technical admin who cannot read case content (security.md AC-4) needs its own
role and is planned with authentication.
"""

from __future__ import annotations

from core.definitions.model import Role

B, S, R, SV, A = Role.BENEVOLE, Role.STAGIAIRE, Role.REFERENT, Role.SUPERVISEUR, Role.ADMIN
FRONT_DESK = frozenset({B, S, R, SV, A})
CASEWORK = frozenset({R, SV})

POLICY: dict[str, frozenset[Role]] = {
    "user.add": frozenset({A}),
    "user.list": frozenset({A, SV}),
    "person.add": FRONT_DESK,
    "person.list": FRONT_DESK,
    "person.count": FRONT_DESK,
    "person.show": FRONT_DESK,
    "track.start": FRONT_DESK,
    "track.actions": FRONT_DESK,
    "track.advance": FRONT_DESK,
    "track.history": FRONT_DESK,
    "deadline.list": FRONT_DESK,
    "dropin.open": FRONT_DESK,
    "dropin.visit": FRONT_DESK,
    "dropin.anonymous": FRONT_DESK,
    "dropin.list": FRONT_DESK,
    "dropin.close": FRONT_DESK,
    "note.add": FRONT_DESK,
    "note.list": frozenset({R, SV, A}),
    "review.queue": frozenset({R, SV, A}),
    "review.decide": frozenset({SV, A}),
    "review.comment": frozenset({R, SV, A}),
    "report.activity": frozenset({SV, A}),
    "report.explain": frozenset({SV, A}),
    "report.export": frozenset({SV, A}),
    "demo.fill": frozenset({A}),
    "import.run": frozenset({SV, A}),
}
"""Service name → roles allowed. Transitions add their own role list on top (engine)."""


def allowed(service: str, role: Role) -> bool:
    """Whether ``role`` may run ``service``; unknown services are denied."""
    return role in POLICY.get(service, frozenset())
