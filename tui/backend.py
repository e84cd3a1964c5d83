"""The interface's one door to the data: :mod:`core.services`, bound to the signed-in session.

A :class:`Backend` holds the :class:`~core.services.Parcours` of the process and, once someone
signed in, their :class:`~core.services.Credential` (the session's secret, never a name) and
their :class:`~core.schemas.UserView`. Worker threads call services through
:meth:`Backend.call`, which passes the credential and serialises calls with a lock: only one
service call runs at a time, so the engine's shared state machines are never used by two
threads at once (style.md convention 7) and SQLite never sees two writers from one screen.
The role helpers decide what the screens offer by asking core what the role is offered
(:func:`core.services.role_may`, :func:`~core.services.role_reads_front_desk`,
:func:`~core.services.restricted_access`), never restating the policy; the services enforce
the same rules again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from core import services as svc
from core.services import InputError, NotAuthenticated, PermissionDenied

if TYPE_CHECKING:  # the sign-in screen paints before SQLAlchemy, Pydantic or the models are read
    from core.schemas import DropInView, PersonView, SignedIn, TrackDefinition, UserView
    from core.services import Credential, Decision, Parcours

T = TypeVar("T")


def delegation_days(parcours: Parcours, credential: Credential) -> dict[str, date]:
    """Today in each of the user's delegations (by code), on its own clock: overseas in the
    evening, a day apart from mainland France's."""
    return {d.code: parcours.today(svc.zone_of_subdivision(d.holiday_subdivision))
            for d in svc.list_delegations(parcours, credential)}


def day_in(parcours: Parcours, days: dict[str, date], delegation: str | None) -> date:
    """Today in ``delegation`` (its code), else in the user's delegations when they share one
    day (``days``, :func:`delegation_days`), else mainland France's."""
    shared = {d for code, d in days.items() if delegation is None or code == delegation}
    return shared.pop() if len(shared) == 1 else parcours.today()


class SignedOut(Exception):
    """A worker called a service after the user left (switching user): nothing to show."""


class Backend:
    """The application context, the signed-in user's credential, and a lock around calls.

    The context may come later than the backend: the interface paints its sign-in screen
    first and opens the base in a worker (:meth:`opened`, or :meth:`failed`); a worker asking
    for :attr:`parcours` meanwhile (someone quick to sign in) waits for it.
    """

    def __init__(self, parcours: Parcours | None) -> None:
        self._parcours = parcours
        self._settled = threading.Event()
        if parcours is not None:
            self._settled.set()
        self.credential: Credential | None = None
        self.user: UserView | None = None
        self._lock = threading.Lock()

    # --- the application context ----------------------------------------------------------
    @property
    def parcours(self) -> Parcours:
        """The opened base's context; waits while it is being opened (worker threads only,
        or once signed in).

        Raises:
            SignedOut: the base could not be opened (the interface is closing, saying why).
        """
        self._settled.wait()
        if self._parcours is None:
            raise SignedOut
        return self._parcours

    def opened(self, parcours: Parcours) -> None:
        """The base is open and checked: hand it to the workers waiting for it."""
        self._parcours = parcours
        self._settled.set()

    def failed(self) -> None:
        """The base cannot be used: release the workers waiting for it (they give up)."""
        self._settled.set()

    def settled(self, timeout: float | None = None) -> Parcours | None:
        """The context once the opening is over (None if it failed or is still running after
        ``timeout`` seconds), without raising: what closing the interface needs."""
        self._settled.wait(timeout)
        return self._parcours

    # --- the session --------------------------------------------------------------------
    def begin(self, signed: SignedIn) -> None:
        """Hold the session just opened: every later call presents its credential."""
        from core.services import Credential  # with the password hashing: not before the paint
        self.credential, self.user = Credential(signed.secret), signed.user

    def end(self) -> Credential | None:
        """Forget the session (the caller signs it out if it is still open); returns it."""
        credential, self.credential, self.user = self.credential, None, None
        return credential

    @property
    def signed_in(self) -> bool:
        return self.credential is not None

    @property
    def actor(self) -> str:
        """The signed-in user's name (empty before sign-in)."""
        return self.user.name if self.user else ""

    @property
    def role(self) -> str:
        return self.user.role if self.user else ""

    def call(self, service: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a service with the session's credential; call it from a worker thread only.

        Raises:
            SignedOut: nobody is signed in any more (a late worker after "changer
                d'utilisateur"); the worker-error handler ignores it.
            NotAuthenticated: the session ended elsewhere; the app goes back to sign-in.
        """
        with self._lock:
            if self.credential is None:
                raise SignedOut
            return service(self.parcours, self.credential, *args, **kwargs)

    def sign_in(self, name: str, password: str) -> SignedIn:
        """Open a session (:func:`core.services.sign_in`); worker threads only."""
        with self._lock:
            return svc.sign_in(self.parcours, name, password)

    def sign_out(self, credential: Credential) -> None:
        """End a session the interface let go of; one that already ended is fine."""
        with self._lock:
            try:
                svc.sign_out(self.parcours, credential)
            except NotAuthenticated:
                pass

    def confirm_password(self, password: str) -> str | None:
        """Type the password again (:func:`core.services.reauthenticate`, which also keeps the
        session alive); worker threads only.

        Returns:
            None when confirmed, else the service's refusal to show (each one counts).

        Raises:
            NotAuthenticated: the session ended (by itself, or after too many refusals).
        """
        try:
            self.call(svc.reauthenticate, password)
        except NotAuthenticated:
            raise
        except (PermissionDenied, InputError) as exc:
            return exc.msg
        return None

    # --- what the role offers: asked of core, never restated --------------------------
    def may(self, service: str) -> bool:
        """Whether the role may run ``service`` (``review.queue``...): the services' own policy."""
        return svc.role_may(self.role, service)

    @property
    def casework(self) -> bool:
        """Follows persons (reads their files): sees "my people" and their deadlines."""
        return self.may("person.facts")

    @property
    def reads_notes(self) -> bool:
        return self.may("note.list")

    @property
    def reads_front_desk(self) -> bool:
        """Whether persons may be read at all (their front desk): not by the administrator."""
        return svc.role_reads_front_desk(self.role)

    def reads_file(self, person: PersonView) -> bool:
        """Whether the file's detail (facts, notes) may be asked for: the role, and the view
        the service chose for this person (her whole file, or the front desk only)."""
        return person.view == "file" and self.casework

    def restricted(self, person: PersonView) -> Decision:
        """What opening ``person``'s restricted content takes: the password typed again
        (``reauth``, her referent), a reason (``reason``, a supervisor not following her)."""
        return svc.restricted_access(self.role, self.actor, person)

    # --- the catalog (plugin data, no database) ----------------------------------------
    def today(self) -> date:
        return self.parcours.today()

    def today_of(self, delegation: str | None = None) -> date:
        """Today where a person of ``delegation`` (its code) is followed, by default where
        the user works (her delegations, when they share one clock): overseas, its own day,
        not mainland France's. Call it from a worker thread only."""
        zones = {svc.zone_of_subdivision(d.holiday_subdivision) for d in self.call(
            svc.list_delegations) if delegation is None or d.code == delegation}
        return self.parcours.today(zones.pop() if len(zones) == 1 else None)

    def delegation_days(self) -> dict[str, date]:
        """:func:`delegation_days` of the user. Call it from a worker thread only."""
        return self.call(delegation_days)

    def todays_dropins(self, days: dict[str, date]) -> list[DropInView]:
        """The drop-ins of the day in the user's delegations, each on its delegation's day
        (``days``, :meth:`delegation_days`): a user of Paris and Guadeloupe at 21:30 there
        finds the evening's drop-in of 8 December in Guadeloupe, 9 December's in Paris.
        Call it from a worker thread only."""
        if not days:
            today = self.parcours.today()
            return self.call(svc.list_dropins, start=today, end=today)
        found = self.call(svc.list_dropins, start=min(days.values()), end=max(days.values()))
        return [d for d in found if days.get(d.delegation) == d.day]

    def definitions(self) -> list[TrackDefinition]:
        """The newest version of every installed track definition."""
        return self.parcours.catalog.latest_definitions()

    def definition(self, track_id: str) -> TrackDefinition | None:
        return next((d for d in self.definitions() if d.id == track_id), None)

    def domains(self) -> list[tuple[str, str]]:
        """Every support domain with tracks, ``(id, label)``: the label its plugin declared."""
        return self.parcours.catalog.domains()

    def domain_label(self, domain: str) -> str:
        return dict(self.domains()).get(domain, domain)

    def step_label(self, track_id: str | None, step: str | None) -> str:
        """A step's French label, or its id when the definition or step is unknown."""
        defn = self.definition(track_id) if track_id else None
        try:
            return defn.step(step).label if defn and step else (step or "")
        except KeyError:
            return step or ""

    def step_guidance(self, track_id: str, version: int | None, step: str | None) -> str:
        """What the track's definition (a plugin's, perhaps) says of a step: its description,
        or empty (an unknown definition, version or step: nothing to say)."""
        if not step:
            return ""
        try:
            return self.parcours.catalog.definition(track_id, version).step(step).description
        except (KeyError, svc.NotFound):
            return ""

    def trigger_label(self, track_id: str | None, trigger: str | None) -> str:
        defn = self.definition(track_id) if track_id else None
        found = next((t for t in defn.transitions if t.trigger == trigger), None) if defn else None
        return found.label if found else (trigger or "")
