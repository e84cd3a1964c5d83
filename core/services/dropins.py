"""Drop-ins (*permanences*): opening one with its volunteers, recording visits, closing it.

A drop-in belongs to one of the caller's delegations; the caller sees only the drop-ins of
their delegations. An identified visit is one row per person and drop-in (a second one the same day is
refused, so counts stay true) plus a ``visit`` event on the person, which is what "last
contact" reads; anonymous visitors are a count. A visit may note the needs raised, per
support domain. Closing a drop-in freezes its summary (visits, anonymous, new people,
volunteer hours, needs); a closed drop-in takes no more visits, and one opened ahead takes
none before its day.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from sqlalchemy import case, func, select

from core import messages as M
from core.delegation import zone_of_subdivision
from core.errors import InputError, NotFound
from core.persistence.access_models import Delegation
from core.persistence.base import utcnow
from core.persistence.models import DropIn, DropInVolunteer, Event, Person, Visit
from core.persistence.prepared import Write, fixed_insert, run_writes
from core.schemas import DropInSummary, DropInView, VolunteerView
from core.services import access, records, report_aggregates
from core.services.app import EARLIEST_RECORD
from core.services.person_views import delegation_codes
from core.services.persons import delegation_for
from core.services.policy import DataClass
from core.services.registry import Call, service
from core.text import clean_name

VOLUNTEER = "le nom du bénévole"
PLANNED_AHEAD = timedelta(days=366)
"""A drop-in is opened at most a year ahead (a later year is a typo)."""
MAX_ANONYMOUS = 1_000_000
"""Anonymous visitors recorded at most by one call: the bound the command line always applied,
now the service's, which every caller reaches, so that none writes a count that overflows the
month's report figures (two calls of 2**62 each: the second failed with a database error, the
first stayed counted in the reports)."""


def volunteer_hours(amount: Decimal) -> Decimal | None:
    """``amount`` as stored (to the hundredth, rounded half up), or None when that is not
    more than 0 and at most 24: « 0,001 » passed as more than 0, then was stored as 0.00."""
    if not amount.is_finite():
        return None
    rounded = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return rounded if 0 < rounded <= 24 else None


_ANONYMOUS_VISIT = fixed_insert(Visit.__table__, ("dropin_id", "person_id", "count", "needs",
                                                  "recorded_at", "recorded_by"))
"""An anonymous visit's row, written with the month's counts (:func:`record_anonymous`)."""


_HOURS_AND_MINUTES = re.compile(r"([0-9]{1,2}) ?[hH] ?([0-9]{2})?")
"""Hours as French people write them: ``4h``, ``2h30``, ``2 h 30``."""


def parse_hours(hours: str) -> Decimal | None:
    """Volunteer hours typed ``4,5``, ``4.5``, ``4h`` or ``2h30``, as stored
    (:func:`volunteer_hours`); None for anything else. The command line's ``--volunteer`` and
    the register import's « heures » cells read them alike."""
    spoken = _HOURS_AND_MINUTES.fullmatch(hours.strip())
    if spoken and int(spoken[2] or 0) > 59:
        return None
    try:
        if not hours.isascii():  # Decimal reads other scripts' digits (« ٣ »), as imports do not
            raise InvalidOperation(hours)
        amount = (Decimal(spoken[1]) + Decimal(int(spoken[2] or 0)) / 60 if spoken
                  else Decimal(hours.strip().replace(",", ".")))
    except InvalidOperation:
        return None
    return volunteer_hours(amount)


def parse_volunteer(value: str) -> tuple[str, Decimal]:
    """``NAME=HOURS`` (hours may use a comma, or read ``4h``, ``2h30``) into a name and a
    positive number of hours."""
    name, sep, hours = value.partition("=")
    stored = parse_hours(hours)
    if not sep or not name.strip() or stored is None:
        raise InputError(M.VOLUNTEER_BAD.format(value=value))
    return clean_name(name, field=VOLUNTEER), stored


def clean_volunteers(volunteers: list[tuple[str, Decimal]] | None) -> list[tuple[str, Decimal]]:
    """Each volunteer's name as a name, and hours more than 0 and at most 24.

    Raises:
        InputError: a name the text gate refuses, or impossible hours.
    """
    cleaned = []
    for entry in volunteers or []:
        try:
            name, hours = entry
            amount = Decimal(str(hours))
        except (TypeError, ValueError, InvalidOperation):
            raise InputError(M.VOLUNTEER_BAD.format(value="…")) from None
        name = clean_name(name, field=VOLUNTEER)
        stored = volunteer_hours(amount)
        if stored is None:
            raise InputError(M.VOLUNTEER_BAD.format(value=f"{name}={hours}"))
        cleaned.append((name, stored))
    return cleaned


@service("dropin.open")
def open_dropin(call: Call, day: date, starts_at: time | None = None, ends_at: time | None = None,
                volunteers: list[tuple[str, Decimal]] | None = None,
                delegation: str | None = None) -> DropInView:
    """Open a drop-in on ``day`` in one of the caller's delegations, with its hours and the
    volunteers present."""
    if starts_at and ends_at and ends_at <= starts_at:
        raise InputError(M.DROPIN_BAD_HOURS)
    if not EARLIEST_RECORD <= day <= call.app.today() + PLANNED_AHEAD:
        raise InputError(M.DROPIN_DAY_IMPLAUSIBLE.format(day=M.short_date(day)))
    volunteers = clean_volunteers(volunteers)
    dropin = DropIn(day=day, starts_at=starts_at, ends_at=ends_at, opened_by=call.actor.id,
                    delegation_id=delegation_for(call, delegation))
    call.session.add(dropin)
    call.session.flush()
    call.audit.target = f"dropin:{dropin.id}"
    for name, hours in volunteers:
        call.session.add(DropInVolunteer(dropin_id=dropin.id, name=name, hours=hours))
    call.session.flush()
    report_aggregates.add_dropin(call.session, dropin.delegation_id, day,
                                 [hours for _, hours in volunteers])
    return dropin_view(call, dropin)


def _dropin(call: Call, ref: str | int, lock: str | None = None) -> DropIn:
    text = str(ref).strip()
    query = select(DropIn)
    if lock is not None:
        query = query.with_for_update(read=lock == "share")
    dropin = call.session.scalar(query.where(
        DropIn.id == int(text), access.in_delegations(call.principal, DropIn.delegation_id))
    ) if text.isascii() and text.isdigit() and len(text) <= 18 else None
    if dropin is None:
        raise NotFound(M.DROPIN_UNKNOWN.format(dropin=ref))
    call.audit.target = f"dropin:{dropin.id}"
    access.grant(call, "dropin", None, dropin.id)
    return dropin


def _open(call: Call, ref: str | int, *, closing: bool = False) -> DropIn:
    """The drop-in, refused if closed; its row locked until the call's transaction ends
    (PostgreSQL; SQLite runs one writer at a time already): shared by the visits recorded at
    it, exclusive for its closing, which so waits for the visits being recorded and counts
    them in its summary, and a visit that waited for the closing finds it closed."""
    dropin = _dropin(call, ref, "update" if closing else "share")
    if dropin.closed_at is not None:
        raise InputError(M.DROPIN_CLOSED)
    return dropin


def clean_needs(call: Call, needs: dict[str, bool] | None) -> dict[str, bool] | None:
    """The domains ticked as needs, checked against the installed tracks' domains."""
    domains = sorted({d.domain for d in call.app.catalog.definitions.values()})
    ticked = {str(k): True for k, v in (needs or {}).items() if v}
    for domain in ticked:
        if domain not in domains:
            raise InputError(M.NEEDS_UNKNOWN_DOMAIN.format(domain=domain,
                                                           domains=", ".join(domains)))
    return ticked or None


@service("dropin.visit")
def record_visit(call: Call, dropin: str | int, person: str | int,
                 needs: dict[str, bool] | None = None) -> DropInView:
    """Record that a known person came to a drop-in, with the needs she raised per domain.

    A caller who reads no front desk (the administrator) is refused before the drop-in or her
    file is read (:func:`core.services.access.refuse_unreadable`): « déjà enregistré » told
    her that the person came to that drop-in, and « suivie par la délégation … » which of her
    delegations she belongs to.
    """
    if not access.reads_front_desk(call.principal):
        access.refuse_unreadable(call, person)
    session_row = _open(call, dropin)
    who = access.person_for(call, person, DataClass.FRONT_DESK, write=True)
    if who.delegation_id != session_row.delegation_id:
        _refuse_elsewhere(call, who.id, who.delegation_id, session_row)
    seen = call.session.scalar(select(Visit.id).where(Visit.dropin_id == session_row.id,
                                                      Visit.person_id == who.id))
    if seen is not None:
        raise InputError(M.VISIT_TWICE)
    call.session.add(Visit(dropin_id=session_row.id, person_id=who.id, recorded_by=call.actor.id,
                           needs=clean_needs(call, needs)))
    came = _came(call, session_row)
    call.session.add(Event(person_id=who.id, kind="visit", occurred_at=came,
                           recorded_at=call.app.now(), actor_id=call.actor.id,
                           actor_role=call.actor.role.value, facts={"dropin": session_row.id}))
    report_aggregates.add_visit(call.session, session_row.delegation_id, session_row.day)
    if who.first_visit is None or session_row.day < who.first_visit:
        # An earlier drop-in than her first visit known (as an imported register does):
        # she is new in that month, no longer in the later one.
        report_aggregates.move_first_visit(call.session, who.delegation_id, who.first_visit,
                                           session_row.day)
        who.first_visit = session_row.day
    records.touch_contact(call.session, who.id, came)
    call.session.flush()
    return dropin_view(call, session_row)


def _came(call: Call, dropin: DropIn) -> datetime:
    """When its visitors came (its day), refused while that day is still to come on its
    delegation's clock: mainland France's, with a day's margin, let visits to Guadeloupe's
    drop-in of the day after be recorded there in the evening."""
    place = call.session.get_one(Delegation, dropin.delegation_id)
    return call.app.occurred(dropin.day, zone_of_subdivision(place.holiday_subdivision))


def _refuse_elsewhere(call: Call, person: int, delegation: int, dropin: DropIn) -> None:
    """A person of another delegation than the drop-in's (for a national account, a mistyped
    number almost always is): her first visit would count in one delegation and the visit in
    another, and the drop-in's volunteers could not open her file."""
    codes = delegation_codes(call, {delegation, dropin.delegation_id})
    raise InputError(M.VISIT_OTHER_DELEGATION.format(
        person=person, theirs=codes.get(delegation, "?"), dropin=dropin.id,
        here=codes.get(dropin.delegation_id, "?")))


@service("dropin.anonymous")
def record_anonymous(call: Call, dropin: str | int, count: int = 1,
                     needs: dict[str, bool] | None = None) -> DropInView:
    """Record ``count`` anonymous visitors at a drop-in, with the needs they raised.

    Raises:
        InputError: a count below 1 or above :data:`MAX_ANONYMOUS`, a closed drop-in, or
            one whose day is still to come (as for an identified visit: nobody came yet, and
            the visitors would count in a month of the reports still to come).
    """
    if count < 1:
        raise InputError(M.COUNT_BAD)
    if count > MAX_ANONYMOUS:
        raise InputError(M.COUNT_TOO_MANY.format(limit=MAX_ANONYMOUS))
    session_row = _open(call, dropin)
    _came(call, session_row)  # refuses a day after today, as a known person's visit
    # The row and the month's counts as fixed writes: one statement on PostgreSQL, where
    # the counts' own round trip made them cost 15-18 % of the visit (G-R-2: at most 10 %).
    run_writes(call.session.connection(), [
        Write(_ANONYMOUS_VISIT, {"dropin_id": session_row.id, "person_id": None, "count": count,
                                 "needs": clean_needs(call, needs), "recorded_at": utcnow(),
                                 "recorded_by": call.actor.id}),
        report_aggregates.anonymous_write(call.session, session_row.delegation_id,
                                          session_row.day, count)])
    return dropin_view(call, session_row)



@service("dropin.close")
def close_dropin(call: Call, dropin: str | int) -> DropInView:
    """Close a drop-in and freeze its summary; a closed one takes no more visits.

    Raises:
        NotFound: no such drop-in.
        InputError: it is already closed.
    """
    row = _open(call, dropin, closing=True)
    row.closed_at = call.app.now()
    row.summary = _summary(call, row).model_dump(mode="json")
    call.session.flush()
    return dropin_view(call, row)


def _summary(call: Call, dropin: DropIn) -> DropInSummary:
    visits = list(call.session.scalars(select(Visit).where(Visit.dropin_id == dropin.id)))
    known = {v.person_id for v in visits if v.person_id is not None}
    # New as the report counts them: her first visit (``persons.first_visit``) is this day,
    # and she came to no earlier drop-in of it. One met before (her first visit typed on
    # ``person add``, an outreach) is not new because this is her first drop-in.
    first_today = set(call.session.scalars(select(Person.id).where(
        Person.id.in_(known), Person.first_visit == dropin.day)))
    earlier = set(call.session.scalars(select(Visit.person_id).join(
        DropIn, Visit.dropin_id == DropIn.id).where(
        Visit.person_id.in_(known), DropIn.id != dropin.id,
        (DropIn.day < dropin.day) | ((DropIn.day == dropin.day) & (DropIn.id < dropin.id)))))
    needs: dict[str, int] = {}
    for visit in visits:
        for domain in visit.needs or {}:
            needs[domain] = needs.get(domain, 0) + visit.count
    hours = call.session.scalars(select(DropInVolunteer.hours).where(
        DropInVolunteer.dropin_id == dropin.id)).all()
    return DropInSummary(visits=len(known), anonymous=sum(v.count for v in visits if v.person_id is None),
                         new_people=len(first_today - earlier), volunteers=len(hours),
                         volunteer_hours=float(sum(hours, Decimal(0))), needs=dict(sorted(needs.items())))


def dropin_view(call: Call, dropin: DropIn) -> DropInView:
    return dropin_views(call, [dropin], [dropin.id])[0]


def dropin_views(call: Call, dropins: list[DropIn], ids: Any) -> list[DropInView]:
    """The views of ``dropins`` with two more queries whatever their number (their volunteers,
    their visits counted per drop-in); ``ids``: their ids, as a list or a subquery."""
    volunteers: dict[int, list[VolunteerView]] = {d.id: [] for d in dropins}
    for row in call.session.execute(
            select(DropInVolunteer.dropin_id, DropInVolunteer.name, DropInVolunteer.hours)
            .where(DropInVolunteer.dropin_id.in_(ids))
            .order_by(DropInVolunteer.dropin_id, DropInVolunteer.name)):
        volunteers[row.dropin_id].append(VolunteerView(name=row.name, hours=float(row.hours)))
    codes = delegation_codes(call, {d.delegation_id for d in dropins})
    visits = {row.dropin_id: (row.identified, row.anonymous) for row in call.session.execute(
        select(Visit.dropin_id, func.count(Visit.person_id).label("identified"),
               func.coalesce(func.sum(case((Visit.person_id.is_(None), Visit.count))), 0)
               .label("anonymous"))
        .where(Visit.dropin_id.in_(ids)).group_by(Visit.dropin_id))}
    return [DropInView(id=d.id, day=d.day, delegation=codes.get(d.delegation_id, ""),
                       starts_at=d.starts_at.strftime("%H:%M") if d.starts_at else None,
                       ends_at=d.ends_at.strftime("%H:%M") if d.ends_at else None,
                       volunteers=tuple(volunteers[d.id]),
                       identified_visits=visits.get(d.id, (0, 0))[0],
                       anonymous_visits=int(visits.get(d.id, (0, 0))[1]),
                       closed_at=d.closed_at,
                       summary=DropInSummary(**d.summary) if d.summary else None)
            for d in dropins]


@service("dropin.list", write=False)
def list_dropins(call: Call, start: date | None = None, end: date | None = None, *,
                 limit: int | None = None, delegation: str | None = None) -> list[DropInView]:
    """Drop-ins between two dates (inclusive), most recent first; the first ``limit`` only
    when given (a national supervisor's ten years are a hundred thousand of them); those of
    ``delegation`` only when given (one of the caller's)."""
    scope = (DropIn.delegation_id == delegation_for(call, delegation) if delegation is not None
             else access.in_delegations(call.principal, DropIn.delegation_id))
    query = select(DropIn).where(scope).order_by(DropIn.day.desc(), DropIn.id.desc())
    if start:
        query = query.where(DropIn.day >= start)
    if end:
        query = query.where(DropIn.day <= end)
    if limit:
        dropins = list(call.session.scalars(query.limit(limit)))
        return dropin_views(call, dropins, [d.id for d in dropins])
    # The counts and volunteers of every listed drop-in in two queries, not three per
    # drop-in: a delegation's ten years are some five hundred of them.
    ids = query.with_only_columns(DropIn.id).order_by(None)
    return dropin_views(call, list(call.session.scalars(query)), ids)
