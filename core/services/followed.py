"""Whether a person is followed, and the projection ``persons.followed`` that says it.

A person is followed while she has an open domain track, or her pathway is at individual
follow-up (:func:`condition`). The review queue's ``no_contact`` items are followed persons
not seen for a while, walked from ``persons (followed, last_contact_at)`` (migration 0016):
walked from ``last_contact_at`` alone, every person ever seen came first, the closed files of
past years before any open one (0.12 s at 100,000 persons of which three quarters closed).

Every writer that opens or ends a track, or moves a pathway into or out of individual
follow-up, sets the projection in its own transaction (:func:`may_change`, :func:`after`,
:func:`set_write`); bulk writers recompute it for their persons at once (:func:`refresh_all`).
``parcours check`` counts the persons it marks wrongly (:func:`mismatched`) and ``parcours
report --rebuild`` sets them right (:func:`repair`), for a base written by older code or by hand.

A transition that may change it works it out from her tracks as it read them: two such
transitions on two tracks of one person at the same moment (PostgreSQL; SQLite runs one writer
at a time) would each miss the other's. So each locks her row before reading her file
(:func:`may_change_by`, ``records.find_file(lock=True)``: one statement more, on PostgreSQL
only): the second reads her tracks once the first has committed. Other writes cannot change
the answer (a track started sets it without reading). The review keeps the exact condition
beside the projection all the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, bindparam, exists, func, or_, select, update

from core.definitions.catalog import Catalog
from core.definitions.model import StepKind
from core.persistence.models import Person, Track
from core.persistence.prepared import Fixed, Write

PATHWAY = "parcours"
FOLLOWED_STEP = "suivi_individuel"


def condition(person_id: Any) -> ColumnElement[bool]:
    """SQL: the person ``person_id`` (a column or a value) has an open domain track or her
    pathway at individual follow-up (a correlated ``EXISTS`` on ``tracks (person_id, status)``)."""
    return exists().where(Track.person_id == person_id, Track.status == "open",
                          or_(Track.definition_id != PATHWAY, Track.step == FOLLOWED_STEP))


def opens_followed(defn: Any) -> bool:
    """Whether starting a track of ``defn`` (a :class:`TrackDefinition`) makes its person
    followed: a domain track, or a pathway that begins at individual follow-up."""
    return defn.id != PATHWAY or defn.initial == FOLLOWED_STEP


def may_change(definition_id: str, from_step: str, to_step: str, final: bool) -> bool:
    """Whether a transition can change whether its person is followed: a track ended, or the
    pathway moved into or out of individual follow-up."""
    return final or (definition_id == PATHWAY and FOLLOWED_STEP in (from_step, to_step)
                     and from_step != to_step)


def may_change_by(catalog: Catalog, track: str, trigger: str) -> bool:
    """Whether firing ``trigger`` on the person's track ``track`` (a definition's id, or a
    track's number: not known before her file is read, so yes) may change whether she is
    followed. Such a writer locks her row as it reads her file, so that :func:`after` reads
    her tracks as no concurrent writer of them can leave them."""
    found = [d for (name, _), d in catalog.definitions.items() if name == str(track)]
    return not found or any(
        may_change(d.id, source, tr.dest, d.step(tr.dest).kind is StepKind.FINAL)
        for d in found for tr in d.transitions if tr.trigger == trigger for source in tr.source)


def after(tracks: Iterable[Any], moved: Any, to_step: str, final: bool) -> bool:
    """Whether she is followed once her track ``moved`` is at ``to_step`` (ended when
    ``final``), her other ``tracks`` (rows with ``definition_id``, ``step``, ``status``) as
    read in this transaction: :func:`condition`, in Python, so that the write that stores
    it reads no table and joins the transition's other writes."""
    return any(t.status == "open" and (t.definition_id != PATHWAY or t.step == FOLLOWED_STEP)
               for t in tracks if t is not moved) or (
        not final and (moved.definition_id != PATHWAY or to_step == FOLLOWED_STEP))


_SET = Fixed(update(Person).where(Person.id == bindparam("person"))
             .values(followed=bindparam("followed", type_=Person.followed.type)),
             ("person", "followed"))


def set_write(person_id: int, value: bool) -> Write:
    """The person's projection set to ``value``, as a write to run with others."""
    return Write(_SET, {"person": person_id, "followed": value})


def refresh_all(session: Any, persons: Any) -> None:
    """The projection of ``persons`` (ids, or a select of them) recomputed at once."""
    session.execute(update(Person).where(Person.id.in_(persons))
                    .values(followed=condition(Person.id))
                    .execution_options(synchronize_session=False))


def _wrong(delegation: int) -> ColumnElement[bool]:
    return (Person.delegation_id == delegation) & (Person.followed != condition(Person.id))


def mismatched(session: Any, delegation: int) -> int:
    """How many persons of ``delegation`` the projection marks wrongly (a base written by
    hand, or by a writer that forgot it): what :func:`repair` would change."""
    return int(session.scalar(select(func.count()).select_from(Person)
                              .where(_wrong(delegation))) or 0)


def repair(session: Any, delegation: int) -> int:
    """The projection of ``delegation``'s persons set from their tracks where it is wrong;
    returns how many were."""
    done = session.execute(update(Person).where(_wrong(delegation))
                           .values(followed=condition(Person.id))
                           .execution_options(synchronize_session=False))
    return int(done.rowcount or 0)


__all__ = ["FOLLOWED_STEP", "PATHWAY", "after", "condition", "may_change", "may_change_by",
           "mismatched", "opens_followed", "refresh_all", "repair", "set_write"]
