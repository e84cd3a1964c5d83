"""Finding what is stuck: the review queue's queries, all on the projections.

Aliases are sealed: items carry the person's number and the queue opens the aliases of the
items it returns. Each kind reads the projection columns kept in the same transaction as the events
(``deadlines.warn_from``, ``tracks.last_event_at``, ``tracks.step_since``,
``persons.last_contact_at``), never the event log, so the queue stays proportional to what
it returns. Thresholds come from the track definitions (``stall_after``,
``expected_answer_within``) and the deadline rules (warning windows).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, false, literal, or_, select, true
from sqlalchemy.orm import Session

from core import messages as M
from core.definitions.catalog import Catalog
from core.definitions.model import StepKind
from core.persistence.access_models import AuditEntry
from core.persistence.models import Deadline, Person, Track, User

PATHWAY = "parcours"
FOLLOWED_STEP = "suivi_individuel"


def cutoff(today: date, delta: timedelta) -> datetime:
    """Start of the day ``delta`` before ``today``: older than this is past the threshold."""
    return datetime.combine(today - delta, time.min, tzinfo=UTC)


def _step_thresholds(catalog: Catalog, kind: StepKind) -> list[tuple[str, int, str, timedelta]]:
    found = []
    for (defn_id, version), defn in catalog.definitions.items():
        for step in defn.steps:
            limit = step.stall_after if kind is StepKind.ACTION else step.expected_answer_within
            if step.kind is kind and limit is not None:
                found.append((defn_id, version, step.id, limit))
    return found


def _track_rows(session: Session, catalog: Catalog, today: date, kind: StepKind,
               scope: ColumnElement[bool]) -> list[Any]:
    column = Track.last_event_at if kind is StepKind.ACTION else Track.step_since
    limits = _step_thresholds(catalog, kind)
    if not limits:
        return []
    loosest = cutoff(today, min(limit for *_, limit in limits))
    per_step = or_(*(and_(Track.definition_id == d, Track.definition_version == v,
                          Track.step == s, column < cutoff(today, limit))
                     for d, v, s, limit in limits))
    query = (select(Track, literal(""), User.name)
             .join(Person, Track.person_id == Person.id)
             .outerjoin(User, Person.referent_id == User.id)
             .where(Track.status == "open", column < loosest, per_step, scope))
    return list(session.execute(query))


def stalled(session: Session, catalog: Catalog, today: date,
            scope: ColumnElement[bool] = true()) -> list[dict[str, Any]]:
    """Action steps with no event for longer than their ``stall_after``."""
    items = []
    for track, alias, referent in _track_rows(session, catalog, today, StepKind.ACTION, scope):
        step = catalog.definition(track.definition_id, track.definition_version).step(track.step)
        since = track.last_event_at.date()
        assert step.stall_after is not None  # _track_rows keeps steps with a threshold only
        items.append(_track_item("stalled", "medium", track, alias, referent, catalog, since,
                                 M.REVIEW_STALLED.format(days=(today - since).days,
                                                         limit=step.stall_after.days),
                                 f"stalled:track:{track.id}:{track.step}:{since.isoformat()}"))
    return items


def waiting_too_long(session: Session, catalog: Catalog, today: date,
                     scope: ColumnElement[bool] = true()) -> list[dict[str, Any]]:
    """Waiting steps past the authority's expected answer time, with what silence means."""
    items = []
    for track, alias, referent in _track_rows(session, catalog, today, StepKind.WAITING, scope):
        step = catalog.definition(track.definition_id, track.definition_version).step(track.step)
        since = track.step_since.date()
        assert step.expected_answer_within is not None  # as for stalled: thresholds only
        silence = M.SILENCE_MEANS.get(step.silence_means.value if step.silence_means else "", "")
        severity = "high" if step.silence_means and step.silence_means.value == "refus" else "medium"
        detail = M.REVIEW_WAITING.format(days=(today - since).days,
                                         limit=step.expected_answer_within.days, silence=silence)
        items.append(_track_item("waiting_too_long", severity, track, alias, referent, catalog,
                                 since, detail,
                                 f"waiting:track:{track.id}:{track.step}:{since.isoformat()}"))
    return items


def _track_item(kind: str, severity: str, track: Track, alias: str, referent: str | None,
                catalog: Catalog, since: date, detail: str, key: str,
                due: date | None = None) -> dict[str, Any]:
    defn = catalog.definition(track.definition_id, track.definition_version)
    return {"key": key, "kind": kind, "severity": severity, "person_id": track.person_id,
            "alias": alias, "track_id": track.id, "track": defn.id, "track_label": defn.label,
            "domain": defn.domain, "step": track.step, "step_label": defn.step(track.step).label,
            "since": since, "due": due, "referent": referent, "detail": detail}


def deadlines(session: Session, catalog: Catalog, today: date,
              scope: ColumnElement[bool] = true()) -> list[dict[str, Any]]:
    """Open, running deadlines past due (``overdue``) or inside their warning window."""
    query = (select(Deadline, Track, literal(""), User.name)
             .join(Track, Deadline.track_id == Track.id)
             .join(Person, Deadline.person_id == Person.id)
             .outerjoin(User, Person.referent_id == User.id)
             .where(Deadline.status == "open", Deadline.warn_from <= today,
                    Deadline.suspended_since.is_(None), Track.status == "open", scope))
    items = []
    for dl, track, alias, referent in session.execute(query):
        late = dl.due < today
        kind = "overdue" if late else "due_soon"
        severity = "high" if late or (dl.due - today).days <= 3 else "medium"
        label = _rule_label(catalog, dl.rule_id, dl.rule_version)
        detail = (M.REVIEW_OVERDUE if late else M.REVIEW_DUE_SOON).format(
            rule=label, days=abs((dl.due - today).days))
        items.append(_track_item(kind, severity, track, alias, referent, catalog,
                                 track.step_since.date(), detail,
                                 f"{kind}:deadline:{dl.id}", due=dl.due))
    return items


def _rule_label(catalog: Catalog, rule_id: str, version: int) -> str:
    return next((r.label for r in catalog.rules.get(rule_id, []) if r.version == version), rule_id)


def _followed(catalog: Catalog) -> Any:
    """SQL condition: the person is followed (individual follow-up, or an open domain track).

    Written as ``IN (subquery)`` rather than correlated ``EXISTS``: the subquery runs once over
    the open tracks, where SQLite would otherwise pick the status index for every person.
    """
    if not catalog.definitions:
        return false()
    followed = select(Track.person_id).where(
        Track.status == "open",
        or_(Track.definition_id != PATHWAY, Track.step == FOLLOWED_STEP))
    return Person.id.in_(followed)


def persons(session: Session, catalog: Catalog, today: date, no_contact_after: timedelta,
            scope: ColumnElement[bool] = true()) -> list[dict[str, Any]]:
    """Followed persons without a referent, and followed persons not seen for too long."""
    query = (select(Person, User.name).outerjoin(User, Person.referent_id == User.id)
             .where(scope, _followed(catalog), or_(Person.referent_id.is_(None),
                                            Person.last_contact_at < cutoff(today, no_contact_after))))
    items = []
    for person, referent in session.execute(query):
        if person.referent_id is None:
            items.append(_person_item("no_referent", "medium", person, referent, None,
                                      M.REVIEW_NO_REFERENT, f"no_referent:person:{person.id}"))
        last = person.last_contact_at
        if last is not None and last < cutoff(today, no_contact_after):
            items.append(_person_item(
                "no_contact", "low", person, referent, last.date(),
                M.REVIEW_NO_CONTACT.format(days=(today - last.date()).days),
                f"no_contact:person:{person.id}:{last.date().isoformat()}"))
    return items


def _person_item(kind: str, severity: str, person: Person, referent: str | None,
                 since: date | None, detail: str, key: str) -> dict[str, Any]:
    return {"key": key, "kind": kind, "severity": severity, "person_id": person.id,
            "alias": "", "track_id": None, "track": None, "track_label": None,
            "domain": None, "step": None, "step_label": None, "since": since, "due": None,
            "referent": referent, "detail": detail}


EXCEPTIONAL_WINDOW = timedelta(days=90)


def exceptional(session: Session, today: date,
                scope: ColumnElement[bool] = true()) -> list[dict[str, Any]]:
    """Exceptional accesses of the last 90 days: restricted content opened with a reason."""
    since = cutoff(today, EXCEPTIONAL_WINDOW)
    query = (select(AuditEntry, literal(""), User.name.label("who"))
             .join(Person, AuditEntry.person_id == Person.id)
             .outerjoin(User, AuditEntry.actor_id == User.id)
             .where(AuditEntry.reason == "exceptional_access", AuditEntry.outcome == "done",
                    AuditEntry.at >= since, scope))
    items = []
    for entry, alias, who in session.execute(query):
        day = entry.at.date()
        detail = M.REVIEW_EXCEPTIONAL.format(user=who or "?", day=day.strftime("%d/%m/%Y"),
                                             reason=str((entry.detail or {}).get("reason", "")))
        items.append({"key": f"exceptional_access:audit:{entry.seq}", "kind": "exceptional_access",
                      "severity": "medium", "person_id": entry.person_id, "alias": alias,
                      "track_id": None, "track": None, "track_label": None, "domain": None,
                      "step": None, "step_label": None, "since": day, "due": None,
                      "referent": None, "detail": detail})
    return items


RETENTION_WARNING = timedelta(days=60)
"""How long before a person's end of retention (R1) the queue starts showing her."""


def retention(session: Session, today: date,
              scope: ColumnElement[bool] = true()) -> list[dict[str, Any]]:
    """Persons whose end of retention (R1) falls within :data:`RETENTION_WARNING`, not held:
    a supervisor erases the file (``parcours retention --apply``) or places a legal hold."""
    from core.services import holds
    from core.services.retention import persons_due
    from core.services.retention_rules import rules_for
    rule = rules_for(today)["R1"]
    due = persons_due(session, rule, today + RETENTION_WARNING, scope)
    held = holds.held(session, [person_id for person_id, _, _ in due])
    referents = dict(session.execute(select(Person.id, User.name).join(
        User, Person.referent_id == User.id).where(Person.id.in_([p for p, _, _ in due]))).all())
    items = []
    for person_id, last, day in due:
        if person_id in held:
            continue
        items.append({"key": f"retention:person:{person_id}:{day.isoformat()}",
                      "kind": "retention", "severity": "high" if day <= today else "medium",
                      "person_id": person_id, "alias": "", "track_id": None, "track": None,
                      "track_label": None, "domain": None, "step": None, "step_label": None,
                      "since": last, "due": day, "referent": referents.get(person_id),
                      "detail": M.REVIEW_RETENTION.format(day=day.strftime("%d/%m/%Y"),
                                                          rule=rule.id, label=rule.label)})
    return items
