"""What a signed-in role is offered, for interfaces that show or hide commands before calling.

The answers come from the access policy the services' door applies (:mod:`core.services.policy`),
never restated by an interface: a screen asks here whether to offer an action, the service
enforces the same rule again when it runs. Roles arrive as the text a :class:`UserView`
carries (empty before sign-in); an unknown role is offered nothing.
"""

from __future__ import annotations

from core import messages as M
from core.definitions.model import Role
from core.errors import PermissionDenied
from core.schemas import PersonView
from core.services.policy import POLICY, DataClass, Decision, Scope, allowed, decide


def _role(role: str) -> Role | None:
    try:
        return Role(role)
    except ValueError:  # nobody signed in
        return None


def role_may(role: str, service: str) -> bool:
    """Whether ``role`` may run ``service`` (``review.queue``...) at all."""
    known = _role(role)
    return known is not None and allowed(service, known)


def role_refusal(role: str, service: str | None = None) -> PermissionDenied:
    """The refusal the door gives a role that may not run a service; with ``service``, it
    names the roles that may (people ask a colleague), the administrator last."""
    refused = M.SERVICE_DENIED.format(role=M.role_label(role))
    roles = sorted(POLICY.get(service, frozenset()) if service else (),
                   key=lambda r: (r is Role.ADMIN, list(Role).index(r)))
    if not roles:
        return PermissionDenied(refused)
    labels = [M.role_label(r.value) for r in roles]
    named = M.ROLES_JOIN.join([", ".join(labels[:-1]), labels[-1]] if len(labels) > 1 else labels)
    return PermissionDenied(refused + " " + M.SERVICE_DENIED_REMEDY.format(roles=named))


def role_reads_front_desk(role: str) -> bool:
    """Whether ``role`` may read persons at all (their front desk): not the administrator."""
    known = _role(role)
    return known is not None and decide(known, Scope.DELEGATION, DataClass.FRONT_DESK) \
        is not Decision.DENY


def restricted_access(role: str, actor: str, person: PersonView) -> Decision:
    """What opening ``person``'s restricted content takes for ``actor`` (with ``role``), as
    the person service showed her: the password typed again (``reauth``, her referent), a
    reason (``reason``, a supervisor not following her), or nothing to open (``deny``)."""
    known = _role(role)
    if known is None or person.view != "file":
        return Decision.DENY
    # The file view names her referent: the actor is either that referent or reads her file
    # through the delegation (the service shows nobody else the file).
    scope = Scope.OWN if person.referent == actor else Scope.DELEGATION
    return decide(known, scope, DataClass.RESTRICTED)
