"""How a person is shown: her row in a list (many at once, with a fixed number of
statements), her file (:func:`person_view`), and a track of hers (:func:`track_view`).

What each caller may see of her is the access policy's (:func:`core.services.access.shows`):
her whole file, or her front desk only (no referent's name, no step but her pathway's).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import case, select

from core import messages as M
from core.definitions.catalog import Catalog
from core.definitions.model import StepDefinition
from core.delegation import zone_of_subdivision
from core.persistence.access_models import Delegation
from core.persistence.id_list import among
from core.persistence.models import Person, Track, User
from core.persistence.prepared import Fixed
from core.schemas import PersonView, TrackView
from core.services import access, aliases, consents, holds
from core.services.followed import PATHWAY
from core.services.policy import DataClass, allowed
from core.services.registry import Call

if TYPE_CHECKING:  # persons reads the rows and calls this module
    from core.services.persons import Listed


# What a list row reads of each track, as plain rows: loading whole ORM tracks (their
# timestamps converted, their facts decoded) was most of a page's cost. Of the facts, only
# the pathway's referent is read (named when no user is), taken out of the JSON by the
# database: decoding every pathway's facts in Python cost a page about 0.1 ms.
# The ids go as one value (prepared once, run at the driver's cost: SQLAlchemy's expansion
# of an ``IN`` list cost a page about 0.3 ms per statement).
_LIST_TRACKS = Fixed(select(
    Track.person_id, Track.definition_id, Track.definition_version, Track.step, Track.status,
    case((Track.definition_id == PATHWAY, Track.facts["referent"].as_string()))
    .label("referent"))
    .where(among(Track.person_id)).order_by(Track.id), ["ids"])
_NAMES = Fixed(select(User.id, User.name).where(among(User.id)), ["ids"])
_CODES = Fixed(select(Delegation.id, Delegation.code).where(among(Delegation.id)), ["ids"])


class _ListTrack(NamedTuple):
    """What a list row reads of one track (its facts: the pathway's referent only)."""

    person_id: int
    definition_id: str
    definition_version: int
    step: str
    status: str
    facts: dict[str, Any]



def list_views(call: Call, persons: Sequence[Listed]) -> list[PersonView]:
    """The list views of many persons with a fixed number of queries, not some per person."""
    if not persons:
        return []
    ids = [p.id for p in persons]
    tracks: dict[int, list[Any]] = {i: [] for i in ids}
    connection = call.session.connection()
    # Unpacked, not read by name: a row's attribute costs about a third of a microsecond,
    # and a page of fifty persons reads some 150 tracks of six columns.
    rows: Sequence[Sequence[Any]] = _LIST_TRACKS.run(connection, {"ids": ids}).fetchall()
    for person_id, definition_id, version, step, status, referent in rows:
        tracks[person_id].append(_ListTrack(
            person_id, definition_id, version, step, status,
            {"referent": referent} if referent is not None else {}))
    wanted = sorted({p.referent_id for p in persons if p.referent_id})
    names: dict[int, str] = {row.id: row.name for row in _NAMES.run(connection, {"ids": wanted})} \
        if wanted else {}
    codes = delegation_codes(call, {p.delegation_id for p in persons})
    clear = aliases.read(call, persons)
    labels = _Labels(call.app.catalog)
    return [_list_view(call, p, tracks[p.id], names, codes, clear[p.id], labels)
            for p in persons]


def delegation_codes(call: Call, ids: set[int]) -> dict[int, str]:
    """The codes of the delegations ``ids``, by id."""
    if not ids:
        return {}
    return {row.id: row.code
            for row in _CODES.run(call.session.connection(), {"ids": sorted(ids)})}


class _Labels:
    """What a list row reads of the catalog (a pathway step, a track's domain), looked up once
    per page rather than once per person: a page of fifty persons asks for the same few steps
    and domains again and again."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._steps: dict[tuple[str, int, str], StepDefinition] = {}
        self._domains: dict[tuple[str, int], str | None] = {}

    def step(self, track: Any) -> StepDefinition:
        """The step a track is at (NotFound, KeyError: a definition or step unknown)."""
        key = (track.definition_id, track.definition_version, track.step)
        found = self._steps.get(key)
        if found is None:
            found = self._steps[key] = self.catalog.definition(key[0], key[1]).step(key[2])
        return found

    def domains(self, rows: Sequence[Any]) -> tuple[str, ...]:
        """The domains of the open tracks among ``rows`` other than the pathway."""
        found = set()
        for track in rows:
            if track.status == "open" and track.definition_id != PATHWAY:
                key = (track.definition_id, track.definition_version)
                if key not in self._domains:
                    defn = self.catalog.definitions.get(key)
                    self._domains[key] = defn.domain if defn is not None else None
                domain = self._domains[key]
                if domain is not None:
                    found.add(domain)
        return tuple(sorted(found))


def _list_view(call: Call, person: Person | Listed, rows: Sequence[Any], names: dict[int, str],
               codes: dict[int, str], alias: str, labels: _Labels | None = None) -> PersonView:
    labels = labels or _Labels(call.app.catalog)
    last = next((t for t in reversed(rows) if t.definition_id == PATHWAY), None)
    step = labels.step(last) if last else None
    full = access.shows(call, person, DataClass.CASE)
    referent = (names.get(person.referent_id) if person.referent_id else None) or pathway_referent(rows)
    return PersonView(id=person.id, alias=alias, first_visit=person.first_visit,
                      referent=referent if full else None, has_referent=referent is not None,
                      pathway_step=step.id if step else None,
                      pathway_label=step.label if step else None, tracks=(),
                      created_at=person.created_at, delegation=codes.get(person.delegation_id, ""),
                      domains=labels.domains(rows), view="file" if full else "front_desk")


def person_view(call: Call, person: Person, *, with_tracks: bool = True) -> PersonView:
    rows = list(call.session.scalars(select(Track).where(Track.person_id == person.id)
                                     .order_by(Track.id)))
    base = _list_view(call, person, rows, {}, delegation_codes(call, {person.delegation_id}),
                      aliases.one(call, person))
    referent = call.session.get_one(User, person.referent_id).name if person.referent_id else None
    referent = referent or pathway_referent(rows)
    if base.view != "file":
        # The front desk sees the pathway (volunteers act on it), never another track's step.
        rows = [t for t in rows if t.definition_id == PATHWAY]
    tracks = tuple(track_view(call, t) for t in rows) if with_tracks else ()
    found = consents.readable(call, person) if with_tracks else None
    shown = tuple(found) if found is not None else None
    if base.view != "file":
        return base.model_copy(update={"has_referent": referent is not None, "tracks": tracks,
                                       "consents": shown})
    held = holds.active(call.session, person.id) is not None \
        if with_tracks and allowed("person.hold", call.principal.role) else None
    return base.model_copy(update={"referent": referent, "has_referent": referent is not None,
                                   "tracks": tracks, "consents": shown, "held": held})


def pathway_referent(rows: Sequence[Any]) -> str | None:
    """The referent named when the person entered individual follow-up, if any."""
    return next((t.facts.get("referent") for t in reversed(rows)
                 if t.definition_id == PATHWAY and t.facts.get("referent")), None)


def track_view(call: Call, track: Track, *, created: bool = True) -> TrackView:
    catalog = call.app.catalog
    defn = catalog.installed(track.definition_id, track.definition_version, track.step)
    if defn is not None:
        step = defn.step(track.step)
        label, step_label, kind = defn.label, step.label, step.kind.value
    else:  # no plugin installed has its version or step any more: her file still opens
        known = [d for (i, _), d in catalog.definitions.items() if i == track.definition_id]
        label = known[-1].label if known else track.definition_id
        step_label, kind = M.STEP_NOT_INSTALLED.format(step=track.step), None
    # Its moments on her delegation's clock: a step reached at 21:30 in Guadeloupe is already
    # the next day in UTC, and « depuis le » said her tomorrow.
    here = ZoneInfo(zone_of_subdivision(call.session.get_one(
        Delegation, track.delegation_id).holiday_subdivision))
    return TrackView(id=track.id, person_id=track.person_id, track=track.definition_id,
                     version=track.definition_version, label=label, step=track.step,
                     step_label=step_label, step_kind=kind, status=track.status,
                     step_since=track.step_since.astimezone(here) if track.step_since else None,
                     last_event_at=track.last_event_at.astimezone(here)
                     if track.last_event_at else None, next_due=track.next_due,
                     row_version=track.version, created=created)
