"""Read models the services return and the interfaces display or print as JSON.

They carry only what a screen or a script needs; sensitive values never appear here
unless a service that is allowed to read them puts them in explicitly.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, computed_field

from core.definitions.model import TrackDefinition
from core.engine.checks import CheckResult
from core.engine.outcome import ActionView, DeadlineChange, FieldSpec


class _View(BaseModel):
    model_config = ConfigDict(defer_build=True, frozen=True)


class UserView(_View):
    id: int
    name: str
    role: str
    active: bool
    delegations: tuple[str, ...] = ()
    """Codes of the delegations the user belongs to."""
    must_change_password: bool = False
    has_password: bool = True


class DelegationView(_View):
    id: int
    code: str
    label: str
    holiday_subdivision: str | None = None
    department: str | None = None


class WhoAmI(_View):
    """The caller of ``parcours whoami``: name, role, delegations and when the session ends."""

    name: str
    role: str
    delegations: tuple[str, ...]
    expires_at: datetime
    """When this session or token stops working if unused (idle timeout) or at the latest."""
    kind: str
    must_change_password: bool = False
    scope: str | None = None
    """A personal token's scope (:mod:`core.services.token_scopes`); None: no limit."""
    clock: str = "Europe/Paris"
    """The time zone the caller's own times are read on: her delegations' when they share
    one (an office in Guadeloupe), else mainland France's."""


class SignedIn(_View):
    """A new session (or personal token): the secret is shown once, here only (an answer kept
    for a request id holds its number alone: :mod:`core.services.requests`)."""

    model_config = ConfigDict(frozen=True)

    secret: str = Field(repr=False)
    user: UserView
    expires_at: datetime
    session_id: int


class TokenView(_View):
    id: int
    kind: str
    label: str | None
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    scope: str | None = None
    """``lecture`` or ``statistiques`` (:mod:`core.services.token_scopes`); None: all its
    owner may do."""


class AuditView(_View):
    """One audit row as supervisors read it: references, never content."""

    seq: int
    at: datetime
    user: str | None
    role: str | None
    operation: str
    person_id: int | None
    target: str | None
    outcome: str
    reason: str | None
    detail: dict[str, Any] = Field(default_factory=dict)


class AuditCheck(_View):
    """What ``parcours audit verify`` found."""

    checked: int
    ok: bool
    seq: int | None = None
    row_id: int | None = None
    problem: str | None = None
    message: str
    head_seq: int
    head_hash: str


class CheckItem(_View):
    """One check of a base (``parcours check``, the restore drill): its name and verdict."""

    name: str
    """``fichier``, ``integrite``, ``schema``, ``journal``, ``cles``, ``demarches``,
    ``derivees`` or ``contenu``."""
    ok: bool
    message: str


class BaseCheck(_View):
    """Every check of one base, in order; ``ok`` when all passed."""

    ok: bool
    checks: tuple[CheckItem, ...]

    def problems(self) -> list[CheckItem]:
        return [c for c in self.checks if not c.ok]


class BackupView(_View):
    """A backup file written, restored or verified: where, of which base, made when."""

    path: str
    base: str
    kind: str
    created_at: datetime
    revision: str
    size: int
    check: BaseCheck | None = None
    """The restore drill's result (restore and ``--verify``)."""
    erased_again: int | None = None
    """A restore: the persons of the erasure register the backup did not mark erased, erased
    again."""
    register_as_of: datetime | None = None
    """A restore: until when the key files' erasure register is whole (None: not known)."""
    register_stale: bool = False
    """A restore: that register is older than the backup (or undated), so persons erased after
    the backup may be back, readable, in the restored base."""


class PruneView(_View):
    """What ``parcours backup --prune`` deleted and kept."""

    folder: str
    days: int
    deleted: tuple[str, ...]
    kept: int


class TrackView(_View):
    id: int
    person_id: int
    track: str
    """Definition id."""
    version: int
    label: str
    step: str | None
    """None when the caller may not read this track's detail (front desk, administrator)."""
    step_label: str | None
    step_kind: str | None
    status: str
    step_since: datetime | None
    """None, as ``step``, when the caller may not read this track's detail."""
    last_event_at: datetime | None
    """None, as ``step``, when the caller may not read this track's detail."""
    next_due: date | None = None
    row_version: int
    """Optimistic-locking counter: pass it back to detect a concurrent change."""
    created: bool = True
    """False when ``track start`` found this track already open and returned it."""


class ConsentView(_View):
    """A person's consent to one purpose, as her referent and supervisors read it."""

    id: int
    person_id: int
    purpose: str
    """``suivi``, ``partage`` (with ``partner``) or ``statistiques``."""
    partner: str | None = None
    given_on: date
    expires_on: date | None = None
    """Last day of validity (None: until withdrawn)."""
    status: str
    """``active``, ``expired``, ``withdrawn`` or ``future`` as of the evaluation date."""
    recorded_by: str
    recorded_at: datetime
    withdrawn_at: datetime | None = None
    withdrawn_by: str | None = None


class PersonView(_View):
    """A person as the caller may see her: her whole file, or the front desk only.

    The front-desk view (``view == "front_desk"``: volunteers, interns, referents for persons
    they do not follow) has the alias, the pathway's step, whether she has a referent and the
    domains of her open tracks, never the referent's name nor any track's step.
    """

    id: int
    alias: str
    first_visit: date | None
    referent: str | None
    pathway_step: str | None
    pathway_label: str | None
    tracks: tuple[TrackView, ...] = ()
    created_at: datetime
    delegation: str = ""
    """Code of her delegation."""
    has_referent: bool = False
    domains: tuple[str, ...] = ()
    """Domains of her open tracks other than the pathway (``asile``, ``sante``...)."""
    view: str = "file"
    """``file`` (everything the caller may read) or ``front_desk``."""
    consents: tuple[ConsentView, ...] | None = None
    """Her consents, oldest first (``person show``); None when the caller may not read them
    (the front desk) or in lists."""
    held: bool | None = None
    """Whether a legal hold stands on her (``person show``, for the supervisors who place and
    lift holds); None for everyone else and in lists."""
    cursor: str | None = None
    """On the last person of a list's page: where the next page starts (``after``), sealed
    for the caller; None elsewhere."""
    homonyms: tuple[int, ...] | None = None
    """Numbers of the other persons of her delegation known by the same alias, accents and
    case ignored (``person add`` only: a second « Margot » makes ``person show Margot`` and
    the register import ambiguous); None elsewhere."""


class DeadlineView(_View):
    """A due date; for a caller who sees only the front desk, without rule nor inputs.

    ``view == "front_desk"``: ``track`` is the track's domain, and the rule, its source, the
    start date and the explanation (which quote the facts it was computed from) are empty.
    """

    id: int
    person_id: int
    alias: str
    track: str
    track_id: int
    rule: str
    version: int
    label: str
    source: str
    evidence: str
    start: date | None
    due: date
    warn_from: date | None
    status: str
    state: str
    """``overdue``, ``due_soon``, ``upcoming`` or ``suspended`` as of the evaluation date."""
    explanation: str
    view: str = "file"

    @computed_field  # type: ignore[prop-decorator]
    @property
    def cursor(self) -> str:
        """Its place in the list (due date, id): the next page starts ``after`` it."""
        return f"{self.due.isoformat()}|{self.id}"


class EventView(_View):
    id: int
    kind: str
    track: str | None
    trigger: str | None
    from_step: str | None
    to_step: str | None
    occurred_at: datetime
    recorded_at: datetime
    actor: str
    actor_role: str
    facts: dict[str, Any] = Field(default_factory=dict)
    checks: list[dict[str, Any]] = Field(default_factory=list)


class AdvanceResult(_View):
    person_id: int
    track_id: int
    track: str
    trigger: str
    from_step: str
    step: str
    step_label: str
    event_id: int
    warnings: tuple[CheckResult, ...] = ()
    deadlines: tuple[DeadlineChange, ...] = ()
    row_version: int = 0
    """The track's optimistic-locking counter after this step (``--expected-version``)."""


class VolunteerView(_View):
    name: str
    hours: float


class DropInSummary(_View):
    """A drop-in's figures, computed once when it is closed."""

    visits: int
    """Identified visits (one per person)."""
    anonymous: int
    """Anonymous visitors (a count)."""
    new_people: int
    """Identified visitors whose first visit (``persons.first_visit``, what the report counts
    as new) is this drop-in's day, and who came to no earlier drop-in of that day."""
    volunteers: int
    volunteer_hours: float
    needs: dict[str, int] = Field(default_factory=dict)
    """Visits that raised a need, per domain."""


class DropInView(_View):
    id: int
    day: date
    delegation: str = ""
    """Code of its delegation."""
    starts_at: str | None
    ends_at: str | None
    volunteers: tuple[VolunteerView, ...] = ()
    identified_visits: int = 0
    anonymous_visits: int = 0
    closed_at: datetime | None = None
    summary: DropInSummary | None = None


class VisitView(_View):
    """A visit recorded at a drop-in: a known person by alias, or anonymous visitors."""

    id: int
    person_id: int | None
    """None for anonymous visitors (``count`` of them)."""
    alias: str | None
    count: int = 1
    needs: tuple[str, ...] = ()
    """The domains ticked as needs."""
    recorded_at: datetime
    recorded_by: str


class NoteView(_View):
    """A note about a person; restricted content, listed only to roles allowed to read it."""

    id: int
    person_id: int
    track: str | None
    """Definition id of the track the note is about, if any."""
    author: str
    created_at: datetime
    text: str | None
    """None while the note is locked (restricted: confirm the password, or give a reason)."""
    sensitivity: str
    locked: bool = False


class FactView(_View):
    """One fact recorded on a person's track, as the caller may read it now."""

    track: str
    """Definition id of the track."""
    track_id: int
    name: str
    label: str
    sensitivity: str
    value: Any = None
    """None while locked (restricted: confirm the password, or give a reason)."""
    locked: bool = False


__all__ = [
    "ActionView", "AdvanceResult", "AuditCheck", "AuditView", "BackupView", "BaseCheck",
    "CheckItem", "CheckResult", "ConsentView", "DeadlineView", "DelegationView",
    "DropInSummary", "DropInView", "EventView", "FactView", "FieldSpec", "NoteView",
    "PersonView", "PruneView", "SignedIn", "TokenView", "TrackDefinition", "TrackView",
    "UserView", "VisitView", "VolunteerView", "WhoAmI",
]
"""The read models, with the engine's and definitions' models the interfaces display."""
