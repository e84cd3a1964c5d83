"""What the review queue's arms are built for: the caller's scope and filters, as parameters.

A :class:`Context` holds the *shape* of a call (the dialect, the catalog, how many delegations
the caller reads and how, a referent or a domain asked) and hands the arms of
:mod:`core.services.review_items` their conditions: every value that changes from one call
to the next is a named bound parameter, recorded with how it follows from the call's
:class:`Values`, so that :mod:`core.services.review` builds a statement once per shape.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, String, and_, bindparam, false, func, literal, select, true

from core.definitions.catalog import Catalog
from core.persistence.models import Person, Track, User

if TYPE_CHECKING:
    from core.services.registry import Call
    from core.services.retention_rules import RetentionRule

FEW_DELEGATIONS = 6
"""Up to this many delegations, a supervisor's queue is found delegation by delegation
(:attr:`Context.rows`); beyond, each kind's national index is walked or her persons read."""
MOST = 0.5
"""The share of the base from which a few delegations' queue walks the national indexes."""


def cutoff(today: date, delta: timedelta) -> datetime:
    """Start of the day ``delta`` before ``today``: older than this is past the threshold."""
    return datetime.combine(today - delta, time.min, tzinfo=UTC)


@dataclass(frozen=True)
class Values:
    """What changes from one call to the next: every bound value of the queue derives from it."""

    today: date
    user_id: int = 0
    delegations: tuple[int, ...] = ()
    referent: str | None = None
    no_contact_after: timedelta = timedelta(weeks=8)
    at: str = ""
    """The cursor's ``at``, ``sub`` and ``ref`` (a later page)."""
    sub: str = ""
    ref: int = 0


Bound = Callable[[Values], Any]
"""How one named parameter's value follows from the call's :class:`Values`."""
REFERENTS = User.__table__.alias("asked_referent")
"""The user a ``referent`` filter names, found inside the query (no lookup of its own)."""


@dataclass(frozen=True)
class Context:
    """What every arm is built for: the dialect, the catalog, and the shape of the caller's
    filters; values only as named parameters (:meth:`bind`), never as constants."""

    catalog: Catalog
    dialect: str
    delegations: int = 0
    """How many delegations the caller's scope holds (none when she may read no person)."""
    own: bool = False
    """Case items only about the persons she follows (anyone but a supervisor)."""
    referent: bool = False
    """Items of the persons of the referent named by ``Values.referent`` only."""
    domain: str | None = None
    wide: bool = False
    """The caller's scope holds enough of the base (``access.sees_most``): pages walk each
    arm's index in order."""
    narrowed: bool = False
    """One of the caller's delegations asked for (``Values.delegations`` holds it alone)."""
    slot: int | None = None
    """With :attr:`rows`, the one delegation of the caller's (its place in
    ``Values.delegations``) whose items these arms find (``review_items.arms`` builds them for
    each)."""
    retention: RetentionRule | None = None
    """The end-of-retention rule (R1) in force on the day (None: no retention items)."""
    counting: bool = False
    """The arms are counted (``review_counts``), not walked for a page."""
    binds: dict[str, Bound] = field(default_factory=dict, compare=False)
    """Every named parameter the arms use, with how its value follows from the call."""
    walks: dict[str, Any] = field(default_factory=dict, compare=False)
    """The walks several arms share, built once (:meth:`walk`)."""

    def walk(self, name: str, build: Callable[[], Any]) -> Any:
        """The walk ``name`` of these arms (their rows and shared conditions), built on first
        use: the arms that share it hold the very same one."""
        if name not in self.walks:
            self.walks[name] = build()
        return self.walks[name]

    def bind(self, name: str, value: Bound, type_: Any = None, *,
             expanding: bool = False) -> Any:
        """A named parameter (compared with a column, it takes the column's type). Its
        value in the statement is a placeholder: every call gives its own (``binds``)."""
        self.binds.setdefault(name, value)
        return bindparam(name, None, type_=type_, expanding=expanding)

    @property
    def today(self) -> Any:
        return self.bind("today", lambda v: v.today)

    @property
    def day(self) -> ColumnElement[str]:
        """The day as ISO text (what keys and text-valued days compare with)."""
        return self.bind("day", lambda v: v.today.isoformat(), String)

    def cutoff(self, delta: timedelta) -> Any:
        """The start of the day ``delta`` before the day (:func:`cutoff`)."""
        return self.bind(f"cut_{int(delta.total_seconds())}", lambda v: cutoff(v.today, delta))

    @property
    def rows(self) -> bool:
        """A supervisor's few delegations (at most :data:`FEW_DELEGATIONS`, or the one she
        asked for), no referent named: each delegation's items are found on its own
        indexes (``tracks``' and ``deadlines``' ``(delegation_id, status, …)``, ``persons
        (delegation_id, last_contact_at)``), in the queue's order, a page reading what it
        returns. At 100,000 persons in thirty delegations, one delegation's first page read
        every other delegation's rows first from the national indexes (0.2 s), probed each
        of her 3,000 persons' tracks from her persons (0.09 s); three delegations given as a
        list, her rows of every kind were read and sorted (0.19 s)."""
        return 0 < self.delegations <= FEW_DELEGATIONS and not (
            self.wide or self.own or self.referent)

    def delegation_in(self, column: Any) -> ColumnElement[bool]:
        """``column`` among the caller's delegations (or equal to the :attr:`slot`'s): one
        parameter per delegation (their number is part of the shape), nothing expanded."""
        if self.slot is not None:
            return column == self._delegation(self.slot)
        return column.in_([self._delegation(i)
                           for i in range(self.delegations)])

    def _delegation(self, place: int) -> Any:
        return self.bind(f"delegation_{place}", lambda v: v.delegations[place])

    @property
    def scope(self) -> ColumnElement[bool]:
        """Persons the caller may see at all (her delegations, not erased)."""
        if not self.delegations:
            return false()
        if self.wide or self.narrowed or not (self.own or self.referent):
            # Walking national indexes, or one delegation's persons, the planner works from
            # the list (at 10k persons a subquery here doubled one delegation's page, at 100k
            # it made the national one 20x slower).
            hers: Any = Person.delegation_id
            if self.wide and not self.counting and self.dialect == "sqlite":
                # Through no index: with her delegations listed, SQLite read each one's
                # persons on its own index and sorted them all, rather than walk (a tenth to
                # two thirds of the country: 0.24 to 0.62 s for a page at 100,000 persons).
                # Counted, every item is read anyway: her delegations' indexes read less.
                hers = hers + 0
            return and_(self.delegation_in(hers), Person.erased_at.is_(None))
        # Found from a referent's persons: her delegations as the door read them
        # (user_delegations, in the same transaction), one parameter whatever their number,
        # only a filter on the persons' rows the referent's index found. The statement stays
        # small, and SQLite prepares it again after every write on the connection (the audit
        # row's PRAGMA query_only switch expires prepared statements): at 233 delegations, a
        # list in every arm tripled a referent's page.
        from core.persistence.access_models import UserDelegation
        theirs = select(UserDelegation.delegation_id).where(
            UserDelegation.user_id == self.bind("user_id", lambda v: v.user_id))
        return and_(Person.delegation_id.in_(theirs), Person.erased_at.is_(None))

    def persons(self, *, front_desk: bool = False, rows: Any = None) -> ColumnElement[bool]:
        """The scope, narrowed to the caller's own persons unless ``front_desk``.

        ``rows``: the delegation column of the table an arm walks (tracks, deadlines). With
        :attr:`rows`, the scope is that column's, the index the arm walks; her person's
        delegation is still checked on her row, so that a row whose copy of the delegation
        were ever wrong would show nobody outside the caller's scope. On SQLite through no
        index (``+ 0``): its planner would otherwise start from the persons. PostgreSQL's
        weighs both from their statistics, which ``+ 0`` would hide (it then took a
        delegation for a handful of persons and started from them).
        """
        if rows is not None and self.rows:
            hers = Person.delegation_id + 0 if self.dialect == "sqlite" else Person.delegation_id
            return and_(self.delegation_in(rows), self.delegation_in(hers),
                        Person.erased_at.is_(None))
        conditions = [self.scope]
        if self.own and not front_desk:
            conditions.append(Person.referent_id == self.bind("user_id", lambda v: v.user_id))
        if self.referent:
            asked = select(REFERENTS.c.id).where(
                REFERENTS.c.name == self.bind("referent", lambda v: v.referent, String))
            conditions.append(Person.referent_id == asked.scalar_subquery())
        return and_(*conditions)

    def national(self, column: Any) -> Any:
        """``column`` as the condition of a national index walk, or, for a narrow scope, as
        a value no index serves: one delegation's or one referent's items are then found from
        her persons (``persons (delegation_id, ...)``, ``(referent_id)``) instead of the
        country's open deadlines or tracks, whatever the planner's statistics say."""
        return column if self.wide else func.coalesce(column, column)

    @property
    def from_persons(self) -> bool:
        """On SQLite, neither a wide scope nor a few delegations' rows (one referent's
        persons, a referent's own, many delegations holding little of the base): the track
        and deadline arms start from her persons, read first (``join_order.outer_first``),
        and reach their tracks and deadlines on ``(person_id, status)`` with the status
        plain. With the status hidden instead (:meth:`national`), each person's every track
        and deadline of past years was read to keep the open ones: the busiest referent's
        page at 100,000 persons took 18 ms of SQL, 10 ms once read in this order."""
        return self.dialect == "sqlite" and not (self.wide or self.rows)

    def status(self, column: Any) -> Any:
        """A tracks' or deadlines' ``status`` as the arm's walk reads it: plain when found
        from her persons (:attr:`from_persons`), else as :meth:`walked` gives it."""
        return column if self.from_persons else self.walked(column)

    def walked(self, column: Any) -> Any:
        """A tracks' or deadlines' column as :meth:`national` gives it, but plain with
        :attr:`rows` too: the delegation's own index then leads with it."""
        return column if self.rows else self.national(column)

    def definitions(self) -> ColumnElement[bool]:
        """Tracks of the domain asked (all tracks without one)."""
        if self.domain is None:
            return true()
        ids = sorted({d for (d, _), defn in self.catalog.definitions.items()
                      if defn.domain == self.domain})
        return Track.definition_id.in_([literal(i, String) for i in ids]) if ids else false()


def walks_national(call: Call, scope: tuple[int, ...]) -> bool:
    """Whether a supervisor's whole scope is best read on the national indexes: a few
    delegations are read one by one on their own (:attr:`Context.rows`) unless they
    hold most of the base (a small association's all), more when they hold enough of it
    (``access.sees_most``)."""
    from core.services import access
    if len(scope) <= FEW_DELEGATIONS:
        return access.sees_most(call, MOST)
    return access.sees_most(call)
